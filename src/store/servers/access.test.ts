import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store } from '../store.js';
import { StoreNotFoundError, StoreValidationError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: renaming, disabling, access and secrets', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('renames and disables a server, keeping its address', async () => {
    const renamed = await store.servers.update('acme', { displayName: 'ACME S.A.', enabled: false });
    expect(renamed).toMatchObject({ name: 'acme', displayName: 'ACME S.A.', enabled: false });
    expect(await store.servers.get('acme')).toEqual(renamed);
    await expect(store.servers.update('acme', { displayName: '  ' })).rejects.toBeInstanceOf(StoreValidationError);
    await expect(store.servers.update('nobody', { enabled: true })).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it('renames and disables an assistant, and sets the addresses allowed without a token', async () => {
    expect(assistant.apiAllowedCidrs).toEqual([]);
    const updated = await store.assistants.update(assistant.id, { name: 'Assistente', enabled: false, apiAllowedCidrs: ['10.0.0.0/8', '::1/128'] });
    expect(updated).toMatchObject({ name: 'Assistente', enabled: false, apiAllowedCidrs: ['10.0.0.0/8', '::1/128'] });
    expect(await store.assistants.getById(assistant.id)).toEqual(updated);
    await expect(store.assistants.update(987654, { enabled: true })).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it('keeps sealed secrets per assistant and name', async () => {
    const other = await store.assistants.create({ serverName: 'acme', language: 'en' });
    await store.secrets.set(assistant.id, 'api_token', 'v1:sealed-1');
    await store.secrets.set(other.id, 'api_token', 'v1:sealed-other');
    expect(await store.secrets.get(assistant.id, 'api_token')).toBe('v1:sealed-1');
    await store.secrets.set(assistant.id, 'api_token', 'v1:sealed-2');
    expect(await store.secrets.get(assistant.id, 'api_token')).toBe('v1:sealed-2');
    expect(await store.secrets.get(other.id, 'api_token')).toBe('v1:sealed-other');
    expect(await store.secrets.names(assistant.id)).toEqual(['api_token']);
    await store.secrets.delete(assistant.id, 'api_token');
    expect(await store.secrets.get(assistant.id, 'api_token')).toBeUndefined();
    await expect(store.secrets.set(987654, 'api_token', 'x')).rejects.toBeInstanceOf(StoreNotFoundError);
  });
});
