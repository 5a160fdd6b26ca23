// An agent's reply (human handoff) to a web chat user: pushed at once to the session's connected
// tabs (`delivery: sent`), else kept in the store and emitted when the session is joined again
// (`delivery: next_answer`) — on Rasa's /socket.io and on our widget's /widget/socket.io — exactly
// once, in order; a reply a tab received is not emitted again when the session is joined later.
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RASA_SOCKETIO_PATH, WIDGET_SOCKETIO_PATH } from '../src/channels/socketio/socketio-channel.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
let url: string;
let demo: AssistantRecord;
const sockets: Array<ReturnType<typeof io>> = [];

beforeAll(async () => {
  test = await startTestPlatform();
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
  demo = await test.platform.defaultAssistant();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await test?.close();
});

/** A connected client of `path` that records every bot_uttered text. */
async function client(path: string): Promise<{ socket: ReturnType<typeof io>; texts: string[] }> {
  const socket = io(url, { path, reconnection: false, forceNew: true, transports: ['websocket'] });
  sockets.push(socket);
  const texts: string[] = [];
  socket.on('bot_uttered', (message: { text?: string }) => texts.push(message.text ?? ''));
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });
  return { socket, texts };
}

async function join(socket: ReturnType<typeof io>, requested: string | null): Promise<string> {
  const confirmed = new Promise<string>((resolve) => socket.once('session_confirm', (id: string) => resolve(id)));
  socket.emit('session_request', { session_id: requested });
  return confirmed;
}

/** Waits until the server no longer counts the socket in its session's room. */
async function closed(socket: ReturnType<typeof io>): Promise<void> {
  socket.close();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe.each([RASA_SOCKETIO_PATH, WIDGET_SOCKETIO_PATH])("an agent's reply to a web chat user (%s)", (path) => {
  it('is kept while no tab is connected and emitted once when the session is joined again', async () => {
    const first = await client(path);
    const sid = await join(first.socket, null);
    first.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
    await expect.poll(() => first.texts.length, { timeout: 10_000 }).toBe(2);
    await closed(first.socket);

    const kept = await test.platform.handoffs.reply(demo, sid, 'Oi, sou a Ana. Ainda precisa de ajuda?', 'ana');
    expect(kept.delivery).toBe('next_answer');
    expect((await test.platform.handoffs.tell(demo, sid, 'Chamado 4521 aberto.', '4biz'))).toBe('next_answer');

    const back = await client(path);
    expect(await join(back.socket, sid)).toBe(sid);
    await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(['Oi, sou a Ana. Ainda precisa de ajuda?', 'Chamado 4521 aberto.']);

    // Connected: pushed at once, and not again to a tab that joins later.
    const live = await test.platform.handoffs.reply(demo, sid, 'Pode me mandar o número do pedido?', 'ana');
    expect(live.delivery).toBe('sent');
    await expect.poll(() => back.texts.length, { timeout: 5_000 }).toBe(3);
    back.socket.emit('user_uttered', { message: 'voltei', session_id: sid });
    await closed(back.socket);

    const later = await client(path);
    expect(await join(later.socket, sid)).toBe(sid);
    later.socket.emit('user_uttered', { message: 'oi de novo', session_id: sid });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(later.texts).toEqual([]);
    expect(await test.platform.store.outbox.pending('socketio', demo.id, sid)).toEqual([]);
  });
});
