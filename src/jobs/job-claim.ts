// "Which process runs this interval's job": a periodic job (retention) that every process that
// runs jobs schedules is run by one of them per interval. With Redis, a key set only if absent
// (SET NX PX) for a little less than the interval: the first process to ask takes it, the others
// skip, and a crashed holder's claim expires by itself. Without Redis there is one process (or
// processes that each run it: harmless for idempotent jobs, said in the README).
import type { Redis } from 'ioredis';

export type JobClaim = (job: string, forMs: number) => Promise<boolean>;

export function redisJobClaim(redis: Redis, holder: string): JobClaim {
  return async (job, forMs) => (await redis.set(`helper:job:${job}`, holder, 'PX', Math.max(1, Math.floor(forMs)), 'NX')) === 'OK';
}
