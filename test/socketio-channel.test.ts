// The socket.io channel as rasa-webchat (socket.io-client 3, EIO=4; ≤1.0.0: client 2, EIO=3), our
// widget (client 4) and Rasa's own tests speak it (reference/rasa-protocol.md §2, §5, §8 items 5
// and 9): a real server on 127.0.0.1, the demo assistant, real clients over polling and websocket.
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { io as ioV4 } from 'socket.io-client';
import { io as ioV3 } from 'socket.io-client-v3';
import ioV2 from 'socket.io-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RASA_SOCKETIO_PATH, WIDGET_SOCKETIO_PATH } from '../src/channels/socketio/socketio-channel.js';
import { setSocketIoJwtKey } from '../src/channels/socketio/socketio-settings.js';
import { WIDGET_SOCKET_PATH } from '../widget/src/connection.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

interface ChatSocket {
  readonly id: string | undefined;
  emit(event: string, ...args: unknown[]): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  close(): void;
  transport(): string;
}

type ClientKind = 'v4' | 'v3' | 'v2';

function open(kind: ClientKind, url: string, options: Record<string, unknown> = {}): ChatSocket {
  // Every client is asked not to reconnect, so a refused connection ends the test's wait at once.
  const settings = { reconnection: false, forceNew: true, ...options };
  const socket = kind === 'v4' ? ioV4(url, settings) : kind === 'v3' ? ioV3(url, settings) : ioV2(url, settings);
  return {
    get id() {
      return socket.id;
    },
    emit: (event, ...args) => void socket.emit(event, ...args),
    on: (event, listener) => void socket.on(event, listener),
    close: () => void socket.close(),
    transport: () => socket.io.engine.transport.name,
  };
}

function next(socket: ChatSocket, event: string): Promise<unknown> {
  return new Promise((resolve) => socket.on(event, (value: unknown) => resolve(value)));
}

function connected(socket: ChatSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
    socket.on('error', (error: unknown) => reject(new Error(String(error))));
  });
}

/** Asks for a session (a new one unless `requested`) and gives the id the server confirmed. */
async function session(socket: ChatSocket, requested: string | null = null): Promise<string> {
  const confirm = next(socket, 'session_confirm');
  socket.emit('session_request', { session_id: requested });
  return (await confirm) as string;
}

/** Counts the answers a socket hears from now on. */
function heard(socket: ChatSocket): () => number {
  let count = 0;
  socket.on('bot_uttered', () => count++);
  return () => count;
}

/** Collects `count` bot_uttered payloads. */
function botMessages(socket: ChatSocket, count: number): Promise<unknown[]> {
  const received: unknown[] = [];
  return new Promise((resolve) =>
    socket.on('bot_uttered', (message: unknown) => {
      received.push(message);
      if (received.length === count) resolve(received);
    }),
  );
}

/**
 * A raw Engine.IO 4 long-polling client: the packets exactly as they travel (`42[...]` is an event,
 * its name then its arguments), what a python-socketio client receives and hands to `handler(*args)`.
 */
async function rawPolling(base: string, path: string): Promise<{ send(packet: string): Promise<void>; event(): Promise<string> }> {
  const endpoint = `${base}${path}/?EIO=4&transport=polling`;
  const opened = await (await fetch(endpoint)).text();
  expect(opened).toMatch(/^0\{"sid":/);
  const at = `${endpoint}&sid=${(JSON.parse(opened.slice(1)) as { sid: string }).sid}`;
  const send = async (packet: string): Promise<void> => {
    const response = await fetch(at, { method: 'POST', body: packet, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(await response.text()).toBe('ok');
  };
  const pending: string[] = [];
  /** The next event packet (the connect's `40…` answered, pings answered with pongs). */
  const event = async (): Promise<string> => {
    for (;;) {
      while (pending.length === 0) pending.push(...(await (await fetch(at)).text()).split('\x1e'));
      const packet = pending.shift()!;
      if (packet === '2') await send('3');
      else if (packet.startsWith('42')) return packet;
    }
  };
  await send('40');
  return { send, event };
}

const satisfactionQuestion = {
  text: 'Você poderia avaliar o meu atendimento?',
  quick_replies: [
    { content_type: 'text', title: 'Sim', payload: 'sim' },
    { content_type: 'text', title: 'Não', payload: 'não' },
  ],
};

let test: TestPlatform;
let url: string;
let assistant: AssistantRecord;
const sockets: ChatSocket[] = [];

function track(socket: ChatSocket): ChatSocket {
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  test = await startTestPlatform();
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
  assistant = await test.platform.defaultAssistant();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await test?.close();
});

async function userEvents(sender: string, assistantId = assistant.id): Promise<Array<Record<string, unknown>>> {
  const events = await test.platform.store.conversations.events(assistantId, sender);
  return events.map((entry) => entry.event as unknown as Record<string, unknown>).filter((event) => event['event'] === 'user');
}

describe('the socket.io channel', () => {
  it('answers GET /webhooks/socketio/ with {"status":"ok"}', async () => {
    const response = await fetch(`${url}/webhooks/socketio/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  const variants: Array<{ name: string; kind: ClientKind; options: Record<string, unknown>; transport: string }> = [
    { name: 'socket.io-client 4 over long-polling only', kind: 'v4', options: { transports: ['polling'] }, transport: 'polling' },
    { name: 'socket.io-client 4 over websocket only', kind: 'v4', options: { transports: ['websocket'] }, transport: 'websocket' },
    { name: 'socket.io-client 4 with its defaults (polling, then upgrade)', kind: 'v4', options: {}, transport: 'any' },
    { name: "socket.io-client 3 as rasa-webchat 1.0.x connects (EIO=4, path /socket.io/, no options)", kind: 'v3', options: { path: '/socket.io/' }, transport: 'any' },
    { name: 'socket.io-client 3 over long-polling only', kind: 'v3', options: { transports: ['polling'] }, transport: 'polling' },
    { name: 'socket.io-client 2 (EIO=3, rasa-webchat ≤ 1.0.0) with its defaults', kind: 'v2', options: {}, transport: 'any' },
    { name: 'socket.io-client 2 (EIO=3) over long-polling only', kind: 'v2', options: { transports: ['polling'] }, transport: 'polling' },
    { name: 'socket.io-client 2 (EIO=3) over websocket only', kind: 'v2', options: { transports: ['websocket'] }, transport: 'websocket' },
  ];

  for (const variant of variants) {
    it(`${variant.name}: session_request → session_confirm (bare id), user_uttered → bot_uttered, customData as metadata`, async () => {
      const socket = track(open(variant.kind, url, variant.options));
      await connected(socket);
      if (variant.transport !== 'any') expect(socket.transport()).toBe(variant.transport);
      const confirm = next(socket, 'session_confirm');
      socket.emit('session_request', { session_id: null });
      const sessionId = await confirm;
      // The bare id string, as Rasa sends it: a new uuid4 hex, followed by the platform's mark.
      expect(sessionId).toEqual(expect.stringMatching(/^[0-9a-f]{48}$/));

      const answers = botMessages(socket, 1);
      socket.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: sessionId, customData: { language: 'pt', page: variant.name } });
      expect(await answers).toEqual([satisfactionQuestion]);

      // The sender is the session id; the message is recorded with its channel and customData.
      const [user] = await userEvents(sessionId as string);
      expect(user).toMatchObject({ text: 'quero avaliar o atendimento', input_channel: 'socketio', metadata: { language: 'pt', page: variant.name } });

      // A button click sends its payload; the follow-up answers.
      const thanks = botMessages(socket, 1);
      socket.emit('user_uttered', { message: 'sim', session_id: sessionId, customData: { language: 'pt' } });
      expect(await thanks).toEqual([{ text: 'Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.' }]);
    });
  }

  it('sends an image answer as {text} then an image attachment {type: "image", payload: {src}}', async () => {
    const socket = track(open('v4', url));
    await connected(socket);
    const sessionId = await session(socket);
    const answers = botMessages(socket, 2);
    socket.emit('user_uttered', { message: 'me mostra uma imagem', session_id: sessionId });
    expect(await answers).toEqual([
      { text: 'Este sou eu, o Helper, seu assistente virtual!' },
      { attachment: { type: 'image', payload: { src: expect.stringMatching(/^https:\/\/.+\.png$/) } } },
    ]);
  });

  it('keeps the session: a new connection confirming the same id continues the conversation (the follow-up applies)', async () => {
    const first = track(open('v3', url));
    await connected(first);
    first.emit('session_request', { session_id: null });
    const sessionId = (await next(first, 'session_confirm')) as string;
    const question = botMessages(first, 1);
    first.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: sessionId });
    await question;
    first.close();

    // A page reload: a new socket asks for the stored id and gets it back as it is.
    const second = track(open('v3', url));
    await connected(second);
    const confirm = next(second, 'session_confirm');
    second.emit('session_request', { session_id: sessionId });
    expect(await confirm).toBe(sessionId);
    const answer = botMessages(second, 1);
    second.emit('user_uttered', { message: 'não', session_id: sessionId });
    expect(await answer).toEqual([{ text: 'Sem problemas, obrigado pelo contato! Se precisar, é só chamar.' }]);
    expect((await userEvents(sessionId)).map((event) => event['text'])).toEqual(['quero avaliar o atendimento', 'não']);
  });

  it("sends a session's answers to every socket in it (two tabs), and only to them", async () => {
    const tabA = track(open('v4', url));
    const tabB = track(open('v4', url, { transports: ['polling'] }));
    const stranger = track(open('v4', url));
    await Promise.all([connected(tabA), connected(tabB), connected(stranger)]);
    const twoTabs = await session(tabA);
    expect(await session(tabB, twoTabs)).toBe(twoTabs);
    const someoneElse = await session(stranger);
    const strangerHeard = heard(stranger);
    const inA = botMessages(tabA, 1);
    const inB = botMessages(tabB, 1);
    tabA.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: twoTabs });
    expect(await inA).toEqual([satisfactionQuestion]);
    expect(await inB).toEqual([satisfactionQuestion]);
    // The stranger's own turn completes after: by then an answer for two-tabs would have reached it.
    const own = botMessages(stranger, 1);
    stranger.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: someoneElse });
    await own;
    expect(strangerHeard()).toBe(1);
  });

  it("keeps a client out of another's session: ids it makes up are replaced, and its messages for them refused", async () => {
    const owner = track(open('v4', url));
    const intruder = track(open('v3', url));
    await Promise.all([connected(owner), connected(intruder)]);
    const owned = await session(owner);
    // A guessable id, and the owner's id with one digit changed: neither is taken.
    const forged = `${owned.slice(0, 40)}${owned[40] === '0' ? '1' : '0'}${owned.slice(41)}`;
    for (const madeUp of ['joao', '12345', forged, owned.slice(0, 32)]) {
      const confirmed = await session(intruder, madeUp);
      expect([madeUp, confirmed]).not.toEqual([madeUp, madeUp]);
      expect(confirmed).not.toBe(owned);
      const refused = await new Promise((resolve) => intruder.emit('user_uttered', { message: 'oi', session_id: madeUp }, resolve));
      expect(refused).toEqual({ ok: false, error: { field: 'session_id', message: expect.stringMatching(/not a session of this client/) } });
      expect(await userEvents(madeUp)).toEqual([]);
    }
    const intruderHeard = heard(intruder);
    const answer = botMessages(owner, 1);
    owner.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: owned });
    expect(await answer).toEqual([satisfactionQuestion]);
    // The intruder's own turn completes after: by then an answer of the owner's would have reached it.
    const own = botMessages(intruder, 1);
    intruder.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: await session(intruder) });
    await own;
    expect(intruderHeard()).toBe(1);
  });

  it('keeps a socket in one session at a time: asking for another leaves the first', async () => {
    const wanderer = track(open('v4', url));
    const other = track(open('v4', url));
    await Promise.all([connected(wanderer), connected(other)]);
    const first = await session(wanderer);
    const second = await session(wanderer);
    expect(second).not.toBe(first);
    expect(await session(other, first)).toBe(first);
    const wandererHeard = heard(wanderer);
    const inFirst = botMessages(other, 1);
    other.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: first });
    await inFirst;
    const own = botMessages(wanderer, 1);
    wanderer.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: second });
    await own;
    expect(wandererHeard()).toBe(1);
  });

  it("keeps one conversation's messages in order", async () => {
    const socket = track(open('v4', url));
    await connected(socket);
    const inOrder = await session(socket);
    const answers = botMessages(socket, 4);
    socket.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: inOrder });
    socket.emit('user_uttered', { message: 'sim', session_id: inOrder });
    socket.emit('user_uttered', { message: 'me mostra uma imagem', session_id: inOrder });
    expect(await answers).toEqual([
      satisfactionQuestion,
      { text: 'Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.' },
      { text: 'Este sou eu, o Helper, seu assistente virtual!' },
      { attachment: { type: 'image', payload: { src: expect.any(String) } } },
    ]);
    expect((await userEvents(inOrder)).map((event) => event['text'])).toEqual(['quero avaliar o atendimento', 'sim', 'me mostra uma imagem']);
  });

  it("reads Rasa's `metadata` key too (an object or a JSON string), and acknowledges a turn once it is durable", async () => {
    const socket = track(open('v4', url));
    await connected(socket);
    const sessionId = await session(socket);
    const ack = await new Promise((resolve) =>
      socket.emit('user_uttered', { message: 'oi', session_id: sessionId, metadata: '{"origin":"rasa"}' }, (answer: unknown) => resolve(answer)),
    );
    expect(ack).toEqual({ ok: true });
    const [user] = await userEvents(sessionId);
    expect(user).toMatchObject({ text: 'oi', metadata: { origin: 'rasa' } });
  });

  it('confirms a new session for a session_request whose id is not valid (empty, an object, too long, a number), never leaving the client unconfirmed', async () => {
    for (const requested of ['', { not: 'a string' }, 'x'.repeat(257), 42, ['a']]) {
      const socket = track(open('v3', url, { path: '/socket.io/' }));
      await connected(socket);
      const errors: unknown[] = [];
      socket.on('user_uttered_error', (error: unknown) => errors.push(error));
      const confirmed = (await session(socket, requested as string)) as unknown;
      expect(confirmed, JSON.stringify(requested)).toMatch(/^[0-9a-f]{48}$/);
      // The session works like any other: the client is connected.
      const ack = await new Promise((resolve) => socket.emit('user_uttered', { message: 'oi', session_id: confirmed }, resolve));
      expect(ack).toEqual({ ok: true });
      expect((await userEvents(confirmed as string)).map((event) => event['text'])).toEqual(['oi']);
      expect(errors).toEqual([]);
      socket.close();
    }
  });

  it('answers bad input with user_uttered_error naming the field, and records nothing', async () => {
    const socket = track(open('v4', url));
    await connected(socket);
    const cases: Array<[unknown, string]> = [
      [{ message: 'oi' }, 'session_id'],
      [{ message: 12, session_id: 'bad-input' }, 'message'],
      [{ message: 'oi', session_id: 'bad-input', customData: '[1, 2]' }, 'customData'],
      ['oi', 'message'],
    ];
    for (const [data, field] of cases) {
      const error = next(socket, 'user_uttered_error');
      socket.emit('user_uttered', data);
      expect(await error).toEqual({ field, message: expect.any(String) });
    }
    const withAck = await new Promise((resolve) => socket.emit('user_uttered', { message: 12, session_id: 'bad-input' }, resolve));
    expect(withAck).toEqual({ ok: false, error: { field: 'message', message: 'must be a string' } });
    expect(await userEvents('bad-input')).toEqual([]);
    // A blank message is not bad input: as in Rasa, it is the empty text, answered as not understood.
    const blank = await session(socket);
    const answer = next(socket, 'bot_uttered');
    socket.emit('user_uttered', { message: '   ', session_id: blank });
    expect(await answer).toMatchObject({ text: expect.any(String) });
    expect((await userEvents(blank)).find((event) => event.event === 'user')).toMatchObject({ text: '' });
  });

  it('allows cross-origin connections (web chat runs on the customer site)', async () => {
    const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://www.customer.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.customer.example');
    expect(await response.text()).toMatch(/^0\{"sid":/);
  });

  it('reaches the assistant of the handshake host, refuses a disabled one, and stops one disabled while connected', async () => {
    await test.platform.store.servers.create({ name: 'acme' });
    const acme = await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
    await test.platform.store.servers.create({ name: 'gone' });
    const gone = await test.platform.store.assistants.create({ serverName: 'gone', language: 'pt' });
    await test.platform.store.assistants.update(gone.id, { enabled: false });
    test.platform.hosts.invalidate();

    const socket = track(open('v4', url, { transports: ['websocket'], extraHeaders: { host: 'acmept.localhost' } }));
    await connected(socket);
    const byHost = await session(socket);
    const ack = await new Promise((resolve) => socket.emit('user_uttered', { message: 'oi acme', session_id: byHost }, resolve));
    expect(ack).toEqual({ ok: true });
    expect((await userEvents(byHost, acme.id)).map((event) => event['text'])).toEqual(['oi acme']);
    expect(await userEvents(byHost)).toEqual([]);
    // A session id is the assistant's own: acme's is not taken on the default assistant.
    const elsewhere = track(open('v4', url));
    await connected(elsewhere);
    expect(await session(elsewhere, byHost)).not.toBe(byHost);

    const refused = track(open('v4', url, { transports: ['websocket'], extraHeaders: { host: 'gonept.localhost' } }));
    await expect(connected(refused)).rejects.toThrow(/disabled/);

    // Disabled while a socket is connected: its next message is refused and the socket closed.
    await test.platform.store.assistants.update(acme.id, { enabled: false });
    const closed = next(socket, 'disconnect');
    const stopped = await new Promise((resolve) => socket.emit('user_uttered', { message: 'ainda aí?', session_id: byHost }, resolve));
    expect(stopped).toEqual({ ok: false, error: { field: 'message', message: expect.stringMatching(/disabled/) } });
    await closed;
    expect((await userEvents(byHost, acme.id)).map((event) => event['text'])).toEqual(['oi acme']);
  });
});

describe('the socket.io channel and the conversations API', () => {
  it("sends trigger_intent's answer to the session's tabs with output_channel=latest (or socketio)", async () => {
    const socket = track(open('v4', url, { transports: ['websocket'] }));
    await connected(socket);
    const id = await session(socket);
    const first = botMessages(socket, 1);
    socket.emit('user_uttered', { message: 'oi', session_id: id });
    await first;
    const token = await test.platform.apiAccess.rotate(assistant);
    for (const outputChannel of ['latest', 'socketio']) {
      const answer = botMessages(socket, 1);
      const response = await test.app.inject({ method: 'POST', url: `/conversations/${encodeURIComponent(id)}/trigger_intent?output_channel=${outputChannel}&token=${encodeURIComponent(token)}`, payload: { name: 'avaliar_atendimento' } });
      expect(response.statusCode).toBe(200);
      expect(await answer).toEqual([satisfactionQuestion]);
    }
  });
});

describe('the socket.io channel with a JWT key (Rasa jwt_key, HS256)', () => {
  const key = 'a-shared-secret-of-the-customer-site-0123456789';
  const sign = (secret: string, payload: Record<string, unknown> = { user: { username: 'ana', role: 'user' } }) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
  let secured: TestPlatform;
  let securedUrl: string;
  beforeAll(async () => {
    secured = await startTestPlatform();
    await setSocketIoJwtKey(secured.platform, await secured.platform.defaultAssistant(), key);
    await secured.app.listen({ host: '127.0.0.1', port: 0 });
    securedUrl = `http://127.0.0.1:${(secured.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await secured?.close();
  });

  it('refuses a connection without a token, or with one signed by another key', async () => {
    await expect(connected(track(open('v4', securedUrl)))).rejects.toThrow(/JWT is required/);
    await expect(connected(track(open('v4', securedUrl, { auth: { token: await sign('another-key') } })))).rejects.toThrow(/invalid/);
    await expect(connected(track(open('v3', securedUrl, { auth: { token: 'not a jwt' } })))).rejects.toThrow(/invalid/);
    await expect(connected(track(open('v4', securedUrl, { auth: { token: await sign(key, { sub: 'x'.repeat(257) }) } })))).rejects.toThrow(/longer than 256/);
  });

  it('accepts a token signed with the key that names no user, as Rasa does: the session is then one the platform issued', async () => {
    const token = await sign(key, { role: 'user' });
    const socket = track(open('v4', securedUrl, { auth: { token } }));
    await connected(socket);
    const issued = await session(socket);
    expect(issued).toMatch(/^[0-9a-f]{48}$/);
    // A made-up id is replaced by a new issued one, and a message for it refused; the issued id is taken again.
    const replaced = await session(socket, 'ana');
    expect(replaced).toMatch(/^[0-9a-f]{48}$/);
    const refused = await new Promise((resolve) => socket.emit('user_uttered', { message: 'oi', session_id: 'ana' }, resolve));
    expect(refused).toEqual({ ok: false, error: { field: 'session_id', message: expect.stringMatching(/not a session of this client/) } });
    const reload = track(open('v3', securedUrl, { path: '/socket.io/', auth: { token } }));
    await connected(reload);
    expect(await session(reload, issued)).toBe(issued);
    const answer = botMessages(reload, 1);
    reload.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: issued });
    expect(await answer).toEqual([satisfactionQuestion]);
  });

  it("accepts a token signed with the key, with or without \"Bearer \", and binds the session to the JWT's user", async () => {
    const token = await sign(key);
    for (const given of [token, `Bearer ${token}`]) {
      const socket = track(open('v4', securedUrl, { auth: { token: given } }));
      await connected(socket);
      // user.username (Rasa's JWT payload, as the conversations API reads it) is the session, whatever was asked.
      expect(await session(socket)).toBe('ana');
      expect(await session(socket, 'bia')).toBe('ana');
    }
    // The standard `sub` when there is no user.username.
    const bySub = track(open('v4', securedUrl, { auth: { token: await sign(key, { sub: 'carla' }) } }));
    await connected(bySub);
    expect(await session(bySub, null)).toBe('carla');
  });

  it("never lets one user's client read or write another user's conversation", async () => {
    const ana = track(open('v4', securedUrl, { auth: { token: await sign(key, { user: { username: 'ana', role: 'user' } }) } }));
    const bia = track(open('v4', securedUrl, { auth: { token: await sign(key, { sub: 'bia' }) } }));
    await Promise.all([connected(ana), connected(bia)]);
    expect(await session(ana)).toBe('ana');
    expect(await session(bia, 'ana')).toBe('bia');
    const refused = await new Promise((resolve) => bia.emit('user_uttered', { message: 'oi', session_id: 'ana' }, resolve));
    expect(refused).toEqual({ ok: false, error: { field: 'session_id', message: expect.stringMatching(/not a session of this client/) } });
    const biaHeard = heard(bia);
    const answer = botMessages(ana, 1);
    ana.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: 'ana' });
    expect(await answer).toEqual([satisfactionQuestion]);
    const own = botMessages(bia, 1);
    bia.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: 'bia' });
    await own;
    expect(biaHeard()).toBe(1);
    const assistantId = (await secured.platform.defaultAssistant()).id;
    const texts = async (sender: string) =>
      (await secured.platform.store.conversations.events(assistantId, sender)).map((entry) => entry.event as { event: string; text?: string }).filter((event) => event.event === 'user').map((event) => event.text);
    expect(await texts('ana')).toEqual(['quero avaliar o atendimento']);
    expect(await texts('bia')).toEqual(['quero avaliar o atendimento']);
  });
});

describe('the socket.io channel without session persistence (HELPER_SOCKETIO_SESSION_PERSISTENCE=false)', () => {
  let plain: TestPlatform;
  let plainUrl: string;
  beforeAll(async () => {
    plain = await startTestPlatform({ env: { HELPER_SOCKETIO_SESSION_PERSISTENCE: 'false' } });
    await plain.app.listen({ host: '127.0.0.1', port: 0 });
    plainUrl = `http://127.0.0.1:${(plain.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await plain?.close();
  });

  it('uses the socket id as the sender and answers that socket, as Rasa does by default', async () => {
    const socket = track(open('v4', plainUrl));
    await connected(socket);
    expect(await session(socket, 'ignored-for-the-sender')).toMatch(/^[0-9a-f]{48}$/);
    const answer = botMessages(socket, 1);
    socket.emit('user_uttered', { message: 'quero avaliar o atendimento' });
    expect(await answer).toEqual([satisfactionQuestion]);
    const defaultAssistant = await plain.platform.defaultAssistant();
    const events = await plain.platform.store.conversations.events(defaultAssistant.id, socket.id ?? '');
    expect(events.some((entry) => (entry.event as { event: string }).event === 'user')).toBe(true);
  });

  it('greets every connection, each a new conversation, even one that asks for an id it was given', async () => {
    const assistant = await plain.platform.defaultAssistant();
    await plain.platform.store.assistants.updateSettings(assistant.id, { greeting: 'Olá!' });
    plain.platform.hosts.invalidate();
    try {
      const first = track(open('v4', plainUrl));
      await connected(first);
      const firstGreeting = next(first, 'bot_uttered');
      const given = await session(first);
      expect(await firstGreeting).toEqual({ text: 'Olá!' });
      const second = track(open('v4', plainUrl));
      await connected(second);
      const secondGreeting = next(second, 'bot_uttered');
      expect(await session(second, given)).toBe(given);
      expect(await secondGreeting).toEqual({ text: 'Olá!' });
      // The same socket asking again (a client that repeats session_request on reconnection) is
      // the same conversation: greeted once.
      const count = heard(second);
      await session(second, given);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(count()).toBe(0);
      // rasa-webchat's initPayload (`/get_started`, an intent the demo does not have) after the
      // greeting: recorded, not answered with the greeting again.
      const acked = new Promise((resolve) => second.emit('user_uttered', { message: '/get_started' }, resolve));
      expect(await acked).toEqual({ ok: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(count()).toBe(0);
      const events = await plain.platform.store.conversations.events(assistant.id, second.id ?? '');
      expect(events.map((entry) => entry.event).filter((event) => event.event === 'user').at(-1)).toMatchObject({ text: '/get_started', parse_data: { intent: { name: 'start' } } });
    } finally {
      await plain.platform.store.assistants.updateSettings(assistant.id, { greeting: '' });
      plain.platform.hosts.invalidate();
    }
  });
});

describe("the socket.io channel's packets on the wire", () => {
  it("sends exactly Rasa's arguments on /socket.io: session_confirm the bare id, bot_uttered the message, nothing after (python-socketio calls handler(*args))", async () => {
    expect(RASA_SOCKETIO_PATH).toBe('/socket.io');
    const raw = await rawPolling(url, RASA_SOCKETIO_PATH);
    await raw.send('42["session_request",{"session_id":null}]');
    const confirm = await raw.event();
    expect(confirm).toMatch(/^42\["session_confirm","[0-9a-f]{48}"\]$/);
    const sessionId = (JSON.parse(confirm.slice(2)) as string[])[1]!;

    await raw.send(`42${JSON.stringify(['user_uttered', { message: 'quero avaliar o atendimento', session_id: sessionId }])}`);
    expect(JSON.parse((await raw.event()).slice(2))).toEqual(['bot_uttered', satisfactionQuestion]);

    // An answer pushed by the conversations API (the agents' replies path, to this process's sockets).
    const token = await test.platform.apiAccess.rotate(assistant);
    const response = await test.app.inject({ method: 'POST', url: `/conversations/${sessionId}/trigger_intent?output_channel=socketio&token=${encodeURIComponent(token)}`, payload: { name: 'avaliar_atendimento' } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse((await raw.event()).slice(2))).toEqual(['bot_uttered', satisfactionQuestion]);
  });

  it("keeps connection state recovery on the widget's endpoint only: there each emit carries its offset too, and the widget connects there", async () => {
    expect(WIDGET_SOCKET_PATH).toBe(WIDGET_SOCKETIO_PATH);
    const raw = await rawPolling(url, WIDGET_SOCKETIO_PATH);
    await raw.send('42["session_request",{"session_id":null}]');
    const [event, sessionId, offset] = JSON.parse((await raw.event()).slice(2)) as string[];
    expect([event, sessionId]).toEqual(['session_confirm', expect.stringMatching(/^[0-9a-f]{48}$/)]);
    expect(offset).toEqual(expect.any(String));

    // A tab on either endpoint hears the session's answers.
    const rasaTab = track(open('v3', url, { path: '/socket.io/' }));
    await connected(rasaTab);
    expect(await session(rasaTab, sessionId!)).toBe(sessionId);
    const inRasaTab = botMessages(rasaTab, 1);
    await raw.send(`42${JSON.stringify(['user_uttered', { message: 'quero avaliar o atendimento', session_id: sessionId }])}`);
    const [answered, message, answerOffset] = JSON.parse((await raw.event()).slice(2)) as unknown[];
    expect([answered, message]).toEqual(['bot_uttered', satisfactionQuestion]);
    expect(answerOffset).toEqual(expect.any(String));
    expect(await inRasaTab).toEqual([satisfactionQuestion]);
  });
});

describe('the socket.io channel when a client drops for a moment', () => {
  it("gives a socket.io-client 4 on the widget's endpoint its session back on reconnection, with each answer exactly once", async () => {
    const socket = ioV4(url, { path: WIDGET_SOCKETIO_PATH, transports: ['websocket'], reconnectionDelay: 10, reconnectionDelayMax: 20 });
    const answers: unknown[] = [];
    const answered = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (answers.length >= count ? resolve() : setTimeout(check, 10));
        check();
      });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.emit('session_request', { session_id: null });
      const drops = (await new Promise((resolve) => socket.once('session_confirm', resolve))) as string;
      socket.on('bot_uttered', (message: unknown) => answers.push(message));
      socket.emit('user_uttered', { message: 'quero avaliar o atendimento', session_id: drops });
      await answered(1);

      const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => socket.once('connect', () => resolve())));
      socket.emit('user_uttered', { message: 'sim', session_id: drops });
      // The network goes away under the socket (not a disconnect the client asked for).
      socket.io.engine.close();
      await reconnected;
      expect(socket.recovered).toBe(true);
      // Whether the message left before the drop or after the return, it is answered once.
      await answered(2);
      socket.emit('user_uttered', { message: 'me mostra uma imagem', session_id: drops });
      await answered(4);
      expect(answers).toEqual([
        satisfactionQuestion,
        { text: 'Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.' },
        { text: 'Este sou eu, o Helper, seu assistente virtual!' },
        { attachment: { type: 'image', payload: { src: expect.any(String) } } },
      ]);
      expect((await userEvents(drops)).map((event) => event['text'])).toEqual(['quero avaliar o atendimento', 'sim', 'me mostra uma imagem']);
    } finally {
      socket.close();
    }
  });
});
