import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_STATUS, type ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { AssistantRecord, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

const login: ThirdPartyApi = {
  name: 'login',
  method: 'POST',
  url: 'https://itsm.example/4biz/services/login',
  headers: [{ name: 'x-key', value: 'v2:sealed', secret: true }],
  body: [{ name: 'userName', type: 'text', value: 'helper' }],
  responseFormat: 'json',
  mappings: [{ path: 'sessionID', context: 'session' }],
  status: DEFAULT_STATUS,
  authentication: true,
};

describe.each(storeVariants())('$name store: third-party APIs', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('keeps the APIs of an assistant in order, rewritten whole, apart from other assistants', async () => {
    const other = await store.assistants.create({ serverName: 'acme', language: 'en' });
    const ticket: ThirdPartyApi = { ...login, name: 'ticket', dependsOn: 'login', authentication: false, headers: [] };
    expect(await store.thirdPartyApis.edit(assistant.id, () => ({ apis: [login, ticket], result: 'saved' }))).toBe('saved');
    expect(await store.thirdPartyApis.list(assistant.id)).toEqual([login, ticket]);
    expect(await store.thirdPartyApis.list(other.id)).toEqual([]);
    await store.thirdPartyApis.edit(assistant.id, (apis) => ({ apis: apis.filter((api) => api.name !== 'login').concat(login), result: null }));
    expect((await store.thirdPartyApis.list(assistant.id)).map((api) => api.name)).toEqual(['ticket', 'login']);
    await expect(store.thirdPartyApis.edit(987654, () => ({ apis: [], result: null }))).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it('keeps a custom skill with its API and list buttons', async () => {
    const skill = { name: 'meus_chamados', fallback: false, kind: 'custom' as const, texts: ['Seus chamados:'], custom: { api: 'tickets', listButtons: { path: 'requests', title: 'Chamado {number}', payload: 'status do chamado {number}' } } };
    await store.content.save(assistant.id, { themes: [], intents: [], contexts: [], regexes: [], skills: [skill], dialogues: [] }, 'replace');
    expect((await store.content.load(assistant.id)).skills).toEqual([skill]);
  });
});
