// Issue 16 items 5, 6 and 8 through the admin API on the real store: junk phrases warned, bulk
// move and delete in one transaction (refused with the list of users), the search across the
// assistant (bounded, paginated); the console role `operator` (servers and assistants, a copy of
// another assistant; only an operator makes an operator); the greeting the web chat opens with.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { runCli } from '../src/cli/main.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { ADMINISTRATOR_ENV, signIn, signInAdministratorAndViewer, type ConsoleSession } from './helpers/console-session.js';

let test: TestPlatform;
let ana: ConsoleSession;
let vera: ConsoleSession;
const base = '/api/admin/servers/demo/assistants/pt';

beforeAll(async () => {
  test = await startTestPlatform({ demo: true, env: { ...ADMINISTRATOR_ENV } });
  ({ ana, vera } = await signInAdministratorAndViewer(test.platform, test.app));
});
afterAll(async () => {
  await test?.close();
});

async function json(session: ConsoleSession, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const response = await session.request(method, url, payload);
  return { status: response.statusCode, body: response.body === '' ? undefined : (response.json() as Record<string, any>) };
}

describe('bulk work', () => {
  it('warns about junk phrases in the answer, never refuses them', async () => {
    const long = `quero ${'muito '.repeat(40)}saber`;
    const created = await json(ana, 'POST', `${base}/intents`, { name: 'lixo', phrases: [{ text: 'bom dia' }, { text: '12345 !!' }, { text: '<b>oi</b> tudo bem' }, { text: long }] });
    expect(created.status).toBe(201);
    const codes = (created.body?.warnings as Array<{ field: string; code?: string }>).filter((warning) => warning.code).map((warning) => `${warning.field}:${warning.code}`);
    expect(codes).toEqual(['phrases.1.text:phrase_no_letters', 'phrases.2.text:phrase_markup', 'phrases.3.text:phrase_too_long']);
    await json(ana, 'DELETE', `${base}/intents/lixo`);
  });

  it('moves many items to a theme and deletes many at once, refusing with the list of users', async () => {
    expect((await json(ana, 'POST', `${base}/themes`, { name: 'lote' })).status).toBe(201);
    for (const name of ['lote_a', 'lote_b']) expect((await json(ana, 'POST', `${base}/intents`, { name, phrases: [{ text: `frase do ${name}` }] })).status).toBe(201);
    expect((await json(ana, 'POST', `${base}/skills`, { name: 'lote_resposta', texts: ['Resposta'] })).status).toBe(201);
    expect((await json(ana, 'POST', `${base}/dialogues`, { name: 'lote_dialogo', intents: ['lote_a'], skill: 'lote_resposta' })).status).toBe(201);

    const moved = await json(ana, 'POST', `${base}/content/bulk`, { action: 'move', theme: 'lote', items: [{ list: 'intents', name: 'lote_a' }, { list: 'intents', name: 'lote_b' }, { list: 'skills', name: 'lote_resposta' }] });
    expect(moved).toMatchObject({ status: 200, body: { moved: [{ name: 'lote_a' }, { name: 'lote_b' }, { name: 'lote_resposta' }] } });
    expect((await json(ana, 'GET', `${base}/intents?theme=lote`)).body).toHaveLength(2);
    expect((await json(ana, 'POST', `${base}/content/bulk`, { action: 'move', theme: 'nao_existe', items: [{ list: 'intents', name: 'lote_a' }] })).body?.error).toMatchObject({ code: 'invalid', field: 'theme' });

    // The dialogue uses lote_a and the skill: nothing is deleted, each refusal names its user.
    const refused = await json(ana, 'POST', `${base}/content/bulk`, { action: 'delete', items: [{ list: 'intents', name: 'lote_a' }, { list: 'intents', name: 'lote_b' }, { list: 'skills', name: 'lote_resposta' }] });
    expect(refused.status).toBe(409);
    expect(refused.body?.error).toMatchObject({ code: 'in_use', problems: [{ field: 'items.0', item: { list: 'dialogues', name: 'lote_dialogo' } }, { field: 'items.2', item: { list: 'dialogues', name: 'lote_dialogo' } }] });
    expect((await json(ana, 'GET', `${base}/intents/lote_b`)).status).toBe(200);
    // A viewer may not.
    expect((await json(vera, 'POST', `${base}/content/bulk`, { action: 'delete', items: [{ list: 'intents', name: 'lote_b' }] })).status).toBe(403);
    // With the dialogue selected too, everything goes in one transaction.
    const deleted = await json(ana, 'POST', `${base}/content/bulk`, {
      action: 'delete',
      items: [{ list: 'intents', name: 'lote_a' }, { list: 'intents', name: 'lote_b' }, { list: 'skills', name: 'lote_resposta' }, { list: 'dialogues', name: 'lote_dialogo' }],
    });
    expect(deleted.status).toBe(200);
    expect((deleted.body?.deleted as Array<{ name: string }>).map((item) => item.name).sort()).toEqual(['lote_a', 'lote_b', 'lote_dialogo', 'lote_resposta']);
    expect((await json(ana, 'GET', `${base}/intents/lote_a`)).status).toBe(404);
    expect((await json(ana, 'POST', `${base}/content/bulk`, { action: 'delete', items: [{ list: 'intents', name: 'lote_a' }] })).body?.error).toMatchObject({ code: 'not_found', field: 'items.0.name' });
  });

  it('searches the whole assistant, bounded and paginated, for viewers too', async () => {
    expect((await json(ana, 'POST', `${base}/contexts`, { name: 'aparelho', type: 'text', values: [{ value: 'impressora', synonyms: ['impressora velha'] }] })).status).toBe(201);
    expect((await json(ana, 'POST', `${base}/skills`, { name: 'dica', texts: ['Reinicie a Impressora.'] })).status).toBe(201);
    expect((await json(ana, 'POST', `${base}/intents`, { name: 'impressao', phrases: [{ text: 'a impressora não imprime' }] })).status).toBe(201);
    const all = await json(vera, 'GET', `${base}/search?q=IMPRESSORA`);
    expect(all.status).toBe(200);
    const hits = (all.body?.results as Array<{ list: string; name: string; field: string }>).map((hit) => `${hit.list}/${hit.name}/${hit.field}`);
    expect(hits).toEqual(expect.arrayContaining(['intents/impressao/phrases.0.text', 'contexts/aparelho/values.0.value', 'contexts/aparelho/values.0.synonyms.0', 'skills/dica/texts.0']));
    const page = await json(vera, 'GET', `${base}/search?q=impressora&offset=1&limit=2`);
    expect(page.body).toMatchObject({ total: all.body?.total, offset: 1, limit: 2, more: false });
    expect(page.body?.results).toEqual((all.body?.results as unknown[]).slice(1, 3));
    expect((await json(vera, 'GET', `${base}/search?q=x&limit=500`)).status).toBe(400);
    expect((await json(vera, 'GET', `${base}/search?q=${'a'.repeat(201)}`)).status).toBe(400);
  });
});

describe('roles', () => {
  it('an operator signed in to the console adds servers and assistants, empty or copied; only an operator makes one', async () => {
    // An administrator manages their server's users, but cannot make an operator.
    const refused = await json(ana, 'POST', '/api/admin/servers/demo/users', { login: 'otto', email: 'otto@demo.example', firstName: 'Otto', lastName: '', password: 'otto-password-1', role: 'operator' });
    expect(refused).toMatchObject({ status: 403, body: { error: { field: 'role' } } });
    expect((await json(ana, 'POST', '/api/admin/servers', { name: 'acme' })).status).toBe(403);
    await test.platform.store.users.create({ serverName: 'demo', login: 'otto', email: 'otto@demo.example', firstName: 'Otto', lastName: '', passwordHash: await hashPassword('otto-password-1'), role: 'operator' });
    // Nor change, disable or delete the operator's account, however its login is written in the address.
    for (const login of ['otto', '%20otto', 'OTTO%20']) {
      expect((await json(ana, 'PATCH', `/api/admin/servers/demo/users/${login}`, { password: 'taken-over-123' })).status, login).toBe(403);
      expect((await json(ana, 'DELETE', `/api/admin/servers/demo/users/${login}`)).status, login).toBe(403);
    }
    expect((await json(ana, 'PATCH', '/api/admin/servers/demo/users/otto', { role: 'viewer' })).status).toBe(403);
    const otto = await signIn(test.app, 'otto', 'otto-password-1');

    expect((await json(otto, 'POST', '/api/admin/servers', { name: 'acme', displayName: 'Acme' })).status).toBe(201);
    expect(((await json(otto, 'GET', '/api/admin/servers')).body as unknown as Array<{ name: string }>).map((server) => server.name)).toEqual(expect.arrayContaining(['demo', 'acme']));
    expect((await json(ana, 'GET', '/api/admin/servers')).body).toHaveLength(1);
    expect((await json(otto, 'POST', '/api/admin/servers/acme/assistants', { language: 'en', name: 'Empty' })).status).toBe(201);
    const copy = await json(otto, 'POST', '/api/admin/servers/acme/assistants', { language: 'pt', name: 'Cópia', copyFrom: { server: 'demo', language: 'pt' } });
    expect(copy).toMatchObject({ status: 201, body: { server: 'acme', language: 'pt', name: 'Cópia' } });
    const source = (await json(otto, 'GET', `${base}/intents`)).body as unknown as Array<{ name: string }>;
    const copied = (await json(otto, 'GET', '/api/admin/servers/acme/assistants/pt/intents')).body as unknown as Array<{ name: string }>;
    expect(copied.map((intent) => intent.name)).toEqual(source.map((intent) => intent.name));
    expect(((await json(otto, 'GET', '/api/admin/servers/acme/assistants/en/intents')).body as unknown[]).length).toBe(0);
    // An administrator copies only from their own server.
    expect((await json(ana, 'POST', '/api/admin/servers/demo/assistants', { language: 'es', copyFrom: { server: 'acme', language: 'pt' } })).body?.error).toMatchObject({ code: 'not_found', field: 'copyFrom.server' });
    // The operator reads secrets as the token does.
    expect((await json(otto, 'GET', '/api/admin/servers/acme/assistants/pt/settings')).status).toBe(200);
  });

  it('copies an assistant in one transaction: a failure halfway leaves no partial assistant', async () => {
    const otto = await signIn(test.app, 'otto', 'otto-password-1');
    const demo = await test.platform.store.assistants.get('demo', 'pt');
    // A second fallback skill written behind the store's back: the copy's save refuses it after
    // the assistant, its themes, intents, contexts and skills were inserted.
    const database = new SqliteDatabase(join(test.dataDir, 'helper.sqlite'));
    database.pragma('busy_timeout = 5000');
    try {
      const fallback = database.prepare('select * from skills where assistant_id = ? and fallback = 1').get(demo!.id) as Record<string, unknown>;
      expect(fallback).toBeDefined();
      const { id: _id, ...row } = fallback;
      const columns = Object.keys(row);
      database.prepare(`insert into skills (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`).run(...columns.map((column) => (column === 'name' ? 'outro_fallback' : column === 'position' ? 9999 : row[column])));
      const failed = await json(otto, 'POST', '/api/admin/servers/acme/assistants', { language: 'es', name: 'Cópia quebrada', copyFrom: { server: 'demo', language: 'pt' } });
      expect(failed.status).toBeGreaterThanOrEqual(400);
      expect(failed.body?.error).toMatchObject({ code: expect.any(String) });
      expect(await test.platform.store.assistants.get('acme', 'es')).toBeUndefined();
      expect((await json(otto, 'GET', '/api/admin/servers/acme/assistants')).body).not.toContainEqual(expect.objectContaining({ language: 'es' }));
      expect(database.prepare("select count(*) as n from intents where assistant_id not in (select id from assistants)").get()).toEqual({ n: 0 });
    } finally {
      database.prepare("delete from skills where assistant_id = ? and name = 'outro_fallback'").run(demo!.id);
      database.close();
    }
    // Once the source is sound again, the same copy succeeds.
    expect((await json(otto, 'POST', '/api/admin/servers/acme/assistants', { language: 'es', name: 'Cópia', copyFrom: { server: 'demo', language: 'pt' } })).status).toBe(201);
  });
});

describe('helper user add --role operator', () => {
  it('makes the platform operator a console user', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'helper-cli-operator-'));
    const env = { HELPER_DATA_DIR: dir, HELPER_LOG_LEVEL: 'silent', HELPER_LOAD_DEMO: 'false' };
    const helper = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    try {
      expect((await helper('server', 'add', 'demo')).code).toBe(0);
      const added = await helper('user', 'add', 'otto', '--email', 'otto@demo.example', '--first-name', 'Otto', '--role', 'operator', '--password', 'otto-password-1');
      expect(added.out).toMatch(/added operator otto <otto@demo\.example> to server demo/);
      expect((await helper('user', 'add', 'ze', '--email', 'ze@demo.example', '--first-name', 'Zé', '--role', 'chefe')).err).toMatch(/administrator, agent, viewer or operator/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('greeting', () => {
  it('is a setting the web chat opens a new conversation with, once', async () => {
    expect((await json(vera, 'PATCH', `${base}/settings`, { greeting: 'Olá!' })).status).toBe(403);
    expect((await json(ana, 'PATCH', `${base}/settings`, { greeting: 'x'.repeat(1001) })).status).toBe(400);
    expect((await json(ana, 'PATCH', `${base}/settings`, { greeting: '  Olá! Sou o assistente da Demo.\n\nComo posso ajudar?  ' })).body).toMatchObject({
      greeting: 'Olá! Sou o assistente da Demo.\n\nComo posso ajudar?',
    });
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    const socket = io(url, { reconnection: false, forceNew: true, transports: ['websocket'] });
    try {
      const heard: unknown[] = [];
      socket.on('bot_uttered', (message: unknown) => heard.push(message));
      const confirmed = await new Promise<string>((resolve) => {
        socket.on('session_confirm', (id: string) => resolve(id));
        socket.emit('session_request', { session_id: null });
      });
      // One bot_uttered per blank-line part, as every bot text.
      await expect.poll(() => heard).toEqual([{ text: 'Olá! Sou o assistente da Demo.' }, { text: 'Como posso ajudar?' }]);
      // The same session asked for again is not greeted twice.
      await new Promise<void>((resolve) => {
        socket.once('session_confirm', () => resolve());
        socket.emit('session_request', { session_id: confirmed });
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard).toHaveLength(2);
    } finally {
      socket.close();
    }
    expect((await json(ana, 'PATCH', `${base}/settings`, { greeting: '' })).body).toMatchObject({ greeting: '' });
  });
});
