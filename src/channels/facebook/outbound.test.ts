import { describe, expect, it } from 'vitest';
import { PlatformCallError } from '../core/platform-call-error.js';
import { classifyMessengerFailure, isTemporary } from './outbound.js';

describe('Messenger send retries', () => {
  it('treats timeouts, network errors, 5xx, 429 and codes 1200, 2, 4, 17, 32, 613 as temporary', () => {
    expect(isTemporary(new PlatformCallError(null, null, null, 'timed out'))).toBe(true);
    expect(isTemporary(new PlatformCallError(null, null, null, 'could not connect'))).toBe(true);
    expect(isTemporary(new PlatformCallError(502, null, null, 'no error body'))).toBe(true);
    expect(isTemporary(new PlatformCallError(429, null, null, 'no error body'))).toBe(true);
    for (const code of [1200, 2, 4, 17, 32, 613]) expect(isTemporary(new PlatformCallError(400, code, null, 'x'))).toBe(true);
    expect(isTemporary(new PlatformCallError(500, 2, null, 'x'))).toBe(true);
    // A 5xx carrying a code outside both lists ("An unknown error has occurred") is Meta's trouble.
    expect(isTemporary(new PlatformCallError(500, 1, null, 'An unknown error has occurred.'))).toBe(true);
    expect(isTemporary(new PlatformCallError(503, 131000, null, 'x'))).toBe(true);
  });

  it('never retries 10/2018278, 100, 190, 200, 551 or other 4xx answers', () => {
    for (const [code, subcode] of [[10, 2018278], [100, null], [100, 2018001], [190, null], [200, null], [551, 1545041]] as const) {
      expect(isTemporary(new PlatformCallError(400, code, subcode, 'x'))).toBe(false);
    }
    expect(isTemporary(new PlatformCallError(500, 190, null, 'x'))).toBe(false);
    expect(isTemporary(new PlatformCallError(403, null, null, 'no error body'))).toBe(false);
    expect(isTemporary(new PlatformCallError(400, 1, null, 'x'))).toBe(false);
  });

  it("reads rate limits (4, 17, 32, 613, a 429) as pausing the Page's sends, not as attempts", () => {
    for (const code of [4, 17, 32, 613]) expect(classifyMessengerFailure(new PlatformCallError(400, code, null, 'x'))).toEqual({ retry: true, throttled: 'sender' });
    expect(classifyMessengerFailure(new PlatformCallError(429, null, null, 'no error body'))).toEqual({ retry: true, throttled: 'sender' });
    expect(classifyMessengerFailure(new PlatformCallError(400, 1200, null, 'x'))).toEqual({ retry: true });
    expect(classifyMessengerFailure(new PlatformCallError(503, 2, null, 'x'))).toEqual({ retry: true });
  });

  it('reads 551 as a user who cannot be reached (blocked), 190 as a token to renew, other permanent codes as failed', () => {
    expect(classifyMessengerFailure(new PlatformCallError(400, 551, 1545041, 'x'))).toEqual({ retry: false, status: 'blocked' });
    expect(classifyMessengerFailure(new PlatformCallError(400, 190, null, 'x'))).toEqual({ retry: false, status: 'failed', invalidToken: true });
    expect(classifyMessengerFailure(new PlatformCallError(400, 100, 2018001, 'x'))).toEqual({ retry: false, status: 'failed', invalidToken: false });
  });
});
