// Counters in this process's memory. Windows are kept in the order they started (a key whose window
// ends starts a new one at the back), so when the map is full the oldest windows — ended ones first
// — are dropped: memory stays bounded however many addresses or senders appear.
import type { RateCount, RateCounter } from './rate-counter.js';

interface Window {
  count: number;
  startedAt: number;
}

export class InProcessRateCounter implements RateCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string, windowMs: number): Promise<RateCount> {
    return this.hitNow(key, windowMs);
  }

  /** The same count, synchronously (for counters that live in one process anyway, such as a connection's). */
  hitNow(key: string, windowMs: number): RateCount {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && now - window.startedAt < windowMs) {
      window.count += 1;
      return { count: window.count, resetMs: window.startedAt + windowMs - now };
    }
    this.windows.delete(key);
    this.windows.set(key, { count: 1, startedAt: now });
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    return { count: 1, resetMs: windowMs };
  }

  /** Forgets a key (a connection that closed). */
  forget(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }
}
