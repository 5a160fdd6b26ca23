import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessRateCounter } from './in-process-rate-counter.js';
import { retryAfterSeconds } from './rate-counter.js';
import { RedisRateCounter } from './redis-rate-counter.js';

const redis = new Redis(process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
afterAll(async () => {
  await redis.quit();
});

describe('InProcessRateCounter', () => {
  it('counts hits per key in a window that starts at the first hit, then starts again', async () => {
    let now = 1_000;
    const counter = new InProcessRateCounter(100, () => now);
    expect(await counter.hit('a', 60_000)).toEqual({ count: 1, resetMs: 60_000 });
    now += 10_000;
    expect(await counter.hit('a', 60_000)).toEqual({ count: 2, resetMs: 50_000 });
    expect(await counter.hit('b', 60_000)).toEqual({ count: 1, resetMs: 60_000 });
    now += 50_000;
    expect(await counter.hit('a', 60_000)).toEqual({ count: 1, resetMs: 60_000 });
  });

  it('holds at most its number of keys, dropping the oldest windows', () => {
    const counter = new InProcessRateCounter(3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) counter.hitNow(key, 1000);
    expect(counter.size).toBe(3);
    expect(counter.hitNow('a', 1000).count).toBe(1);
    expect(counter.hitNow('d', 1000).count).toBe(2);
    counter.forget('d');
    expect(counter.hitNow('d', 1000).count).toBe(1);
  });
});

describe('RedisRateCounter', () => {
  it('counts atomically across callers, with the time left in the window', async () => {
    const prefix = `helper:test:rate:${process.pid}:${Date.now()}:`;
    const [one, two] = [new RedisRateCounter(redis, prefix), new RedisRateCounter(redis, prefix)];
    const counts = await Promise.all(Array.from({ length: 10 }, (_, index) => (index % 2 ? one : two).hit('k', 60_000)));
    expect(counts.map((count) => count.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const count of counts) expect(count.resetMs).toBeGreaterThan(50_000);
    expect(await redis.pttl(`${prefix}k`)).toBeGreaterThan(50_000);
    await redis.del(`${prefix}k`);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up, and is at least 1', () => {
    expect(retryAfterSeconds({ count: 9, resetMs: 1 })).toBe(1);
    expect(retryAfterSeconds({ count: 9, resetMs: 12_001 })).toBe(13);
  });
});
