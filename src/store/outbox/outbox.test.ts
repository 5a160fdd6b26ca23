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
    await store.outbox.delete(first[0]!.id);
    await store.outbox.delete(first[0]!.id);
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
});
