import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCURACY_THRESHOLD, emptyContent, type AssistantContent } from '../../assistant/content.js';
import type { Store } from '../store.js';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../store-errors.js';
import { storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: servers and assistants', (variant) => {
  let store: Store;
  beforeEach(async () => {
    store = await variant.open();
  });
  afterAll(() => variant.cleanup());

  it('reports its dialect', () => {
    expect(store.dialect).toBe(variant.name);
  });

  it('creates, gets and lists servers', async () => {
    const before = Date.now() / 1000;
    const acme = await store.servers.create({ name: 'acme', displayName: 'ACME Ltda.' });
    const beta = await store.servers.create({ name: 'beta2' });
    expect(acme).toMatchObject({ name: 'acme', displayName: 'ACME Ltda.', enabled: true });
    expect(acme.createdAt).toBeGreaterThanOrEqual(before - 1);
    expect(beta.displayName).toBe('beta2');
    expect(beta.id).not.toBe(acme.id);
    expect(await store.servers.get('acme')).toEqual(acme);
    expect(await store.servers.get('nobody')).toBeUndefined();
    expect(await store.servers.list()).toEqual([acme, beta]);
  });

  it('creates an assistant with its first content in one transaction: a refused item leaves no assistant', async () => {
    await store.servers.create({ name: 'acme' });
    const content: AssistantContent = {
      ...emptyContent(),
      themes: [{ name: 'geral' }],
      intents: [{ name: 'saudacao', phrases: [{ text: 'oi' }, { text: 'olá' }] }],
      skills: [
        { name: 'ola', kind: 'text', texts: ['Olá!'], fallback: false },
        { name: 'nao_entendi', kind: 'text', texts: ['Não entendi.'], fallback: true },
      ],
      dialogues: [{ name: 'saudar', intents: ['saudacao'], skill: 'ola' }],
    };
    const copy = await store.assistants.create({ serverName: 'acme', language: 'pt', name: 'Cópia', content, author: { actor: 'otto' } });
    const saved = await store.content.load(copy.id);
    expect([saved.themes, saved.intents, saved.skills, saved.dialogues].map((list) => list.map((item) => item.name))).toEqual([['geral'], ['saudacao'], ['ola', 'nao_entendi'], ['saudar']]);
    expect((await store.versions.list(copy.id, { limit: 5 })).map((version) => [version.action, version.actor])).toEqual([['save', 'otto']]);

    // A second fallback skill is refused after the assistant, its themes, intents and skills
    // were written: the whole copy is undone.
    const broken: AssistantContent = { ...content, skills: [...content.skills, { name: 'outro_fallback', kind: 'text', texts: ['Hein?'], fallback: true }] };
    await expect(store.assistants.create({ serverName: 'acme', language: 'en', content: broken })).rejects.toThrow(/at most one fallback skill/);
    expect(await store.assistants.get('acme', 'en')).toBeUndefined();
    expect((await store.assistants.list()).map((assistant) => assistant.language)).toEqual(['pt']);
    // Nothing of it is left either: the language is free, and a new assistant in it starts empty.
    const fresh = await store.assistants.create({ serverName: 'acme', language: 'en' });
    expect(await store.content.load(fresh.id)).toEqual(emptyContent());
    expect(await store.versions.list(fresh.id, { limit: 5 })).toEqual([]);
  });

  it('refuses a duplicate server name', async () => {
    await store.servers.create({ name: 'acme' });
    await expect(store.servers.create({ name: 'acme', displayName: 'Other' })).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.servers.list()).toHaveLength(1);
  });

  it('refuses server names that cannot be part of a host name', async () => {
    for (const name of ['', 'Acme', 'ac-me', 'ac me', 'acmé', 'a_b', 'acme.', 'x'.repeat(51)]) {
      await expect(store.servers.create({ name }), name).rejects.toThrow(StoreValidationError);
      await expect(store.servers.create({ name }), name).rejects.toThrow(/server name/);
    }
    await expect(store.servers.create({ name: `a1${'x'.repeat(48)}` })).resolves.toMatchObject({ enabled: true });
    expect(await store.servers.list()).toHaveLength(1);
  });

  it('creates assistants per server and language, with default settings', async () => {
    const server = await store.servers.create({ name: 'acme', displayName: 'ACME' });
    const pt = await store.assistants.create({ serverName: 'acme', language: 'pt' });
    const en = await store.assistants.create({ serverName: 'acme', language: 'en', name: 'ACME bot', settings: { accuracyThreshold: 0.55 } });
    expect(pt).toMatchObject({
      serverId: server.id,
      serverName: 'acme',
      language: 'pt',
      enabled: true,
      settings: { accuracyThreshold: DEFAULT_ACCURACY_THRESHOLD },
    });
    expect(pt.name).toContain('ACME');
    expect(en).toMatchObject({ name: 'ACME bot', settings: { accuracyThreshold: 0.55 } });
    expect(await store.assistants.get('acme', 'pt')).toEqual(pt);
    expect(await store.assistants.getById(en.id)).toEqual(en);
    expect(await store.assistants.get('acme', 'es')).toBeUndefined();
    expect(await store.assistants.get('other', 'pt')).toBeUndefined();
    expect(await store.assistants.getById(en.id + 1000)).toBeUndefined();
  });

  it('lists assistants by server name, then language', async () => {
    await store.servers.create({ name: 'zeta' });
    await store.servers.create({ name: 'acme' });
    await store.assistants.create({ serverName: 'zeta', language: 'pt' });
    await store.assistants.create({ serverName: 'acme', language: 'pt-br' });
    await store.assistants.create({ serverName: 'acme', language: 'en' });
    const listed = await store.assistants.list();
    expect(listed.map((assistant) => `${assistant.serverName}/${assistant.language}`)).toEqual(['acme/en', 'acme/pt-br', 'zeta/pt']);
  });

  it('refuses a second assistant in the same language of a server', async () => {
    await store.servers.create({ name: 'acme' });
    await store.servers.create({ name: 'beta' });
    await store.assistants.create({ serverName: 'acme', language: 'pt' });
    await expect(store.assistants.create({ serverName: 'acme', language: 'pt' })).rejects.toBeInstanceOf(StoreConflictError);
    // The same language on another server is another assistant.
    await expect(store.assistants.create({ serverName: 'beta', language: 'pt' })).resolves.toMatchObject({ serverName: 'beta' });
  });

  it('refuses an assistant of an unknown server', async () => {
    await expect(store.assistants.create({ serverName: 'ghost', language: 'pt' })).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it('accepts language codes with an optional region and refuses anything else', async () => {
    await store.servers.create({ name: 'acme' });
    for (const language of ['', 'p', 'PT', 'pt_BR', 'pt-BR', 'portuguese', 'pt-', '12', 'pt br']) {
      await expect(store.assistants.create({ serverName: 'acme', language }), language).rejects.toThrow(StoreValidationError);
    }
    for (const language of ['pt', 'en', 'fil', 'pt-br', 'es-419']) {
      await expect(store.assistants.create({ serverName: 'acme', language })).resolves.toMatchObject({ language });
    }
    expect((await store.assistants.list()).map((assistant) => assistant.language)).toEqual(['en', 'es-419', 'fil', 'pt', 'pt-br']);
  });

  it('updates settings partially and keeps them', async () => {
    await store.servers.create({ name: 'acme' });
    const assistant = await store.assistants.create({ serverName: 'acme', language: 'pt' });
    const updated = await store.assistants.updateSettings(assistant.id, { accuracyThreshold: 0.72 });
    expect(updated).toEqual({ ...assistant, settings: { accuracyThreshold: 0.72, notificationEmails: [] } });
    const unchanged = await store.assistants.updateSettings(assistant.id, {});
    expect(unchanged.settings.accuracyThreshold).toBe(0.72);
    const emails = await store.assistants.updateSettings(assistant.id, { notificationEmails: ['ana@acme.example', 'ana@acme.example', 'ti@acme.example'] });
    expect((await store.assistants.get('acme', 'pt'))?.settings).toEqual({ accuracyThreshold: 0.72, notificationEmails: ['ana@acme.example', 'ti@acme.example'] });
    expect(emails.settings.notificationEmails).toEqual(['ana@acme.example', 'ti@acme.example']);
  });

  it('refuses invalid settings and unknown assistants', async () => {
    await store.servers.create({ name: 'acme' });
    const assistant = await store.assistants.create({ serverName: 'acme', language: 'pt' });
    await expect(store.assistants.updateSettings(assistant.id, { accuracyThreshold: 1.5 })).rejects.toBeInstanceOf(StoreValidationError);
    await expect(store.assistants.updateSettings(assistant.id, { accuracyThreshold: Number.NaN })).rejects.toBeInstanceOf(StoreValidationError);
    await expect(store.assistants.updateSettings(assistant.id, { notificationEmails: ['ana@acme.example', 'nobody'] })).rejects.toThrow(/"nobody" is not an e-mail address/);
    await expect(store.assistants.create({ serverName: 'acme', language: 'en', settings: { accuracyThreshold: -0.1 } })).rejects.toBeInstanceOf(
      StoreValidationError,
    );
    await expect(store.assistants.updateSettings(assistant.id + 1000, { accuracyThreshold: 0.5 })).rejects.toBeInstanceOf(StoreNotFoundError);
    expect((await store.assistants.getById(assistant.id))?.settings.accuracyThreshold).toBe(DEFAULT_ACCURACY_THRESHOLD);
  });
});
