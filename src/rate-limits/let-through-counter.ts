// Every caller of the platform's counter lets its request, message or connection through when the
// counter fails (Redis away or silent: refusing everyone would be worse). This wrapper says so once
// per outage rather than once per request — at hundreds of requests a second, a line each flooded
// the logs —: a warning with the error when the counter starts failing, an info line (with how many
// were let through) when it works again, and every let-through hit counted for the metrics
// (`helper_rate_limit_let_through_total`, per limit).
import type { Logger } from 'pino';
import type { RateCount, RateCounter } from './rate-counter.js';

/** The limits that count in the platform's counter, named by their keys' first segment. */
export const RATE_LIMITS = ['address', 'sender', 'connections'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number] | 'other';

/** Which limit a key belongs to: `address:…` (HTTP routes), `sender:…` (channels), `connections:…` (socket.io). */
export function limitOfKey(key: string): RateLimitName {
  const first = key.slice(0, key.indexOf(':'));
  return (RATE_LIMITS as readonly string[]).includes(first) ? (first as RateLimitName) : 'other';
}

export class LetThroughCounter implements RateCounter {
  #failing = false;
  #letThrough = 0;

  constructor(
    private readonly inner: RateCounter,
    private readonly logger: Logger,
    /** Told of each hit the counter failed, which its caller lets through. */
    private readonly onLetThrough: (limit: RateLimitName) => void = () => undefined,
  ) {}

  /** Whether the counter's last hit failed (an outage under way). */
  get failing(): boolean {
    return this.#failing;
  }

  async hit(key: string, windowMs: number): Promise<RateCount> {
    let count: RateCount;
    try {
      count = await this.inner.hit(key, windowMs);
    } catch (error: unknown) {
      this.#letThrough += 1;
      this.onLetThrough(limitOfKey(key));
      if (!this.#failing) {
        this.#failing = true;
        this.logger.warn({ err: error }, 'rate limits: the counter failed; requests, messages and connections are let through uncounted until it works again (said once; counted in helper_rate_limit_let_through_total)');
      }
      throw error;
    }
    if (this.#failing) {
      this.#failing = false;
      this.logger.info({ letThrough: this.#letThrough }, `rate limits: the counter works again (${this.#letThrough} let through uncounted meanwhile)`);
      this.#letThrough = 0;
    }
    return count;
  }
}
