// The lock shared by several app processes: an atomic Redis lock per conversation (SET NX PX with
// a random token; released and extended only by its holder, through compare-and-delete and
// compare-and-extend scripts). Inside one process the in-process chain still orders the waiters,
// so a process asks Redis for a key only once at a time and arrival order is kept.
// While Redis is away a turn fails at once (RedisUnavailableError: a 500, nothing recorded, the
// client sends again) rather than waiting for ioredis' reconnection attempts. While Redis is
// connected but answers nothing (a stalled server, a partition without a reset) no command of the
// lock is waited for longer than its deadline (LOCK_COMMAND_DEADLINE_MS): taking the lock fails the
// same way (a SET that Redis applies late is given back as soon as it answers), a finished turn's
// release is not waited for past it (the lock expires after its time to live at worst), and the
// keep-alive sends one extension at a time, so a stall does not pile them up on the connection.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisAvailability, RedisUnavailableError, withinDeadline } from '../../redis-availability.js';
import { LockTimeoutError, type ConversationLock, type LockRunOptions } from './conversation-lock.js';
import { InProcessLock } from './in-process-lock.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** How long one command of the lock (take, release) may wait for Redis' answer. */
export const LOCK_COMMAND_DEADLINE_MS = 2_000;

export interface RedisLockOptions {
  /** How long a lock lives without being extended: a crashed holder frees it after this. */
  ttlMs?: number;
  /** How long a turn waits for the lock before failing. */
  maxWaitMs?: number;
  keyPrefix?: string;
  /** How long one command may wait for Redis' answer (default LOCK_COMMAND_DEADLINE_MS). */
  commandTimeoutMs?: number;
}

export class RedisLock implements ConversationLock {
  private readonly local = new InProcessLock();
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly keyPrefix: string;
  private readonly commandTimeoutMs: number;
  private readonly availability: RedisAvailability;

  constructor(
    private readonly redis: Redis,
    options: RedisLockOptions = {},
  ) {
    this.availability = new RedisAvailability(redis);
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.keyPrefix = options.keyPrefix ?? 'helper:lock:';
    this.commandTimeoutMs = options.commandTimeoutMs ?? LOCK_COMMAND_DEADLINE_MS;
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
    // One extension at a time: while Redis does not answer, the next waits for the last.
    let extending = false;
    const keepAlive = setInterval(() => {
      if (extending) return;
      extending = true;
      this.redis
        .eval(EXTEND, 1, redisKey, token, String(this.ttlMs))
        .catch(() => undefined)
        .finally(() => (extending = false));
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    keepAlive.unref();
    try {
      return await work();
    } finally {
      clearInterval(keepAlive);
      const release = this.release(redisKey, token);
      // Redis away: the answer does not wait for the release (the lock expires after its time to live).
      if (this.redis.status === 'ready') await release;
    }
  }

  /** Compare-and-delete, waited for at most the command deadline; never throws (the lock expires at worst). */
  private async release(redisKey: string, token: string): Promise<void> {
    await withinDeadline(this.redis.eval(RELEASE, 1, redisKey, token), this.commandTimeoutMs, 'releasing a conversation lock').catch(() => undefined);
  }

  /** SET NX PX within the command deadline; past it, RedisUnavailableError, and a late success is given back. */
  private async trySet(redisKey: string, token: string): Promise<boolean> {
    const command = this.redis.set(redisKey, token, 'PX', this.ttlMs, 'NX');
    try {
      return (await withinDeadline(command, this.commandTimeoutMs, 'taking a conversation lock')) === 'OK';
    } catch (error: unknown) {
      if (error instanceof RedisUnavailableError) {
        // Redis may apply the SET once it answers again: nobody holds that lock, so it is deleted
        // then rather than kept from every turn of the conversation for its time to live.
        command.then((late) => (late === 'OK' ? this.release(redisKey, token) : undefined)).catch(() => undefined);
      }
      throw error;
    }
  }

  private async acquire(redisKey: string, token: string): Promise<void> {
    const started = Date.now();
    let delayMs = 2;
    for (;;) {
      await this.availability.ready();
      if (await this.trySet(redisKey, token)) return;
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
