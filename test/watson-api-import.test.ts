// Issue 21 item 1 (from the Watson API): the API key, URL and version, the instance's workspaces,
// the picked one previewed and imported, against a local fake of Watson's v1 API. The key is sealed
// (never answered, never in a URL or a log) and the SSRF guard refuses an inside URL not allowed.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWatsonApi, type FakeWatsonApi } from './helpers/fake-watson-api.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const API_KEY = 'watson-api-key-0123456789-abcdefghij';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const BASE = '/api/admin/servers/demo/assistants/pt/imports/watson';
let watson: FakeWatsonApi;
let test: TestPlatform;
const logLines: string[] = [];

beforeAll(async () => {
  const workspace = JSON.parse(await readFile(new URL('./fixtures/watson-help-desk.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  // One workspace a page: the list is read page after page (Watson's next_cursor).
  watson = await startFakeWatsonApi(API_KEY, [workspace, { ...workspace, workspace_id: 'other-0001', name: 'Outro', intents: [], dialog_nodes: [] }], {
    pageSize: 1,
    // A Helper assistant file (as JSON) where the workspace should be.
    exports: { 'helper-file-1': { version: 1, settings: { accuracy_threshold: 10 }, intents: [{ name: 'oi', phrases: ['oi', 'olá'] }], skills: [{ name: 'ola', text: 'Olá!' }] } },
  });
  test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_OUTBOUND_ALLOW: '127.0.0.1' }, logLines });
});
afterAll(async () => {
  await test?.close();
  await watson?.close();
});

const post = (path: string, payload: unknown) => test.app.inject({ method: 'POST', url: `${BASE}${path}`, headers: auth, payload: payload as Record<string, unknown> });

describe('Watson API import', () => {
  it('lists the workspaces with the key, URL and version, previews and imports the picked one, and keeps the key sealed', async () => {
    const missing = await post('/workspaces', { url: watson.url, version: '2021-06-14' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { field: 'apiKey', message: 'the API key is missing: give it once, it is kept for this assistant' } });
    const wrong = await post('/workspaces', { url: watson.url, version: '2021-06-14', apiKey: 'not-the-key' });
    expect(wrong.statusCode).toBe(502);
    expect(wrong.json()).toMatchObject({ error: { code: 'watson_key_refused', message: 'Watson refused the API key (HTTP 401)', params: { status: 'HTTP 401' } } });

    const listed = await post('/workspaces', { apiKey: API_KEY });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      workspaces: [
        { workspaceId: '9f2c1d3e-0000-4a5b-8c7d-123456789abc', name: 'Central de Serviços', language: 'pt-br', description: expect.any(String), updated: '2026-11-30T10:00:00.000Z' },
        { workspaceId: 'other-0001', name: 'Outro', language: 'pt-br', description: expect.any(String), updated: '2026-11-30T10:00:00.000Z' },
      ],
    });
    const connection = await test.app.inject({ method: 'GET', url: `${BASE}/connection`, headers: auth });
    expect(connection.json()).toEqual({ url: watson.url, version: '2021-06-14', apiKeyStatus: 'set' });

    const preview = await post('/preview', { workspaceId: '9f2c1d3e-0000-4a5b-8c7d-123456789abc' });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ name: 'Central de Serviços (9f2c1d3e-0000-4a5b-8c7d-123456789abc)', format: 'watson', summary: { dialoguesAdded: 31, skipped: 27 } });
    const imported = await post('', { workspaceId: '9f2c1d3e-0000-4a5b-8c7d-123456789abc' });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ import: { source: 'watson-api', status: 'imported', format: 'watson' } });
    const history = await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/imports', headers: auth });
    expect(history.json()).toMatchObject({ imports: [{ name: 'Central de Serviços (9f2c1d3e-0000-4a5b-8c7d-123456789abc)', source: 'watson-api' }] });
    const assistant = await test.platform.defaultAssistant();
    expect((await test.platform.store.content.load(assistant.id)).dialogues.map((dialogue) => dialogue.name)).toContain('Abrir chamado');
    expect((await post('/preview', { workspaceId: 'missing-1' })).json()).toMatchObject({ error: { code: 'watson_not_found', message: 'Watson has no such workspace at this URL (HTTP 404); check the URL', params: { status: 'HTTP 404' } } });

    // The key: sealed at rest, sent only as Basic auth, never in a URL, an answer or a log.
    const sealed = await test.platform.store.secrets.get(assistant.id, 'watson.migration');
    expect(sealed).toMatch(/^v2:/);
    expect(sealed).not.toContain(API_KEY);
    expect(watson.requests.every((request) => !request.url.includes(API_KEY))).toBe(true);
    expect(watson.requests.some((request) => request.url.includes('export=true') && request.url.includes('version=2021-06-14'))).toBe(true);
    expect(logLines.some((line) => line.includes(API_KEY))).toBe(false);

    // The kept key goes only to the address it was given for: a URL of another origin needs it again.
    const moved = await post('/workspaces', { url: 'https://api.elsewhere.example/instances/x' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json()).toMatchObject({ error: { field: 'apiKey', message: 'the API key was given for another address: give it again for this URL' } });
    expect(JSON.stringify(moved.json())).toContain('secret_for_other_address');
    const requestsBefore = watson.requests.length;
    expect((await post('/workspaces', { url: `${watson.url}/` })).statusCode).toBe(200);
    expect(watson.requests.length).toBe(requestsBefore + 2); // two pages
  });

  it('answers 502 watson_failed when Watson answers JSON that is not a workspace (a Helper assistant file), changing nothing', async () => {
    expect((await post('/workspaces', { url: watson.url, version: '2021-06-14', apiKey: API_KEY })).statusCode).toBe(200);
    const assistant = await test.platform.defaultAssistant();
    const before = await test.platform.store.content.load(assistant.id);
    const threshold = (await test.platform.store.assistants.get('demo', 'pt'))?.settings.accuracyThreshold;
    for (const path of ['/preview', '']) {
      const answer = await post(path, { workspaceId: 'helper-file-1' });
      expect(answer.statusCode).toBe(502);
      expect(answer.json()).toMatchObject({ error: { code: 'watson_failed', message: expect.stringMatching(/not a workspace/) } });
    }
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);
    expect((await test.platform.store.assistants.get('demo', 'pt'))?.settings.accuracyThreshold).toBe(threshold);
  });

  it('refuses a URL that resolves inside unless HELPER_OUTBOUND_ALLOW names it, and a URL with credentials', async () => {
    const inside = await post('/workspaces', { url: 'http://169.254.169.254/latest', version: '2021-06-14', apiKey: API_KEY });
    expect(inside.statusCode).toBe(400);
    expect(inside.json()).toMatchObject({
      error: { field: 'url', message: '169.254.169.254 is not a public address (loopback, private, link-local or reserved): calls there are refused unless HELPER_OUTBOUND_ALLOW names the host or the address' },
    });
    const credentials = await post('/workspaces', { url: 'https://user:pass@example.com/x', version: '2021-06-14', apiKey: API_KEY });
    expect(credentials.json()).toMatchObject({ error: { field: 'url', message: 'the URL must not hold credentials' } });
    const version = await post('/workspaces', { url: watson.url, version: 'yesterday', apiKey: API_KEY });
    expect(version.statusCode).toBe(400);
    expect(version.json()).toMatchObject({ error: { field: 'version' } });
    // Nothing listening there: a code of its own, so the console says so in its language.
    const closed = await post('/workspaces', { url: 'http://127.0.0.1:9/instances/x', version: '2021-06-14', apiKey: API_KEY });
    expect(closed.statusCode).toBe(502);
    expect(closed.json()).toMatchObject({ error: { code: 'watson_unreachable' } });
    expect(closed.body).not.toContain(API_KEY);
  });

  it("never answers the key in a Watson error that echoes the request's Authorization (its Basic base64 form)", async () => {
    const basic = Buffer.from(`apikey:${API_KEY}`).toString('base64');
    watson.echoAuthorization = true;
    try {
      const echoed = await post('/workspaces', { url: watson.url, version: '2021-06-14', apiKey: API_KEY });
      expect(echoed.statusCode).toBe(502);
      expect(echoed.json()).toMatchObject({
        error: { code: 'watson_answered', message: 'Watson answered HTTP 400: Invalid request headers: Authorization: [redacted]', params: { status: 'HTTP 400', detail: 'Invalid request headers: Authorization: [redacted]' } },
      });
      // Neither the key, nor its Basic credential, whole or in part (the first 16 characters of the base64 are "apikey:" and a bit).
      for (const secret of [API_KEY, basic, basic.replace(/=+$/, ''), basic.slice(16, 40)]) expect(echoed.body).not.toContain(secret);
      expect(logLines.some((line) => line.includes(basic.slice(16, 40)))).toBe(false);
    } finally {
      watson.echoAuthorization = false;
    }
  });
});
