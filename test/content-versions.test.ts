// Content versions (Histórico) through the admin API, on the real store and HTTP app, signed in
// as an administrator and a viewer: every change recorded with who and what, listed per assistant
// and per item, one version with what changed since, an item restored, the whole assistant
// restored after a preview, a viewer who reads but cannot restore; and the delete preview that
// names what a delete cascades to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
