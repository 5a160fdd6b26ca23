import { describe, expect, it } from 'vitest';
import { abortableSleep, backoffDelay } from './retry-policy.js';

describe('retry policy', () => {
  it('backs off exponentially, capped, with jitter between half and all of the step', () => {
    const policy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 0))).toEqual([500, 1000, 2000, 2500]);
    const jittered = backoffDelay(policy, 2);
    expect(jittered).toBeGreaterThanOrEqual(1000);
    expect(jittered).toBeLessThanOrEqual(2000);
  });

  it('cuts a wait short when stopped', async () => {
    const stop = new AbortController();
    const waiting = abortableSleep(60_000, stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(abortableSleep(60_000, stop.signal)).resolves.toBeUndefined();
  });
});
