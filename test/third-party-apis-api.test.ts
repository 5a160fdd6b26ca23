// "APIs de terceiros" through the admin API (issue 14, items 1, 3 and 7): create, rename and
// delete with references followed, secret headers write-only and sealed, bad input answered 400
// naming the field (unknown {context}, dependency cycle, invalid path, duplicate name), and
// "testar" showing the requests (secrets masked), answers and extractions — against a local
// stand-in allowed by HELPER_OUTBOUND_ALLOW.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const BASE = '/api/admin/servers/demo/assistants/pt/apis';
let test: TestPlatform;
let assistant: AssistantRecord;
let server: Server;
let stand: string;
const keys: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    keys.push(String(req.headers['x-key'] ?? ''));
    res.setHeader('content-type', 'application/json');
    if (req.url === '/login') return void res.end(JSON.stringify({ sessionID: 'abc' }));
    if (req.url === '/tickets/7') return void res.end(JSON.stringify({ request: { number: 7, status: { name: 'Aberto' } } }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stand = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  test = await startTestPlatform({ demo: false, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_OUTBOUND_ALLOW: '127.0.0.1' } });
  assistant = await test.platform.defaultAssistant();
  await test.platform.store.content.save(
    assistant.id,
    { themes: [], intents: [], regexes: [], dialogues: [], skills: [], contexts: [{ name: 'ticket', type: 'text', values: [] }, { name: 'session', type: 'text', values: [] }, { name: 'estado', type: 'text', values: [] }] },
    'replace',
  );
});
afterAll(async () => {
  await test?.close();
  await new Promise((resolve) => server.close(resolve));
});

const admin = (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, payload?: unknown) =>
  test.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

const login = () => ({ method: 'POST', url: `${stand}/login`, authentication: true, headers: [{ name: 'x-key', value: 'segredo-123', secret: true }], mappings: [{ path: 'sessionID', context: 'session' }] });
const ticket = () => ({
  method: 'POST',
  url: `${stand}/tickets/{ticket}`,
  dependsOn: 'login',
  body: [{ name: 'sessionID', type: 'context', value: 'session' }],
  mappings: [{ path: 'request.status.name', context: 'estado', type: 'text' }],
  status: { success: [200], unauthorized: [401, 412], notFound: [404] },
  notFoundMessage: 'Chamado {ticket} não encontrado.',
});

describe('third-party APIs in the admin API', () => {
  it('creates APIs; a secret header is sealed at rest and never returned', async () => {
    const created = await admin('PUT', `${BASE}/login`, login());
    expect(created.statusCode).toBe(200);
    expect(created.json().headers).toEqual([{ name: 'x-key', secret: true, hasValue: true }]);
    expect((await admin('PUT', `${BASE}/ticket`, ticket())).statusCode).toBe(200);
    const listed = (await admin('GET', BASE)).json() as { apis: Array<{ name: string }> };
    expect(listed.apis.map((api) => api.name)).toEqual(['login', 'ticket']);
    expect(JSON.stringify(listed)).not.toContain('segredo-123');
    expect(JSON.stringify(await test.platform.store.thirdPartyApis.list(assistant.id))).not.toContain('segredo-123');
  });

  it('keeps a stored secret only while the API stays on its host: moved elsewhere, the secret must be given again', async () => {
    expect((await admin('PUT', `${BASE}/chave`, { ...login(), name: 'chave' })).statusCode).toBe(200);
    const kept = { ...login(), name: 'chave', url: `${stand}/other-path`, headers: [{ name: 'x-key', secret: true }] };
    expect((await admin('PUT', `${BASE}/chave`, kept)).json().headers).toEqual([{ name: 'x-key', secret: true, hasValue: true }]);
    const moved = await admin('PUT', `${BASE}/chave`, { ...kept, url: 'https://elsewhere.example/login' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json()).toMatchObject({ error: { code: 'invalid', field: 'headers.0.value', problems: [{ field: 'headers.0.value', code: 'secret_needs_value' }] } });
    expect((await admin('PUT', `${BASE}/chave`, { ...kept, url: 'https://elsewhere.example/login', headers: [{ name: 'x-key', value: 'nova-123', secret: true }] })).statusCode).toBe(200);
    expect((await admin('DELETE', `${BASE}/chave`)).statusCode).toBe(204);
  });

  it('answers 400 naming the field: unknown context, cycle, invalid path, duplicate name, bad method, unknown field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['ticket', { ...ticket(), url: `${stand}/tickets/{numero}` }, 'url'],
      ['ticket', { ...ticket(), body: [{ name: 'q', type: 'text', value: 'a {nada}' }] }, 'body.0.value'],
      ['login', { ...login(), dependsOn: 'ticket' }, 'dependsOn'],
      ['ticket', { ...ticket(), mappings: [{ path: 'request..status', context: 'estado' }] }, 'mappings.0.path'],
      ['ticket', { ...ticket(), name: 'login' }, 'name'],
      ['ticket', { ...ticket(), method: 'FETCH' }, 'method'],
      ['ticket', { ...ticket(), headers: [{ name: 'x', value: '{senha}' }] }, 'headers.0.value'],
      // A misspelt or unknown field is refused, not dropped silently.
      ['ticket', { ...ticket(), failuremessage: 'typo' }, 'failuremessage'],
    ];
    for (const [name, body, field] of cases) {
      const response = await admin('PUT', `${BASE}/${name}`, body);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.field, JSON.stringify(response.json())).toBe(field);
    }
  });

  it('answers 400 naming the header whose written value HTTP cannot carry (an emoji, a control character)', async () => {
    for (const value of ['Olá 😀', 'a\u0000b', 'a\u007fb']) {
      const response = await admin('PUT', `${BASE}/ticket`, { ...ticket(), headers: [{ name: 'X-Apelido', value }] });
      expect(response.statusCode, value).toBe(400);
      expect(response.json().error.field, value).toBe('headers.0.value');
      expect(response.json().error.problems, value).toContainEqual(expect.objectContaining({ field: 'headers.0.value', code: 'header_value_chars', params: { name: 'X-Apelido' } }));
      expect(response.json().error.message, value).toContain('header "X-Apelido"');
    }
    // Latin-1 and a tab are sent as written; a context's value is made sendable when the call is made.
    const fine = await admin('PUT', `${BASE}/ticket`, { ...ticket(), headers: [{ name: 'X-Apelido', value: 'Olá\t{estado}' }] });
    expect(fine.statusCode, fine.body).toBe(200);
    expect((await admin('PUT', `${BASE}/ticket`, ticket())).statusCode).toBe(200);
  });

  it('testar shows each request with secrets masked, each answer and each extraction', async () => {
    const result = (await admin('POST', `${BASE}/ticket/test`, { contexts: { ticket: '7' } })).json();
    expect(result.outcome).toBe('success');
    expect(result.contexts).toEqual({ session: 'abc', estado: 'Aberto' });
    expect(result.steps.map((step: { api: string }) => step.api)).toEqual(['login', 'ticket']);
    expect(result.steps[0].request.headers['x-key']).toBe('••••••');
    expect(keys.at(-2)).toBe('segredo-123');
    expect(result.steps[1].request.body).toBe('{"sessionID":"abc"}');
    expect(result.steps[1].extracted).toEqual([{ path: 'request.status.name', context: 'estado', value: 'Aberto' }]);
    const missing = (await admin('POST', `${BASE}/ticket/test`, { contexts: { ticket: '8' } })).json();
    expect(missing).toMatchObject({ outcome: 'notFound', message: 'Chamado {ticket} não encontrado.' });
    expect(JSON.stringify(missing)).not.toContain('segredo-123');
  });

  it('exports APIs and a custom skill without secrets; imports them back (secrets kept), refusing bad input naming the API field', async () => {
    const skill = await admin('POST', '/api/admin/servers/demo/assistants/pt/skills', { name: 'status', kind: 'custom', texts: ['Estado: {estado}'], custom: { api: 'ticket' } });
    expect(skill.statusCode, skill.body).toBe(201);
    const exported = await admin('GET', '/api/admin/servers/demo/assistants/pt/assistant.yaml');
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('apis:');
    expect(exported.body).toContain('custom:');
    expect(exported.body).not.toContain('segredo-123');
    const upload = (yaml: string) =>
      test.app.inject({ method: 'POST', url: '/api/admin/servers/demo/assistants/pt/assistant.yaml?mode=replace', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' }, payload: yaml });
    const broken = await upload(exported.body.replace('/tickets/{ticket}', '/tickets/{numero}'));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.field).toBe('apis[1].url');
    const back = await upload(exported.body);
    expect(back.statusCode, back.body).toBe(200);
    expect((await admin('POST', `${BASE}/ticket/test`, { contexts: { ticket: '7' } })).json().outcome).toBe('success');
    expect(keys.at(-2)).toBe('segredo-123');
    expect((await test.platform.store.content.load(assistant.id)).skills).toEqual([{ name: 'status', fallback: false, kind: 'custom', texts: ['Estado: {estado}'], custom: { api: 'ticket' } }]);
    // An import that changes a skill and an API is one version of both (Histórico), written in one transaction.
    const changed = await upload(exported.body.replace('Estado: {estado}', 'Situação: {estado}').replace('Chamado {ticket} não encontrado.', 'Chamado {ticket} inexistente.'));
    expect(changed.statusCode, changed.body).toBe(200);
    const [latest] = (await admin('GET', '/api/admin/servers/demo/assistants/pt/versions?limit=1')).json().versions;
    expect(latest).toMatchObject({ actor: 'operator', action: 'import', importName: 'assistant.yaml' });
    expect(latest.summary).toEqual([
      { list: 'skills', change: 'changed', name: 'status' },
      { list: 'apis', change: 'changed', name: 'ticket' },
    ]);
    expect((await admin('DELETE', '/api/admin/servers/demo/assistants/pt/skills/status')).statusCode).toBe(200);
  });

  it("places an import's API problems found only when it is saved (secrets) at their line and column, never with a secret's value", async () => {
    // A secret written without its value keeps the assistant's — unless the API moves to another
    // host, or the assistant has none: only the save, which reads the assistant's APIs, knows.
    const yaml = `version: 1
apis:
  - name: login
    method: POST
    url: https://elsewhere.example/login
    authentication: true
    headers:
      - {name: x-key, secret: true}
    mappings: [{path: sessionID, context: session}]
  - name: novo
    method: GET
    url: ${stand}/novo
    body:
      - name: senha
        type: text
        secret: true
      - {name: token, type: text, secret: true, value: segredo-do-arquivo}
`;
    const before = await test.platform.store.thirdPartyApis.list(assistant.id);
    const response = await test.app.inject({ method: 'POST', url: '/api/admin/servers/demo/assistants/pt/assistant.yaml?mode=merge', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' }, payload: yaml });
    expect(response.statusCode, response.body).toBe(400);
    const { error } = response.json();
    expect(error.field).toBe('apis[0].headers[0].value');
    expect(error.fileProblems).toEqual([
      expect.objectContaining({ file: 'assistant.yaml', line: 8, column: 9, place: 'apis[0].headers[0].value', code: 'secret_needs_value' }),
      expect.objectContaining({ file: 'assistant.yaml', line: 14, column: 9, place: 'apis[1].body[0].value', code: 'secret_needs_value' }),
    ]);
    expect(error.problems).toEqual([
      'assistant.yaml:8:9 apis[0].headers[0].value: API "login": a secret header needs its value (written once, never shown again)',
      'assistant.yaml:14:9 apis[1].body[0].value: API "novo": a secret field needs its value (written once, never shown again)',
    ]);
    expect(response.body).not.toContain('segredo');
    expect(await test.platform.store.thirdPartyApis.list(assistant.id)).toEqual(before);
  });

  it('renames an API keeping its secret and its dependants; refuses to delete one in use', async () => {
    const renamed = await admin('PUT', `${BASE}/login`, { ...login(), name: 'entrar', headers: [{ name: 'x-key', secret: true }] });
    expect(renamed.statusCode).toBe(200);
    expect(((await admin('GET', `${BASE}/ticket`)).json() as { dependsOn: string }).dependsOn).toBe('entrar');
    expect((await admin('POST', `${BASE}/ticket/test`, { contexts: { ticket: '7' } })).json().outcome).toBe('success');
    expect(keys.at(-2)).toBe('segredo-123');
    const inUse = await admin('DELETE', `${BASE}/entrar`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.usedBy).toEqual([{ list: 'apis', name: 'ticket', field: 'dependsOn' }]);
    expect((await admin('DELETE', `${BASE}/ticket`)).statusCode).toBe(204);
    expect((await admin('DELETE', `${BASE}/entrar`)).statusCode).toBe(204);
    expect((await admin('GET', `${BASE}/entrar`)).statusCode).toBe(404);
  });
});
