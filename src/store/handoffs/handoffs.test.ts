import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';
import type { Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';
import { storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: human handoffs', (variant) => {
  const opened: Store[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await variant.cleanup();
  });

  /** Two stores on one database: two app processes. */
  async function twoProcesses(): Promise<{ first: Store; second: Store; assistantId: number }> {
    const location = await variant.location();
    const first = await createStore(location);
    const second = await createStore(location);
    opened.push(first, second);
    await first.servers.create({ name: 'acme' });
    const assistant = await first.assistants.create({ serverName: 'acme', language: 'pt' });
    return { first, second, assistantId: assistant.id };
  }

  it('keeps one open handoff per conversation, even when two processes open it at once', async () => {
    const { first, second, assistantId } = await twoProcesses();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? first : second).handoffs.open({ assistantId, senderId: 'maria', channel: 'socketio', reason: 'skill', detail: 'humano', now: 100 + index }),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.handoff.id)).size).toBe(1);
    const open = await first.handoffs.current(assistantId, 'maria');
    expect(open).toMatchObject({ status: 'waiting', reason: 'skill', detail: 'humano', channel: 'socketio', agentLogin: null, unread: 0, outsideHours: false });
    // Resolved, the conversation may be handed off again.
    expect(await first.handoffs.resolve(open!.id, 'ana', 200)).toMatchObject({ status: 'resolved', resolvedBy: 'ana', resolvedAt: 200 });
    expect(await first.handoffs.resolve(open!.id, 'ana', 201)).toBeUndefined();
    const again = await second.handoffs.open({ assistantId, senderId: 'maria', channel: 'rest', reason: 'fallbacks', now: 300 });
    expect(again.created).toBe(true);
    expect(again.handoff.id).not.toBe(open!.id);
  });

  it("counts a user's message on the conversation's open handoff only, never on its resolved ones", async () => {
    const { first, second, assistantId } = await twoProcesses();
    const resolved: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const { handoff } = await first.handoffs.open({ assistantId, senderId: 'rita', channel: 'rest', reason: 'skill', now: round });
      await first.handoffs.resolve(handoff.id, 'ana', round + 0.5);
      resolved.push(handoff.id);
    }
    expect(await second.handoffs.userMessage(assistantId, 'rita', 'rest', 10)).toBeUndefined();
    const { handoff: open } = await second.handoffs.open({ assistantId, senderId: 'rita', channel: 'rest', reason: 'agent', now: 11 });
    // Both processes, both concurrently with a Kysely query: the same row counts each message once.
    await Promise.all([first.handoffs.userMessage(assistantId, 'rita', 'socketio', 12), second.handoffs.list([assistantId]), second.handoffs.userMessage(assistantId, 'rita', 'socketio', 13)]);
    expect(await first.handoffs.get(open.id)).toMatchObject({ unread: 2, lastUserMessageAt: 13, channel: 'socketio', status: 'waiting' });
    for (const id of resolved) expect(await first.handoffs.get(id)).toMatchObject({ unread: 0, status: 'resolved', channel: 'rest' });
  });

  it('gives a waiting handoff to exactly one of the agents who take it at once (atomic claim)', async () => {
    const { first, second, assistantId } = await twoProcesses();
    for (let round = 0; round < 5; round += 1) {
      const { handoff } = await first.handoffs.open({ assistantId, senderId: `user-${round}`, channel: 'facebook', reason: 'skill', now: round });
      const agents = ['ana', 'bruno', 'carla', 'davi'];
      const takes = await Promise.all(agents.map((agent, index) => (index % 2 === 0 ? first : second).handoffs.take(handoff.id, agent, 10 + round)));
      const winners = takes.filter((taken) => taken !== undefined);
      expect(winners).toHaveLength(1);
      const stored = await second.handoffs.get(handoff.id);
      expect(stored).toMatchObject({ status: 'taken', agentLogin: winners[0]!.agentLogin, takenAt: 10 + round });
    }
  });

  it('transfers, counts unread messages, lists by status and agent, keeps notes', async () => {
    const { first: store, assistantId } = await twoProcesses();
    const { handoff } = await store.handoffs.open({ assistantId, senderId: 'joao', channel: 'rest', reason: 'agent', agent: 'ana', now: 1 });
    expect(handoff).toMatchObject({ status: 'taken', agentLogin: 'ana', takenAt: 1 });
    const { handoff: waiting } = await store.handoffs.open({ assistantId, senderId: 'lia', channel: 'telegram', reason: 'fallbacks', outsideHours: true, now: 2 });
    expect(waiting.outsideHours).toBe(true);
    // Only from its holder when `from` is given.
    expect(await store.handoffs.transfer(handoff.id, 'bruno', 3, 'carla')).toBeUndefined();
    expect(await store.handoffs.transfer(handoff.id, 'bruno', 3, 'ana')).toMatchObject({ agentLogin: 'bruno' });
    expect(await store.handoffs.transfer(waiting.id, 'bruno', 3)).toBeUndefined();

    await store.handoffs.userMessage(assistantId, 'joao', 'socketio', 4);
    const unread = await store.handoffs.userMessage(assistantId, 'joao', 'socketio', 5);
    expect(unread).toMatchObject({ unread: 2, lastUserMessageAt: 5, channel: 'socketio' });
    // A message no channel brought (the conversations API's trigger_intent in a conversation without one) keeps the handoff's channel.
    expect(await store.handoffs.userMessage(assistantId, 'joao', null, 6)).toMatchObject({ unread: 3, lastUserMessageAt: 6, channel: 'socketio' });
    expect(await store.handoffs.userMessage(assistantId, 'nobody', 'rest', 5)).toBeUndefined();
    await store.handoffs.markRead(handoff.id);
    expect((await store.handoffs.get(handoff.id))?.unread).toBe(0);

    expect((await store.handoffs.list([assistantId])).map((item) => item.senderId)).toEqual(['joao', 'lia']);
    expect((await store.handoffs.list([assistantId], { status: 'waiting' })).map((item) => item.senderId)).toEqual(['lia']);
    expect((await store.handoffs.list([assistantId], { agent: 'bruno' })).map((item) => item.senderId)).toEqual(['joao']);
    expect(await store.handoffs.list([])).toEqual([]);

    await store.handoffs.addNote({ handoffId: handoff.id, author: 'ana', text: 'cliente VIP', now: 6 });
    await store.handoffs.addNote({ handoffId: handoff.id, author: 'bruno', text: 'ligar amanhã', now: 7 });
    expect((await store.handoffs.notes(handoff.id)).map((note) => [note.author, note.text])).toEqual([
      ['ana', 'cliente VIP'],
      ['bruno', 'ligar amanhã'],
    ]);
    await expect(store.handoffs.addNote({ handoffId: 999_999, author: 'ana', text: 'x', now: 8 })).rejects.toBeInstanceOf(StoreNotFoundError);
  });
});
