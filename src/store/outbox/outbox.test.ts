import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';
import type { AssistantRecord, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: outbox', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('keeps pending sends per channel, assistant and recipient, in insertion order, until deleted', async () => {
    const other = await store.assistants.create({ serverName: 'acme', language: 'en' });
    const first = await store.outbox.add([
      { assistantId: assistant.id, channel: 'facebook', recipient: 'u1', payload: { n: 1, text: 'olá, é você?' } },
      { assistantId: assistant.id, channel: 'facebook', recipient: 'u2', payload: { n: 2 } },
      { assistantId: assistant.id, channel: 'facebook', recipient: 'u1', payload: { n: 3 } },
    ]);
    await store.outbox.add([
      { assistantId: other.id, channel: 'facebook', recipient: 'u1', payload: { n: 4 } },
      { assistantId: assistant.id, channel: 'other', recipient: 'u1', payload: { n: 5 } },
    ]);
    expect(await store.outbox.add([])).toEqual([]);
    expect(first.map((item) => item.payload)).toEqual([{ n: 1, text: 'olá, é você?' }, { n: 2 }, { n: 3 }]);
    expect(first[0]!.id).toBeLessThan(first[1]!.id);
    expect(first[1]!.id).toBeLessThan(first[2]!.id);
    expect(typeof first[0]!.id).toBe('number');
    const pending = await store.outbox.pending('facebook', assistant.id, 'u1');
    expect(pending.map((item) => item.payload)).toEqual([{ n: 1, text: 'olá, é você?' }, { n: 3 }]);
    expect(pending[0]).toMatchObject({ assistantId: assistant.id, channel: 'facebook', recipient: 'u1' });
    expect(await store.outbox.recipients('facebook')).toEqual([
      { assistantId: assistant.id, recipient: 'u1' },
      { assistantId: assistant.id, recipient: 'u2' },
      { assistantId: other.id, recipient: 'u1' },
    ]);
    expect(await store.outbox.delete(first[0]!.id)).toBe(true);
    expect(await store.outbox.delete(first[0]!.id)).toBe(false);
    expect((await store.outbox.pending('facebook', assistant.id, 'u1')).map((item) => item.payload)).toEqual([{ n: 3 }]);
    await store.outbox.delete(first[1]!.id);
    expect(await store.outbox.recipients('facebook')).toEqual([
      { assistantId: assistant.id, recipient: 'u1' },
      { assistantId: other.id, recipient: 'u1' },
    ]);
  });

  it('refuses an unknown assistant, adding nothing', async () => {
    await expect(
      store.outbox.add([
        { assistantId: assistant.id, channel: 'facebook', recipient: 'u1', payload: {} },
        { assistantId: 987654, channel: 'facebook', recipient: 'u1', payload: {} },
      ]),
    ).rejects.toBeInstanceOf(StoreNotFoundError);
    expect(await store.outbox.recipients('facebook')).toEqual([]);
  });

  it('keeps pending sends across a reopen', async () => {
    const location = await variant.location();
    const first = await createStore(location);
    const server = await first.servers.create({ name: 'reopen' });
    const created = await first.assistants.create({ serverName: server.name, language: 'pt' });
    await first.outbox.add([{ assistantId: created.id, channel: 'facebook', recipient: 'u9', payload: { text: 'depois' } }]);
    await first.close();
    const second = await createStore(location);
    try {
      expect((await second.outbox.pending('facebook', created.id, 'u9')).map((item) => item.payload)).toEqual([{ text: 'depois' }]);
    } finally {
      await second.close();
    }
  });

  describe('claims', () => {
    const now = 1_000;
    const texts = (items: Array<{ payload: unknown }>) => items.map((item) => (item.payload as { t: string }).t);
    async function stored(recipient: string, ...items: string[]) {
      return store.outbox.add(items.map((t) => ({ assistantId: assistant.id, channel: 'facebook', recipient, payload: { t } })));
    }

    it('claims a few of the oldest items; nobody else claims the recipient until the claim ends or is released', async () => {
      await stored('u1', 'a', 'b', 'c');
      await stored('u2', 'x');
      const one = await store.outbox.claim('facebook', assistant.id, 'u1', { claimant: 'one', limit: 2, now, until: now + 10 });
      expect(texts(one)).toEqual(['a', 'b']);
      expect(one[0]).toMatchObject({ claimedBy: 'one', claimedUntil: now + 10 });
      // The oldest is held: another sender gets nothing, not even the unclaimed 'c' (order holds).
      expect(await store.outbox.claim('facebook', assistant.id, 'u1', { claimant: 'two', limit: 2, now: now + 5, until: now + 15 })).toEqual([]);
      // Other recipients are free; and a sweep asks only for those with an item it could take.
      expect(texts(await store.outbox.claim('facebook', assistant.id, 'u2', { claimant: 'two', limit: 2, now: now + 5, until: now + 15 }))).toEqual(['x']);
      expect(await store.outbox.recipients('facebook', now + 5)).toEqual([{ assistantId: assistant.id, recipient: 'u1' }]);
      // 'a' sent and marked done; the claim on 'b' ends (its holder crashed): another takes it, then 'c'.
      await store.outbox.delete(one[0]!.id);
      const two = await store.outbox.claim('facebook', assistant.id, 'u1', { claimant: 'two', limit: 4, now: now + 10, until: now + 20 });
      expect(texts(two)).toEqual(['b', 'c']);
      // The old holder can neither renew nor release what it lost.
      expect(await store.outbox.renew([one[1]!.id], 'one', now + 30)).toBe(0);
      await store.outbox.release([one[1]!.id], 'one');
      expect((await store.outbox.pending('facebook', assistant.id, 'u1')).map((item) => item.claimedBy)).toEqual(['two', 'two']);
      expect(await store.outbox.renew(two.map((item) => item.id), 'two', now + 30)).toBe(2);
      // Released: any sender may take them at once.
      await store.outbox.release(two.map((item) => item.id), 'two');
      expect((await store.outbox.pending('facebook', assistant.id, 'u1')).map((item) => [item.claimedBy, item.claimedUntil])).toEqual([[null, null], [null, null]]);
      expect(texts(await store.outbox.claim('facebook', assistant.id, 'u1', { claimant: 'three', limit: 4, now: now + 11, until: now + 21 }))).toEqual(['b', 'c']);
    });

    it('gives one of two claimants at once the items, never both', async () => {
      await stored('u1', 'a', 'b', 'c', 'd', 'e');
      for (let round = 0; round < 5; round++) {
        const claims = await Promise.all(
          ['p', 'q', 'r'].map((claimant) => store.outbox.claim('facebook', assistant.id, 'u1', { claimant: `${claimant}${round}`, limit: 5, now: now + round * 100, until: now + round * 100 + 50 })),
        );
        const winners = claims.filter((claimed) => claimed.length > 0);
        expect(winners).toHaveLength(1);
        expect(texts(winners[0]!)).toEqual(['a', 'b', 'c', 'd', 'e']);
      }
    });
  });
});
