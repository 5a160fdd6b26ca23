import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockQueueFullError, type ConversationLock } from './conversation-lock.js';
import { InProcessLock } from './in-process-lock.js';
import { RedisLock } from './redis-lock.js';

const redisUrl = process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const connections: Redis[] = [];
const prefix = `helper:test:${process.pid}:${Date.now()}:`;

function redis(): Redis {
  const connection = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
  connections.push(connection);
  return connection;
}

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
});

const variants: Array<[string, () => ConversationLock]> = [
  ['in-process', () => new InProcessLock()],
  ['redis', () => new RedisLock(redis(), { keyPrefix: prefix })],
];

describe.each(variants)('%s lock', (_name, makeLock) => {
  let lock: ConversationLock;
  beforeAll(() => {
    lock = makeLock();
  });

  it('refuses a caller once maxWaiting others wait for the key, and takes callers again as the queue drains', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const ran: number[] = [];
    const call = (index: number) => lock.run('queued', async () => {
      if (index === 0) await gate;
      ran.push(index);
    }, { maxWaiting: 2 });
    const first = call(0); // holds the key
    const waiting = [call(1), call(2)];
    await expect(call(3)).rejects.toBeInstanceOf(LockQueueFullError);
    // Without the option, a caller still queues.
    const unbounded = lock.run('queued', async () => void ran.push(9));
    open();
    await Promise.all([first, ...waiting, unbounded]);
    expect(ran).toEqual([0, 1, 2, 9]);
    await call(4);
    expect(ran).toEqual([0, 1, 2, 9, 4]);
  });

  it('runs the turns of one key one at a time, in arrival order', async () => {
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        lock.run('same', async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await sleep(index % 3);
          log.push(`m${index}`);
          running -= 1;
        }),
      ),
    );
    expect(maxRunning).toBe(1);
    expect(log).toEqual(Array.from({ length: 20 }, (_, index) => `m${index}`));
  });

  it('runs different keys in parallel', async () => {
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((key) =>
        lock.run(key, async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await sleep(30);
          running -= 1;
        }),
      ),
    );
    expect(maxRunning).toBe(4);
  });

  it('releases the lock when the work throws', async () => {
    await expect(lock.run('fails', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('fails', async () => 'after')).resolves.toBe('after');
  });
});

describe('redis lock across processes', () => {
  it('excludes two holders with separate connections (two app processes)', async () => {
    const first = new RedisLock(redis(), { keyPrefix: prefix });
    const second = new RedisLock(redis(), { keyPrefix: prefix });
    let running = 0;
    let maxRunning = 0;
    const turn = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await sleep(5);
      running -= 1;
    };
    await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).run('shared', turn)));
    expect(maxRunning).toBe(1);
  });

  it('frees the lock of a crashed holder after its time to live', async () => {
    const connection = redis();
    await connection.set(`${prefix}crashed`, 'a-token-nobody-holds', 'PX', 200);
    const lock = new RedisLock(connection, { keyPrefix: prefix, maxWaitMs: 5_000 });
    const started = Date.now();
    await lock.run('crashed', async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('keeps a short-lived lock held for as long as its turn runs', async () => {
    const first = new RedisLock(redis(), { keyPrefix: prefix, ttlMs: 500 });
    const second = new RedisLock(redis(), { keyPrefix: prefix, ttlMs: 500, maxWaitMs: 900 });
    let held = true;
    const holding = first.run('long-turn', async () => {
      await sleep(1_500);
      held = false;
    });
    await sleep(50);
    // Three times its time to live: the holder extends it meanwhile, so the other process waits and gives up.
    await expect(second.run('long-turn', async () => held)).rejects.toThrow(/could not lock conversation/);
    await holding;
  });

  it('never deletes a lock it does not hold', async () => {
    const connection = redis();
    const lock = new RedisLock(connection, { keyPrefix: prefix, ttlMs: 100 });
    await lock.run('stolen', async () => {
      // Another holder took the key (after an expiry: a holder stalled longer than its time to live).
      await connection.set(`${prefix}stolen`, 'someone-else', 'PX', 10_000);
    });
    expect(await connection.get(`${prefix}stolen`)).toBe('someone-else');
    await connection.del(`${prefix}stolen`);
  });

  it('gives up with a clear error after the maximum wait', async () => {
    const connection = redis();
    await connection.set(`${prefix}busy`, 'held', 'PX', 10_000);
    const lock = new RedisLock(connection, { keyPrefix: prefix, maxWaitMs: 100 });
    await expect(lock.run('busy', async () => undefined)).rejects.toThrow(/could not lock conversation/);
    await connection.del(`${prefix}busy`);
  });
});
