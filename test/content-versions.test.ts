// Content versions (Histórico) through the admin API, on the real store and HTTP app, signed in
// as an administrator and a viewer: every change recorded with who and what, listed per assistant
// and per item, one version with what changed since, an item restored, the whole assistant
// restored after a preview, a viewer who reads but cannot restore; and the delete preview that
// names what a delete cascades to; and the third-party APIs as items of the list `apis` —
// created, renamed (custom skills following, one version), deleted and restored with their sealed
// secrets, which no role ever reads in a version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretBodyPlace, secretHeaderPlace } from '../src/third-party-apis/api-definition.js';
import { ADMINISTRATOR_ENV, signInAdministratorAndViewer, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
let ana: ConsoleSession;
let vera: ConsoleSession;
const BASE = '/api/admin/servers/demo/assistants/pt';

beforeAll(async () => {
  test = await startTestPlatform({ demo: false, env: { ...ADMINISTRATOR_ENV } });
  ({ ana, vera } = await signInAdministratorAndViewer(test.platform, test.app));
  if ((await test.platform.store.assistants.get('demo', 'pt')) === undefined) await test.platform.store.assistants.create({ serverName: 'demo', language: 'pt' });
});
afterAll(async () => {
  await test?.close();
});

async function call(session: ConsoleSession, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown) {
  const response = await session.request(method, `${BASE}${path}`, payload);
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

describe('content versions', () => {
  it('records each change with who and what, lists them, restores an item and the whole assistant; a viewer only reads', async () => {
    expect((await call(ana, 'POST', '/intents', { name: 'saudacao', phrases: [{ text: 'oi' }, { text: 'olá' }] })).status).toBe(201);
    expect((await call(ana, 'POST', '/skills', { name: 'saudar', kind: 'text', texts: ['Oi! Como posso ajudar?'] })).status).toBe(201);
    expect((await call(ana, 'PUT', '/intents/saudacao', { name: 'saudacao', phrases: [{ text: 'oi' }, { text: 'olá' }, { text: 'bom dia' }] })).status).toBe(200);

    const page = await call(vera, 'GET', '/versions?limit=2');
    expect(page.status).toBe(200);
    expect(page.body.versions.map((version: any) => [version.actor, version.action, version.summary])).toEqual([
      ['ana', 'edit', [{ list: 'intents', change: 'changed', name: 'saudacao' }]],
      ['ana', 'edit', [{ list: 'skills', change: 'added', name: 'saudar' }]],
    ]);
    const rest = await call(vera, 'GET', `/versions?limit=2&before=${page.body.next}`);
    expect(rest.body.versions.map((version: any) => version.summary[0].name)).toEqual(['saudacao']);
    expect(rest.body.next).toBeNull();
    const created = rest.body.versions[0].id as number;

    // Per item: the intent's two versions, each with the item before and after.
    const history = await call(vera, 'GET', '/intents/saudacao/versions');
    expect(history.body.versions.map((version: any) => version.item.change)).toEqual(['changed', 'added']);
    expect(history.body.versions[0].item.before.phrases).toHaveLength(2);
    expect(history.body.versions[0].item.after.phrases).toHaveLength(3);

    // One version, with what changed since.
    const one = await call(vera, 'GET', `/versions/${created}`);
    expect(one.body.changes).toEqual([{ list: 'intents', change: 'added', name: 'saudacao', after: expect.objectContaining({ name: 'saudacao' }) }]);
    expect(one.body.changedSince).toEqual([
      { list: 'intents', change: 'changed', name: 'saudacao' },
      { list: 'skills', change: 'added', name: 'saudar' },
    ]);

    // A viewer cannot restore.
    expect((await call(vera, 'POST', `/intents/saudacao/versions/${created}/restore`)).status).toBe(403);
    expect((await call(vera, 'POST', `/versions/${created}/restore`)).status).toBe(403);

    // Restoring the item brings its two phrases back, recorded as a new version.
    const restoredItem = await call(ana, 'POST', `/intents/saudacao/versions/${created}/restore`);
    expect(restoredItem.status).toBe(200);
    expect(restoredItem.body.version).toMatchObject({ actor: 'ana', action: 'restore', restoredVersion: created });
    expect(restoredItem.body.warnings).toEqual([]);
    expect((await call(ana, 'GET', '/intents/saudacao')).body.phrases.map((phrase: any) => phrase.text)).toEqual(['oi', 'olá']);
    expect((await call(ana, 'POST', `/intents/nada/versions/${created}/restore`)).status).toBe(404);

    // The whole assistant: first the preview, then the restore (the skill goes).
    const preview = await call(vera, 'GET', `/versions/${created}/restore-preview`);
    expect(preview.body.changes).toEqual([{ list: 'skills', change: 'removed', name: 'saudar' }]);
    const restored = await call(ana, 'POST', `/versions/${created}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.version).toMatchObject({ action: 'restore', restoredVersion: created, items: 1 });
    expect((await call(ana, 'GET', '/skills')).body).toEqual([]);
    expect((await call(ana, 'POST', '/versions/999999/restore')).status).toBe(404);
  });

  it('names what a delete cascades to before deleting: a follow-up goes with its dialogue', async () => {
    await call(ana, 'POST', '/intents', { name: 'pedido', phrases: [{ text: 'quero fazer um pedido' }] });
    await call(ana, 'POST', '/intents', { name: 'confirmar', phrases: [{ text: 'sim, confirmo' }] });
    await call(ana, 'POST', '/skills', { name: 'anotar', kind: 'text', texts: ['Anotado.'] });
    expect((await call(ana, 'POST', '/dialogues', { name: 'pedido', intents: ['pedido'], skill: 'anotar' })).status).toBe(201);
    expect((await call(ana, 'POST', '/dialogues', { name: 'confirmacao', intents: ['confirmar'], skill: 'anotar', followUpOf: 'pedido' })).status).toBe(201);
    const preview = await call(vera, 'GET', '/dialogues/pedido/delete-preview');
    expect(preview.status).toBe(200);
    expect(preview.body.deleted).toEqual([
      { list: 'dialogues', name: 'pedido' },
      { list: 'dialogues', name: 'confirmacao' },
    ]);
    expect(preview.body.usedBy.map((usage: any) => usage.name)).toContain('confirmacao');
    expect((await call(vera, 'GET', '/dialogues/nada/delete-preview')).status).toBe(404);
    // Nothing was deleted by the preview; the forced delete deletes both, one version.
    expect((await call(ana, 'GET', '/dialogues')).body).toHaveLength(2);
    expect((await ana.request('DELETE', `${BASE}/dialogues/pedido?force=true`)).statusCode).toBe(200);
    const [latest] = (await call(vera, 'GET', '/versions?limit=1')).body.versions;
    expect(latest).toMatchObject({ actor: 'ana', action: 'delete', items: 2 });
  });

  it('records third-party APIs as `apis` items without their secrets, and a restore brings a deleted API back with them', async () => {
    const api = {
      method: 'POST',
      url: 'https://itsm.example/login',
      headers: [{ name: 'x-key', value: 'segredo-123', secret: true }],
      body: [{ name: 'password', type: 'text', value: 'senha-456', secret: true }],
    };
    expect((await call(ana, 'PUT', '/apis/login', api)).status).toBe(200);
    const [created] = (await call(vera, 'GET', '/versions?limit=1')).body.versions;
    expect(created).toMatchObject({ actor: 'ana', action: 'edit', items: 1, summary: [{ list: 'apis', change: 'added', name: 'login' }] });
    // A viewer reads the version: the API as the APIs routes show it, no secret, sealed or not.
    const one = await vera.request('GET', `${BASE}/versions/${created.id}`);
    expect(one.statusCode).toBe(200);
    const shown = one.json() as Record<string, any>;
    expect(shown.changes).toEqual([
      {
        list: 'apis',
        change: 'added',
        name: 'login',
        after: expect.objectContaining({ name: 'login', headers: [{ name: 'x-key', secret: true, hasValue: true }], body: [{ name: 'password', type: 'text', secret: true, hasValue: true }] }),
      },
    ]);
    for (const secret of ['segredo-123', 'senha-456', 'v2:', 'v1:']) expect(one.body).not.toContain(secret);
    // Saved again unchanged (the secret kept, not given): no new version.
    expect((await call(ana, 'PUT', '/apis/login', { ...api, headers: [{ name: 'x-key', secret: true }], body: [{ name: 'password', type: 'text', secret: true }] })).status).toBe(200);
    expect((await call(vera, 'GET', '/versions?limit=1')).body.versions[0].id).toBe(created.id);

    // Renamed while a custom skill runs it: the skill follows, one version of both.
    expect((await call(ana, 'POST', '/skills', { name: 'chamados', kind: 'custom', texts: ['Seus chamados'], custom: { api: 'login' } })).status).toBe(201);
    expect((await call(ana, 'PUT', '/apis/login', { ...api, name: 'entrar', headers: [{ name: 'x-key', secret: true }], body: [{ name: 'password', type: 'text', secret: true }] })).status).toBe(200);
    const [renamed] = (await call(vera, 'GET', '/versions?limit=1')).body.versions;
    expect(renamed.summary).toEqual([
      { list: 'skills', change: 'changed', name: 'chamados' },
      { list: 'apis', change: 'changed', name: 'entrar', previousName: 'login' },
    ]);
    expect((await call(ana, 'GET', '/skills/chamados')).body.custom).toEqual({ api: 'entrar' });

    // Deleted (the skill first, as the API's delete asks): a version of the delete.
    expect((await call(ana, 'DELETE', '/apis/entrar')).status).toBe(409);
    expect((await ana.request('DELETE', `${BASE}/skills/chamados`)).statusCode).toBeLessThan(300);
    expect((await ana.request('DELETE', `${BASE}/apis/entrar`)).statusCode).toBe(204);
    const [deleted] = (await call(vera, 'GET', '/versions?limit=1')).body.versions;
    expect(deleted).toMatchObject({ actor: 'ana', action: 'delete', summary: [{ list: 'apis', change: 'removed', name: 'entrar' }] });

    // Restoring the rename's version: previewed, refused to a viewer, then the API and the skill come back.
    expect((await call(vera, 'GET', `/versions/${renamed.id}/restore-preview`)).body.changes).toEqual([
      { list: 'skills', change: 'added', name: 'chamados' },
      { list: 'apis', change: 'added', name: 'entrar' },
    ]);
    expect((await call(vera, 'POST', `/versions/${renamed.id}/restore`)).status).toBe(403);
    const restored = await call(ana, 'POST', `/versions/${renamed.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: { action: 'restore', restoredVersion: renamed.id }, warnings: [] });
    expect(restored.body.changes).toEqual(expect.arrayContaining([{ list: 'apis', change: 'added', name: 'entrar' }]));
    expect((await call(ana, 'GET', '/apis/entrar')).body.headers).toEqual([{ name: 'x-key', secret: true, hasValue: true }]);
    // Its secrets open for it, as before the delete.
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    const [back] = await test.platform.store.thirdPartyApis.list(assistant.id);
    expect(test.platform.secrets.decrypt(back!.headers[0]!.value!, secretHeaderPlace(assistant.id, 'entrar', 'x-key'))).toBe('segredo-123');
    expect(test.platform.secrets.decrypt(String(back!.body[0]!.value), secretBodyPlace(assistant.id, 'entrar', 'password'))).toBe('senha-456');
    // The restore's own version, read by the viewer: no secret either.
    const restoreVersion = await vera.request('GET', `${BASE}/versions/${restored.body.version.id}`);
    expect(restoreVersion.json().changes).toEqual(expect.arrayContaining([expect.objectContaining({ list: 'apis', change: 'added', name: 'entrar' })]));
    for (const secret of ['segredo-123', 'senha-456', 'v2:']) expect(restoreVersion.body).not.toContain(secret);
  });

  it('warns when one custom skill is restored from before its API was deleted (it would fail when it runs)', async () => {
    expect((await call(ana, 'PUT', '/apis/consulta', { method: 'GET', url: 'https://itsm.example/chamados' })).status).toBe(200);
    expect((await call(ana, 'POST', '/skills', { name: 'ver_chamados', kind: 'custom', texts: ['Seus chamados'], custom: { api: 'consulta' } })).status).toBe(201);
    const [withApi] = (await call(vera, 'GET', '/versions?limit=1')).body.versions;
    expect((await ana.request('DELETE', `${BASE}/skills/ver_chamados`)).statusCode).toBeLessThan(300);
    expect((await ana.request('DELETE', `${BASE}/apis/consulta`)).statusCode).toBe(204);
    const restored = await call(ana, 'POST', `/skills/ver_chamados/versions/${withApi.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.version).toMatchObject({ action: 'restore', restoredVersion: withApi.id });
    expect(restored.body.warnings).toEqual([
      { code: 'custom_skill_unknown_api', params: { skill: 'ver_chamados', api: 'consulta' }, message: 'custom skill "ver_chamados" runs the API "consulta", which this assistant does not have' },
    ]);
    // With the API back, the same restore warns of nothing.
    expect((await call(ana, 'PUT', '/apis/consulta', { method: 'GET', url: 'https://itsm.example/chamados' })).status).toBe(200);
    expect((await call(ana, 'POST', `/skills/ver_chamados/versions/${withApi.id}/restore`)).body.warnings).toEqual([]);
    await ana.request('DELETE', `${BASE}/skills/ver_chamados`);
    await ana.request('DELETE', `${BASE}/apis/consulta`);
  });

  it('keeps one API\'s history and restores one API as it was, its secret back; a viewer reads it without secrets and cannot restore', async () => {
    const api = {
      method: 'GET',
      url: 'https://tickets.example/v1/status',
      headers: [{ name: 'authorization', value: 'Bearer token-789', secret: true }],
      body: [],
    };
    expect((await call(ana, 'PUT', '/apis/status', api)).status).toBe(200);
    expect((await call(ana, 'PUT', '/apis/status', { ...api, url: 'https://tickets.example/v2/status', headers: [{ name: 'authorization', secret: true }] })).status).toBe(200);
    const history = await call(vera, 'GET', '/apis/status/versions');
    expect(history.status).toBe(200);
    expect(history.body.versions.map((version: any) => [version.actor, version.item.list, version.item.change, version.item.after?.url])).toEqual([
      ['ana', 'apis', 'changed', 'https://tickets.example/v2/status'],
      ['ana', 'apis', 'added', 'https://tickets.example/v1/status'],
    ]);
    expect(history.body.versions[1].item.after.headers).toEqual([{ name: 'authorization', secret: true, hasValue: true }]);
    for (const secret of ['token-789', 'v2:']) expect(JSON.stringify(history.body)).not.toContain(secret);
    const first = history.body.versions[1].id as number;

    expect((await call(vera, 'POST', `/apis/status/versions/${first}/restore`)).status).toBe(403);
    expect((await call(ana, 'POST', `/apis/nada/versions/${first}/restore`)).status).toBe(404);
    const restored = await call(ana, 'POST', `/apis/status/versions/${first}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: { actor: 'ana', action: 'restore', restoredVersion: first, summary: [{ list: 'apis', change: 'changed', name: 'status' }] }, warnings: [] });
    expect((await call(ana, 'GET', '/apis/status')).body.url).toBe('https://tickets.example/v1/status');
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    const back = (await test.platform.store.thirdPartyApis.list(assistant.id)).find((item) => item.name === 'status');
    expect(test.platform.secrets.decrypt(back!.headers[0]!.value!, secretHeaderPlace(assistant.id, 'status', 'authorization'))).toBe('Bearer token-789');
    // Restoring what it already is changes nothing: no version.
    const again = await call(ana, 'POST', `/apis/status/versions/${first}/restore`);
    expect(again.body.version).toBeNull();

    // A change of the secret's value alone is named (the values are never answered); the URL's change kept it.
    expect(history.body.versions[0].item.after.headers).toEqual([{ name: 'authorization', secret: true, hasValue: true }]);
    expect((await call(ana, 'PUT', '/apis/status', { ...api, headers: [{ name: 'authorization', value: 'Bearer outro-token', secret: true }] })).status).toBe(200);
    const [rotated] = (await call(vera, 'GET', '/apis/status/versions?limit=1')).body.versions;
    expect(rotated.item.change).toBe('changed');
    expect(rotated.item.before.headers).toEqual([{ name: 'authorization', secret: true, hasValue: true }]);
    expect(rotated.item.after.headers).toEqual([{ name: 'authorization', secret: true, hasValue: true, valueChanged: true }]);
    for (const secret of ['token-789', 'outro-token', 'v2:']) expect(JSON.stringify(rotated)).not.toContain(secret);
  });

  it('refuses to restore one API whose secret no longer opens (409 secret_not_restored, nothing written); the whole restore writes it and warns once', async () => {
    const api = { method: 'GET', url: 'https://erp.example/estoque', headers: [{ name: 'x-token', value: 'token-do-erp', secret: true }], body: [] };
    expect((await call(ana, 'PUT', '/apis/estoque', api)).status).toBe(200);
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    // As after a change of HELPER_SECRET_KEY: the sealed value this version keeps opens no more.
    await test.platform.store.thirdPartyApis.edit(assistant.id, (apis) => ({
      apis: apis.map((item) => (item.name === 'estoque' ? { ...item, headers: [{ name: 'x-token', value: 'v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', secret: true }] } : item)),
      result: null,
    }));
    const [broken] = (await call(vera, 'GET', '/apis/estoque/versions?limit=1')).body.versions;
    expect((await call(ana, 'PUT', '/apis/estoque', { ...api, headers: [{ name: 'x-token', value: 'token-novo', secret: true }] })).status).toBe(200);

    const refused = await ana.request('POST', `${BASE}/apis/estoque/versions/${broken.id}/restore`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'secret_not_restored', field: 'headers.0.value', params: { api: 'estoque', field: 'headers.0.value' } });
    const stored = (await test.platform.store.thirdPartyApis.list(assistant.id)).find((item) => item.name === 'estoque');
    expect(test.platform.secrets.decrypt(stored!.headers[0]!.value!, secretHeaderPlace(assistant.id, 'estoque', 'x-token'))).toBe('token-novo');

    const whole = await call(ana, 'POST', `/versions/${broken.id}/restore`);
    expect(whole.status).toBe(200);
    expect(whole.body.warnings).toEqual([{ code: 'secret_not_restored', params: { api: 'estoque', field: 'headers.0.value' }, message: expect.stringContaining('could not be restored') }]);
  });
});
