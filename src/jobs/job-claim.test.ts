import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisJobClaim } from './job-claim.js';

const redis = new Redis(process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
afterAll(async () => {
  await redis.quit();
});

describe('redisJobClaim', () => {
  it('gives one interval’s run to the first process that asks, and the next interval to whoever asks after it expired', async () => {
    const job = `test-${process.pid}-${Date.now()}`;
    const one = redisJobClaim(redis, 'one');
    const two = redisJobClaim(redis, 'two');
    const first = await Promise.all([one(job, 300), two(job, 300)]);
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await one(job, 300)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await two(job, 300)).toBe(true);
  });
});
