// The lock shared by several app processes: an atomic Redis lock per conversation (SET NX PX with
// a random token; released and extended only by its holder, through compare-and-delete and
// compare-and-extend scripts). Inside one process the in-process chain still orders the waiters,
// so a process asks Redis for a key only once at a time and arrival order is kept.
// While Redis is away a turn fails at once (RedisUnavailableError: a 500, nothing recorded, the
// client sends again) rather than waiting for ioredis' reconnection attempts.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisAvailability } from '../../redis-availability.js';
import { LockTimeoutError, type ConversationLock, type LockRunOptions } from './conversation-lock.js';
import { InProcessLock } from './in-process-lock.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLockOptions {
  /** How long a lock lives without being extended: a crashed holder frees it after this. */
  ttlMs?: number;
  /** How long a turn waits for the lock before failing. */
  maxWaitMs?: number;
  keyPrefix?: string;
}

export class RedisLock implements ConversationLock {
  private readonly local = new InProcessLock();
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly keyPrefix: string;
  private readonly availability: RedisAvailability;

  constructor(
    private readonly redis: Redis,
    options: RedisLockOptions = {},
  ) {
    this.availability = new RedisAvailability(redis);
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.keyPrefix = options.keyPrefix ?? 'helper:lock:';
  }

  /** `maxWaiting` counts this process's waiters (other processes' wait in Redis, up to maxWaitMs). */
  run<T>(key: string, work: () => Promise<T>, options?: LockRunOptions): Promise<T> {
    return this.local.run(key, () => this.runLocked(this.keyPrefix + key, work), options);
  }

  private async runLocked<T>(redisKey: string, work: () => Promise<T>): Promise<T> {
    const token = randomBytes(16).toString('hex');
    await this.acquire(redisKey, token);
    // A long turn (a slow third-party API) keeps its lock alive: extended every third of its time
    // to live, whatever that is (HELPER_LOCK_TTL_MS takes 500 ms), so it never lapses while held.
    const keepAlive = setInterval(() => {
      this.redis.eval(EXTEND, 1, redisKey, token, String(this.ttlMs)).catch(() => undefined);
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    keepAlive.unref();
    try {
      return await work();
    } finally {
      clearInterval(keepAlive);
      const release = this.redis.eval(RELEASE, 1, redisKey, token).catch(() => undefined);
      // Redis away: the answer does not wait for the release (the lock expires after its time to live).
      if (this.redis.status === 'ready') await release;
    }
  }

  private async acquire(redisKey: string, token: string): Promise<void> {
    const started = Date.now();
    let delayMs = 2;
    for (;;) {
      await this.availability.ready();
      const ok = await this.redis.set(redisKey, token, 'PX', this.ttlMs, 'NX');
      if (ok === 'OK') return;
      const waited = Date.now() - started;
      if (waited >= this.maxWaitMs) throw new LockTimeoutError(redisKey, waited);
      // Jitter spreads processes that wait for the same conversation.
      await new Promise((resolve) => setTimeout(resolve, delayMs + Math.random() * delayMs));
      delayMs = Math.min(delayMs * 2, 50);
    }
  }

  async close(): Promise<void> {
    await this.local.close();
  }
}
