import { describe, expect, it } from 'vitest';
import { apiErrorFrom } from './api-error';

describe('apiErrorFrom', () => {
  it("reads the admin API's error body, its field and Retry-After", () => {
    const error = apiErrorFrom(429, { error: { code: 'throttled', message: 'too many attempts', field: 'password' } }, '30');
    expect(error).toMatchObject({ status: 429, code: 'throttled', message: 'too many attempts', field: 'password', retryAfterSeconds: 30 });
  });

  it('copes with bodies that are not the error shape', () => {
    expect(apiErrorFrom(502, undefined, null)).toMatchObject({ status: 502, code: 'error', message: 'HTTP 502', field: undefined, retryAfterSeconds: undefined });
    expect(apiErrorFrom(400, { error: 'nope' }, 'soon')).toMatchObject({ code: 'error', retryAfterSeconds: undefined });
  });
});
