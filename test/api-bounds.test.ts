// Bounds of what the admin API takes (the reviewer's five defects of December 2026): free-form JSON
// values bounded in depth and size (a skill's attachment, an API's body value, an imported file's),
// texts that are not well-formed Unicode refused, a server's display name bounded, the body
// parser's errors with their own codes, and every code the API answers known to the console.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProblemCode } from '../src/admin-api/problem-codes.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-api-bound-tests-0123456789';
const BASE = '/servers/acme/assistants/pt';
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ demo: false, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  await test.platform.store.servers.create({ name: 'acme' });
  await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
});
afterAll(async () => {
  await test?.close();
});

type Problem = { field?: string; code: string; params?: Record<string, unknown> };

/** `payload` as a string is sent as it is (JSON escapes such as \ud800 kept), as `type`. */
async function call(method: 'POST' | 'PUT' | 'PATCH' | 'GET', url: string, payload?: unknown, type = 'application/json') {
  const response = await test.app.inject({
    method,
    url: `/api/admin${url}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(payload === undefined ? {} : { 'content-type': type }) },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload) }),
  });
  const body = String(response.headers['content-type'] ?? '').startsWith('application/json') ? (response.json() as { error?: { code: string; field?: string; params?: Record<string, unknown>; problems?: Array<Problem & { message: string }> } }) : {};
  const problems = (body.error?.problems ?? []).filter((found) => typeof found === 'object').map(({ field, code, params }) => ({ field, code, ...(params ? { params } : {}) }));
  for (const found of [...problems, ...(body.error ? [body.error] : [])]) expect({ code: found.code, known: isProblemCode(found.code) }).toEqual({ code: found.code, known: true });
  return { status: response.statusCode, code: body.error?.code, field: body.error?.field, params: body.error?.params, problems, response };
}

/** `{"a": {"a": … 1}}`, `depth` objects inside one another, as JSON text (no recursion). */
function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const exportsStillWork = async () => {
  expect((await call('GET', `${BASE}/assistant.yaml`)).status).toBe(200);
  expect((await call('GET', `${BASE}/rasa-project.zip`)).status).toBe(200);
};

describe('free-form JSON values are bounded in depth and size', () => {
  const skill = (name: string, attachment: string) => `{"name":"${name}","kind":"attachment","attachment":${attachment}}`;

  it("refuses a skill's attachment nested 1,000 or 3,000 deep with 400 naming `attachment`, and the assistant still exports", async () => {
    expect((await call('POST', `${BASE}/skills`, skill('anexo_raso', deepJson(32)))).status).toBe(201);
    for (const depth of [33, 1000, 3000]) {
      const refused = await call('POST', `${BASE}/skills`, skill(`anexo_${depth}`, deepJson(depth)));
      expect(refused.status).toBe(400);
      expect(refused.problems).toEqual([{ field: 'attachment', code: 'too_deep', params: { max: 32 } }]);
    }
    const patched = await call('PATCH', `${BASE}/skills/anexo_raso`, `{"attachment":${deepJson(1000)}}`);
    expect(patched.status).toBe(400);
    expect(patched.problems).toEqual([{ field: 'attachment', code: 'too_deep', params: { max: 32 } }]);
    const large = await call('POST', `${BASE}/skills`, { name: 'anexo_grande', kind: 'attachment', attachment: { text: 'x'.repeat(17 * 1024) } });
    expect(large.problems).toEqual([{ field: 'attachment', code: 'too_many_bytes', params: { max: 16384 } }]);
    await exportsStillWork();
  });

  it("refuses an API's body value nested 1,000 or 3,000 deep with 400 naming the row's value", async () => {
    const api = (value: string) => `{"method":"POST","url":"https://tickets.example/new","body":[{"name":"dados","type":"object","value":${value}}]}`;
    expect((await call('PUT', `${BASE}/apis/tickets`, api(`{"b":${deepJson(31)}}`))).status).toBeLessThan(300);
    for (const depth of [1000, 3000]) {
      const refused = await call('PUT', `${BASE}/apis/tickets`, api(deepJson(depth)));
      expect(refused.status).toBe(400);
      expect(refused.problems).toEqual([{ field: 'body.0.value', code: 'too_deep', params: { max: 32 } }]);
    }
    await exportsStillWork();
  });

  it('refuses an imported assistant file whose attachment is nested 1,000 deep, and stores nothing', async () => {
    const exported = (await call('GET', `${BASE}/assistant.yaml`)).response.body;
    const deep = exported.replace(/attachment:[^\n]*(\n {6,}[^\n]*)*/, `attachment: ${deepJson(1000)}`);
    expect(deep).not.toBe(exported);
    const refused = await call('POST', `${BASE}/assistant.yaml?mode=replace`, deep, 'application/yaml');
    expect(refused.status).toBe(400);
    const { fileProblems } = (refused.response.json() as { error: { fileProblems: Array<{ code: string; params?: unknown; place?: string }> } }).error;
    expect(fileProblems).toEqual([expect.objectContaining({ code: 'too_deep', params: { max: 32 }, place: expect.stringMatching(/attachment$/) })]);
    await exportsStillWork();
  });
});

describe('texts that are not well-formed Unicode', () => {
  it('refuses a name with a lone surrogate with 400 naming it, on a create and on a rename', async () => {
    const theme = await call('POST', `${BASE}/themes`, '{"name":"t\\ud800"}');
    expect(theme.status).toBe(400);
    expect(theme.problems).toEqual([{ field: 'name', code: 'not_well_formed' }]);
    expect((await call('POST', `${BASE}/themes`, '{"name":"t\\ud800"}')).status).toBe(400);
    const nested = await call('POST', `${BASE}/intents`, '{"name":"oi","phrases":[{"text":"ok"},{"text":"a\\udc00b"}]}');
    expect(nested.problems).toEqual([{ field: 'phrases.1.text', code: 'not_well_formed' }]);
    const renamed = await call('PATCH', BASE, '{"name":"Assistente \\ud83d"}');
    expect(renamed.status).toBe(400);
    expect(renamed.problems).toEqual([{ field: 'name', code: 'not_well_formed' }]);
    // A pair of surrogates is one character, taken.
    expect((await call('POST', `${BASE}/themes`, '{"name":"t\\ud83d\\ude00"}')).status).toBe(201);
  });
});

describe("a server's names", () => {
  it('bounds the display name (100) and says the name rule in the schema, without echoing a long name', async () => {
    const long = await call('POST', '/servers', { name: 'beta', displayName: 'x'.repeat(101) });
    expect(long.status).toBe(400);
    expect(long.problems).toEqual([{ field: 'displayName', code: 'too_long', params: { max: 100 } }]);
    expect((await call('POST', '/servers', { name: 'beta', displayName: 'x'.repeat(100) })).status).toBe(201);
    const renamed = await call('PATCH', '/servers/beta', { displayName: 'y'.repeat(101) });
    expect(renamed.problems).toEqual([{ field: 'displayName', code: 'too_long', params: { max: 100 } }]);
    const badName = await call('POST', '/servers', { name: 'A'.repeat(5000) });
    expect(badName.status).toBe(400);
    expect(badName.field).toBe('name');
    expect(badName.response.body.length).toBeLessThan(1000);
    const document = (await test.app.inject({ method: 'GET', url: '/api/admin/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, Record<string, unknown>> } }> } }>> };
    const properties = document.paths['/api/admin/servers']?.['post']?.requestBody?.content['application/json']?.schema.properties;
    expect(properties?.['name']).toMatchObject({ maxLength: 50, pattern: '^[a-z0-9]+$' });
    expect(properties?.['displayName']).toMatchObject({ maxLength: 100 });
  });
});

describe("the body parser's errors", () => {
  it('answers a body too large 413 too_large, another type 415, an empty or broken body 400 invalid on `body`', async () => {
    const large = await call('POST', `${BASE}/themes`, JSON.stringify({ name: 'x', description: 'y'.repeat(2 * 1024 * 1024) }));
    expect(large).toMatchObject({ status: 413, code: 'too_large', field: 'body', params: { max: expect.any(Number) } });
    const type = await call('POST', `${BASE}/themes`, 'name=x', 'application/x-www-form-urlencoded');
    expect(type).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    const empty = await call('POST', `${BASE}/themes`, '');
    expect(empty).toMatchObject({ status: 400, code: 'invalid', field: 'body' });
    expect(empty.problems).toEqual([{ field: 'body', code: 'empty' }]);
    const broken = await call('POST', `${BASE}/themes`, '{"name": ');
    expect(broken).toMatchObject({ status: 400, code: 'invalid', field: 'body' });
    expect(broken.problems).toEqual([{ field: 'body', code: 'invalid_value' }]);
  });
});

describe('every code the admin API answers is known', () => {
  it('has each code given to sendError, AdminApiError and invalidField in PROBLEM_CODES (console texts)', () => {
    const files: string[] = [];
    const walk = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(join(import.meta.dirname, '..', 'src'));
    const codes = new Map<string, string>();
    const patterns = [/sendError\(\s*\w+,\s*\d{3},\s*'([a-z_]+)'/g, /new AdminApiError\(\s*\d{3},\s*'([a-z_]+)'/g, /invalidField\(\s*[^,]+,\s*'([a-z_]+)'/g];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const match of text.matchAll(pattern)) codes.set(match[1] as string, file);
    }
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter(([code]) => !isProblemCode(code))).toEqual([]);
    expect(codes.has('throttled')).toBe(true);
  });
});

describe('a user message with a lone surrogate (the public REST webhook)', () => {
  it('is answered, not a 500: the text is taken with U+FFFD in place of the lone surrogate', async () => {
    const sent = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { host: 'acmept.localhost', 'content-type': 'application/json' }, payload: '{"sender":"u\\ud800","message":"oi \\udc00 tudo bem"}' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual([]);
  });
});
