// Redis away (README, "Running in production"): a process started while Redis is unreachable stays
// up (no unhandled rejection from socket.io's adapter) and says so on /health/ready; while Redis is
// down a rate-limited request does not wait for ioredis' reconnection attempts (the counter lets
// it through) and a chat message fails at once with 500 (the lock), and everything works again
// once Redis is back; a Redis connected but frozen (SIGSTOP) fails a chat message within the
// deadlines of its commands, not never. Redis is cut off only through a closed port and a
// redis-server of the test's own (test/helpers/private-redis.ts), never the machine's.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, PrivateRedis } from './helpers/private-redis.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { waitFor } from './helpers/wait-for.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
const folders: string[] = [];
const running: TestPlatform[] = [];
let privateRedis: PrivateRedis | undefined;
let frozenRedis: PrivateRedis | undefined;

afterAll(async () => {
  // A test that failed while Redis was frozen: the platform's close needs it answering.
  frozenRedis?.thaw();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const test of running) await test.close();
  await privateRedis?.stop();
  await frozenRedis?.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('a process started while Redis is unreachable', () => {
  it('stays up, answers /health/ready 503 naming Redis and /health/live 200', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-redis-away-'));
    folders.push(dataDir);
    const closedPort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        HELPER_DATA_DIR: dataDir,
        HELPER_HOST: '127.0.0.1',
        HELPER_PORT: '0',
        HELPER_LOG_LEVEL: 'info',
        HELPER_LOAD_DEMO: 'false',
        HELPER_ADMIN_PASSWORD: 'redis-away-password-1',
        REDIS_URL: `redis://127.0.0.1:${closedPort}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    await waitFor(() => /"address":"http:\/\/127\.0\.0\.1:\d+"/.test(output) || child.exitCode !== null, 'the server listening', 30_000);
    const url = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output)?.[1];
    expect(url, output).toBeDefined();
    // The reviewer's process died about 0.5 s after listening; five seconds leave room for it.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    expect(child.exitCode, output.slice(-3000)).toBeNull();
    expect(child.signalCode).toBeNull();
    expect(output).not.toMatch(/MaxRetriesPerRequestError[\s\S]*Node\.js v/);

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { redis: 'failed' } });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    // Rate-limited, and not waiting for Redis.
    const started = Date.now();
    expect((await fetch(`${url}/version`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    await exited;
  });
});

describe('Redis going away and coming back', () => {
  it('lets rate-limited requests through at once, fails chat messages fast, and works again once Redis is back', async () => {
    privateRedis = await PrivateRedis.start();
    const test = await startTestPlatform({ env: { REDIS_URL: privateRedis.url } });
    running.push(test);
    const { app, platform } = test;
    const say = (text: string) => app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'redis-away', message: text } });

    expect((await say('oi')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);

    await privateRedis.down();
    await waitFor(() => platform.redis?.status !== 'ready', 'the platform seeing Redis gone');
    // Long enough for ioredis' reconnection delays to have grown (what made requests wait ~20 s).
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    let started = Date.now();
    const version = await app.inject({ method: 'GET', url: '/version' });
    expect(version.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);

    started = Date.now();
    const message = await say('qual o horário de atendimento?');
    expect(message.statusCode).toBe(500);
    expect(Date.now() - started).toBeLessThan(2_000);

    started = Date.now();
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ checks: { redis: 'failed' } });
    expect(Date.now() - started).toBeLessThan(1_000);

    await privateRedis.up();
    await waitFor(() => platform.redis?.status === 'ready', 'the platform reconnecting to Redis', 15_000);
    const again = await say('qual o horário de atendimento?');
    expect(again.statusCode).toBe(200);
    expect(JSON.stringify(again.json())).toContain('service desk');
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});

describe('Redis connected but answering nothing (a stalled server, a partition without a reset)', () => {
  it('fails chat messages within the deadlines with 500, recording nothing, and answers them once Redis answers again', async () => {
    frozenRedis = await PrivateRedis.start();
    const test = await startTestPlatform({ env: { REDIS_URL: frozenRedis.url } });
    running.push(test);
    const { app, platform } = test;
    const say = (text: string) => app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'redis-frozen', message: text } });
    expect((await say('oi')).statusCode).toBe(200);
    const assistant = (await platform.store.assistants.get('demo', 'pt'))!;
    const recorded = async () => (await platform.store.conversations.events(assistant.id, 'redis-frozen')).filter((event) => event.event.event === 'user').length;
    expect(await recorded()).toBe(1);

    frozenRedis.freeze();
    try {
      const started = Date.now();
      const message = await say('qual o horário de atendimento?');
      // The sender's rate counter (1 s, let through) and the lock (2 s, failed), never ioredis' patience.
      expect(message.statusCode).toBe(500);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(platform.redis?.status).toBe('ready');
      expect(await recorded()).toBe(1);
    } finally {
      frozenRedis.thaw();
    }
    const again = await say('qual o horário de atendimento?');
    expect(again.statusCode).toBe(200);
    expect(JSON.stringify(again.json())).toContain('service desk');
  });
});
