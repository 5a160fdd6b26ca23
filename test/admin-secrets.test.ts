// Secrets in the admin API, for every route registered (read from the admin OpenAPI document, so
// routes added later are covered too):
// - a GET never creates or changes anything: no token appears because someone looked (servers,
//   assistants and every sealed secret compared before and after);
// - a viewer never receives a secret: every secret of every assistant is read from the store (and
//   the operator's token and the users' password hashes), and no answer to a viewer holds any of
//   them, nor any field the route's schema marks `x-secret`;
// - every place where a secret does reach an administrator is a field marked `x-secret`, so a new
//   field carrying one without the mark fails here.
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { ADMINISTRATOR_ENV, signInAdministratorAndViewer, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'operator-token-for-the-secrets-test-0123';
const LANGUAGES = ['pt', 'en'] as const;
let test: TestPlatform;
let ana: ConsoleSession;
let vera: ConsoleSession;

interface Route {
  method: 'GET' | 'POST';
  path: string;
  access: string;
  /** Paths of the fields marked `x-secret` in the 2xx answers, `*` for any list item. */
  secretPaths: string[];
}

type Caller = (method: 'GET' | 'POST', url: string) => Promise<LightMyRequestResponse>;

function secretPathsOf(schema: unknown, prefix: string[] = []): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as { 'x-secret'?: boolean; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  const found: string[] = [];
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if ((property as { 'x-secret'?: boolean })['x-secret'] === true) found.push([...prefix, name].join('.'));
    else found.push(...secretPathsOf(property, [...prefix, name]));
  }
  if (node.items) found.push(...secretPathsOf(node.items, [...prefix, '*']));
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) found.push(...secretPathsOf(branch, prefix));
  return found;
}

/** Every admin route a viewer may call (GET, and the POSTs marked `read`), with its secret fields. */
async function readableRoutes(): Promise<Route[]> {
  const document = (await test.app.inject({ method: 'GET', url: '/api/admin/openapi.json' })).json() as {
    paths: Record<string, Record<string, { 'x-access'?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  };
  // The inbox's event stream stays open whatever it is asked (it carries only ids and kinds of
  // changes, never content): test/human-handoff.test.ts listens to it.
  return Object.entries(document.paths).filter(([path]) => !path.endsWith('/handoffs/live')).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method, operation]) => method === 'get' || (method === 'post' && operation['x-access'] === 'read'))
      .map(([method, operation]) => ({
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        access: operation['x-access'] ?? '',
        secretPaths: Object.entries(operation.responses ?? {})
          .filter(([status]) => status.startsWith('2'))
          .flatMap(([, response]) => Object.values(response.content ?? {}).flatMap((content) => secretPathsOf(content.schema))),
      })),
  );
}

/** The route's URL for assistant demo/`language`, naming an item that exists where it needs one. */
async function urlOf(route: Route, language: string, trainingId: number): Promise<string> {
  let url = route.path.replace('{server}', 'demo').replace('{language}', language).replace('{login}', 'vera').replace('{id}', String(trainingId)).replace('{conversation}', 'c1');
  const list = /\/(themes|intents|contexts|skills|dialogues)\/\{name\}$/.exec(route.path)?.[1];
  if (list) {
    const items = (await operator('GET', `/api/admin/servers/demo/assistants/${language}/${list}`)).json() as Array<{ name: string }>;
    url = url.replace('{name}', encodeURIComponent(items[0]?.name ?? 'x'));
  }
  return url;
}

const operator = (method: 'GET' | 'POST' | 'PUT', url: string, payload: unknown = method === 'GET' ? undefined : {}) =>
  test.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

/** Servers, assistants and every sealed secret, as stored: what a GET must leave as it found it. */
async function accessSnapshot(): Promise<string> {
  const { store } = test.platform;
  const assistants = await store.assistants.list();
  const secrets = await Promise.all(assistants.map(async (assistant) => Promise.all((await store.secrets.names(assistant.id)).map(async (name) => [assistant.id, name, await store.secrets.get(assistant.id, name)]))));
  return JSON.stringify({ servers: await store.servers.list(), assistants, secrets });
}

/** The text of an answer, a spreadsheet's cells included. */
async function textOf(response: LightMyRequestResponse): Promise<string> {
  if (!String(response.headers['content-type'] ?? '').includes('spreadsheetml')) return response.body;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
  return cells.join('\n');
}

/** Where in a JSON value a string holds `secret` (every string field for ''): dot paths with `*` for list items. */
function placesOf(value: unknown, secret: string, prefix: string[] = []): string[] {
  if (typeof value === 'string') return value.includes(secret) ? [prefix.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((item) => placesOf(item, secret, [...prefix, '*']));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => placesOf(item, secret, [...prefix, key]));
  return [];
}

/** Every secret the platform holds: each assistant's sealed secrets in plaintext, the operator's token, password hashes. */
async function secretsInTheStore(): Promise<Map<string, string>> {
  const { store, secrets } = test.platform;
  const found = new Map<string, string>([['HELPER_ADMIN_TOKEN', ADMIN_TOKEN]]);
  for (const assistant of await store.assistants.list()) {
    for (const name of await store.secrets.names(assistant.id)) {
      const sealed = await store.secrets.get(assistant.id, name);
      if (sealed !== undefined) found.set(`${assistant.serverName}/${assistant.language} ${name}`, secrets.decrypt(sealed, { assistantId: assistant.id, name }));
    }
  }
  for (const login of ['ana', 'vera']) found.set(`password hash of ${login}`, (await store.users.credentials('demo', login))?.passwordHash ?? '');
  return found;
}

beforeAll(async () => {
  test = await startTestPlatform({
    env: {
      HELPER_ADMIN_TOKEN: ADMIN_TOKEN,
      ...ADMINISTRATOR_ENV,
      HELPER_PUBLIC_URL: 'http://helperassistant.example',
      // The Facebook check is among the routes called: a closed local port stands in for Meta.
      HELPER_GRAPH_API_URL: 'http://127.0.0.1:9',
    },
  });
  ({ ana, vera } = await signInAdministratorAndViewer(test.platform, test.app));
});
afterAll(async () => {
  await test?.close();
});

describe('secrets in the admin API', () => {
  it('changes nothing on a GET: no route creates a token or a key because someone read it', async () => {
    const { store } = test.platform;
    const routes = (await readableRoutes()).filter((route) => route.method === 'GET');
    expect(routes.map((route) => route.path)).toContain('/api/admin/servers/{server}/assistants/{language}/integrations');
    const before = await accessSnapshot();
    const callers: Array<[string, Caller]> = [
      ['operator', (method, url) => operator(method, url)],
      ['administrator', (method, url) => ana.request(method, url)],
      ['viewer', (method, url) => vera.request(method, url)],
    ];
    for (const [who, call] of callers) {
      for (const language of LANGUAGES) {
        for (const route of routes) {
          const response = await call(route.method, await urlOf(route, language, 0));
          expect([who, route.path, response.statusCode < 500]).toEqual([who, route.path, true]);
        }
      }
    }
    for (const language of LANGUAGES) {
      const assistant = await store.assistants.get('demo', language);
      expect([language, await store.secrets.names(assistant!.id)]).toEqual([language, []]);
    }
    // Servers, assistants and their secrets are exactly as they were.
    expect(await accessSnapshot()).toBe(before);
    const values = (await ana.request('GET', '/api/admin/servers/demo/assistants/pt/integrations')).json() as { fourBiz: { parametersApiAuthorisation: Record<string, unknown> }; facebookMessenger: Record<string, unknown> };
    expect(values.fourBiz.parametersApiAuthorisation).toMatchObject({ tokenStatus: 'not set' });
    expect(values.fourBiz.parametersApiAuthorisation).not.toHaveProperty('token');
    expect(values.facebookMessenger).toMatchObject({ verifyTokenStatus: 'not set' });
    expect(values.facebookMessenger).not.toHaveProperty('verifyToken');
  });

  it('never answers a viewer with a secret, on any route; an administrator gets them only in fields marked x-secret', async () => {
    const { platform } = test;
    // Every kind of secret, on both assistants, set the way administrators and the operator set them.
    for (const language of LANGUAGES) {
      const base = `/api/admin/servers/demo/assistants/${language}`;
      for (const [method, url, body] of [
        ['POST', `${base}/api-token/rotate`, {}],
        ['POST', `${base}/integrations/facebook/verify-token/rotate`, {}],
        ['PUT', `${base}/integrations/facebook`, { appSecret: `app-secret-${language}-0123456789`, pageAccessToken: `EAAG-page-token-${language}-0123456789` }],
        ['PUT', `${base}/integrations/socketio`, { jwtKey: `jwt-key-${language}-0123456789` }],
        ['PUT', `${base}/integrations/whatsapp`, { appSecret: `wa-app-secret-${language}-0123456789`, accessToken: `EAAG-wa-token-${language}-0123456789`, phoneNumberId: `10${language === 'pt' ? 1 : 2}0123456789` }],
        ['PUT', `${base}/integrations/telegram`, { botToken: `7000${language === 'pt' ? 1 : 2}01:AAE-telegram-token-${language}-0123456789` }],
      ] as const) {
        expect([url, (await operator(method, url, body)).statusCode]).toEqual([url, 200]);
      }
      const assistant = (await platform.store.assistants.get('demo', language))!;
      await platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, platform.secrets.encrypt(`https://hooks.example/${language}?key=callback-key-0123456789`, { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
    }
    const training = await operator('POST', '/api/admin/servers/demo/assistants/pt/trainings', { scope: 'complete', scheduledFor: new Date(Date.now() + 30 * 24 * 3600_000).toISOString() });
    const trainingId = (training.json() as { id: number }).id;
    const secrets = await secretsInTheStore();
    // Per assistant: API token, callback URL, Facebook's three, the web chat key, WhatsApp's three, Telegram's bot token.
    expect(secrets.size).toBe(1 + LANGUAGES.length * 10 + 2);

    const routes = await readableRoutes();
    const marked = routes.filter((route) => route.secretPaths.length > 0);
    expect(marked.map((route) => `${route.method} ${route.path}`)).toContain('GET /api/admin/servers/{server}/assistants/{language}/integrations');
    const delivered = new Set<string>();
    for (const language of LANGUAGES) {
      for (const route of routes) {
        const url = await urlOf(route, language, trainingId);
        const asViewer = await vera.request(route.method, url, route.method === 'POST' ? {} : undefined);
        // A GET that only administrators may use (a user's personal data) refuses the viewer outright.
        if (route.access === 'change') expect([route.method, url, asViewer.statusCode]).toEqual([route.method, url, 403]);
        else expect([route.method, url, asViewer.statusCode]).not.toEqual([route.method, url, 403]);
        const viewerText = await textOf(asViewer);
        for (const [name, secret] of secrets) expect({ url, name, leaked: viewerText.includes(secret) }).toEqual({ url, name, leaked: false });
        if (String(asViewer.headers['content-type'] ?? '').includes('json') && asViewer.statusCode < 300) {
          const json: unknown = asViewer.json();
          const fields = placesOf(json, '');
          for (const path of route.secretPaths) expect({ url, path, present: fields.includes(path) }).toEqual({ url, path, present: false });
        }

        // The same route for an administrator: each secret it carries sits in a field marked x-secret.
        const asAdministrator = await ana.request(route.method, url, route.method === 'POST' ? {} : undefined);
        if (!String(asAdministrator.headers['content-type'] ?? '').includes('json')) {
          const text = await textOf(asAdministrator);
          for (const [name, secret] of secrets) expect({ url, name, leaked: text.includes(secret) }).toEqual({ url, name, leaked: false });
          continue;
        }
        const json: unknown = asAdministrator.json();
        for (const [name, secret] of secrets) {
          for (const place of placesOf(json, secret)) {
            expect({ url, name, place, marked: route.secretPaths.includes(place) }).toEqual({ url, name, place, marked: true });
            delivered.add(`${language} ${place}`);
          }
        }
      }
    }
    // Not vacuous: the administrator does get the three values that grant access, equal to the store's.
    expect([...delivered].sort()).toEqual(['en facebookMessenger.verifyToken', 'en fourBiz.parametersApiAuthorisation.token', 'en whatsapp.verifyToken', 'pt facebookMessenger.verifyToken', 'pt fourBiz.parametersApiAuthorisation.token', 'pt whatsapp.verifyToken']);
    const assistant = (await platform.store.assistants.get('demo', 'pt'))!;
    const forAdministrator = (await ana.request('GET', '/api/admin/servers/demo/assistants/pt/integrations')).json() as { fourBiz: { parametersApiAuthorisation: { token: string } }; facebookMessenger: { verifyToken: string } };
    expect(forAdministrator.fourBiz.parametersApiAuthorisation.token).toBe(secrets.get('demo/pt api_token'));
    expect(forAdministrator.fourBiz.parametersApiAuthorisation.token).toBe(await platform.apiAccess.token(assistant));
    expect(forAdministrator.facebookMessenger.verifyToken).toBe(secrets.get('demo/pt facebook.verify_token'));
    // The viewer sees that they exist.
    const forViewer = (await vera.request('GET', '/api/admin/servers/demo/assistants/pt/integrations')).json() as { fourBiz: { parametersApiAuthorisation: Record<string, unknown> }; facebookMessenger: Record<string, unknown> };
    expect(forViewer.fourBiz.parametersApiAuthorisation).toMatchObject({ tokenStatus: 'set', allowedAddresses: [] });
    expect(forViewer.fourBiz.parametersApiAuthorisation).not.toHaveProperty('token');
    expect(forViewer.facebookMessenger).toMatchObject({ verifyTokenStatus: 'set', appSecret: 'set', pageAccessToken: 'set' });
    expect(forViewer.facebookMessenger).not.toHaveProperty('verifyToken');
  });
});
