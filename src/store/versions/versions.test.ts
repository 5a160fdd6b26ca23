import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantContent } from '../../assistant/content.js';
import { DEFAULT_STATUS, type ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { AssistantRecord, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';
import { MAX_VERSIONS } from './record-version.js';

function content(): AssistantContent {
  return {
    themes: [{ name: 'geral' }],
    intents: [
      { name: 'oi', theme: 'geral', phrases: [{ text: 'olá' }] },
      { name: 'tchau', phrases: [{ text: 'até logo' }] },
    ],
    contexts: [{ name: 'ramal', type: 'text', values: [] }],
    regexes: [{ name: 'ramal', pattern: '\\d{4}' }],
    skills: [{ name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Hã?'] }],
    dialogues: [],
  };
}

const login: ThirdPartyApi = {
  name: 'login',
  method: 'POST',
  url: 'https://itsm.example/login',
  headers: [{ name: 'x-key', value: 'v2:c2VsYWRv', secret: true }],
  body: [{ name: 'password', type: 'text', value: 'v2:c2VuaGE=', secret: true }],
  responseFormat: 'json',
  mappings: [{ path: 'sessionID', context: 'ramal' }],
  status: DEFAULT_STATUS,
  authentication: true,
};
const customSkill = { name: 'chamados', fallback: false, kind: 'custom' as const, texts: ['Seus chamados'], custom: { api: 'login' } };

describe.each(storeVariants())('$name store: content versions', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
    await store.content.save(assistant.id, content(), 'replace', { actor: 'cli' });
  });
  afterAll(() => variant.cleanup());

  it('records every save and edit with who, how and the items before and after, in its transaction', async () => {
    await store.content.edit(
      assistant.id,
      () => ({ changes: { put: { intents: [{ name: 'oi', theme: 'geral', phrases: [{ text: 'olá' }, { text: 'bom dia' }] }] } }, result: undefined }),
      { actor: 'ana', action: 'edit' },
    );
    await store.content.edit(assistant.id, () => ({ changes: { rename: [{ list: 'intents', from: 'tchau', to: 'adeus' }] }, result: undefined }), { actor: 'ana' });
    // A refused edit records nothing.
    await expect(
      store.content.edit(assistant.id, () => ({ changes: { remove: [{ list: 'intents', name: 'nenhuma' }] }, result: undefined }), { actor: 'ana' }),
    ).rejects.toBeInstanceOf(StoreNotFoundError);
    // An edit that changes nothing records nothing.
    await store.content.edit(assistant.id, () => ({ changes: {}, result: undefined }), { actor: 'ana' });

    const versions = await store.versions.list(assistant.id, { limit: 10 });
    expect(versions.map((version) => [version.actor, version.action, version.items])).toEqual([
      ['ana', 'edit', 1],
      ['ana', 'edit', 1],
      ['cli', 'save', 6],
    ]);
    expect(versions[0]?.summary).toEqual([{ list: 'intents', change: 'changed', name: 'adeus', previousName: 'tchau' }]);
    const first = await store.versions.get(assistant.id, versions[1]!.id);
    expect(first?.items).toEqual([
      {
        list: 'intents',
        change: 'changed',
        name: 'oi',
        before: { name: 'oi', theme: 'geral', phrases: [{ text: 'olá' }] },
        after: { name: 'oi', theme: 'geral', phrases: [{ text: 'olá' }, { text: 'bom dia' }] },
      },
    ]);
    const created = await store.versions.get(assistant.id, versions[2]!.id);
    expect(created?.items.find((item) => item.list === 'regexes')).toEqual({ list: 'regexes', change: 'added', name: 'ramal', before: undefined, after: [{ name: 'ramal', pattern: '\\d{4}' }] });
    // Keyset pages.
    const page = await store.versions.list(assistant.id, { limit: 2, beforeId: versions[0]!.id });
    expect(page.map((version) => version.id)).toEqual([versions[1]!.id, versions[2]!.id]);
    // Per item, under its new name and its old one.
    const adeus = await store.versions.listItem(assistant.id, 'intents', 'adeus', { limit: 10 });
    expect(adeus.map((version) => version.item.change)).toEqual(['changed']);
    const tchau = await store.versions.listItem(assistant.id, 'intents', 'tchau', { limit: 10 });
    expect(tchau.map((version) => [version.id, version.item.change])).toEqual([
      [versions[0]!.id, 'changed'],
      [versions[2]!.id, 'added'],
    ]);
    expect(await store.versions.get(assistant.id + 1000, versions[0]!.id)).toBeUndefined();
  });

  it('records an import as one version and gives the content back as it was after any kept version', async () => {
    const [saved] = await store.versions.list(assistant.id, { limit: 1 });
    await store.content.edit(assistant.id, () => ({ changes: { remove: [{ list: 'intents', name: 'tchau' }] }, result: undefined }), { actor: 'ana', action: 'delete' });
    const imported: AssistantContent = { ...content(), intents: [{ name: 'novo', phrases: [{ text: 'oi novo' }] }], regexes: [] };
    await store.imports.apply(imported, { assistantId: assistant.id, name: 'x.yaml', source: 'upload', format: 'yaml', mode: 'replace', requestedBy: 'bia', summary: {}, report: [] });
    const [importVersion] = await store.versions.list(assistant.id, { limit: 1 });
    expect(importVersion).toMatchObject({ actor: 'bia', action: 'import', items: 3, details: { importName: 'x.yaml' } });
    expect(await store.versions.contentAt(assistant.id, saved!.id)).toEqual(content());

    const restored = await store.versions.restore(assistant.id, saved!.id, 'ana');
    expect(restored).toMatchObject({ actor: 'ana', action: 'restore', details: { restoredVersion: saved!.id } });
    expect(await store.content.load(assistant.id)).toEqual(content());
    // Restoring to where it already is records nothing; an unknown version is not found.
    expect(await store.versions.restore(assistant.id, restored!.id, 'ana')).toBeUndefined();
    await expect(store.versions.contentAt(assistant.id, restored!.id + 99)).rejects.toBeInstanceOf(StoreNotFoundError);
    // The import's version can be restored too (the restore is undone like any other version).
    await store.versions.restore(assistant.id, importVersion!.id, 'ana');
    expect((await store.content.load(assistant.id)).intents.map((intent) => intent.name)).toEqual(['novo']);
  });

  it(`keeps only the newest ${MAX_VERSIONS} versions of an assistant`, async () => {
    for (let index = 0; index < MAX_VERSIONS + 3; index += 1) {
      await store.content.edit(assistant.id, () => ({ changes: { put: { themes: [{ name: 'geral', description: `v${index}` }] } }, result: undefined }), { actor: 'ana' });
    }
    const versions = await store.versions.list(assistant.id, { limit: MAX_VERSIONS + 10 });
    expect(versions).toHaveLength(MAX_VERSIONS);
    const oldest = versions.at(-1)!;
    expect((await store.versions.contentAt(assistant.id, oldest.id)).themes).toEqual([{ name: 'geral', description: 'v3' }]);
  });

  it('records every change of the third-party APIs as `apis` items, sealed values only, and restores them with the content', async () => {
    // Created: one version, the API as stored (its sealed values), a plaintext secret never kept.
    await store.thirdPartyApis.edit(
      assistant.id,
      (apis) => ({ apis: [...apis, login, { ...login, name: 'aberto', headers: [{ name: 'x-key', value: 'em claro', secret: true }], authentication: false }], result: null }),
      { actor: 'ana' },
    );
    const [created] = await store.versions.list(assistant.id, { limit: 1 });
    expect(created).toMatchObject({
      actor: 'ana',
      action: 'edit',
      items: 2,
      summary: [
        { list: 'apis', change: 'added', name: 'login' },
        { list: 'apis', change: 'added', name: 'aberto' },
      ],
    });
    const createdItems = (await store.versions.get(assistant.id, created!.id))!.items;
    expect(createdItems[0]).toEqual({ list: 'apis', change: 'added', name: 'login', before: undefined, after: login });
    expect(JSON.stringify(createdItems)).not.toContain('em claro');
    await store.thirdPartyApis.edit(assistant.id, (apis) => ({ apis: apis.filter((api) => api.name !== 'aberto'), result: null }), { actor: 'ana', action: 'delete' });
    await store.content.edit(assistant.id, () => ({ changes: { put: { skills: [customSkill] } }, result: null }), { actor: 'ana' });
    const [withSkill] = await store.versions.list(assistant.id, { limit: 1 });

    // Renamed, the custom skill following in the same transaction: one version of both.
    const renamed = { ...login, name: 'entrar', headers: [{ name: 'x-key', value: 'v2:b3V0cm8=', secret: true }] };
    await store.thirdPartyApis.edit(
      assistant.id,
      (apis, content) => {
        expect(content.skills.map((skill) => skill.name)).toContain('chamados');
        return { apis: apis.map((api) => (api.name === 'login' ? renamed : api)), renames: [{ from: 'login', to: 'entrar' }], content: { put: { skills: [{ ...customSkill, custom: { api: 'entrar' } }] } }, result: null };
      },
      { actor: 'bia' },
    );
    const [rename] = await store.versions.list(assistant.id, { limit: 1 });
    expect(rename).toMatchObject({ actor: 'bia', action: 'edit', items: 2 });
    expect((await store.versions.get(assistant.id, rename!.id))!.items).toEqual([
      { list: 'skills', change: 'changed', name: 'chamados', before: customSkill, after: { ...customSkill, custom: { api: 'entrar' } } },
      { list: 'apis', change: 'changed', name: 'entrar', previousName: 'login', before: login, after: renamed },
    ]);
    expect((await store.versions.listItem(assistant.id, 'apis', 'login', { limit: 10 })).map((version) => version.item.change)).toEqual(['changed', 'added']);
    // A refused edit records nothing; one that changes nothing neither.
    await expect(store.thirdPartyApis.edit(assistant.id, () => { throw new Error('refused'); }, { actor: 'bia' })).rejects.toThrow('refused');
    await store.thirdPartyApis.edit(assistant.id, (apis) => ({ apis, result: null }), { actor: 'bia' });
    expect((await store.versions.list(assistant.id, { limit: 1 }))[0]!.id).toBe(rename!.id);

    // Deleted: the skill and the API go; the state after an earlier version has them as they were.
    await store.content.edit(assistant.id, () => ({ changes: { remove: [{ list: 'skills', name: 'chamados' }] }, result: null }), { actor: 'bia', action: 'delete' });
    await store.thirdPartyApis.edit(assistant.id, () => ({ apis: [], result: null }), { actor: 'bia', action: 'delete' });
    expect(await store.thirdPartyApis.list(assistant.id)).toEqual([]);
    expect((await store.versions.stateAt(assistant.id, withSkill!.id)).apis).toEqual([login]);
    expect((await store.versions.stateAt(assistant.id, created!.id)).apis.map((api) => api.name)).toEqual(['login', 'aberto']);

    // Restored: the API with its sealed values and the skill, in one version; the caller sees the APIs first.
    const seen: Array<{ restored: string[]; current: string[] }> = [];
    const restored = await store.versions.restore(assistant.id, withSkill!.id, 'ana', {
      apis: (apis, current) => {
        seen.push({ restored: apis.map((api) => api.name), current: current.map((api) => api.name) });
        return apis;
      },
    });
    expect(seen).toEqual([{ restored: ['login'], current: [] }]);
    expect(restored).toMatchObject({ action: 'restore', items: 2, details: { restoredVersion: withSkill!.id } });
    expect(restored!.summary).toEqual([
      { list: 'skills', change: 'added', name: 'chamados' },
      { list: 'apis', change: 'added', name: 'login' },
    ]);
    expect(await store.thirdPartyApis.list(assistant.id)).toEqual([login]);
    expect((await store.content.load(assistant.id)).skills.find((skill) => skill.name === 'chamados')).toEqual(customSkill);
    // What the caller answers is written (a secret that does not open, cleared), and the restore is undone like any version.
    await store.versions.restore(assistant.id, created!.id, 'ana', { apis: (apis) => apis.map((api) => ({ ...api, headers: api.headers.map((header) => ({ ...header, value: '' })) })) });
    expect((await store.thirdPartyApis.list(assistant.id)).map((api) => [api.name, api.headers[0]?.value])).toEqual([
      ['login', ''],
      ['aberto', ''],
    ]);
    await store.versions.restore(assistant.id, restored!.id, 'ana');
    expect(await store.thirdPartyApis.list(assistant.id)).toEqual([login]);
  });
});
