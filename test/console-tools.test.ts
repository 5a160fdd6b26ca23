// The console's tools through the real HTTP app: the test chat (messages, the intent and
// confidence understood, the model version; a real, recorded turn) and the Facebook "check
// connection" against a fake Graph API on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { ADMINISTRATOR_ENV, signIn, signInAdministratorAndViewer, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const GOOD_TOKEN = 'EAAG-good-token-SECRET-1234';
const EXPIRED_TOKEN = 'EAAG-expired-token-SECRET-5678';
let test: TestPlatform;
let graph: Server;
let graphCalls: Array<{ url: string; authorization: string | undefined }> = [];
let ana: ConsoleSession;
let vera: ConsoleSession;

beforeAll(async () => {
  graph = createServer((request, response) => {
    graphCalls.push({ url: request.url ?? '', authorization: request.headers.authorization });
    response.setHeader('content-type', 'application/json');
    if (request.headers.authorization === `Bearer ${GOOD_TOKEN}`) {
      response.end(JSON.stringify({ id: '1000001', name: 'ACME Suporte' }));
    } else if (request.headers.authorization === `Bearer ${EXPIRED_TOKEN}`) {
      response.statusCode = 400;
      response.end(JSON.stringify({ error: { message: `Error validating access token: Session has expired (${EXPIRED_TOKEN})`, type: 'OAuthException', code: 190, error_subcode: 463 } }));
    } else {
      response.statusCode = 400;
      response.end(JSON.stringify({ error: { message: 'Invalid OAuth access token data.', type: 'OAuthException', code: 190 } }));
    }
  });
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
  test = await startTestPlatform({
    env: {
      HELPER_GRAPH_API_URL: `http://127.0.0.1:${(graph.address() as AddressInfo).port}`,
      ...ADMINISTRATOR_ENV,
    },
  });
  ({ ana, vera } = await signInAdministratorAndViewer(test.platform, test.app));
});
afterAll(async () => {
  await test?.close();
  await new Promise((resolve) => graph?.close(resolve));
});

describe('test chat', () => {
  const url = '/api/admin/servers/demo/assistants/pt/test-chat';

  it('answers with the messages, the intent and confidence understood and the model version; the turn is recorded', async () => {
    const response = await vera.request('POST', url, { message: 'quero avaliar o atendimento' });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { understood: { intent: string; confidence: number }; model: { version: number; modelId: string } };
    expect(body).toEqual({
      sender: 'console-vera',
      messages: [{ recipient_id: 'console-vera', text: 'Você poderia avaliar o meu atendimento?', buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Não', payload: 'não' }] }],
      understood: { intent: 'avaliar_atendimento', confidence: expect.any(Number) },
      model: { version: 1, modelId: expect.any(String) },
      asking: null,
    });
    expect(body.understood.confidence).toBeGreaterThan(0.2);
    expect(body.understood.confidence).toBeLessThanOrEqual(1);
    const latest = await test.platform.store.models.latestReady((await test.platform.defaultAssistant()).id);
    expect(body.model.modelId).toBe(latest?.modelId);
    const events = await test.platform.store.conversations.events((await test.platform.defaultAssistant()).id, 'console-vera');
    expect(events.map((entry) => entry.event)).toContainEqual(expect.objectContaining({ event: 'user', text: 'quero avaliar o atendimento', input_channel: 'console' }));
  });

  it('says what a dialogue was asking for when the message came (slot filling)', async () => {
    const sender = 'console-ana-ticket';
    expect((await ana.request('POST', url, { message: 'quero abrir um chamado', sender })).json()).toMatchObject({ asking: null });
    expect((await ana.request('POST', url, { message: 'impressora', sender })).json()).toMatchObject({ asking: { dialogue: 'chamado', context: 'equipamento' } });
    expect((await ana.request('POST', url, { message: 'não liga', sender })).json()).toMatchObject({ asking: { dialogue: 'chamado', context: 'descricao' } });
    expect((await ana.request('POST', url, { message: 'cancelar', sender })).json()).toMatchObject({ asking: { dialogue: 'chamado', context: null } });
  });

  it('takes a /intent payload as that intent with confidence 1, and a chosen console- sender', async () => {
    const response = await ana.request('POST', url, { message: '/avaliar_atendimento', sender: 'console-ana-2' });
    expect(response.json()).toMatchObject({ sender: 'console-ana-2', understood: { intent: 'avaliar_atendimento', confidence: 1 }, messages: [{ recipient_id: 'console-ana-2' }] });
    const unsure = (await ana.request('POST', url, { message: 'xyzzy plugh qwerty' })).json() as { understood: { intent: string } };
    expect(unsure.understood.intent).toBe('nlu_fallback');
  });

  it('refuses an empty message and a sender outside console-… (400 naming the field)', async () => {
    expect((await ana.request('POST', url, { message: '  ' })).json()).toMatchObject({ error: { code: 'invalid', field: 'message' } });
    expect((await ana.request('POST', url, {})).json()).toMatchObject({ error: { code: 'invalid', field: 'message' } });
    expect((await ana.request('POST', url, { message: 'oi', sender: '5551234' })).json()).toMatchObject({ error: { code: 'invalid', field: 'sender' } });
    expect((await ana.request('POST', '/api/admin/servers/demo/assistants/xx/test-chat', { message: 'oi' })).statusCode).toBe(404);
  });

  it('answers understood and model null before the assistant is trained', async () => {
    await test.platform.store.assistants.create({ serverName: 'demo', language: 'es' });
    const response = await ana.request('POST', '/api/admin/servers/demo/assistants/es/test-chat', { message: 'hola' });
    expect(response.json()).toEqual({ sender: 'console-ana', messages: [], understood: null, model: null, asking: null });
  });
});

describe('Facebook check connection', () => {
  const url = '/api/admin/servers/demo/assistants/pt/integrations/facebook/check';
  const integrations = '/api/admin/servers/demo/assistants/pt/integrations';

  it('says when no token is set', async () => {
    expect((await vera.request('POST', url)).json()).toEqual({ ok: false, message: 'no Page access token is set', needsNewToken: false });
  });

  it("gives the Page's id and name, asking the Graph API with the token in the Authorization header only", async () => {
    await setFacebookSecrets(test.platform, await test.platform.defaultAssistant(), { pageAccessToken: GOOD_TOKEN });
    graphCalls = [];
    const response = await vera.request('POST', url);
    expect(response.json()).toEqual({ ok: true, page: { id: '1000001', name: 'ACME Suporte' }, needsNewToken: false });
    expect(graphCalls).toEqual([{ url: '/v21.0/me?fields=id,name', authorization: `Bearer ${GOOD_TOKEN}` }]);
    expect(response.body).not.toContain(GOOD_TOKEN);
  });

  it('marks an expired token (190) as needing a new one, without echoing it; a working token clears the mark', async () => {
    await setFacebookSecrets(test.platform, await test.platform.defaultAssistant(), { pageAccessToken: EXPIRED_TOKEN });
    const response = await ana.request('POST', url);
    expect(response.json()).toEqual({ ok: false, message: expect.stringMatching(/190/), needsNewToken: true });
    expect(response.body).not.toContain(EXPIRED_TOKEN);
    expect((await ana.request('GET', integrations)).json()).toMatchObject({ facebookMessenger: { needsNewToken: true } });
    // The check itself does not clear it; a new token does (and a check that works).
    await setFacebookSecrets(test.platform, await test.platform.defaultAssistant(), { pageAccessToken: GOOD_TOKEN });
    expect((await ana.request('GET', integrations)).json()).toMatchObject({ facebookMessenger: { needsNewToken: false } });
    expect((await ana.request('POST', url)).json()).toMatchObject({ ok: true, needsNewToken: false });
  });

  it('reports an unreachable Graph API as a problem, not an error', async () => {
    const closed = await startTestPlatform({ demo: false, env: { HELPER_GRAPH_API_URL: 'http://127.0.0.1:9', HELPER_ADMIN_EMAIL: 'ana@demo.example', HELPER_ADMIN_PASSWORD: 'ana-password-123' } });
    try {
      await ensureFirstAdministrator(closed.platform, () => undefined);
      await setFacebookSecrets(closed.platform, await closed.platform.defaultAssistant(), { pageAccessToken: GOOD_TOKEN });
      const session = await signIn(closed.app, 'ana', 'ana-password-123');
      const response = await session.request('POST', url);
      expect(response.json()).toEqual({ ok: false, message: 'the Graph API could not be reached', needsNewToken: false });
    } finally {
      await closed.close();
    }
  });
});
