// Console users and roles through the real HTTP app: an administrator manages the server's users,
// a viewer reads but changes nothing (checked on every admin route registered, so routes added
// later are covered too), and a user of one server never sees another server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { runCli } from '../src/cli/main.js';
import { signIn, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const ACME = 'acme.helperassistant.example';
let test: TestPlatform;
let ana: ConsoleSession;
let vera: ConsoleSession;
let carlos: ConsoleSession;

beforeAll(async () => {
  test = await startTestPlatform({
    env: {
      HELPER_ADMIN_TOKEN: ADMIN_TOKEN,
      HELPER_PUBLIC_URL: 'http://helperassistant.example',
      HELPER_ADMIN_EMAIL: 'ana@demo.example',
      HELPER_ADMIN_PASSWORD: 'ana-password-123',
    },
  });
  await ensureFirstAdministrator(test.platform, () => undefined);
  const { store } = test.platform;
  await store.servers.create({ name: 'acme' });
  await store.assistants.create({ serverName: 'acme', language: 'pt' });
  test.platform.hosts.invalidate();
  await store.users.create({ serverName: 'acme', login: 'carlos', email: 'carlos@acme.example', firstName: 'Carlos', lastName: 'Lima', passwordHash: await hashPassword('carlos-password-1'), role: 'administrator' });
  await store.users.create({ serverName: 'demo', login: 'vera', email: 'vera@demo.example', firstName: 'Vera', lastName: 'Dias', passwordHash: await hashPassword('vera-password-1'), role: 'viewer' });
  ana = await signIn(test.app, 'ana', 'ana-password-123');
  vera = await signIn(test.app, 'vera', 'vera-password-1');
  carlos = await signIn(test.app, 'carlos', 'carlos-password-1', { host: ACME });
});
afterAll(async () => {
  await test?.close();
});

describe('console users', () => {
  it('lets an administrator add, change and delete users, with clear 4xx errors', async () => {
    const added = await ana.request('POST', '/api/admin/servers/demo/users', {
      login: 'Bruno',
      email: 'bruno@demo.example',
      firstName: 'Bruno',
      lastName: 'Costa',
      password: 'bruno-password-1',
      role: 'viewer',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ login: 'bruno', email: 'bruno@demo.example', firstName: 'Bruno', lastName: 'Costa', role: 'viewer', active: true, server: 'demo', mustChangePassword: false });
    expect(added.body).not.toContain('password');
    const bruno = await signIn(test.app, 'bruno', 'bruno-password-1');
    expect((await bruno.request('GET', '/api/auth/session')).json()).toMatchObject({ user: { login: 'bruno', role: 'viewer' } });

    const body = { login: 'x1', email: 'x1@demo.example', firstName: 'X', lastName: 'Y', password: 'long-enough-1', role: 'viewer' };
    const short = await ana.request('POST', '/api/admin/servers/demo/users', { ...body, password: 'short' });
    expect([short.statusCode, short.json()]).toEqual([400, { error: { code: 'invalid', message: expect.stringMatching(/at least 10/), field: 'password', problems: [{ field: 'password', code: 'too_short', params: { min: 10 }, message: expect.stringMatching(/at least 10/) }] } }]);
    expect((await ana.request('POST', '/api/admin/servers/demo/users', { ...body, login: 'bruno' })).json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await ana.request('POST', '/api/admin/servers/demo/users', { ...body, login: 'x y' })).json()).toMatchObject({ error: { code: 'invalid', field: 'login' } });
    expect((await ana.request('POST', '/api/admin/servers/demo/users', { ...body, email: 'nope' })).json()).toMatchObject({ error: { code: 'invalid', field: 'email' } });
    expect((await ana.request('POST', '/api/admin/servers/demo/users', { ...body, role: 'owner' })).json()).toMatchObject({ error: { code: 'invalid', field: 'role' } });
    expect((await ana.request('POST', '/api/admin/servers/demo/users', { login: 'x2' })).statusCode).toBe(400);

    const changed = await ana.request('PATCH', '/api/admin/servers/demo/users/bruno', { role: 'administrator', lastName: 'Costa Neto' });
    expect(changed.json()).toMatchObject({ login: 'bruno', role: 'administrator', lastName: 'Costa Neto' });
    expect((await ana.request('PATCH', '/api/admin/servers/demo/users/bruno', { password: 'short' })).json()).toMatchObject({ error: { field: 'password' } });
    // A new password ends the user's sessions.
    expect((await ana.request('PATCH', '/api/admin/servers/demo/users/bruno', { password: 'bruno-password-2' })).statusCode).toBe(200);
    expect((await bruno.request('GET', '/api/auth/session')).statusCode).toBe(401);
    await signIn(test.app, 'bruno', 'bruno-password-2');
    const deactivated = await ana.request('PATCH', '/api/admin/servers/demo/users/bruno', { active: false });
    expect(deactivated.json()).toMatchObject({ active: false });
    expect((await test.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: 'localhost' }, payload: { login: 'bruno', password: 'bruno-password-2' } })).statusCode).toBe(401);
    expect((await ana.request('DELETE', '/api/admin/servers/demo/users/bruno')).statusCode).toBe(204);
    expect((await ana.request('DELETE', '/api/admin/servers/demo/users/bruno')).statusCode).toBe(404);
    expect((await ana.request('PATCH', '/api/admin/servers/demo/users/nobody', { firstName: 'N' })).statusCode).toBe(404);
    expect(((await ana.request('GET', '/api/admin/servers/demo/users')).json() as Array<{ login: string }>).map((user) => user.login)).toEqual(['ana', 'vera']);
  });

  it('keeps the last active administrator (409 on demoting, deactivating or deleting them)', async () => {
    for (const [method, payload] of [
      ['PATCH', { role: 'viewer' }],
      ['PATCH', { active: false }],
      ['DELETE', undefined],
    ] as const) {
      const response = await ana.request(method, '/api/admin/servers/demo/users/ana', payload);
      expect([method, response.statusCode, response.json()]).toEqual([method, 409, { error: { code: 'conflict', message: expect.stringMatching(/last active administrator/), problems: [{ code: 'last_administrator', params: { login: 'ana' }, message: expect.stringMatching(/last active administrator/) }] } }]);
    }
    expect((await ana.request('GET', '/api/auth/session')).json()).toMatchObject({ user: { role: 'administrator', active: true } });
  });

  it('lets a viewer read, but not change the Facebook values, users or anything else', async () => {
    expect((await vera.request('GET', '/api/admin/servers/demo/users')).statusCode).toBe(200);
    const integrations = await vera.request('GET', '/api/admin/servers/demo/assistants/pt/integrations');
    expect(integrations.statusCode).toBe(200);
    // Read-only and without what grants access (every route: test/admin-secrets.test.ts).
    expect((integrations.json() as { fourBiz: { parametersApiAuthorisation: Record<string, unknown> } }).fourBiz.parametersApiAuthorisation).not.toHaveProperty('token');
    const facebook = await vera.request('PUT', '/api/admin/servers/demo/assistants/pt/integrations/facebook', { pageAccessToken: 'EAAG-viewer' });
    expect([facebook.statusCode, facebook.json()]).toEqual([403, { error: { code: 'forbidden', message: expect.any(String) } }]);
    expect((await vera.request('PATCH', '/api/admin/servers/demo/users/vera', { role: 'administrator' })).statusCode).toBe(403);
    expect((await ana.request('GET', '/api/admin/servers/demo/assistants/pt/integrations')).json()).toMatchObject({ facebookMessenger: { pageAccessToken: 'not set' } });
  });

  it('refuses a viewer every admin route that changes something: each route registered, read from the OpenAPI document', async () => {
    const document = test.app.swagger() as { paths: Record<string, Record<string, { 'x-access'?: string }>> };
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/admin/'))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ path, method: method.toUpperCase(), access: operation['x-access'] })));
    const guarded = routes.filter((route) => route.access !== 'read');
    // Not vacuous: today's change routes are among them, and every route declares its access.
    expect(routes.every((route) => route.access === 'read' || route.access === 'change' || route.access === 'operator' || route.access === 'handoff')).toBe(true);
    expect(guarded.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'PUT /api/admin/servers/{server}/assistants/{language}/integrations/facebook',
        'POST /api/admin/servers/{server}/users',
        'DELETE /api/admin/servers/{server}/users/{login}',
        'POST /api/admin/servers',
      ]),
    );
    // The inbox's event stream (a read) stays open: test/human-handoff.test.ts listens to it.
    for (const route of routes.filter((candidate) => !candidate.path.endsWith('/handoffs/live'))) {
      const url = route.path.replace('{server}', 'demo').replace('{language}', 'pt').replace('{login}', 'vera').replace(/\{[^}]+\}/g, 'x');
      const method = route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      const response = await vera.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
      if (route.access === 'read') expect([route.method, route.path, response.statusCode]).not.toEqual([route.method, route.path, 403]);
      else expect([route.method, route.path, response.statusCode, response.json()]).toEqual([route.method, route.path, 403, { error: { code: 'forbidden', message: expect.any(String) } }]);
    }
  });

  it('never shows a user of one server another server: 404 for its routes, absent from GET /servers', async () => {
    expect((await carlos.request('GET', '/api/admin/servers')).json()).toEqual([expect.objectContaining({ name: 'acme' })]);
    expect(((await ana.request('GET', '/api/admin/servers')).json() as unknown[]).length).toBe(1);
    for (const [method, url] of [
      ['GET', '/api/admin/servers/demo/users'],
      ['GET', '/api/admin/servers/demo/assistants'],
      ['GET', '/api/admin/servers/demo/assistants/pt/integrations'],
      ['PATCH', '/api/admin/servers/demo/users/ana'],
      ['PUT', '/api/admin/servers/demo/assistants/pt/integrations/facebook'],
    ] as const) {
      const response = await carlos.request(method, url, method === 'GET' ? undefined : {});
      expect([url, response.statusCode, response.json()]).toEqual([url, 404, { error: { code: 'not_found', message: 'server demo does not exist' } }]);
    }
    expect((await carlos.request('GET', '/api/admin/servers/acme/users')).json()).toEqual([expect.objectContaining({ login: 'carlos', server: 'acme' })]);
    // The operator sees every server.
    const operator = await test.app.inject({ method: 'GET', url: '/api/admin/servers', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect((operator.json() as Array<{ name: string }>).map((server) => server.name)).toEqual(['acme', 'demo']);
  });
});

describe('the console role operator', () => {
  it("builds, trains and tests another server's assistant from a session on its own server", async () => {
    // The platform's operator as a console user: a user of demo, signed in on demo's hosts.
    await test.platform.store.users.create({ serverName: 'demo', login: 'otto', email: 'otto@demo.example', firstName: 'Otto', lastName: 'Lima', passwordHash: await hashPassword('otto-password-1'), role: 'operator' });
    const otto = await signIn(test.app, 'otto', 'otto-password-1');
    const acme = '/api/admin/servers/acme/assistants/pt';
    expect((await otto.request('GET', '/api/admin/servers/acme/assistants')).json()).toEqual([expect.objectContaining({ server: 'acme', language: 'pt' })]);
    for (const [path, body] of [
      ['/skills', { name: 'resposta_saudacao', texts: ['Olá! Aqui é a Acme.'] }],
      ['/skills', { name: 'nao_entendi', texts: ['Não entendi.'], fallback: true }],
      ['/intents', { name: 'saudacao', phrases: ['oi', 'olá', 'bom dia', 'boa tarde', 'e aí, tudo bem?'].map((text) => ({ text })) }],
      ['/intents', { name: 'despedida', phrases: ['tchau', 'até logo', 'até mais', 'falou', 'boa noite, tchau'].map((text) => ({ text })) }],
      ['/dialogues', { name: 'saudar', intents: ['saudacao'], skill: 'resposta_saudacao' }],
    ] as const) {
      const created = await otto.request('POST', `${acme}${path}`, body);
      expect([path, created.statusCode, created.body]).toEqual([path, 201, expect.any(String)]);
    }
    const edited = await otto.request('PATCH', `${acme}/settings`, { accuracyThresholdPercent: 10 });
    expect(edited.statusCode).toBe(200);
    const started = await otto.request('POST', `${acme}/trainings`, { scope: 'complete' });
    expect(started.statusCode).toBe(202);
    const id = (started.json() as { id: number }).id;
    const deadline = Date.now() + 60_000;
    let status = '';
    while (Date.now() < deadline) {
      status = ((await otto.request('GET', `${acme}/trainings/${id}`)).json() as { status: string }).status;
      if (status === 'succeeded' || status === 'failed' || status === 'cancelled') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('succeeded');
    const chat = await otto.request('POST', `${acme}/test-chat`, { message: 'oi, bom dia' });
    expect(chat.statusCode).toBe(200);
    expect(JSON.stringify(chat.json())).toContain('Olá! Aqui é a Acme.');
    // The content is acme's, not demo's.
    expect((await test.platform.store.content.load((await test.platform.store.assistants.get('acme', 'pt'))!.id)).dialogues.map((dialogue) => dialogue.name)).toEqual(['saudar']);
  });

  it('keeps an administrator and a viewer of one server out of every route of another server', async () => {
    const document = test.app.swagger() as { paths: Record<string, Record<string, { 'x-access'?: string }>> };
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/admin/servers/{server}'))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ path, method: method.toUpperCase() as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', access: operation['x-access'] })));
    expect(routes.length).toBeGreaterThan(50);
    // carlos administers acme; on demo every route answers 404, as if demo did not exist (the
    // operator's own routes, such as renaming a server, 403 before any look-up).
    for (const route of routes.filter((candidate) => candidate.access !== 'operator')) {
      const url = route.path.replace('{server}', 'demo').replace('{language}', 'pt').replace('{login}', 'ana').replace(/\{[^}]+\}/g, 'x');
      const response = await carlos.request(route.method, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      expect([route.method, url, response.statusCode, response.json()]).toEqual([route.method, url, 404, { error: { code: 'not_found', message: 'server demo does not exist' } }]);
    }
    expect(routes.filter((candidate) => candidate.access === 'operator').map((route) => `${route.method} ${route.path}`)).toEqual(['PATCH /api/admin/servers/{server}']);
    expect((await carlos.request('PATCH', '/api/admin/servers/demo', {})).statusCode).toBe(403);
    // And ana (administrator) and vera (viewer) of demo on acme.
    for (const session of [ana, vera]) {
      for (const [method, url] of [
        ['GET', '/api/admin/servers/acme/assistants/pt/intents'],
        ['POST', '/api/admin/servers/acme/assistants/pt/intents'],
        ['POST', '/api/admin/servers/acme/assistants/pt/trainings'],
        ['POST', '/api/admin/servers/acme/assistants/pt/test-chat'],
      ] as const) {
        const response = await session.request(method, url, method === 'GET' ? undefined : {});
        expect([url, response.statusCode]).toEqual([url, 404]);
      }
    }
    // An administrator may not copy another server's assistant either.
    const copy = await ana.request('POST', '/api/admin/servers/demo/assistants', { language: 'es', copyFrom: { server: 'acme', language: 'pt' } });
    expect([copy.statusCode, (copy.json() as { error: { field: string } }).error.field]).toEqual([404, 'copyFrom.server']);
  });
});

describe('helper user', () => {
  it('adds, lists, sets passwords, disables and enables console users', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'helper-cli-users-'));
    const env = { HELPER_DATA_DIR: dir, HELPER_LOG_LEVEL: 'silent', HELPER_LOAD_DEMO: 'false' };
    const helper = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    try {
      expect((await helper('server', 'add', 'demo')).code).toBe(0);
      const added = await helper('user', 'add', 'Rita', '--email', 'rita@demo.example', '--first-name', 'Rita', '--role', 'administrator');
      expect(added.code).toBe(0);
      expect(added.out).toMatch(/added administrator rita <rita@demo\.example> to server demo/);
      const generated = /password: (\S+)/.exec(added.out)?.[1];
      expect(generated?.length).toBeGreaterThanOrEqual(10);
      expect((await helper('user', 'add', 'rui', '--email', 'rui@demo.example', '--first-name', 'Rui', '--password', 'short')).err).toMatch(/at least 10/);
      expect((await helper('user', 'add', 'rui', '--email', 'rui@demo.example', '--first-name', 'Rui', '--password', 'rui-password-1')).out).not.toMatch(/password:/);
      expect((await helper('user', 'add', 'rui', '--email', 'rui2@demo.example', '--first-name', 'Rui')).err).toMatch(/already exists/);
      expect((await helper('user', 'list')).out).toBe('rita\trita@demo.example\tRita\tadministrator\tactive\nrui\trui@demo.example\tRui\tviewer\tactive');
      expect((await helper('user', 'disable', 'rita')).err).toMatch(/last active administrator/);
      expect((await helper('user', 'disable', 'rui')).out).toMatch(/disabled/);
      expect((await helper('user', 'list')).out).toMatch(/rui\t.*\tinactive/);
      expect((await helper('user', 'enable', 'rui')).code).toBe(0);
      expect((await helper('user', 'set-password', 'rui', '--password', 'rui-password-2')).out).toMatch(/new password set for rui/);
      expect((await helper('user', 'set-password', 'nobody')).err).toMatch(/does not exist/);
      expect((await helper('user', 'list', '--server', 'nowhere')).code).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
