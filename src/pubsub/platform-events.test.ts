import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../../test/helpers/private-redis.js';
import { InProcessEvents, RedisEvents, type PlatformEvents } from './platform-events.js';

const redisUrl = process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const channel = `helper:test:events:${process.pid}:${Date.now()}`;
const opened: Array<{ close(): Promise<unknown> }> = [];

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function redisEvents(url = redisUrl): RedisEvents {
  const connection = new Redis(url, { maxRetriesPerRequest: 1 });
  // Refused while the test's own Redis is down: what the test is about.
  connection.on('error', () => undefined);
  const events = new RedisEvents(connection);
  opened.push({ close: () => events.close() }, { close: () => connection.quit().catch(() => connection.disconnect()) });
  return events;
}

afterAll(async () => {
  for (const item of opened.reverse()) await item.close();
});

describe('in-process events', () => {
  it('delivers a publish to this process’s listeners, after the publishing call returns, until they unsubscribe', async () => {
    const events: PlatformEvents = new InProcessEvents();
    const heard: string[] = [];
    const stop = events.subscribe(channel, (message) => heard.push(message));
    events.publish(channel, 'one');
    expect(heard).toEqual([]);
    await until(() => heard.length === 1, 'the first notice');
    stop();
    events.publish(channel, 'two');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual(['one']);
    expect(events.shared).toBe(false);
    await events.close();
  });
});

describe('Redis events', () => {
  it('delivers each publish to every process’s listeners, the publisher’s own included, in order', async () => {
    const one = redisEvents();
    const two = redisEvents();
    const heardOne: string[] = [];
    const heardTwo: string[] = [];
    one.subscribe(channel, (message) => heardOne.push(message));
    two.subscribe(channel, (message) => heardTwo.push(message));
    await Promise.all([one.ready(), two.ready()]);
    for (let index = 0; index < 20; index++) one.publish(channel, String(index));
    const expected = Array.from({ length: 20 }, (_, index) => String(index));
    await until(() => heardOne.length === 20 && heardTwo.length === 20, 'twenty notices in both');
    expect(heardOne).toEqual(expected);
    expect(heardTwo).toEqual(expected);
  });

  it('says it is listening on a channel only once Redis has confirmed the subscription', async () => {
    // A Redis of its own, paused (every client's commands wait): the SUBSCRIBE waits too.
    const server = await PrivateRedis.start();
    opened.push({ close: () => server.stop() });
    const events = redisEvents(server.url);
    await events.ready();
    const admin = new Redis(server.url);
    opened.push({ close: () => admin.quit() });
    const pausedFor = 400;
    await admin.call('client', 'pause', String(pausedFor), 'ALL');
    const started = Date.now();
    const heard: string[] = [];
    events.subscribe(channel, (message) => heard.push(message));
    await events.listening(channel);
    expect(Date.now() - started).toBeGreaterThanOrEqual(pausedFor - 50);
    // Listening now: a notice published from elsewhere right away is heard.
    expect(await admin.call('pubsub', 'numsub', channel)).toEqual([channel, 1]);
    await admin.publish(channel, 'at once');
    await until(() => heard.includes('at once'), 'the notice published right after listening');
    // A channel nobody subscribed to, and in-process events: nothing to wait for.
    await events.listening('helper:test:nobody');
    const inProcess: PlatformEvents = new InProcessEvents();
    await inProcess.listening(channel);
  });

  it('tells its reconnection listeners only once Redis has confirmed the subscriptions again', async () => {
    // A proxy between the events' connections and Redis that holds each SUBSCRIBE for a while and
    // can cut every connection (what a network blip does): the reconnection's SUBSCRIBE is late.
    const target = new URL(redisUrl);
    const holdMs = 300;
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      sockets.add(client).add(upstream);
      client.on('data', (chunk: Buffer) => {
        if (chunk.toString('latin1').toLowerCase().includes('subscribe')) setTimeout(() => upstream.write(chunk), holdMs);
        else upstream.write(chunk);
      });
      upstream.pipe(client);
      for (const socket of [client, upstream]) socket.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    const address = proxy.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    opened.push({ close: () => new Promise((resolve) => proxy.close(resolve)) });
    const admin = new Redis(redisUrl);
    opened.push({ close: () => admin.quit() });

    const mine = `${channel}:reconnect`;
    const events = redisEvents(`redis://127.0.0.1:${port}`);
    events.subscribe(mine, () => undefined);
    await events.ready();
    const subscribersWhenTold: Array<Promise<unknown>> = [];
    events.onReconnect(() => subscribersWhenTold.push(admin.call('pubsub', 'numsub', mine)));
    for (const socket of sockets) socket.destroy();
    await until(() => subscribersWhenTold.length > 0, 'the reconnection notice');
    // Asked of Redis directly when the listener ran: this process was subscribed again by then.
    expect(await subscribersWhenTold[0]).toEqual([mine, 1]);
  });

  describe('when its Redis goes away and comes back', () => {
    let server: PrivateRedis;
    beforeAll(async () => {
      server = await PrivateRedis.start();
      opened.push({ close: () => server.stop() });
    });

    it('delivers to this process while Redis is down, says when it is back, and shares notices again', async () => {
      const one = redisEvents(server.url);
      const two = redisEvents(server.url);
      const heardOne: string[] = [];
      const heardTwo: string[] = [];
      let reconnections = 0;
      one.subscribe(channel, (message) => heardOne.push(message));
      two.subscribe(channel, (message) => heardTwo.push(message));
      two.onReconnect(() => reconnections++);
      await Promise.all([one.ready(), two.ready()]);
      one.publish(channel, 'before');
      await until(() => heardTwo.includes('before'), 'the notice before the restart');

      await server.down();
      one.publish(channel, 'while down');
      await until(() => heardOne.includes('while down'), 'the publisher hearing its own notice with Redis down');
      expect(heardTwo).not.toContain('while down');

      await server.up();
      await until(() => reconnections > 0, 'the reconnection notice');
      // Subscribed again by itself: a new notice reaches the other process.
      for (let attempt = 0; !heardTwo.includes('after'); attempt++) {
        if (attempt > 200) throw new Error('no notice after the restart');
        one.publish(channel, 'after');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(heardTwo[0]).toBe('before');
    });
  });
});
