// Counters in Redis, shared by every app process: one atomic script per hit (INCR, and PEXPIRE when
// the key is new, so the window starts at its first hit), answering the count and the time left.
import type { Redis } from 'ioredis';
import type { RateCount, RateCounter } from './rate-counter.js';

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
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'helper:rate:',
  ) {}

  async hit(key: string, windowMs: number): Promise<RateCount> {
    const [count, resetMs] = (await this.redis.eval(HIT, 1, this.keyPrefix + key, String(windowMs))) as [number, number];
    return { count, resetMs };
  }
}
