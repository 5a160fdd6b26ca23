// The Redis lock when Redis is connected but answers nothing (a stalled process, a partition without
// a reset): a redis-server of the test's own, frozen with SIGSTOP (test/helpers/private-redis.ts).
// Taking the lock fails within its deadline with RedisUnavailableError, as when Redis is away; a
// turn whose work is done does not wait for the release; and once Redis answers again, a lock that
// the stalled SET took late is given back rather than left until it expires.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../../../test/helpers/private-redis.js';
import { RedisUnavailableError } from '../../redis-availability.js';
import { RedisLock } from './redis-lock.js';

const DEADLINE_MS = 300;
const prefix = 'helper:test:stall:';
let server: PrivateRedis;
const connections: Redis[] = [];

async function connect(): Promise<Redis> {
  const connection = new Redis(server.url, { maxRetriesPerRequest: 2 });
  connection.on('error', () => undefined);
  connections.push(connection);
  await connection.ping();
  return connection;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await PrivateRedis.start();
});

// A test that failed while Redis was frozen leaves it running for the next.
afterEach(() => server.thaw());

afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await server?.stop();
});

describe('redis lock while Redis is connected but frozen', () => {
  it('fails a turn within the command deadline, runs none of its work, and gives back the late lock once Redis answers', async () => {
    const connection = await connect();
    const observer = await connect();
    const lock = new RedisLock(connection, { keyPrefix: prefix, commandTimeoutMs: DEADLINE_MS, maxWaitMs: 60_000 });
    await lock.run('warm', async () => undefined);
    expect(connection.status).toBe('ready');

    server.freeze();
    try {
      let ran = false;
      const started = Date.now();
      const error = await lock.run('frozen', async () => (ran = true)).catch((caught: unknown) => caught);
      const took = Date.now() - started;
      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect(took).toBeLessThan(DEADLINE_MS + 1_500);
      expect(ran).toBe(false);
      // Connected all along: only the deadline told the turn.
      expect(connection.status).toBe('ready');
    } finally {
      server.thaw();
    }
    // The SET sent before the deadline is applied now; its lock is deleted, not left for its time to live.
    await waitFor(async () => (await observer.exists(`${prefix}frozen`)) === 0, 'the late lock given back');
    await expect(lock.run('frozen', async () => 'after')).resolves.toBe('after');
  });

  it('answers a turn whose work is done without waiting for the release', async () => {
    const connection = await connect();
    const observer = await connect();
    const lock = new RedisLock(connection, { keyPrefix: prefix, commandTimeoutMs: DEADLINE_MS });
    let started = 0;
    try {
      const result = await lock.run('release', async () => {
        server.freeze();
        started = Date.now();
        return 'answered';
      });
      expect(result).toBe('answered');
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1_500);
    } finally {
      server.thaw();
    }
    // The release was sent: applied once Redis answers again.
    await waitFor(async () => (await observer.exists(`${prefix}release`)) === 0, 'the lock released');
  });

  it('keeps a held lock alive with one extension at a time while Redis does not answer', async () => {
    const connection = await connect();
    const lock = new RedisLock(connection, { keyPrefix: prefix, ttlMs: 600, commandTimeoutMs: DEADLINE_MS });
    let pendingDuringStall = 0;
    await lock.run('extend', async () => {
      server.freeze();
      try {
        // Ten extension periods (every 200 ms) while frozen: at most one extension waits in the connection.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        pendingDuringStall = connection.commandQueue.length;
      } finally {
        server.thaw();
      }
    });
    expect(pendingDuringStall).toBeLessThanOrEqual(1);
  });
});
