// An imported file's settings keep the action server's token to the address it was set for.
import { afterAll, describe, expect, it } from 'vitest';
import { openWithAssistant, storeVariants } from '../store/test-stores.js';
import { ACTION_ENDPOINT_TOKEN_SECRET, applyFileSettings } from './action-endpoint.js';

const [sqlite] = storeVariants().filter((variant) => variant.name === 'sqlite');

describe('applyFileSettings', () => {
  afterAll(() => sqlite!.cleanup());

  it('keeps the token for the same origin, removes it when the file names another one', async () => {
    const { store, assistant } = await openWithAssistant(sqlite!);
    const sealed = 'sealed-token';
    let current = await store.assistants.updateSettings(assistant.id, { actionEndpointUrl: 'https://actions.acme.example/webhook' });
    await store.secrets.set(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET, sealed);
    current = await applyFileSettings(store, current, { actionEndpointUrl: 'https://actions.acme.example/v2/webhook', accuracyThreshold: 0.3 });
    expect(current.settings).toMatchObject({ actionEndpointUrl: 'https://actions.acme.example/v2/webhook', accuracyThreshold: 0.3 });
    expect(await store.secrets.get(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET)).toBe(sealed);
    current = await applyFileSettings(store, current, { actionEndpointUrl: 'https://elsewhere.example/webhook' });
    expect(current.settings.actionEndpointUrl).toBe('https://elsewhere.example/webhook');
    expect(await store.secrets.get(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET)).toBeUndefined();
    await store.close();
  });

  it('sets the greeting on a replace, and on a merge only when the assistant has none', async () => {
    const { store, assistant } = await openWithAssistant(sqlite!);
    let current = await applyFileSettings(store, assistant, { greeting: 'Olá! Sou a Ana.' }, 'merge');
    expect(current.settings.greeting).toBe('Olá! Sou a Ana.');
    current = await applyFileSettings(store, current, { greeting: 'Bem-vindo ao Watson.', accuracyThreshold: 0.4 }, 'merge');
    expect(current.settings).toMatchObject({ greeting: 'Olá! Sou a Ana.', accuracyThreshold: 0.4 });
    current = await applyFileSettings(store, current, { greeting: 'Bem-vindo ao Watson.' }, 'replace');
    expect(current.settings.greeting).toBe('Bem-vindo ao Watson.');
    await store.close();
  });
});
