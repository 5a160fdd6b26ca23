// Rate limits on the public endpoints, through the real app: per sender on every channel (REST,
// callback, socket.io, Messenger), the bound on one sender's waiting messages, per connection and
// connections per address on socket.io, per client address on the console and public pages but
// not on the REST channel 4biz calls for all its users from one address; and shared through Redis
// by two app processes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as ioV4, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const APP_SECRET = 'app-secret-for-rate-limits-0123';
const redisUrl = process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Answers every POST with 200 `{}`: the callback URL and the Graph API both. */
let sink: Server;
let sinkUrl: string;
let test: TestPlatform;
let assistant: AssistantRecord;
const logLines: string[] = [];
const opened: TestPlatform[] = [];
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  sink = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  test = await startTestPlatform({
    logLines,
    env: {
      HELPER_RATE_LIMIT_PER_SENDER: '3',
      HELPER_RATE_LIMIT_SENDER_QUEUE: '2',
      HELPER_RATE_LIMIT_PER_ADDRESS: '5',
      HELPER_RATE_LIMIT_PER_CONNECTION: '4',
      HELPER_RATE_LIMIT_CONNECTIONS_PER_ADDRESS: '3',
      // Long windows: no count may run out while a test runs.
      HELPER_RATE_LIMIT_WINDOW_SECONDS: '3600',
      HELPER_GRAPH_API_URL: sinkUrl,
      // The callback URL is the sink on 127.0.0.1: the SSRF guard refuses it unless allowed.
      HELPER_OUTBOUND_ALLOW: '127.0.0.1',
    },
  });
  opened.push(test);
  assistant = await test.platform.defaultAssistant();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(opened.map((platform) => platform.close()));
  sink?.close();
});

const rest = (platform: TestPlatform, sender: string, message = 'oi', remoteAddress = '10.20.0.1') =>
  platform.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', remoteAddress, payload: { sender, message } });

async function userTexts(sender: string, platform = test): Promise<string[]> {
  const owner = await platform.platform.defaultAssistant();
  const events = await platform.platform.store.conversations.events(owner.id, sender);
  return events.flatMap((entry) => (entry.event.event === 'user' ? [String(entry.event.text)] : []));
}

describe('per sender', () => {
  it("REST: the message over the limit gets 429, Retry-After and Rasa's body, and is not recorded; other senders go on", async () => {
    for (let index = 0; index < 3; index += 1) expect((await rest(test, 'flood', `oi ${index}`)).statusCode).toBe(200);
    const refused = await rest(test, 'flood', 'oi 3');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(refused.json()).toEqual({
      version: '3.6.21',
      status: 'failure',
      message: 'too many messages in this conversation: at most 3 per 3600 s',
      reason: 'TooManyRequests',
      details: { retry_after: Number(refused.headers['retry-after']) },
      help: null,
      code: 429,
    });
    expect(await userTexts('flood')).toEqual(['oi 0', 'oi 1', 'oi 2']);
    expect((await rest(test, 'calm')).statusCode).toBe(200);
  });

  it('callback: the same limit, the same answer', async () => {
    await test.platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, test.platform.secrets.encrypt(`${sinkUrl}/bot`, { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
    const callback = () => test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'callback-flood', message: 'oi' } });
    for (let index = 0; index < 3; index += 1) expect((await callback()).statusCode).toBe(200);
    const refused = await callback();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json()).toMatchObject({ reason: 'TooManyRequests', code: 429 });
  });

  it('bounds the messages of one sender that wait for their turn: one more gets 429, nothing of it recorded', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    // Something holds the conversation (a slow turn): the messages that come meanwhile wait.
    const holding = test.platform.lock.run(`${assistant.id}:queued`, () => gate);
    const answers = ['a', 'b', 'c'].map((text) => rest(test, 'queued', text));
    const refused = await Promise.race(answers.map((answer) => answer.then((response) => (response.statusCode === 429 ? response : new Promise<never>(() => undefined)))));
    expect(refused.json()).toMatchObject({ reason: 'TooManyRequests', message: expect.stringMatching(/2 messages of this conversation already wait/) });
    expect(refused.headers['retry-after']).toBe('1');
    open();
    await holding;
    expect((await Promise.all(answers)).map((response) => response.statusCode).sort()).toEqual([200, 200, 429]);
    expect(await userTexts('queued')).toHaveLength(2);
  });

  it('Messenger: a sender over the limit is dropped with a log line, and Meta still gets 200', async () => {
    await setFacebookSecrets(test.platform, assistant, { appSecret: APP_SECRET, pageAccessToken: 'EAAG-rate-limits' });
    const item = (index: number) => ({ sender: { id: 'psid-flood' }, recipient: { id: 'page' }, timestamp: Date.now() + index, message: { mid: `m-${run}-${index}`, text: `oi ${index}` } });
    const raw = JSON.stringify({ object: 'page', entry: [{ id: 'page', time: Date.now(), messaging: [0, 1, 2, 3, 4].map(item) }] });
    const response = await test.app.inject({
      method: 'POST',
      url: '/webhooks/facebook/webhook',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(APP_SECRET, raw) },
      payload: raw,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('EVENT_RECEIVED');
    expect(await userTexts('psid-flood')).toEqual(['oi 0', 'oi 1', 'oi 2']);
    expect(logLines.filter((line) => line.includes('facebook: a message was dropped'))).toHaveLength(2);
  });
});

describe('per client address', () => {
  it('limits the console and public pages per address (429, Retry-After; the admin API in its own error shape)', async () => {
    const address = '10.30.0.1';
    for (let index = 0; index < 5; index += 1) expect((await test.app.inject({ method: 'GET', url: '/version', remoteAddress: address })).statusCode).toBe(200);
    const refused = await test.app.inject({ method: 'GET', url: '/version', remoteAddress: address });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ status: 'failure', reason: 'TooManyRequests', code: 429 });
    const admin = await test.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress: address });
    expect(admin.statusCode).toBe(429);
    expect(admin.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/too many requests from this address/), params: { seconds: expect.any(Number) } } });
    // Another address is not affected.
    expect((await test.app.inject({ method: 'GET', url: '/version', remoteAddress: '10.30.0.2' })).statusCode).toBe(200);
  });

  it('does not limit the REST channel per address by default: one backend speaks for all its users', async () => {
    const backend = '10.40.0.1';
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => rest(test, `4biz-user-${index}`, 'oi', backend)));
    expect(answers.map((response) => response.statusCode)).toEqual(Array.from({ length: 12 }, () => 200));
  });

  it('limits the REST channel per address when HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS is set', async () => {
    const limited = await startTestPlatform({ demo: false, env: { HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS: '2', HELPER_RATE_LIMIT_WINDOW_SECONDS: '3600' } });
    opened.push(limited);
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await rest(limited, `user-${index}`, 'oi', '10.50.0.1')).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('socket.io', () => {
  let url: string;
  beforeAll(async () => {
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
  });

  const connect = (): Promise<ClientSocket> =>
    new Promise((resolve, reject) => {
      const socket = ioV4(url, { reconnection: false, forceNew: true, transports: ['websocket'] });
      sockets.push(socket);
      socket.on('connect', () => resolve(socket));
      socket.on('connect_error', (error) => reject(error));
    });
  const nextError = (socket: ClientSocket): Promise<Record<string, unknown>> => new Promise((resolve) => socket.once('user_uttered_error', resolve));

  it('refuses events over the per-connection limit with user_uttered_error, and a sender over the per-sender limit likewise', async () => {
    const first = await connect();
    // The platform issues session ids (src/channels/socketio/session-ids.ts): ask for one, then for it again.
    let sessionId = '';
    for (let index = 0; index < 3; index += 1) {
      const confirmed = new Promise<string>((resolve) => first.once('session_confirm', resolve));
      first.emit('session_request', index === 0 ? {} : { session_id: sessionId });
      sessionId = await confirmed;
    }
    // The conversation's fourth message would pass the connection's count (4) but not the sender's (3)…
    const answered = new Promise((resolve) => first.once('bot_uttered', resolve));
    first.emit('user_uttered', { message: 'oi', session_id: sessionId });
    await answered;
    // …and the fifth event of this connection is refused by the connection's limit.
    const refusedByConnection = nextError(first);
    first.emit('user_uttered', { message: 'oi de novo', session_id: sessionId });
    expect(await refusedByConnection).toMatchObject({ field: 'message', reason: 'TooManyRequests', message: expect.stringMatching(/this connection/), retry_after: expect.any(Number) });

    // Another connection, the same conversation: its fourth message is over the sender's limit.
    const second = await connect();
    for (const text of ['um', 'dois']) {
      const done = new Promise((resolve) => second.emit('user_uttered', { message: text, session_id: sessionId }, resolve));
      await done;
    }
    const refusedBySender = await new Promise<Record<string, unknown>>((resolve) => second.emit('user_uttered', { message: 'três', session_id: sessionId }, resolve));
    expect(refusedBySender).toMatchObject({ ok: false, error: { reason: 'TooManyRequests', message: expect.stringMatching(/this conversation/) } });
    expect(await userTexts(sessionId)).toEqual(['oi', 'um', 'dois']);
  });

  it('refuses connections over the per-address limit (connect_error)', async () => {
    // Two connections of this address were counted by the test above; the limit is 3.
    await connect();
    await expect(connect()).rejects.toThrow(/too many connections from this address/);
  });
});

describe('across app processes (REDIS_URL)', () => {
  it('counts one sender on two processes together', async () => {
    const env = { REDIS_URL: redisUrl, HELPER_RATE_LIMIT_PER_SENDER: '3', HELPER_RATE_LIMIT_WINDOW_SECONDS: '3600' };
    const [one, two] = await Promise.all([startTestPlatform({ demo: false, env, postgres: true }), startTestPlatform({ demo: false, env })]);
    opened.push(one, two);
    // Two stores, one Redis: the same assistant id and sender make the same count.
    const sender = `shared-${run}`;
    expect((await rest(one, sender)).statusCode).toBe(200);
    expect((await rest(two, sender)).statusCode).toBe(200);
    expect((await rest(one, sender)).statusCode).toBe(200);
    expect((await rest(two, sender)).statusCode).toBe(429);
    expect((await rest(one, sender)).statusCode).toBe(429);
  });
});
