// How the push channels retry a platform call that failed for now: exponential backoff with
// jitter, a bounded number of calls, and waits that a stop cuts short.

export interface RetryPolicy {
  /** Calls per send at most (the first included). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A platform's rate limit (the transport's `throttled`): the first pause and the longest,
   * doubling in between (HELPER_CHANNEL_THROTTLE_…; ./outbox-sender.ts THROTTLE_… when unset).
   */
  throttleBaseMs?: number;
  throttleMaxMs?: number;
}

/** The wait before attempt `attempt + 1`: base · 2^(attempt-1), capped, then a random half to whole of it. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
