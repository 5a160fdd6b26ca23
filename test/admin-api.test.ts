// The admin HTTP API: servers, assistants, Integrações values, API token, allow-list, handoff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
let test: TestPlatform;
let closed: TestPlatform;

beforeAll(async () => {
  [test, closed] = await Promise.all([
    startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_PUBLIC_URL: 'http://helperassistant.example' } }),
    startTestPlatform({ demo: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([test?.close(), closed?.close()]);
});

async function admin(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, token = ADMIN_TOKEN) {
  return test.app.inject({
    method,
    url: `/api/admin${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

describe('admin API', () => {
  it('takes no bearer token without HELPER_ADMIN_TOKEN (console users only), and refuses a missing or wrong token', async () => {
    const noOperator = await closed.app.inject({ method: 'GET', url: '/api/admin/servers', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(noOperator.statusCode).toBe(401);
    expect(noOperator.json()).toEqual({ error: { code: 'unauthenticated', message: expect.stringMatching(/sign in/) } });
    expect((await test.app.inject({ method: 'GET', url: '/api/admin/servers' })).statusCode).toBe(401);
    const wrong = await admin('GET', '/servers', undefined, 'not-the-token');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain('not-the-token');
  });

  it('adds, renames and disables servers and assistants, with clear 4xx errors', async () => {
    expect((await admin('POST', '/servers', { name: 'acme', displayName: 'ACME' })).statusCode).toBe(201);
    expect((await admin('POST', '/servers', { name: 'acme' })).json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await admin('POST', '/servers', { name: 'Bad Name' })).statusCode).toBe(400);
    expect((await admin('POST', '/servers', { displayName: 'x' })).json()).toEqual({ error: { code: 'invalid', message: expect.stringMatching(/name/), field: 'name', problems: [{ field: 'name', code: 'required', message: '"name" is required' }] } });
    expect((await admin('POST', '/servers/acme/assistants', { language: 'pt' })).json()).toMatchObject({ server: 'acme', language: 'pt', enabled: true });
    expect((await admin('POST', '/servers/nobody/assistants', { language: 'pt' })).statusCode).toBe(404);
    expect((await admin('PATCH', '/servers/acme', { displayName: 'ACME S.A.' })).json()).toMatchObject({ displayName: 'ACME S.A.' });
    const disabled = await admin('PATCH', '/servers/acme/assistants/pt', { enabled: false, apiAllowedCidrs: ['10.0.0.0/8'] });
    expect(disabled.json()).toMatchObject({ enabled: false, apiAllowedCidrs: ['10.0.0.0/8'] });
    // A disabled assistant answers nothing on its host, and never reaches another assistant.
    const chat = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { host: 'acmept.helperassistant.example' }, payload: { message: 'oi' } });
    expect(chat.statusCode).toBe(404);
    expect((await admin('PATCH', '/servers/acme/assistants/pt', { apiAllowedCidrs: ['nope'] })).json()).toMatchObject({ error: { code: 'invalid', field: 'apiAllowedCidrs' } });
    expect((await admin('GET', '/servers/acme/assistants')).json()).toEqual([expect.objectContaining({ language: 'pt', enabled: false })]);
  });

  it('refuses names whose host would collide with a 400 naming the field and the rule (4biz writes demoPT: one host)', async () => {
    const server = await admin('POST', '/servers', { name: 'demopt' });
    expect([server.statusCode, server.json()]).toEqual([
      400,
      { error: { code: 'invalid', field: 'name', message: expect.stringMatching(/^server name "demopt" is the host name of assistant demo\/pt \(no two host names may be equal, and a server name may not be another server's name followed by pt, en, es\)$/), problems: [expect.objectContaining({ field: 'name', code: 'host_taken' })] } },
    ]);
    expect((await admin('POST', '/servers', { name: 'demoes' })).json()).toMatchObject({ error: { code: 'invalid', field: 'name', message: expect.stringMatching(/demo's "es" assistant/) } });
    expect((await admin('POST', '/servers', { name: 'demoit' })).statusCode).toBe(201);
    const assistant = await admin('POST', '/servers/demo/assistants', { language: 'it' });
    expect([assistant.statusCode, assistant.json()]).toEqual([400, { error: { code: 'invalid', field: 'language', message: expect.stringMatching(/assistant demo\/it would answer at demoit, the host name of server demoit's console/), problems: [expect.objectContaining({ field: 'language', code: 'host_taken' })] } }]);
    // The host 4biz writes reaches the same assistant as the lowercase one.
    for (const host of ['demoPT.helperassistant.example', 'demopt.helperassistant.example']) {
      const answer = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { host }, payload: { sender: 'case', message: 'conte-me algumas coisas sobre você' } });
      expect([host, answer.json()]).toEqual([host, [{ recipient_id: 'case', text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' }]]);
    }
  });

  it('sets the Facebook secrets write-only, and creates and rotates the verify token only when asked', async () => {
    const url = '/servers/demo/assistants/pt/integrations';
    const first = (await admin('GET', url)).json() as { facebookMessenger: Record<string, string> };
    expect(first.facebookMessenger).toEqual({ callbackUrl: expect.any(String), verifyTokenStatus: 'not set', appSecret: 'not set', pageAccessToken: 'not set', needsNewToken: false, getStartedPayload: 'GET_STARTED', getStartedPayloadIsDefault: true, unsupportedReply: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.', unsupportedReplyIsDefault: true });
    const created = (await admin('POST', `${url}/facebook/verify-token/rotate`)).json() as { verifyToken: string };
    const before = (await admin('GET', url)).json() as { facebookMessenger: Record<string, string> };
    expect(before.facebookMessenger).toMatchObject({ verifyTokenStatus: 'set', verifyToken: created.verifyToken });
    const set = await admin('PUT', `${url}/facebook`, { appSecret: 'app-secret-x', pageAccessToken: 'EAAG-token-x' });
    expect(set.json()).toEqual({ appSecret: 'set', pageAccessToken: 'set', needsNewToken: false, getStartedPayload: 'GET_STARTED', getStartedPayloadIsDefault: true, unsupportedReply: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.', unsupportedReplyIsDefault: true });
    const after = await admin('GET', url);
    expect(after.json()).toMatchObject({ facebookMessenger: { appSecret: 'set', pageAccessToken: 'set', verifyToken: before.facebookMessenger['verifyToken'] } });
    expect(after.body).not.toContain('app-secret-x');
    expect(after.body).not.toContain('EAAG-token-x');
    const rotated = (await admin('POST', `${url}/facebook/verify-token/rotate`)).json() as { verifyToken: string };
    expect(rotated.verifyToken).not.toBe(before.facebookMessenger['verifyToken']);
    expect((await admin('PUT', `${url}/facebook`, { pageAccessToken: '' })).json()).toEqual({ appSecret: 'set', pageAccessToken: 'not set', needsNewToken: false, getStartedPayload: 'GET_STARTED', getStartedPayloadIsDefault: true, unsupportedReply: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.', unsupportedReplyIsDefault: true });
  });

  it('shows the Integrações values, and creates and rotates the API token only when asked', async () => {
    const fresh = (await admin('GET', '/servers/demo/assistants/pt/integrations')).json() as { fourBiz: { parametersApiAuthorisation: Record<string, unknown> } };
    expect(fresh.fourBiz.parametersApiAuthorisation).toEqual({ tokenStatus: 'not set', usage: expect.arrayContaining(['append ?token=<token> to each call of the Parameters API']), allowedAddresses: [] });
    const created = (await admin('POST', '/servers/demo/assistants/pt/api-token/rotate')).json() as { token: string };
    const values = (await admin('GET', '/servers/demo/assistants/pt/integrations')).json() as {
      fourBiz: { parameters: Array<{ id: number; value: string }>; fallbackMessage: { value: string; mentionsMenu: boolean }; parametersApiAuthorisation: { token: string; tokenStatus: string } };
    };
    expect(values.fourBiz.parametersApiAuthorisation).toMatchObject({ tokenStatus: 'set', token: created.token });
    expect(values.fourBiz.parameters.map((parameter) => parameter.value)).toEqual([
      'http://demo.helperassistant.example',
      'http://demoPT.helperassistant.example/webhooks/rest/webhook',
      'http://demoPT.helperassistant.example/conversations/',
    ]);
    expect(values.fourBiz.fallbackMessage.mentionsMenu).toBe(true);
    // The URL pasted into 4biz reaches this very assistant.
    const conversationApi = new URL(values.fourBiz.parameters[1]?.value ?? '');
    const answer = await test.app.inject({
      method: 'POST',
      url: conversationApi.pathname,
      headers: { host: conversationApi.host },
      payload: { sender: 'pasted', message: 'conte-me algumas coisas sobre você' },
    });
    expect(answer.json()).toEqual([{ recipient_id: 'pasted', text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' }]);
    const old = values.fourBiz.parametersApiAuthorisation.token;
    const rotated = (await admin('POST', '/servers/demo/assistants/pt/api-token/rotate')).json() as { token: string };
    expect(rotated.token).not.toBe(old);
    const host = { host: 'demopt.helperassistant.example' };
    expect((await test.app.inject({ method: 'GET', url: `/conversations/x/tracker?token=${old}`, headers: host })).statusCode).toBe(401);
    expect((await test.app.inject({ method: 'GET', url: `/conversations/x/tracker?token=${rotated.token}`, headers: host })).statusCode).toBe(200);
  });

  it('pauses and resumes a conversation (human handoff)', async () => {
    const host = { host: 'demopt.helperassistant.example' };
    await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: host, payload: { sender: 'h', message: 'oi' } });
    expect((await admin('POST', '/servers/demo/assistants/pt/conversations/h/pause')).json()).toEqual({ conversation: 'h', paused: true });
    expect((await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: host, payload: { sender: 'h', message: 'oi' } })).json()).toEqual([]);
    await admin('POST', '/servers/demo/assistants/pt/conversations/h/resume');
    expect(((await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: host, payload: { sender: 'h', message: 'oi' } })).json() as unknown[]).length).toBe(1);
    // A conversation id as long as the REST channel takes (256 characters, here accented) is paused
    // and resumed; a longer one is a 400 naming the parameter, not Fastify's 414.
    const long = 'é'.repeat(256);
    await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: host, payload: { sender: long, message: 'oi' } });
    const pausedLong = await admin('POST', `/servers/demo/assistants/pt/conversations/${encodeURIComponent(long)}/pause`);
    expect(pausedLong.statusCode).toBe(200);
    expect(pausedLong.json()).toEqual({ conversation: long, paused: true });
    expect((await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: host, payload: { sender: long, message: 'oi' } })).json()).toEqual([]);
    expect((await admin('POST', `/servers/demo/assistants/pt/conversations/${encodeURIComponent(long)}/resume`)).statusCode).toBe(200);
    const tooLong = await admin('POST', `/servers/demo/assistants/pt/conversations/${'x'.repeat(257)}/pause`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('conversation');
    expect((await admin('GET', `/servers/demo/assistants/pt/intents?q=${'x'.repeat(150)}`)).statusCode).toBe(200);
    expect((await admin('GET', `/servers/demo/assistants/pt/intents?q=${'x'.repeat(201)}`)).statusCode).toBe(400);
  });
});
