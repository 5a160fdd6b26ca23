import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store } from '../store.js';
import { StoreConflictError, StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: channel records', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it("keeps a channel's record per assistant, found by its address, which no two assistants share", async () => {
    const other = await store.assistants.create({ serverName: 'acme', language: 'en' });
    expect(await store.channels.settings(assistant.id, 'whatsapp')).toBeUndefined();
    await store.channels.saveSettings(assistant.id, 'whatsapp', { address: '106540352242922', settings: { unsupportedReply: 'Só leio texto.' } });
    expect(await store.channels.settings(assistant.id, 'whatsapp')).toMatchObject({ address: '106540352242922', settings: { unsupportedReply: 'Só leio texto.' } });
    expect(await store.channels.assistantIdByAddress('whatsapp', '106540352242922')).toBe(assistant.id);
    expect(await store.channels.assistantIdByAddress('telegram', '106540352242922')).toBeUndefined();
    await expect(store.channels.saveSettings(other.id, 'whatsapp', { address: '106540352242922', settings: {} })).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.channels.settings(other.id, 'whatsapp')).toBeUndefined();
    // Records without an address never conflict; a new address replaces the old one.
    await store.channels.saveSettings(other.id, 'whatsapp', { address: null, settings: {} });
    await store.channels.saveSettings(assistant.id, 'telegram', { address: null, settings: {} });
    await store.channels.saveSettings(assistant.id, 'whatsapp', { address: '200', settings: {} });
    expect(await store.channels.assistantIdByAddress('whatsapp', '106540352242922')).toBeUndefined();
    expect(await store.channels.assistantIdByAddress('whatsapp', '200')).toBe(assistant.id);
    await expect(store.channels.saveSettings(987654, 'whatsapp', { address: null, settings: {} })).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it("keeps a user's last message time, and whether they can be reached", async () => {
    expect(await store.channels.contact(assistant.id, 'telegram', '42')).toBeUndefined();
    await store.channels.markUnreachable(assistant.id, 'telegram', '42', 100, 'Forbidden: bot was blocked by the user');
    expect(await store.channels.contact(assistant.id, 'telegram', '42')).toEqual({ lastInboundAt: null, unreachableSince: 100, unreachableReason: 'Forbidden: bot was blocked by the user' });
    await store.channels.touchContact(assistant.id, 'telegram', '42', 200.5);
    expect(await store.channels.contact(assistant.id, 'telegram', '42')).toEqual({ lastInboundAt: 200.5, unreachableSince: null, unreachableReason: null });
    await store.channels.touchContact(assistant.id, 'telegram', '42', 150);
    expect((await store.channels.contact(assistant.id, 'telegram', '42'))?.lastInboundAt).toBe(200.5);
    await store.channels.markUnreachable(assistant.id, 'telegram', '42', 300, 'blocked');
    expect(await store.channels.contact(assistant.id, 'telegram', '42')).toEqual({ lastInboundAt: 200.5, unreachableSince: 300, unreachableReason: 'blocked' });
    expect(await store.channels.contact(assistant.id, 'whatsapp', '42')).toBeUndefined();
    expect(await store.channels.isContactOf(assistant.id, ['whatsapp', 'telegram'], '42')).toBe(true);
    expect(await store.channels.isContactOf(assistant.id, ['whatsapp', 'facebook'], '42')).toBe(false);
    expect(await store.channels.isContactOf(assistant.id, [], '42')).toBe(false);
  });

  it('records a status once per message id, keeps refusals without an id, lists newest first and prunes', async () => {
    const status = { assistantId: assistant.id, channel: 'whatsapp', recipient: '5511', detail: null, occurredAt: 1 };
    expect(await store.channels.recordDelivery({ ...status, messageId: 'wamid.1', status: 'sent' })).toBe(true);
    expect(await store.channels.recordDelivery({ ...status, messageId: 'wamid.1', status: 'sent' })).toBe(false);
    expect(await store.channels.recordDelivery({ ...status, messageId: 'wamid.1', status: 'failed', detail: { code: 131047, title: 'Re-engagement message' } })).toBe(true);
    expect(await store.channels.recordDelivery({ ...status, messageId: null, status: 'refused', detail: { reason: 'outside the window' } })).toBe(true);
    expect(await store.channels.recordDelivery({ ...status, messageId: null, status: 'refused', detail: { reason: 'outside the window' } })).toBe(true);
    const all = await store.channels.deliveries(assistant.id, 'whatsapp');
    expect(all.map((entry) => entry.status)).toEqual(['refused', 'refused', 'failed', 'sent']);
    expect(all[2]).toMatchObject({ messageId: 'wamid.1', detail: { code: 131047, title: 'Re-engagement message' } });
    expect(await store.channels.deliveries(assistant.id, 'whatsapp', { messageId: 'wamid.1', limit: 1 })).toHaveLength(1);
    expect(await store.channels.deliveries(assistant.id, 'telegram')).toEqual([]);
    await store.channels.recordDelivery({ ...status, channel: 'telegram', messageId: null, status: 'blocked' });
    expect(await store.channels.pruneDeliveries('whatsapp', 0)).toBe(0);
    expect(await store.channels.pruneDeliveries('whatsapp', Date.now() / 1000 + 10)).toBe(4);
    expect(await store.channels.deliveries(assistant.id, 'whatsapp')).toEqual([]);
    expect(await store.channels.deliveries(assistant.id, 'telegram')).toHaveLength(1);
  });

  it("keeps a delivery's coded reason beside its English detail; none reads as null", async () => {
    const failed = { assistantId: assistant.id, channel: 'callback', recipient: 'cb', messageId: null, status: 'failed', occurredAt: 1 };
    await store.channels.recordDelivery({ ...failed, detail: { reason: 'old' } });
    await store.channels.recordDelivery({ ...failed, detail: { status: 400, reason: 'the callback URL answered HTTP 400' }, reasonCode: { code: 'http_status', params: { status: 400 } } });
    await store.channels.recordDelivery({ ...failed, detail: { reason: "Meta's" }, reasonCode: { code: 'graph_error', params: { code: 100, message: '(#100) Olá, “mundo”' } } });
    const read = await store.channels.deliveries(assistant.id, 'callback');
    expect(read.map((entry) => [entry.detail?.['reason'], entry.reasonCode])).toEqual([
      ["Meta's", { code: 'graph_error', params: { code: 100, message: '(#100) Olá, “mundo”' } }],
      ['the callback URL answered HTTP 400', { code: 'http_status', params: { status: 400 } }],
      ['old', null],
    ]);
    expect((await store.channels.recordsOf(assistant.id, 'cb')).deliveries.map((entry) => entry.reasonCode?.code ?? null)).toEqual([null, 'http_status', 'graph_error']);
  });

  it('keeps button payloads under their short ids, the first one kept', async () => {
    await store.channels.saveButtonPayloads(assistant.id, [{ shortId: '~a', payload: '/pedir{"produto": "impressora"}' }]);
    await store.channels.saveButtonPayloads(assistant.id, [
      { shortId: '~a', payload: 'other' },
      { shortId: '~b', payload: 'olá, é você?' },
    ]);
    expect(await store.channels.buttonPayload(assistant.id, '~a')).toBe('/pedir{"produto": "impressora"}');
    expect(await store.channels.buttonPayload(assistant.id, '~b')).toBe('olá, é você?');
    expect(await store.channels.buttonPayload(assistant.id, '~c')).toBeUndefined();
  });
});
