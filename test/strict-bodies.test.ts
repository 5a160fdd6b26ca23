// An admin body's key the route does not take is refused: a 400 `not_allowed` naming the key, at
// any depth, and nothing stored (a misspelt `greting` or `paylod` used to answer 200 and change
// nothing). What the matching GET answers beside the writable fields (usedBy, warnings, defaults,
// a user's login…) is declared read-only in each body, so a reading written back still passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProblemCode } from '../src/admin-api/problem-codes.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-strict-body-tests-0123456789';
const CONTENT_LISTS = ['themes', 'intents', 'contexts', 'skills', 'dialogues'] as const;
let test: TestPlatform;
let base: string;

beforeAll(async () => {
  test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  const assistant = await test.platform.defaultAssistant();
  base = `/servers/${assistant.serverName}/assistants/${assistant.language}`;
  const user = { login: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Souza', password: 'uma senha longa o bastante', role: 'viewer' };
  expect((await call('POST', `/servers/${assistant.serverName}/users`, user)).status).toBe(201);
}, 60_000);
afterAll(async () => {
  await test?.close();
});

type Problem = { field?: string; code: string };
type Json = Record<string, unknown>;

async function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) {
  const response = await test.app.inject({ method, url: `/api/admin${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const body = response.json() as Json & { error?: { code: string; message: string; problems?: Array<Problem & { message: string }> } };
  for (const found of body.error?.problems ?? []) expect(isProblemCode(found.code)).toBe(true);
  return { status: response.statusCode, body, problems: (body.error?.problems ?? []).map(({ field, code }) => ({ field, code })), message: body.error?.message };
}

/** A 400 whose only problem is `not_allowed` at `field`, its message naming the key. */
async function expectRefused(method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, field: string) {
  const answer = await call(method, url, payload);
  expect([answer.status, answer.problems]).toEqual([400, [{ field, code: 'not_allowed' }]]);
  expect(answer.message).toBe(`${field} is not allowed here`);
}

describe('admin bodies refuse keys they do not take', () => {
  it('the settings: a misspelt key is named and nothing changes', async () => {
    const before = (await call('GET', `${base}/settings`)).body;
    await expectRefused('PATCH', `${base}/settings`, { accuracyThresholdPercent: 12, greting: 'Olá!' }, 'greting');
    expect((await call('GET', `${base}/settings`)).body['accuracyThresholdPercent']).toBe(before['accuracyThresholdPercent']);
  });

  it('content items, at the top and nested (phrases, buttons, a custom skill, context values, slots)', async () => {
    await expectRefused('POST', `${base}/intents`, { name: 'pedir_pizza', them: 'pizza', phrases: [{ text: 'quero uma pizza' }] }, 'them');
    await expectRefused('POST', `${base}/intents`, { name: 'pedir_pizza', phrases: [{ text: 'quero uma pizza', entites: [] }] }, 'phrases.0.entites');
    expect((await call('GET', `${base}/intents/pedir_pizza`)).status).toBe(404);
    await expectRefused('POST', `${base}/skills`, { name: 'menu', buttons: [{ title: 'Pizza', payload: 'pizza', paylod: 'x' }] }, 'buttons.0.paylod');
    await expectRefused('POST', `${base}/skills`, { name: 'chamados', kind: 'custom', custom: { api: 'tickets', listButton: { path: '$' } } }, 'custom.listButton');
    await expectRefused('POST', `${base}/contexts`, { name: 'sabor', type: 'text', values: [{ value: 'calabresa', synonym: ['calabreza'] }] }, 'values.0.synonym');
    await expectRefused('POST', `${base}/themes`, { name: 'pizzas', descripton: 'x' }, 'descripton');
    const dialogues = (await call('GET', `${base}/dialogues`)).body as unknown as Json[];
    const dialogue = dialogues[0] as { name: string };
    await expectRefused('PATCH', `${base}/dialogues/${dialogue.name}`, { slots: [{ context: 'sabor', questoin: 'qual_sabor' }] }, 'slots.0.questoin');
    // A PATCH's value-or-null keeps the refusal inside the value.
    await expectRefused('PATCH', `${base}/skills/${(await firstItem('skills')).name}`, { preset: { dialog: 'x' } }, 'preset.dialog');
  });

  it('users, servers, assistants and the channels', async () => {
    const { serverName } = await test.platform.defaultAssistant();
    const users = (await call('GET', `/servers/${serverName}/users`)).body as unknown as Array<{ login: string; firstName: string }>;
    const user = users[0]!;
    await expectRefused('PATCH', `/servers/${serverName}/users/${user.login}`, { firstName: 'Ana', fristName: 'Ana' }, 'fristName');
    expect(((await call('GET', `/servers/${serverName}/users`)).body as unknown as typeof users)[0]?.firstName).toBe(user.firstName);
    await expectRefused('PATCH', base, { apiAllowedCidr: ['10.0.0.0/8'] }, 'apiAllowedCidr');
    await expectRefused('PATCH', `/servers/${serverName}`, { displayname: 'Acme' }, 'displayname');
    await expectRefused('PUT', `${base}/integrations/telegram`, { unsupportedReplay: 'Só texto, por favor' }, 'unsupportedReplay');
    await expectRefused('PUT', `${base}/integrations/facebook`, { getStartedPayLoad: 'COMECAR' }, 'getStartedPayLoad');
    await expectRefused('PUT', `${base}/integrations/whatsapp`, { phoneNumberID: '123' }, 'phoneNumberID');
    await expectRefused('PUT', `${base}/handoff-settings`, { fallbacksInARow: 2, quickReply: [] }, 'quickReply');
    await expectRefused('PATCH', `${base}/analytics/settings`, { retentionDay: 30 }, 'retentionDay');
  });
});

async function firstItem(list: string): Promise<{ name: string }> {
  const items = (await call('GET', `${base}/${list}`)).body as unknown as Array<{ name: string }>;
  return items[0]!;
}

describe('a reading written back still passes (its read-only keys ignored)', () => {
  it('every content item of the demo assistant', async () => {
    for (const list of CONTENT_LISTS) {
      const items = (await call('GET', `${base}/${list}`)).body as unknown as Array<{ name: string }>;
      expect(items.length).toBeGreaterThan(0);
      for (const { name } of items) {
        const read = (await call('GET', `${base}/${list}/${encodeURIComponent(name)}`)).body;
        expect(read).toHaveProperty('usedBy');
        const written = await call('PUT', `${base}/${list}/${encodeURIComponent(name)}`, read);
        expect([list, name, written.status, written.problems]).toEqual([list, name, 200, []]);
        const patched = await call('PATCH', `${base}/${list}/${encodeURIComponent(name)}`, read);
        expect([list, name, patched.status, patched.problems]).toEqual([list, name, 200, []]);
      }
    }
  });

  it('a read-only key is ignored, whatever its value: an intent keeps its phrases and computes its own count', async () => {
    const { name } = await firstItem('intents');
    const read = (await call('GET', `${base}/intents/${name}`)).body as { phrases: unknown[]; phraseCount: number };
    const written = await call('PUT', `${base}/intents/${name}`, { ...read, phraseCount: 999, usedBy: 'anything', duplicates: null });
    expect(written.status).toBe(200);
    expect(written.body['phraseCount']).toBe(read.phrases.length);
  });

  it('the settings, handoff and analytics settings, the assistant, its server and a user', async () => {
    const { serverName } = await test.platform.defaultAssistant();
    const settings = (await call('GET', `${base}/settings`)).body;
    expect(settings).toHaveProperty('guidance');
    expect((await call('PATCH', `${base}/settings`, settings)).status).toBe(200);
    for (const [url, method] of [[`${base}/handoff-settings`, 'PUT'], [`${base}/analytics/settings`, 'PATCH']] as const) {
      const read = (await call('GET', url)).body;
      const written = await call(method, url, read);
      expect([url, written.status, written.problems]).toEqual([url, 200, []]);
    }
    const assistant = ((await call('GET', `/servers/${serverName}/assistants`)).body as unknown as Json[])[0]!;
    expect(assistant).toHaveProperty('accuracyThresholdPercent');
    expect((await call('PATCH', base, assistant)).status).toBe(200);
    const server = ((await call('GET', '/servers')).body as unknown as Json[]).find((found) => found['name'] === serverName)!;
    expect((await call('PATCH', `/servers/${serverName}`, server)).status).toBe(200);
    const user = ((await call('GET', `/servers/${serverName}/users`)).body as unknown as Json[])[0]!;
    expect(user).toHaveProperty('server');
    const written = await call('PATCH', `/servers/${serverName}/users/${String(user['login'])}`, user);
    expect([written.status, written.problems]).toEqual([200, []]);
  });

  it("the channels' values as the Integrações panel answers them (secrets aside: a status is not a secret)", async () => {
    const panel = (await call('GET', `${base}/integrations`)).body as Record<'facebookMessenger' | 'whatsapp' | 'telegram', Json>;
    const { appSecret: _fbSecret, pageAccessToken: _page, ...facebook } = panel.facebookMessenger;
    const { appSecret: _waSecret, accessToken: _access, ...whatsapp } = panel.whatsapp;
    const { botToken: _bot, ...telegram } = panel.telegram;
    expect(telegram).toHaveProperty('callbackUrl');
    for (const [channel, values] of [['facebook', facebook], ['whatsapp', { ...whatsapp, phoneNumberId: '' }], ['telegram', telegram]] as const) {
      const written = await call('PUT', `${base}/integrations/${channel}`, values);
      expect([channel, written.status, written.problems]).toEqual([channel, 200, []]);
    }
  });

  it('the whole panel written back, secrets\' states included, keeps the secrets: "set" is a state, never stored as one', async () => {
    const secretNames = { facebook: ['appSecret', 'pageAccessToken'], whatsapp: ['appSecret', 'accessToken'], telegram: ['botToken'] } as const;
    const secret = (channel: keyof typeof secretNames, key: string) => `${channel}-${key}-0123456789abcdef`;
    expect((await call('PUT', `${base}/integrations/facebook`, { appSecret: secret('facebook', 'appSecret'), pageAccessToken: secret('facebook', 'pageAccessToken') })).status).toBe(200);
    expect((await call('PUT', `${base}/integrations/whatsapp`, { appSecret: secret('whatsapp', 'appSecret') })).status).toBe(200);
    expect((await call('PUT', `${base}/integrations/socketio`, { jwtKey: 'uma-chave-jwt-longa-o-bastante-0123456789' })).status).toBe(200);
    const panel = (await call('GET', `${base}/integrations`)).body as Record<'facebookMessenger' | 'whatsapp' | 'telegram', Json>;
    // Set ones read "set", unset ones "not set": both written back as they were read.
    expect([panel.facebookMessenger['appSecret'], panel.whatsapp['accessToken'], panel.telegram['botToken']]).toEqual(['set', 'not set', 'not set']);
    for (const [channel, values] of [['facebook', panel.facebookMessenger], ['whatsapp', { ...panel.whatsapp, phoneNumberId: '' }], ['telegram', panel.telegram]] as const) {
      const written = await call('PUT', `${base}/integrations/${channel}`, values);
      expect([channel, written.status, written.problems]).toEqual([channel, 200, []]);
    }
    expect((await call('PUT', `${base}/integrations/socketio`, { jwtKey: 'set' })).body).toEqual({ jwtKey: 'set' });
    const assistant = await test.platform.defaultAssistant();
    const sealed = async (name: string) => {
      const stored = await test.platform.store.secrets.get(assistant.id, name);
      return stored === undefined ? undefined : test.platform.secrets.decrypt(stored, { assistantId: assistant.id, name });
    };
    const names = await test.platform.store.secrets.names(assistant.id);
    const values = await Promise.all(names.map(sealed));
    expect(values).not.toContain('set');
    expect(values).not.toContain('not set');
    expect(values).toEqual(expect.arrayContaining([secret('facebook', 'appSecret'), secret('facebook', 'pageAccessToken'), secret('whatsapp', 'appSecret'), 'uma-chave-jwt-longa-o-bastante-0123456789']));
  });

  it('a third-party API with a secret header: its hasValue is taken back, the secret kept', async () => {
    const url = `${base}/apis/tickets`;
    const created = await call('PUT', url, { method: 'GET', url: 'https://tickets.example/list', headers: [{ name: 'Authorization', value: 'Bearer s3cret', secret: true }] });
    expect(created.status).toBe(200);
    const read = (await call('GET', url)).body as { headers: Json[] };
    expect(read.headers[0]).toEqual({ name: 'Authorization', secret: true, hasValue: true });
    expect((await call('PUT', url, read)).status).toBe(200);
    expect(((await call('GET', url)).body as { headers: Json[] }).headers[0]).toEqual({ name: 'Authorization', secret: true, hasValue: true });
    await expectRefused('PUT', url, { ...read, headers: [{ name: 'Authorization', secret: true, hasvalue: true }] }, 'headers.0.hasvalue');
  });
});

describe('the OpenAPI document: every admin body is closed, and takes back what its GET answers', () => {
  type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; additionalProperties?: boolean | Schema; propertyNames?: unknown; anyOf?: Schema[]; oneOf?: Schema[]; description?: string; 'x-json-bounds'?: unknown };
  type Operation = { requestBody?: { content: Record<string, { schema: Schema }> }; responses?: Record<string, { content?: Record<string, { schema: Schema }> }> };

  it('lists each key of every object in a request body, and declares the keys of the matching GET', async () => {
    const document = (await test.app.inject({ method: 'GET', url: '/api/admin/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
    const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] ?? {}) : schema);
    const open: string[] = [];
    const walk = (given: Schema, at: string) => {
      const schema = resolve(given);
      const types = [schema.type ?? []].flat();
      const isObject = types.includes('object') || schema.properties !== undefined;
      // Free-form values (a skill's attachment, an API body row's value) and maps (sample contexts, preview slots) are data, not fields.
      const freeForm = schema['x-json-bounds'] !== undefined || (typeof schema.additionalProperties === 'object') || (isObject && schema.properties === undefined);
      if (isObject && !freeForm && schema.additionalProperties !== false && schema.propertyNames === undefined) open.push(at || '(body)');
      for (const [key, inner] of Object.entries(schema.properties ?? {})) walk(inner, at ? `${at}.${key}` : key);
      if (schema.items) walk(schema.items, `${at}.N`);
      for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) walk(branch, at);
    };
    const keysOf = (given: Schema | undefined): string[] => {
      if (given === undefined) return [];
      const schema = resolve(given);
      return [...Object.keys(schema.properties ?? {}), ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(keysOf)];
    };
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const body = operation.requestBody?.content['application/json']?.schema;
        if (body === undefined) continue;
        const before = open.length;
        walk(body, '');
        for (let index = before; index < open.length; index += 1) open[index] = `${method.toUpperCase()} ${path}: ${open[index]}`;
        const taken = new Set(keysOf(body));
        // A PUT or PATCH changes what the GET of its path reads (a POST there adds to a list or acts).
        if (method !== 'put' && method !== 'patch') continue;
        const read = operations['get']?.responses?.['200']?.content?.['application/json']?.schema;
        for (const key of keysOf(read)) if (!taken.has(key)) undeclared.push(`${method.toUpperCase()} ${path}: ${key}`);
      }
    }
    expect(open).toEqual([]);
    expect(undeclared).toEqual([]);
  });
});
