import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: pending inbound messages', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  const item = (sender: string, n: number) => ({ assistantId: assistant.id, channel: 'facebook', sender, turn: { sender, text: `mensagem ${n}`, messageId: `m${n}` } });

  it('keeps messages claimed by the process that stored them until deleted; another takes them over only once the claim ended', async () => {
    const ids = await store.inbound.add([item('u1', 1), item('u2', 2), item('u1', 3)], 'a', 100);
    expect(ids).toHaveLength(3);
    expect(ids[0]!).toBeLessThan(ids[1]!);
    expect(ids[1]!).toBeLessThan(ids[2]!);
    expect(await store.inbound.add([], 'a', 100)).toEqual([]);
    // Still held by a: nothing to take over.
    expect(await store.inbound.claim('facebook', { claimant: 'b', limit: 10, now: 99, until: 200 })).toEqual([]);
    // a renews what it still holds; then deletes a recorded one.
    expect(await store.inbound.renew(ids, 'a', 150)).toBe(3);
    expect(await store.inbound.renew(ids, 'b', 150)).toBe(0);
    await store.inbound.delete([ids[1]!]);
    expect(await store.inbound.backlog()).toEqual([{ channel: 'facebook', pending: 2, oldestAt: expect.any(Number) as number }]);
    // a stopped renewing: b takes over the rest, oldest first, counting an attempt; c finds none.
    const taken = await store.inbound.claim('facebook', { claimant: 'b', limit: 10, now: 151, until: 300 });
    expect(taken.map((row) => [row.id, row.sender, row.turn, row.attempts])).toEqual([
      [ids[0], 'u1', { sender: 'u1', text: 'mensagem 1', messageId: 'm1' }, 1],
      [ids[2], 'u1', { sender: 'u1', text: 'mensagem 3', messageId: 'm3' }, 1],
    ]);
    expect(taken[0]).toMatchObject({ assistantId: assistant.id, channel: 'facebook' });
    expect(await store.inbound.claim('facebook', { claimant: 'c', limit: 10, now: 151, until: 300 })).toEqual([]);
    expect(await store.inbound.claim('other', { claimant: 'c', limit: 10, now: 1000, until: 1100 })).toEqual([]);
    // The limit takes the oldest; a second take-over counts a second attempt.
    expect((await store.inbound.claim('facebook', { claimant: 'c', limit: 1, now: 301, until: 400 })).map((row) => [row.id, row.attempts])).toEqual([[ids[0], 2]]);
    await store.inbound.delete([ids[0]!, ids[2]!]);
    await store.inbound.delete([ids[0]!]);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it('lets a turn take over its conversation\'s earlier messages, whoever holds them', async () => {
    const [a1, b1] = await store.inbound.add([item('u1', 1), item('u2', 2)], 'a', 1e12);
    const [c1] = await store.inbound.add([item('u1', 3)], 'c', 1e12);
    const [a2] = await store.inbound.add([item('u1', 4)], 'a', 1e12);
    // Before c's message 3: u1's message 1 (held by a); not 3 itself, not 4, not u2's.
    expect((await store.inbound.takeEarlier('facebook', assistant.id, 'u1', { claimant: 'c', until: 500, before: c1! })).map((row) => [row.id, row.attempts])).toEqual([[a1, 1]]);
    // Without `before`: every one of u1's, whoever holds it (1 now held by c), in order.
    expect((await store.inbound.takeEarlier('facebook', assistant.id, 'u1', { claimant: 'c', until: 500 })).map((row) => [row.id, row.attempts])).toEqual([
      [a1, 2],
      [c1, 1],
      [a2, 1],
    ]);
    expect(await store.inbound.takeEarlier('telegram', assistant.id, 'u2', { claimant: 'd', until: 500 })).toEqual([]);
    expect((await store.inbound.takeEarlier('facebook', assistant.id, 'u2', { claimant: 'd', until: 500 })).map((row) => row.id)).toEqual([b1]);
    await store.inbound.delete([a1!, b1!, c1!, a2!]);
    expect(await store.inbound.takeEarlier('facebook', assistant.id, 'u1', { claimant: 'd', until: 500 })).toEqual([]);
  });

  it('refuses an unknown assistant, adding nothing', async () => {
    await expect(store.inbound.add([item('u1', 1), { ...item('u1', 2), assistantId: 987654 }], 'a', 100)).rejects.toBeInstanceOf(StoreNotFoundError);
    expect(await store.inbound.backlog()).toEqual([]);
  });
});
