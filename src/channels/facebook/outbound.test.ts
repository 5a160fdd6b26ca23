import { describe, expect, it } from 'vitest';
import { backoffDelay, isTemporary } from './outbound.js';
import { SendApiError } from './send-api.js';

describe('Messenger send retries', () => {
  it('treats timeouts, network errors, 5xx, 429 and codes 1200, 2, 4, 17, 32, 613 as temporary', () => {
    expect(isTemporary(new SendApiError(null, null, null, 'timed out'))).toBe(true);
    expect(isTemporary(new SendApiError(null, null, null, 'could not connect'))).toBe(true);
    expect(isTemporary(new SendApiError(502, null, null, 'no error body'))).toBe(true);
    expect(isTemporary(new SendApiError(429, null, null, 'no error body'))).toBe(true);
    for (const code of [1200, 2, 4, 17, 32, 613]) expect(isTemporary(new SendApiError(400, code, null, 'x'))).toBe(true);
    expect(isTemporary(new SendApiError(500, 2, null, 'x'))).toBe(true);
  });

  it('never retries 10/2018278, 100, 190, 200, 551 or other 4xx answers', () => {
    for (const [code, subcode] of [[10, 2018278], [100, null], [100, 2018001], [190, null], [200, null], [551, 1545041]] as const) {
      expect(isTemporary(new SendApiError(400, code, subcode, 'x'))).toBe(false);
    }
    expect(isTemporary(new SendApiError(500, 190, null, 'x'))).toBe(false);
    expect(isTemporary(new SendApiError(403, null, null, 'no error body'))).toBe(false);
  });

  it('backs off exponentially, capped, with jitter between half and all of the step', () => {
    const policy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 0))).toEqual([500, 1000, 2000, 2500]);
    const jittered = backoffDelay(policy, 2);
    expect(jittered).toBeGreaterThanOrEqual(1000);
    expect(jittered).toBeLessThanOrEqual(2000);
  });
});
