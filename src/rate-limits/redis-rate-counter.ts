// Counters in Redis, shared by every app process: one atomic script per hit (INCR, and PEXPIRE when
// the key is new, so the window starts at its first hit), answering the count and the time left.
// While Redis is away a hit fails at once (RedisUnavailableError; the callers let the request
// through), and a hit that Redis does not answer within HIT_DEADLINE_MS fails the same way: a
// request never waits for ioredis' reconnection attempts.
import type { Redis } from 'ioredis';
import { RedisAvailability, withinDeadline } from '../redis-availability.js';
import type { RateCount, RateCounter } from './rate-counter.js';

/** How long a hit may take before the request goes on without it. */
export const HIT_DEADLINE_MS = 1_000;

const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

export class RedisRateCounter implements RateCounter {
  readonly #availability: RedisAvailability;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'helper:rate:',
  ) {
    this.#availability = new RedisAvailability(redis);
  }

  async hit(key: string, windowMs: number): Promise<RateCount> {
    await this.#availability.ready();
    const [count, resetMs] = (await withinDeadline(this.redis.eval(HIT, 1, this.keyPrefix + key, String(windowMs)), HIT_DEADLINE_MS, 'a rate counter')) as [number, number];
    return { count, resetMs };
  }
}
