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
import { io as ioClient } from 'socket.io-client';
import { startFakeActionServer, type FakeActionServer } from './helpers/fake-action-server.js';
import { serveSlowOrder, SLOW_ORDER_ANSWER, slowOrderContent } from './helpers/slow-order-assistant.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let dataDir: string;
/** A data folder whose assistant's "consultar pedido" waits SLOW_MS for the action server. */
let chatDir: string;
let actions: FakeActionServer;
const SLOW_MS = 2_000;
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

  actions = await startFakeActionServer();
  serveSlowOrder(actions, SLOW_MS);
  chatDir = await mkdtemp(join(tmpdir(), 'helper-shutdown-chat-'));
  const chat = await openPlatform(loadConfig({ HELPER_DATA_DIR: chatDir, HELPER_LOAD_DEMO: 'false' }), pino({ level: 'silent' }));
  let slow = await chat.defaultAssistant();
  await chat.store.content.save(slow.id, slowOrderContent(), 'replace');
  slow = await chat.store.assistants.updateSettings(slow.id, { actionEndpointUrl: `${actions.url}/webhook` });
  await chat.trainer.train(slow);
  await chat.close();
});

afterAll(async () => {
  await actions?.close();
  if (chatDir) await rm(chatDir, { recursive: true, force: true });
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
    env: { ...process.env, HELPER_DATA_DIR: dataDir, HELPER_OUTBOUND_ALLOW: '127.0.0.1', HELPER_HOST: '127.0.0.1', HELPER_PORT: '0', HELPER_LOG_LEVEL: 'info', HELPER_ADMIN_PASSWORD: 'shutdown-password-1', ...env },
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

  it('lets a web chat turn in flight finish: the socket.io client gets its answer, the turn is recorded, then exit 0', async () => {
    const server = await startServer({ HELPER_DATA_DIR: chatDir, HELPER_SHUTDOWN_TIMEOUT_MS: '20000' });
    const socket = ioClient(server.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const sessionId = await new Promise<string>((resolve, reject) => {
        socket.on('connect_error', reject);
        socket.on('session_confirm', (id: unknown) => resolve(String(id)));
        socket.emit('session_request', { session_id: null });
      });
      const answers: string[] = [];
      socket.on('bot_uttered', (message: { text?: string }) => answers.push(String(message.text)));
      let disconnectedAt = 0;
      socket.on('disconnect', () => (disconnectedAt = Date.now()));
      const called = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (actions.calls.length > 0) {
            clearInterval(check);
            resolve();
          }
        }, 20);
      });
      socket.emit('user_uttered', { message: 'consultar pedido', session_id: sessionId });
      await called;
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(answers).toContain(SLOW_ORDER_ANSWER);
      expect(disconnectedAt).toBeGreaterThan(0);
      // Recorded: the user's message and the answer are in the store.
      const check = await openPlatform(loadConfig({ HELPER_DATA_DIR: chatDir, HELPER_LOAD_DEMO: 'false' }), pino({ level: 'silent' }));
      try {
        const assistant = await check.defaultAssistant();
        const events = (await check.store.conversations.events(assistant.id, sessionId)).map((entry) => entry.event);
        expect(events.filter((event) => event.event === 'user').map((event) => event['text'])).toEqual(['consultar pedido']);
        expect(events.some((event) => event.event === 'bot' && event['text'] === SLOW_ORDER_ANSWER)).toBe(true);
      } finally {
        await check.close();
      }
    } finally {
      socket.close();
    }
  });
});
