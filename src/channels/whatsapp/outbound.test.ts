import { describe, expect, it } from 'vitest';
import { PlatformCallError } from '../core/platform-call-error.js';
import { classifyWhatsAppFailure } from './outbound.js';

const failure = (status: number | null, code: number | null) => classifyWhatsAppFailure(new PlatformCallError(status, code, null, 'x'));

describe('WhatsApp send retries (reference/whatsapp-cloud.md)', () => {
  it('retries timeouts, rate limits, temporary codes and 5xx answers whatever their code', () => {
    expect(failure(null, null)).toEqual({ retry: true });
    // Rate limits pause the assistant's sends and are never counted as attempts; the pair rate limit delays only its user.
    for (const code of [130429, 4, 80007]) expect(failure(code === 130429 ? 429 : 400, code)).toEqual({ retry: true, throttled: 'sender' });
    for (const code of [1, 2]) expect(failure(400, code)).toEqual({ retry: true });
    expect(failure(400, 131056)).toEqual({ retry: true, atLeastMs: 6_000, throttled: 'recipient' });
    expect(failure(502, null)).toEqual({ retry: true });
    expect(failure(429, null)).toEqual({ retry: true });
    expect(failure(500, 131000)).toEqual({ retry: true });
  });

  it('never retries what no retry mends, even under a 5xx', () => {
    expect(failure(400, 131047)).toEqual({ retry: false, status: 'refused', reasonCode: { code: 'outside_window', params: { code: 131047 } } });
    expect(failure(401, 190)).toEqual({ retry: false, status: 'failed', invalidToken: true });
    for (const code of [0, 10, 200, 299, 100, 131026, 131048, 368]) {
      expect(failure(400, code)).toEqual({ retry: false, status: 'failed' });
      expect(failure(500, code)).toEqual({ retry: false, status: 'failed' });
    }
    expect(failure(400, 131000)).toEqual({ retry: false, status: 'failed' });
  });
});
