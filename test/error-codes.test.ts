// Every admin API error carries a stable code and its params, and a body with several problems
// gets all of them at once (issue 16 item 1): the JSON schema's (ajv with allErrors), the
// content rules', the settings' and the users'. The console translates the codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProblemCode, MAX_PROBLEMS } from '../src/admin-api/problem-codes.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-error-code-tests-0123456789';
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ demo: false, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  await test.platform.store.servers.create({ name: 'acme' });
  await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
});
afterAll(async () => {
  await test?.close();
});

type Problem = { field?: string; code: string; params?: Record<string, unknown>; message: string };

async function admin(method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) {
  const response = await test.app.inject({ method, url: `/api/admin${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: payload as Record<string, unknown> });
  const body = response.json() as { error: { code: string; field?: string; message: string; problems?: Problem[] } };
  if (body.error === undefined) return { status: response.statusCode, error: { code: '', message: '' }, problems: [] };
  for (const problem of body.error.problems ?? []) expect({ code: problem.code, known: isProblemCode(problem.code) }).toEqual({ code: problem.code, known: true });
  return { status: response.statusCode, error: body.error, problems: (body.error.problems ?? []).map(({ field, code, params }) => ({ field, code, ...(params ? { params } : {}) })) };
}

describe('admin API error codes', () => {
  it('answers every schema problem of a body at once, each with its field, code and params', async () => {
    const answer = await admin('POST', '/servers/acme/assistants/pt/intents', {
      name: '',
      theme: 12,
      phrases: [{ text: 'ok' }, { text: 'x'.repeat(2001) }, {}],
    });
    expect(answer.status).toBe(400);
    expect(answer.error).toMatchObject({ code: 'invalid', field: answer.problems[0]?.field });
    expect(answer.problems).toEqual(
      expect.arrayContaining([
        { field: 'name', code: 'empty' },
        { field: 'theme', code: 'type', params: { type: 'string' } },
        { field: 'phrases.1.text', code: 'too_long', params: { max: 2000 } },
        { field: 'phrases.2.text', code: 'required' },
      ]),
    );
    expect(answer.problems).toHaveLength(4);
  });

  it('says a settings value out of range with its limit, and every bad e-mail', async () => {
    const threshold = await admin('PATCH', '/servers/acme/assistants/pt/settings', { accuracyThresholdPercent: 120 });
    expect([threshold.status, threshold.problems]).toEqual([400, [{ field: 'accuracyThresholdPercent', code: 'too_big', params: { max: 100 } }]]);
    const emails = await admin('PATCH', '/servers/acme/assistants/pt/settings', { accuracyThresholdPercent: -1, notificationEmails: ['ok@acme.example', 'nope', 'also nope'], actionEndpointUrl: 'ftp://x' });
    expect(emails.problems).toEqual([
      { field: 'accuracyThresholdPercent', code: 'too_small', params: { min: 0 } },
      { field: 'actionEndpointUrl', code: 'not_url' },
      { field: 'notificationEmails.1', code: 'not_email', params: { value: 'nope' } },
      { field: 'notificationEmails.2', code: 'not_email', params: { value: 'also nope' } },
    ]);
  });

  it('codes the content rules: a name, a missing reference, a value of a context', async () => {
    await admin('POST', '/servers/acme/assistants/pt/contexts', { name: 'cor', type: 'categorical', values: ['azul'] });
    const answer = await admin('POST', '/servers/acme/assistants/pt/intents', {
      name: 'nome com espaço',
      theme: 'nenhum',
      phrases: [{ text: 'quero verde', entities: [{ start: 6, end: 11, entity: 'cor', value: 'verde' }] }],
    });
    expect(answer.problems).toEqual([
      { field: 'name', code: 'symbol_name', params: { name: 'nome com espaço' } },
      { field: 'theme', code: 'does_not_exist', params: { what: 'theme', name: 'nenhum' } },
      { field: 'phrases.0.entities.0.value', code: 'not_a_value', params: { value: 'verde', context: 'cor', values: 'azul' } },
    ]);
  });

  it('codes the users rules and conflicts, keeping the kind of error in `code`', async () => {
    const body = { login: 'ana', email: 'ana@acme.example', firstName: 'Ana', lastName: 'Lima', password: 'long-enough-1', role: 'administrator' };
    expect((await admin('POST', '/servers/acme/users', body)).problems).toEqual([]);
    const several = await admin('POST', '/servers/acme/users', { ...body, login: '', firstName: 'x'.repeat(200), role: 'boss' });
    expect(several.problems).toEqual(expect.arrayContaining([{ field: 'login', code: 'empty' }, { field: 'role', code: 'not_one_of', params: { allowed: expect.stringContaining('administrator') } }]));
    const conflict = await admin('POST', '/servers/acme/users', body);
    expect([conflict.status, conflict.error.code, conflict.problems]).toEqual([409, 'conflict', [{ code: 'user_exists', params: { login: 'ana', email: 'ana@acme.example' } }]]);
    const server = await admin('POST', '/servers', { name: 'acme' });
    expect([server.status, server.error.code, server.problems]).toEqual([409, 'conflict', [{ code: 'server_exists', params: { name: 'acme' } }]]);
  });

  it('codes a request problem on the file routes, whose file problems are sentences', async () => {
    for (const url of ['/servers/acme/assistants/pt/assistant.yaml']) {
      const response = await test.app.inject({ method: 'POST', url: `/api/admin${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' }, payload: ' ' });
      expect({ url, status: response.statusCode, error: response.json().error }).toEqual({
        url,
        status: 400,
        error: expect.objectContaining({ code: 'invalid', field: 'body', problems: [expect.objectContaining({ field: 'body', code: 'file_required' })] }),
      });
    }
  });

  it("codes a merge's fallback taking over from the assistant's as a warning at the file's line and column", async () => {
    expect((await admin('POST', '/servers/acme/assistants/pt/skills', { name: 'nao_entendi', kind: 'text', texts: ['Não entendi.'], fallback: true })).status).toBe(201);
    const yaml = 'version: 1\nskills:\n  - name: outro\n    text: Como?\n    fallback: true\n';
    const response = await test.app.inject({ method: 'POST', url: '/api/admin/servers/acme/assistants/pt/assistant.yaml?mode=merge', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' }, payload: yaml });
    expect(response.statusCode, response.body).toBe(200);
    const { warnings, fileWarnings } = response.json();
    expect(fileWarnings).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'assistant.yaml', line: 5, column: 15, place: 'skills[0].fallback', code: 'import_fallback_replaced', params: { name: 'outro', previous: 'nao_entendi' } })]));
    expect(isProblemCode('import_fallback_replaced')).toBe(true);
    expect(warnings).toContain('assistant.yaml:5:15 skills[0].fallback: skill "outro" becomes the fallback in place of the assistant\'s "nao_entendi", which stays as an ordinary skill');
    const assistant = await test.platform.store.assistants.get('acme', 'pt');
    expect((await test.platform.store.content.load(assistant?.id ?? 0)).skills.map((skill) => [skill.name, skill.fallback])).toEqual([
      ['nao_entendi', false],
      ['outro', true],
    ]);
  });

  it('answers at most MAX_PROBLEMS problems for a body full of them', async () => {
    const answer = await admin('PATCH', '/servers/acme/assistants/pt/settings', { notificationEmails: Array.from({ length: 50 }, () => 'x'.repeat(300)) });
    expect(answer.status).toBe(400);
    expect(answer.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
    expect(answer.problems[0]).toEqual({ field: 'notificationEmails.0', code: 'too_long', params: { max: 254 } });
  });
});
