// The Integrações › WhatsApp and Telegram routes of the admin API as the console uses them: an
// administrator sets the channels up (write-only secrets, bad input named by field, a phone
// number id no two assistants share), a viewer sees only "set / not set" and no token, reading
// never creates a token, "check connection" against fake platforms on 127.0.0.1, and the
// recorded deliveries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { WHATSAPP_VERIFY_TOKEN } from '../src/channels/whatsapp/whatsapp-settings.js';
import { signIn, type ConsoleSession } from './helpers/console-session.js';
import { startFakeGraphApi, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { startFakeTelegramApi, type FakeTelegramApi } from './helpers/fake-telegram-api.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ACCESS_TOKEN = 'EAAW-good-token-SECRET-42';
const APP_SECRET = 'app-secret-SECRET-0042';
const BOT_TOKEN = '7000009:AAE-panel-bot-token-SECRET';
const base = '/api/admin/servers/demo/assistants/pt';

let test: TestPlatform;
let graph: FakeGraphApi;
let telegram: FakeTelegramApi;
let ana: ConsoleSession;
let vera: ConsoleSession;

beforeAll(async () => {
  graph = await startFakeGraphApi({}, { phones: { [ACCESS_TOKEN]: { id: '106540352242922', display_phone_number: '+55 11 4000-0000', verified_name: 'Helper Demo' } } });
  telegram = await startFakeTelegramApi({ [BOT_TOKEN]: { id: 7000009, username: 'panel_bot', first_name: 'Painel' } });
  test = await startTestPlatform({
    env: { HELPER_GRAPH_API_URL: graph.url, HELPER_TELEGRAM_API_URL: telegram.url, HELPER_ADMIN_EMAIL: 'ana@demo.example', HELPER_ADMIN_PASSWORD: 'ana-password-123' },
  });
  await ensureFirstAdministrator(test.platform, () => undefined);
  await test.platform.store.users.create({ serverName: 'demo', login: 'vera', email: 'vera@demo.example', firstName: 'Vera', lastName: '', passwordHash: await hashPassword('vera-password-1'), role: 'viewer' });
  ana = await signIn(test.app, 'ana', 'ana-password-123');
  vera = await signIn(test.app, 'vera', 'vera-password-1');
});
afterAll(async () => {
  await test?.close();
  await graph?.close();
  await telegram?.close();
});

describe('Integrações › WhatsApp', () => {
  it('shows nothing set, and reading creates no verify token', async () => {
    const values = (await ana.request('GET', `${base}/integrations`)).json() as { whatsapp: Record<string, unknown> };
    expect(values.whatsapp).toEqual({
      callbackUrl: 'https://demoPT.localhost:5005/webhooks/whatsapp/webhook',
      verifyTokenState: 'not set',
      phoneNumberId: null,
      appSecret: 'not set',
      accessToken: 'not set',
      needsNewToken: false,
      unsupportedReply: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.',
      unsupportedReplyIsDefault: true,
    });
    const assistant = await test.platform.defaultAssistant();
    expect(await test.platform.store.secrets.get(assistant.id, WHATSAPP_VERIFY_TOKEN)).toBeUndefined();
    expect((await ana.request('POST', `${base}/integrations/whatsapp/check`)).json()).toEqual({ ok: false, message: 'no access token is set', code: 'check_no_access_token', needsNewToken: false });
  });

  it('sets it up (write-only secrets, the verify token made then), refusing bad input by field', async () => {
    const put = await ana.request('PUT', `${base}/integrations/whatsapp`, { appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, phoneNumberId: '106540352242922', unsupportedReply: 'Só leio texto.' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ appSecret: 'set', accessToken: 'set', phoneNumberId: '106540352242922', verifyToken: expect.stringMatching(/^[\w-]{32}$/), verifyTokenState: 'set', unsupportedReply: 'Só leio texto.', unsupportedReplyIsDefault: false });
    expect(put.body).not.toContain(APP_SECRET);
    expect(put.body).not.toContain(ACCESS_TOKEN);
    expect((await ana.request('PUT', `${base}/integrations/whatsapp`, { phoneNumberId: '+55 11 4000-0000' })).json()).toMatchObject({ error: { code: 'invalid', field: 'phoneNumberId' } });
    expect((await ana.request('PUT', `${base}/integrations/whatsapp`, { unsupportedReply: 'x'.repeat(1001) })).json()).toMatchObject({ error: { code: 'invalid', field: 'unsupportedReply' } });
    // One assistant per phone number id.
    expect((await ana.request('PUT', '/api/admin/servers/demo/assistants/en/integrations/whatsapp', { phoneNumberId: '106540352242922' })).json()).toMatchObject({ error: { code: 'conflict', field: 'phoneNumberId' } });
    // Back to the default answer.
    expect((await ana.request('PUT', `${base}/integrations/whatsapp`, { unsupportedReply: null })).json()).toMatchObject({ unsupportedReplyIsDefault: true });
  });

  it('shows a viewer only set / not set, never the verify token, and refuses the viewer every change', async () => {
    const values = (await vera.request('GET', `${base}/integrations`)).json() as { whatsapp: Record<string, unknown> };
    expect(values.whatsapp).toMatchObject({ verifyTokenState: 'set', appSecret: 'set', accessToken: 'set' });
    expect(values.whatsapp).not.toHaveProperty('verifyToken');
    expect((await vera.request('PUT', `${base}/integrations/whatsapp`, { appSecret: 'x' })).statusCode).toBe(403);
    expect((await vera.request('POST', `${base}/integrations/whatsapp/verify-token/rotate`)).statusCode).toBe(403);
    expect((await vera.request('PUT', `${base}/integrations/telegram`, { botToken: BOT_TOKEN })).statusCode).toBe(403);
    expect((await vera.request('POST', `${base}/integrations/telegram/webhook`)).statusCode).toBe(403);
  });

  it('rotates the verify token', async () => {
    const before = ((await ana.request('GET', `${base}/integrations`)).json() as { whatsapp: { verifyToken: string } }).whatsapp.verifyToken;
    const rotated = (await ana.request('POST', `${base}/integrations/whatsapp/verify-token/rotate`)).json() as { verifyToken: string };
    expect(rotated.verifyToken).not.toBe(before);
    expect(((await ana.request('GET', `${base}/integrations`)).json() as { whatsapp: { verifyToken: string } }).whatsapp.verifyToken).toBe(rotated.verifyToken);
  });

  it('checks the connection (a viewer may), flags a token Meta refuses, and a working token clears it', async () => {
    graph.calls.length = 0;
    expect((await vera.request('POST', `${base}/integrations/whatsapp/check`)).json()).toEqual({
      ok: true,
      phone: { id: '106540352242922', displayPhoneNumber: '+55 11 4000-0000', verifiedName: 'Helper Demo' },
      needsNewToken: false,
    });
    expect(graph.calls).toEqual(['/v21.0/106540352242922']);
    await ana.request('PUT', `${base}/integrations/whatsapp`, { accessToken: 'EAAW-revoked' });
    const refused = (await vera.request('POST', `${base}/integrations/whatsapp/check`)).json();
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('Meta refused the access token (code 190'), code: 'check_token_refused', params: { service: 'Meta', status: '#190', detail: 'Error validating access token: Session has expired' }, needsNewToken: true });
    expect(((await vera.request('GET', `${base}/integrations`)).json() as { whatsapp: { needsNewToken: boolean } }).whatsapp.needsNewToken).toBe(true);
    await ana.request('PUT', `${base}/integrations/whatsapp`, { accessToken: ACCESS_TOKEN });
    expect(((await vera.request('GET', `${base}/integrations`)).json() as { whatsapp: { needsNewToken: boolean } }).whatsapp.needsNewToken).toBe(false);
  });
});

describe('Integrações › Telegram', () => {
  it('sets the bot token, the webhook (the callback URL, a new secret), checks it, and lists the deliveries', async () => {
    expect((await ana.request('POST', `${base}/integrations/telegram/webhook`)).json()).toEqual({ ok: false, message: expect.stringContaining('no bot token is set'), code: 'check_no_bot_token', needsNewToken: false });
    const put = await ana.request('PUT', `${base}/integrations/telegram`, { botToken: BOT_TOKEN, unsupportedReply: '' });
    expect(put.json()).toMatchObject({ botToken: 'set', webhook: { state: 'not set', url: null }, unsupportedReply: '', unsupportedReplyIsDefault: false });
    expect((await ana.request('POST', `${base}/integrations/telegram/webhook`, { url: 'http://plain.example/x' })).json()).toMatchObject({ error: { code: 'invalid', field: 'url' } });
    const set = (await ana.request('POST', `${base}/integrations/telegram/webhook`, { url: 'https://tunnel.example/webhooks/telegram/webhook' })).json() as { ok: boolean; telegram: { webhook: { url: string; setAt: string } } };
    expect(set).toMatchObject({ ok: true, telegram: { webhook: { state: 'set', url: 'https://tunnel.example/webhooks/telegram/webhook' } } });
    expect(Date.parse(set.telegram.webhook.setAt)).not.toBeNaN();
    expect(telegram.webhooks.get(BOT_TOKEN)?.url).toBe('https://tunnel.example/webhooks/telegram/webhook');
    const check = (await vera.request('POST', `${base}/integrations/telegram/check`)).json();
    expect(check).toMatchObject({ ok: true, bot: { username: 'panel_bot' }, webhook: { url: 'https://tunnel.example/webhooks/telegram/webhook', pendingUpdateCount: 2 } });
    for (const response of [put.body, JSON.stringify(set), JSON.stringify(check)]) expect(response).not.toContain(BOT_TOKEN);

    const assistant = await test.platform.defaultAssistant();
    await test.platform.store.channels.recordDelivery({ assistantId: assistant.id, channel: 'telegram', recipient: '42', messageId: null, status: 'blocked', detail: { status: 403, reason: 'Forbidden: bot was blocked by the user' }, occurredAt: 1715000000 });
    const deliveries = (await vera.request('GET', `${base}/integrations/telegram/deliveries?limit=5`)).json();
    expect(deliveries).toEqual({ deliveries: [{ recipient: '42', messageId: null, status: 'blocked', detail: { status: 403, reason: 'Forbidden: bot was blocked by the user' }, reasonCode: null, reasonParams: null, occurredAt: '2024-05-06T12:53:20.000Z' }] });
    expect((await vera.request('GET', `${base}/integrations/sms/deliveries`)).statusCode).toBe(400);
    expect((await vera.request('GET', `${base}/integrations/telegram/deliveries?limit=0`)).json()).toMatchObject({ error: { field: 'limit' } });

    // `status` keeps only those statuses: the failures among the platform's ids of accepted messages.
    await test.platform.store.channels.recordDelivery({ assistantId: assistant.id, channel: 'telegram', recipient: '43', messageId: '901', status: 'accepted', detail: null, occurredAt: 1715000100 });
    await test.platform.store.channels.recordDelivery({ assistantId: assistant.id, channel: 'telegram', recipient: '44', messageId: null, status: 'failed', detail: { status: 400, reason: 'Bad Request: chat not found', attempts: 1 }, occurredAt: 1715000200 });
    const statuses = async (query: string) => ((await vera.request('GET', `${base}/integrations/telegram/deliveries${query}`)).json() as { deliveries: Array<{ status: string }> }).deliveries.map((entry) => entry.status);
    expect(await statuses('')).toEqual(['failed', 'accepted', 'blocked']);
    expect(await statuses('?status=failed,refused,blocked')).toEqual(['failed', 'blocked']);
    expect(await statuses('?status=accepted&limit=1')).toEqual(['accepted']);
    expect((await vera.request('GET', `${base}/integrations/telegram/deliveries?status=failed;drop`)).json()).toMatchObject({ error: { field: 'status' } });
  });
});
