// Redis away: what a request must not wait for. ioredis queues a command while it reconnects and
// fails it only after `maxRetriesPerRequest` reconnection attempts, whose delays grow to 2 s each
// over an outage: a rate-limited request waited about 20 s, a chat message 37 s. The users that
// have something better to do meanwhile — a rate counter lets the request through, a turn fails
// with 500 so the client sends again (README, "Running in production", "Redis away") — ask this
// first, and fail at once while the connection is down.
import type { Redis } from 'ioredis';

/** Redis does not answer now (the connection is down, or a command outlived its deadline). */
export class RedisUnavailableError extends Error {
  constructor(what: string) {
    super(`Redis is unavailable: ${what}`);
    this.name = 'RedisUnavailableError';
  }
}

/** How long a caller waits for a connection still making its first attempt (a process starting). */
export const FIRST_CONNECTION_WAIT_MS = 2_000;

export class RedisAvailability {
  /** A connection attempt failed, or the connection closed, since it was last ready. */
  #down = false;
  /** Settles at the first connection's outcome (ready, or closed). */
  #firstOutcome: Promise<void> | undefined;

  constructor(private readonly redis: Redis) {
    redis.on('ready', () => {
      this.#down = false;
    });
    redis.on('close', () => {
      this.#down = true;
    });
    // The platform logs the connection's errors; this one only notes them (and keeps an error
    // without any other listener from being thrown by the emitter).
    redis.on('error', () => {
      this.#down = true;
    });
  }

  /**
   * Resolves when the connection is ready. While it is down, rejects at once
   * (RedisUnavailableError); while its first attempt is still under way (a process starting),
   * waits for its outcome up to `firstWaitMs`.
   */
  async ready(firstWaitMs = FIRST_CONNECTION_WAIT_MS): Promise<void> {
    const { status } = this.redis;
    // 'wait': a lazy connection that the command itself opens.
    if (status === 'ready' || status === 'wait') return;
    if (!this.#down && status !== 'end' && status !== 'close') {
      this.#firstOutcome ??= new Promise<void>((resolve) => {
        const settle = (): void => {
          this.redis.off('ready', settle);
          this.redis.off('close', settle);
          resolve();
        };
        this.redis.on('ready', settle);
        this.redis.on('close', settle);
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.#firstOutcome, new Promise<void>((resolve) => (timer = setTimeout(resolve, firstWaitMs)))]);
      clearTimeout(timer);
      if (this.redis.status === 'ready') return;
    }
    throw new RedisUnavailableError(`the connection is ${this.redis.status}`);
  }
}

/** `command`, or RedisUnavailableError after `ms` (the command itself goes on; its outcome is dropped). */
export async function withinDeadline<T>(command: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([command, deadline]);
  } finally {
    clearTimeout(timer);
    // A late failure of the abandoned command is not an unhandled rejection.
    command.catch(() => undefined);
  }
}

/**
 * How often, at most, a failure for want of Redis is logged. During an outage every chat turn
 * fails so (a 500: the client sends again), hundreds a second: one line per failure flooded the
 * logs. The first is logged, then at most one each interval, saying how many were not.
 */
export const UNAVAILABLE_LOG_INTERVAL_MS = 10_000;

/**
 * The throttle of those lines, one per platform (`Platform.redisUnavailableLog`), shared by what
 * fails for want of its Redis: the Rasa-compatible routes' error handler and the socket.io channel.
 */
export class RedisUnavailableLog {
  #loggedAt = Number.NEGATIVE_INFINITY;
  #notLogged = 0;

  /** Logs `error`, a failure because Redis is away or silent, unless one was logged within the interval. */
  log(log: { warn: (object: object, message: string) => void }, error: RedisUnavailableError, what: string, now = Date.now()): void {
    if (now - this.#loggedAt < UNAVAILABLE_LOG_INTERVAL_MS) {
      this.#notLogged += 1;
      return;
    }
    const notLogged = this.#notLogged;
    log.warn(
      { err: error, notLogged },
      `${what} failed: Redis is unavailable (at most one such line each ${UNAVAILABLE_LOG_INTERVAL_MS / 1000} s; ${notLogged} since the last not logged)`,
    );
    this.#loggedAt = now;
    this.#notLogged = 0;
  }
}
