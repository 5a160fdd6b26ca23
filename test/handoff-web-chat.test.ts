// An agent's reply (human handoff) to a web chat user: pushed at once to the session's connected
// tabs (`delivery: sent`), else kept in the store and emitted when the session is joined again
// (`delivery: next_answer`) — on Rasa's /socket.io and on our widget's /widget/socket.io — exactly
// once, in order; a reply a tab received is not emitted again when the session is joined later;
// a process dying mid-delivery loses none (emitted before deleted, under a claim that ends); and
// with two app processes (PostgreSQL, Redis) a tab on the other process counts as connected.
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_KEPT_REPLIES, RASA_SOCKETIO_PATH, WIDGET_SOCKETIO_PATH } from '../src/channels/socketio/socketio-channel.js';
import type { AssistantRecord } from '../src/store/store.js';
import { storeVariants } from '../src/store/test-stores.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { joinSession as join, openWebChatTab, type WebChatTab } from './helpers/web-chat-tab.js';

let test: TestPlatform;
let url: string;
let demo: AssistantRecord;
const sockets: Socket[] = [];

beforeAll(async () => {
  test = await startTestPlatform({ demo: 'pt' });
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
  demo = await test.platform.defaultAssistant();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await test?.close();
});

/** A connected tab of `path` (closed after the tests). */
async function client(path: string, at = url): Promise<WebChatTab> {
  const tab = await openWebChatTab(at, path);
  sockets.push(tab.socket);
  return tab;
}

/** Waits until the server no longer counts the socket in its session's room. */
async function closed(socket: Socket): Promise<void> {
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

describe("the agents' replies kept for a web chat session", () => {
  it(`are at most ${MAX_KEPT_REPLIES}: one more is refused (delivery failed, in the tracker), and they come back in order`, async () => {
    const first = await client(RASA_SOCKETIO_PATH);
    const sid = await join(first.socket, null);
    first.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
    await expect.poll(() => first.texts.length, { timeout: 10_000 }).toBe(2);
    await closed(first.socket);
    for (let index = 1; index <= MAX_KEPT_REPLIES; index += 1) expect((await test.platform.handoffs.reply(demo, sid, `resposta ${index}`, 'ana')).delivery).toBe('next_answer');
    // The agent is told why (the admin API's problem.params.reason): the session's kept replies are full.
    expect(await test.platform.handoffs.reply(demo, sid, 'uma a mais', 'ana')).toMatchObject({ delivery: 'failed', reason: 'kept_full' });
    const back = await client(RASA_SOCKETIO_PATH);
    await join(back.socket, sid);
    await expect.poll(() => back.texts.length, { timeout: 5_000 }).toBe(MAX_KEPT_REPLIES);
    expect(back.texts).toEqual(Array.from({ length: MAX_KEPT_REPLIES }, (_, index) => `resposta ${index + 1}`));
  }, 30_000);
});

/** A web chat session handed off to an agent, its tab closed: the agents' replies to it are kept. */
async function handedOffSession(): Promise<string> {
  const first = await client(RASA_SOCKETIO_PATH);
  const sid = await join(first.socket, null);
  first.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
  await expect.poll(() => first.texts.length, { timeout: 10_000 }).toBe(2);
  await closed(first.socket);
  return sid;
}

describe('what the platform sends on its own to a web chat session (proactive: output_channel, reminders)', () => {
  it('is never kept: past the cap every send is answered 200, nothing waits, and an agent reply is still kept', async () => {
    // A session that is not handed off (a paused one answers nothing), its tab closed.
    const first = await client(RASA_SOCKETIO_PATH);
    const sid = await join(first.socket, null);
    await closed(first.socket);
    const token = await test.platform.apiAccess.rotate(demo);
    const statuses: number[] = [];
    for (let index = 0; index < MAX_KEPT_REPLIES + 2; index += 1) {
      const answer = await test.app.inject({ method: 'POST', url: `/conversations/${sid}/trigger_intent?output_channel=socketio&token=${encodeURIComponent(token)}`, payload: { name: 'avaliar_atendimento' } });
      statuses.push(answer.statusCode);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await test.platform.store.outbox.pending('socketio', demo.id, sid)).toEqual([]);
    // Then handed off, its tab closed: an agent's reply is kept, and is all the returning tab hears.
    const tab = await client(RASA_SOCKETIO_PATH);
    await join(tab.socket, sid);
    tab.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
    await expect.poll(() => tab.texts.length, { timeout: 10_000 }).toBe(2);
    await closed(tab.socket);
    expect((await test.platform.handoffs.reply(demo, sid, 'Ainda está aí?', 'ana')).delivery).toBe('next_answer');
    const back = await client(RASA_SOCKETIO_PATH);
    await join(back.socket, sid);
    await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(['Ainda está aí?']);
  }, 60_000);

  it('reaches a connected tab of the session', async () => {
    const tab = await client(WIDGET_SOCKETIO_PATH);
    const sid = await join(tab.socket, null);
    const token = await test.platform.apiAccess.rotate(demo);
    const answer = await test.app.inject({ method: 'POST', url: `/conversations/${sid}/trigger_intent?output_channel=socketio&token=${encodeURIComponent(token)}`, payload: { name: 'avaliar_atendimento' } });
    expect(answer.statusCode).toBe(200);
    await expect.poll(() => tab.texts.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await test.platform.store.outbox.pending('socketio', demo.id, sid)).toEqual([]);
  });
});

describe("the agents' replies kept for a web chat session, joined by overlapping deliveries", () => {
  it('are emitted once each, in order, when session_request and user_uttered come back to back', async () => {
    const sid = await handedOffSession();
    for (let index = 1; index <= 5; index += 1) expect((await test.platform.handoffs.reply(demo, sid, `r${index}`, 'ana')).delivery).toBe('next_answer');
    // A slow store (PostgreSQL under load): the first delivery is still deleting when the second claims.
    const outbox = test.platform.store.outbox;
    const realDelete = outbox.delete.bind(outbox);
    outbox.delete = async (id) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return realDelete(id);
    };
    try {
      const back = await client(RASA_SOCKETIO_PATH);
      await join(back.socket, sid);
      back.socket.emit('user_uttered', { message: 'voltei', session_id: sid });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(back.texts.filter((text) => /^r\d$/.test(text))).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    } finally {
      outbox.delete = realDelete;
    }
  }, 30_000);

  it('are emitted once each when two tabs of the session join at once', async () => {
    const sid = await handedOffSession();
    for (let index = 1; index <= 5; index += 1) expect((await test.platform.handoffs.reply(demo, sid, `r${index}`, 'ana')).delivery).toBe('next_answer');
    const [a, b] = [await client(RASA_SOCKETIO_PATH), await client(WIDGET_SOCKETIO_PATH)];
    await Promise.all([join(a.socket, sid), join(b.socket, sid)]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // A tab whose join comes after the emits misses them (they went to the room before it was in it):
    // each tab hears each reply at most once, in order, and the first to join hears them all.
    const all = ['r1', 'r2', 'r3', 'r4', 'r5'];
    for (const tab of [a, b]) expect(all.filter((text) => tab.texts.includes(text))).toEqual(tab.texts);
    expect([a.texts, b.texts]).toContainEqual(all);
  }, 30_000);
});

// A process may die (kill -9) at any point of a delivery. A reply is emitted before its row is
// deleted, under a claim that ends by itself: whatever the point, the reply reaches the session —
// once, or twice when the process died between the emit and the delete — and is never lost.
describe.each(['sqlite', 'postgres'] as const)("the agents' replies kept for a web chat session, a process dying mid-delivery (%s)", (store) => {
  let platform: TestPlatform;
  let at: string;
  let assistant: AssistantRecord;
  beforeAll(async () => {
    // Short claims and sweeps, so that a dead process's claim ends within the test.
    platform = await startTestPlatform({ postgres: store === 'postgres', demo: 'pt', env: { HELPER_OUTBOX_CLAIM_MS: '1500', HELPER_OUTBOX_POLL_MS: '200' } });
    await platform.app.listen({ host: '127.0.0.1', port: 0 });
    at = `http://127.0.0.1:${(platform.app.server.address() as AddressInfo).port}`;
    assistant = await platform.platform.defaultAssistant();
  });
  afterAll(() => platform?.close());

  async function keptReply(text: string): Promise<string> {
    const first = await client(RASA_SOCKETIO_PATH, at);
    const sid = await join(first.socket, null);
    first.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
    await expect.poll(() => first.texts.length, { timeout: 10_000 }).toBe(2);
    await closed(first.socket);
    expect((await platform.platform.handoffs.reply(assistant, sid, text, 'ana')).delivery).toBe('next_answer');
    return sid;
  }

  it('are emitted before their rows are deleted: a process that dies right after the delete has lost none', async () => {
    const sid = await keptReply('Voltou? Aqui é a Ana.');
    // The process "dies" the moment its delete is done: nothing it would do after it ever happens.
    const outbox = platform.platform.store.outbox;
    const realDelete = outbox.delete.bind(outbox);
    let revive = (): void => undefined;
    const dead = new Promise<void>((resolve) => (revive = resolve));
    // This session's row only: the same process's sweep may delete it again (it was emitted and its
    // delete never returned), and other rows are none of this test's business.
    const [row] = await outbox.pending('socketio', assistant.id, sid);
    expect(row).toBeDefined();
    const deleted = new Set<number>();
    outbox.delete = async (id) => {
      const removed = await realDelete(id);
      if (id !== row?.id) return removed;
      deleted.add(id);
      await dead;
      return removed;
    };
    try {
      const back = await client(RASA_SOCKETIO_PATH, at);
      await join(back.socket, sid);
      await expect.poll(() => deleted.size, { timeout: 5_000 }).toBe(1);
      await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(['Voltou? Aqui é a Ana.']);
      expect(await outbox.pending('socketio', assistant.id, sid)).toEqual([]);
    } finally {
      outbox.delete = realDelete;
      revive();
    }
  }, 30_000);

  it('emitted but not deleted (the store failed the delete), are deleted by the next delivery, not emitted again', async () => {
    const sid = await keptReply('uma vez só');
    const outbox = platform.platform.store.outbox;
    const realDelete = outbox.delete.bind(outbox);
    // The store fails this session's row's deletes until the test has seen the row still there
    // (the sweep, every 200 ms, would otherwise delete it first).
    const [row] = await outbox.pending('socketio', assistant.id, sid);
    expect(row).toBeDefined();
    let away = true;
    outbox.delete = async (id) => {
      if (away && id === row?.id) throw new Error('the store is away for a moment');
      return realDelete(id);
    };
    try {
      const back = await client(RASA_SOCKETIO_PATH, at);
      await join(back.socket, sid);
      await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(['uma vez só']);
      expect(await outbox.pending('socketio', assistant.id, sid)).toHaveLength(1);
      away = false;
      // The next delivery (this message's, and the sweep's) only deletes it.
      back.socket.emit('user_uttered', { message: 'recebi', session_id: sid });
      await expect.poll(() => outbox.pending('socketio', assistant.id, sid), { timeout: 5_000 }).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(back.texts.filter((text) => text === 'uma vez só')).toEqual(['uma vez só']);
    } finally {
      outbox.delete = realDelete;
    }
  }, 30_000);

  it('emitted but not deleted (the store failed the delete), are deleted by the sweep once the tab has gone, not emitted again', async () => {
    const sid = await keptReply('entregue, não apagada');
    const outbox = platform.platform.store.outbox;
    const realDelete = outbox.delete.bind(outbox);
    // The store fails every delete until the tab has gone.
    const [row] = await outbox.pending('socketio', assistant.id, sid);
    expect(row).toBeDefined();
    let away = true;
    outbox.delete = async (id) => {
      if (away && id === row?.id) throw new Error('the store is away for a moment');
      return realDelete(id);
    };
    try {
      const back = await client(RASA_SOCKETIO_PATH, at);
      await join(back.socket, sid);
      await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(['entregue, não apagada']);
      await closed(back.socket);
      away = false;
      // No tab of the session anywhere: the sweep still deletes what this process emitted.
      await expect.poll(() => outbox.pending('socketio', assistant.id, sid), { timeout: 5_000 }).toEqual([]);
      const again = await client(RASA_SOCKETIO_PATH, at);
      await join(again.socket, sid);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(again.texts).toEqual([]);
    } finally {
      outbox.delete = realDelete;
    }
  }, 30_000);

  it('claimed by a process that died before deleting them, are emitted again once its claim ends, once, in order', async () => {
    const sid = await keptReply('primeira');
    expect((await platform.platform.handoffs.reply(assistant, sid, 'segunda', 'ana')).delivery).toBe('next_answer');
    // What a crash leaves: the session's rows claimed by a process that is gone (emitted or not).
    const now = Date.now() / 1000;
    const outbox = platform.platform.store.outbox;
    expect(await outbox.claim('socketio', assistant.id, sid, { claimant: 'a-process-killed', limit: 50, now, until: now + 2 })).toHaveLength(2);
    const back = await client(RASA_SOCKETIO_PATH, at);
    await join(back.socket, sid);
    // Held by the dead process's claim for now: nobody emits them.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(back.texts).toEqual([]);
    // Its claim ends: the sweep finds the session's tab here and emits them.
    await expect.poll(() => back.texts, { timeout: 10_000 }).toEqual(['primeira', 'segunda']);
    back.socket.emit('user_uttered', { message: 'recebi', session_id: sid });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(back.texts.filter((text) => text === 'primeira' || text === 'segunda')).toEqual(['primeira', 'segunda']);
    expect(await outbox.pending('socketio', assistant.id, sid)).toEqual([]);
  }, 30_000);
});

describe("the agents' replies kept for a web chat session, with the Redis adapter", () => {
  const postgres = storeVariants().find((variant) => variant.name === 'postgres')!;
  afterAll(() => postgres.cleanup());

  it('are emitted, then deleted after one PING per adapter connection for them all (not one per reply)', async () => {
    const location = await postgres.location();
    const env = { DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const one = await startTestPlatform({ env, dataDir: location.dataDir, demo: 'pt' });
    const pings = vi.spyOn(Redis.prototype, 'ping');
    try {
      const address = await one.app.listen({ host: '127.0.0.1', port: 0 });
      const assistant = await one.platform.defaultAssistant();
      const first = await client(RASA_SOCKETIO_PATH, address);
      const sid = await join(first.socket, null);
      first.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
      await expect.poll(() => first.texts.length, { timeout: 10_000 }).toBe(2);
      await closed(first.socket);
      const replies = ['uma', 'duas', 'três', 'quatro'];
      for (const text of replies) expect((await one.platform.handoffs.reply(assistant, sid, text, 'ana')).delivery).toBe('next_answer');
      pings.mockClear();
      const back = await client(RASA_SOCKETIO_PATH, address);
      await join(back.socket, sid);
      await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(replies);
      await expect.poll(() => one.platform.store.outbox.pending('socketio', assistant.id, sid), { timeout: 5_000 }).toEqual([]);
      // Both endpoints' adapters (Rasa's and the widget's), each its own connection: a PING each.
      expect(pings).toHaveBeenCalledTimes(2);
    } finally {
      pings.mockRestore();
      for (const socket of sockets) socket.close();
      await one.close();
    }
  }, 60_000);
});

describe("an agent's reply to a web chat user across two app processes (PostgreSQL and Redis)", () => {
  const postgres = storeVariants().find((variant) => variant.name === 'postgres')!;
  afterAll(() => postgres.cleanup());

  it('reaches the tab on the other process once (sent); kept when no tab is connected anywhere', async () => {
    const location = await postgres.location();
    const env = { DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const one = await startTestPlatform({ env, dataDir: location.dataDir, demo: 'pt' });
    const two = await startTestPlatform({ env, dataDir: location.dataDir, demo: false });
    try {
      const address = await two.app.listen({ host: '127.0.0.1', port: 0 });
      await one.app.listen({ host: '127.0.0.1', port: 0 });
      const assistant = await one.platform.defaultAssistant();
      const connect = () => client(RASA_SOCKETIO_PATH, address);
      const tab = await connect();
      const sid = await join(tab.socket, null);
      tab.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
      await expect.poll(() => tab.texts.length, { timeout: 10_000 }).toBe(2);
      // The adapters of both processes know each other (their heartbeats) before process one asks where the tabs are.
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      expect((await one.platform.handoffs.reply(assistant, sid, 'Olá do outro processo', 'ana')).delivery).toBe('sent');
      await expect.poll(() => tab.texts, { timeout: 5_000 }).toEqual([expect.any(String), expect.any(String), 'Olá do outro processo']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(tab.texts).toHaveLength(3);

      await closed(tab.socket);
      expect((await one.platform.handoffs.reply(assistant, sid, 'Fica para quando voltar', 'ana')).delivery).toBe('next_answer');
      const back = await connect();
      expect(await join(back.socket, sid)).toBe(sid);
      await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(['Fica para quando voltar']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(back.texts).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.close();
      await two.close();
      await one.close();
    }
  }, 60_000);
});
