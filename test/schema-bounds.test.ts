// The admin API's JSON schemas bound what they take (issue 16's schema gaps): office hours of the
// handoff settings, a third-party API's body values, the contexts of its "Testar", the assistant
// of a URL and the addresses allowed without a token. Each too-large or unknown value is a coded
// 400 naming its field (problem-codes.ts), never a 500 or a silent store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProblemCode } from '../src/admin-api/problem-codes.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-schema-bound-tests-0123456789';
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

async function call(method: 'POST' | 'PUT' | 'PATCH' | 'GET', url: string, payload?: unknown) {
  const response = await test.app.inject({ method, url: `/api/admin${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const body = response.json() as { error?: { code: string; problems?: Array<Problem & { message: string }> } };
  const problems = (body.error?.problems ?? []).map(({ field, code, params }) => ({ field, code, ...(params ? { params } : {}) }));
  for (const problem of problems) expect({ code: problem.code, known: isProblemCode(problem.code) }).toEqual({ code: problem.code, known: true });
  return { status: response.statusCode, code: body.error?.code, problems, body };
}

const HANDOFF = '/servers/acme/assistants/pt/handoff-settings';
const hours = (officeHours: unknown) => call('PUT', HANDOFF, { officeHours });

describe('admin API schema bounds', () => {
  it('takes good office hours and refuses unknown sub-fields, days and bad times, each naming its field', async () => {
    const good = await hours({ timeZone: 'America/Sao_Paulo', week: { mon: [{ from: '08:00', to: '18:00' }], sat: [{ from: '09:00', to: '24:00' }] }, holidays: ['2026-12-25'] });
    expect(good.status).toBe(200);
    const bad = await hours({ timeZone: 'America/Sao_Paulo', week: { mon: [{ from: '8:00', to: '18:00', extra: 1 }], mon2: [], fri: [{ from: '09:00', to: '25:00' }] }, weekend: true });
    expect(bad.status).toBe(400);
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        { field: 'officeHours.weekend', code: 'not_allowed' },
        { field: 'officeHours.week.mon2', code: 'not_allowed' },
        { field: 'officeHours.week.mon.0.extra', code: 'not_allowed' },
        { field: 'officeHours.week.mon.0.from', code: 'pattern' },
        { field: 'officeHours.week.fri.0.to', code: 'pattern' },
      ]),
    );
    expect((await hours({ week: {} })).problems).toEqual([{ field: 'officeHours.timeZone', code: 'required' }]);
    expect((await hours({ timeZone: 'x'.repeat(65) })).problems).toEqual([{ field: 'officeHours.timeZone', code: 'too_long', params: { max: 64 } }]);
  });

  it('bounds the office hours lists: intervals a day and holidays', async () => {
    const intervals = Array.from({ length: 11 }, (_, index) => ({ from: `${String(index).padStart(2, '0')}:00`, to: `${String(index).padStart(2, '0')}:30` }));
    expect((await hours({ timeZone: 'UTC', week: { tue: intervals } })).problems).toEqual([{ field: 'officeHours.week.tue', code: 'too_many', params: { max: 10 } }]);
    const holidays = Array.from({ length: 367 }, () => '2026-01-01');
    expect((await hours({ timeZone: 'UTC', holidays })).problems).toEqual([{ field: 'officeHours.holidays', code: 'too_many', params: { max: 366 } }]);
    expect((await hours({ timeZone: 'UTC', holidays: ['2026-13-01'] })).problems).toEqual([{ field: 'officeHours.holidays.0', code: 'pattern' }]);
  });

  it('types and bounds a third-party API body value', async () => {
    const api = (value: unknown) => call('PUT', '/servers/acme/assistants/pt/apis/tickets', { method: 'POST', url: 'https://tickets.example/new', body: [{ name: 'titulo', type: 'text', value }] });
    expect((await api('x'.repeat(8001))).problems).toEqual([{ field: 'body.0.value', code: 'too_long', params: { max: 8000 } }]);
    expect((await api(Array.from({ length: 501 }, () => 1))).problems).toEqual([{ field: 'body.0.value', code: 'too_many', params: { max: 500 } }]);
    expect((await api('um chamado')).status).toBe(200);
  });

  it('types and bounds the sample contexts of an API test', async () => {
    const run = (contexts: unknown) => call('POST', '/servers/acme/assistants/pt/apis/tickets/test', { contexts });
    expect((await run({ nome: 'x'.repeat(2001) })).problems).toEqual([{ field: 'contexts.nome', code: 'too_long', params: { max: 2000 } }]);
    expect((await run({ nome: { inner: 1 } })).problems).toEqual([{ field: 'contexts.nome', code: 'type', params: { type: 'string, number, boolean, array, null' } }]);
    expect((await run({ lista: [{ a: 1 }] })).problems).toEqual([{ field: 'contexts.lista.0', code: 'type', params: { type: 'string, number, boolean' } }]);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`c${index}`, index]));
    expect((await run(many)).problems).toEqual([{ field: 'contexts', code: 'too_many_keys', params: { max: 100 } }]);
  });

  it('bounds the server and language of a URL', async () => {
    const long = await call('GET', `/servers/${'a'.repeat(65)}/assistants/pt/settings`);
    expect([long.status, long.problems]).toEqual([400, [{ field: 'server', code: 'too_long', params: { max: 64 } }]]);
    const language = await call('GET', `/servers/acme/assistants/${'p'.repeat(17)}/settings`);
    expect([language.status, language.problems]).toEqual([400, [{ field: 'language', code: 'too_long', params: { max: 16 } }]]);
  });

  it('bounds the addresses allowed without a token and each of them', async () => {
    const url = '/servers/acme/assistants/pt';
    const many = await call('PATCH', url, { apiAllowedCidrs: Array.from({ length: 101 }, (_, index) => `10.0.${index}.0/24`) });
    expect([many.status, many.problems]).toEqual([400, [{ field: 'apiAllowedCidrs', code: 'too_many', params: { max: 100 } }]]);
    const long = await call('PATCH', url, { apiAllowedCidrs: ['1'.repeat(65)] });
    expect(long.problems).toEqual([{ field: 'apiAllowedCidrs.0', code: 'too_long', params: { max: 64 } }]);
    expect((await call('PATCH', url, { apiAllowedCidrs: ['10.0.0.0/8'] })).status).toBe(200);
  });

  it('takes back what it answered: an item and the settings read, changed and written whole (their computed keys ignored)', async () => {
    const intent = '/servers/acme/assistants/pt/intents/saudacao';
    expect((await call('POST', '/servers/acme/assistants/pt/intents', { name: 'saudacao', phrases: [{ text: 'oi' }, { text: 'olá' }] })).status).toBe(201);
    const read = (await call('GET', intent)).body as unknown as Record<string, unknown>;
    expect(read).toHaveProperty('usedBy');
    const written = await call('PUT', intent, { ...read, phrases: [{ text: 'oi' }, { text: 'olá' }, { text: 'bom dia' }] });
    expect([written.status, written.problems]).toEqual([200, []]);
    const settings = '/servers/acme/assistants/pt/settings';
    const current = (await call('GET', settings)).body as unknown as Record<string, unknown>;
    expect(current).toHaveProperty('defaults');
    expect((await call('PATCH', settings, current)).status).toBe(200);
  });
});
