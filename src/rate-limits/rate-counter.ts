// Fixed-window counters behind every rate limit: one hit per request, message or connection, per
// key (an address, a conversation). In-process by default; in Redis when REDIS_URL is set, so the
// limits hold across app processes.
export interface RateCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again. */
  resetMs: number;
}

export interface RateCounter {
  /** Counts a hit on `key` in a window of `windowMs` (started by the key's first hit). */
  hit(key: string, windowMs: number): Promise<RateCount>;
}

/** The seconds a refused client should wait (Retry-After): at least 1. */
export function retryAfterSeconds(count: RateCount): number {
  return Math.max(1, Math.ceil(count.resetMs / 1000));
}
