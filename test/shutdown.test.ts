// Shutdown of the real server process (src/main.ts through tsx): SIGTERM while a request is in
// flight lets it finish, then the process exits 0 without an unhandled rejection; a request that
// outlasts HELPER_SHUTDOWN_TIMEOUT_MS does not keep the process alive (exit 1, logged). The slow
// request is a callback-channel message whose callback URL (a local server here) is slow to answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAssistantOnFirstStart } from '../src/admin-api/files/load-demo-assistant.js';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { loadConfig } from '../src/config/config.js';
import { openPlatform } from '../src/platform.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let dataDir: string;
let sink: Server;
/** Called when the callback sink receives a message: the turn is in flight, held by the sink. */
let received: () => void = () => undefined;
/** How long the sink holds each message before answering. */
let holdMs = 0;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sink = createServer((request, response) => {
    request.resume();
    received();
    setTimeout(() => response.end('ok'), holdMs).unref();
  });
  sink.listen(0, '127.0.0.1');
  await once(sink, 'listening');
  // The data folder the server process opens: the demo trained and a callback URL set.
  dataDir = await mkdtemp(join(tmpdir(), 'helper-shutdown-'));
  const platform = await openPlatform(loadConfig({ HELPER_DATA_DIR: dataDir }), pino({ level: 'silent' }));
  await loadDemoAssistantOnFirstStart(platform);
  const assistant = await platform.defaultAssistant();
  const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/bot`;
  await platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, platform.secrets.encrypt(url, { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
  await platform.close();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  sink?.closeAllConnections();
  sink?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, HELPER_DATA_DIR: dataDir, HELPER_HOST: '127.0.0.1', HELPER_PORT: '0', HELPER_LOG_LEVEL: 'info', HELPER_ADMIN_PASSWORD: 'shutdown-password-1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    const check = setInterval(() => {
      const match = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
      if (match?.[1]) {
        clearInterval(check);
        resolve(match[1]);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(check);
      reject(new Error(`the server exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}

/** Posts a callback-channel message and resolves once the turn is in flight (held by the sink). */
async function inFlight(server: Running): Promise<{ answer: Promise<{ status: number; body: string } | Error> }> {
  const arrived = new Promise<void>((resolve) => (received = resolve));
  const answer = fetch(`${server.url}/webhooks/callback/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender: 'shutdown', message: 'olá' }),
  }).then(
    async (response) => ({ status: response.status, body: await response.text() }),
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  await arrived;
  // Wrapped: an async function returning the promise itself would wait for it.
  return { answer };
}

describe('SIGTERM', () => {
  it('lets the request in flight finish, refuses new connections, and exits 0 without an unhandled rejection', async () => {
    holdMs = 1_500;
    const server = await startServer({ HELPER_SHUTDOWN_TIMEOUT_MS: '20000' });
    const { answer } = await inFlight(server);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await fetch(`${server.url}/version`).then((response) => response.status, () => 'refused');
    expect([503, 'refused']).toContain(late);
    expect(await answer).toEqual({ status: 200, body: 'success' });
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
    expect(server.output()).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
  });

  it('exits 1 at HELPER_SHUTDOWN_TIMEOUT_MS when a request outlasts it, saying so', async () => {
    holdMs = 60_000;
    const server = await startServer({ HELPER_SHUTDOWN_TIMEOUT_MS: '500' });
    await inFlight(server);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('shutdown did not finish within HELPER_SHUTDOWN_TIMEOUT_MS');
    expect(server.output()).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
  });
});
