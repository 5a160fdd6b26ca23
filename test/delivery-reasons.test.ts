// Each kind of reason a push channel records for an answer it did not deliver comes back through
// `GET …/integrations/{channel}/deliveries` as a stable code with its parameters (`reasonCode`,
// `reasonParams`), beside the English `detail` as before: recorded for real by the outbox (the
// callback URL against a stand-in on 127.0.0.1 and refused by the SSRF guard, Messenger and
// WhatsApp against a stand-in Graph API, Telegram against a stand-in Bot API) and by WhatsApp's
// status webhook; a fault of ours (a library's error, made to happen in Messenger's Send API call).
// No parameter, and nothing the route answers, holds a token, the URL, an address or such an error's words.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { setUpTelegram } from '../src/channels/telegram/telegram-settings.js';
import { setUpWhatsApp } from '../src/channels/whatsapp/whatsapp-settings.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startFakeGraphApi, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { startFakeTelegramApi, type FakeTelegramApi } from './helpers/fake-telegram-api.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { whatsAppNotification } from './helpers/whatsapp-notification.js';

const ADMIN_TOKEN = 'admin-token-for-delivery-reasons-0123456789';
const PAGE_TOKEN = 'EAAG-page-token-for-reasons';
const PAGE_ID = '1000002';
const WHATSAPP_TOKEN = 'EAAW-access-token-for-reasons';
const WHATSAPP_SECRET = 'whatsapp-app-secret-for-reasons';
const PHONE_NUMBER_ID = '106540352242955';
const BOT_TOKEN = '7000002:AAE-bot-token-for-reasons-000';
/** What an error that is not the platform's answer says, here about a user of Messenger's: it must stay in the log. */
const FAULT_SECRET = 'made-up-secret-in-an-error-7d31c9';
const FAULTY_USER = '7100000000000199';
const SECRETS = [ADMIN_TOKEN, PAGE_TOKEN, WHATSAPP_TOKEN, WHATSAPP_SECRET, BOT_TOKEN, 's3cret', 'pa55word', FAULT_SECRET];

// Messenger's Send API call, as it is, but for one user, where it fails as a library can: its own
// error, quoting what it was given.
vi.mock('../src/channels/facebook/send-api.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/channels/facebook/send-api.js')>();
  return {
    ...actual,
    callSendApi: async (...args: Parameters<typeof actual.callSendApi>) => {
      if (args[2].recipient.id === FAULTY_USER) throw new TypeError(`fetch failed: https://graph.example/me/messages?access_token=${FAULT_SECRET}`);
      return actual.callSendApi(...args);
    },
  };
});

interface Delivery {
  recipient: string;
  status: string;
  detail: Record<string, unknown> | null;
  reasonCode: string | null;
  reasonParams: Record<string, unknown> | null;
}

describe("the deliveries route's coded reasons", () => {
  let test: TestPlatform;
  let graph: FakeGraphApi;
  let telegram: FakeTelegramApi;
  let receiver: Server;
  let port: number;
  let demo: AssistantRecord;
  let apiToken: string;
  const answers: string[] = [];

  /** The channel's failures for one user, newest first, as the console reads them. */
  async function failures(channel: string, recipient: string): Promise<Delivery[]> {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/admin/servers/demo/assistants/pt/integrations/${channel}/deliveries?status=failed,refused,blocked&recipient=${recipient}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    answers.push(response.body);
    return (response.json() as { deliveries: Delivery[] }).deliveries;
  }

  /** Waits for the user's oldest failure on the channel (the first item of the answer) and gives it. */
  async function firstFailure(channel: string, recipient: string): Promise<Delivery> {
    await expect.poll(async () => (await failures(channel, recipient)).length, { timeout: 20_000 }).toBeGreaterThan(0);
    return (await failures(channel, recipient)).at(-1)!;
  }

  /** The platform sends an answer on its own (trigger_intent with an output channel): through the channel's outbox. */
  async function trigger(channel: string, sender: string): Promise<void> {
    const response = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${apiToken}&output_channel=${channel}`, payload: { name: 'sobre_voce' } });
    expect(response.statusCode).toBe(200);
  }

  async function setCallbackUrl(url: string | null): Promise<void> {
    if (url === null) await test.platform.store.secrets.delete(demo.id, CALLBACK_URL_SECRET);
    else await test.platform.store.secrets.set(demo.id, CALLBACK_URL_SECRET, test.platform.secrets.encrypt(url, { assistantId: demo.id, name: CALLBACK_URL_SECRET }));
  }

  /**
   * An answer stored in the channel's outbox as its turn would (a channel without its token or URL
   * stores none: this is one stored before it was removed), which the outbox's sweep then sends.
   */
  const storedAnswer = (channel: string, recipient: string, payload: unknown) => test.platform.store.outbox.add([{ assistantId: demo.id, channel, recipient, payload }]);

  /** A user whose last message is two days old: outside the platforms' 24-hour windows. */
  const wroteLongAgo = (channel: string, recipient: string) => test.platform.store.channels.touchContact(demo.id, channel, recipient, Date.now() / 1000 - 2 * 86_400);

  beforeAll(async () => {
    graph = await startFakeGraphApi({ [PAGE_TOKEN]: { id: PAGE_ID, name: 'Helper Motivos' } });
    telegram = await startFakeTelegramApi({ [BOT_TOKEN]: { id: 7000002, username: 'reasons_bot', first_name: 'Motivos' } });
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(400).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    test = await startTestPlatform({
      demo: 'pt',
      env: {
        HELPER_ADMIN_TOKEN: ADMIN_TOKEN,
        HELPER_GRAPH_API_URL: graph.url,
        HELPER_TELEGRAM_API_URL: telegram.url,
        // Only the stand-in callback receiver's address is allowed: 127.0.0.2 stays refused.
        HELPER_OUTBOUND_ALLOW: '127.0.0.1',
        HELPER_CHANNEL_SEND_ATTEMPTS: '2',
        HELPER_CHANNEL_RETRY_DELAY_MS: '5',
        HELPER_CHANNEL_RETRY_MAX_DELAY_MS: '10',
        HELPER_OUTBOX_POLL_MS: '100',
      },
    });
    demo = await test.platform.defaultAssistant();
    apiToken = await test.platform.apiAccess.rotate(demo);
    await setFacebookSecrets(test.platform, demo, { appSecret: 'facebook-app-secret-for-reasons', pageAccessToken: PAGE_TOKEN });
    await setUpWhatsApp(test.platform, demo, { appSecret: WHATSAPP_SECRET, accessToken: WHATSAPP_TOKEN, phoneNumberId: PHONE_NUMBER_ID });
    await setUpTelegram(test.platform, demo, { botToken: BOT_TOKEN });
  });

  afterAll(async () => {
    await test?.close();
    await graph?.close();
    await telegram?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("codes the callback URL's answers and refusals: its HTTP status, no answer, the guard's refusal of its host or of the URL, no URL", async () => {
    await setCallbackUrl(`http://127.0.0.1:${port}/bot-messages?key=s3cret`);
    await trigger('callback', 'cb-status');
    expect(await firstFailure('callback', 'cb-status')).toMatchObject({ status: 'failed', detail: { status: 400, reason: 'the callback URL answered HTTP 400' }, reasonCode: 'http_status', reasonParams: { status: 400 } });

    // A port nobody listens on (the receiver's, closed for a moment is racy: one taken and let go instead).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await setCallbackUrl(`http://127.0.0.1:${closedPort}/bot-messages?key=s3cret`);
    await trigger('callback', 'cb-unreachable');
    expect(await firstFailure('callback', 'cb-unreachable')).toMatchObject({ detail: { status: null, reason: 'the callback URL could not be reached', attempts: 2 }, reasonCode: 'unreachable', reasonParams: {} });

    await setCallbackUrl(`http://127.0.0.2:${port}/bot-messages?key=s3cret`);
    await trigger('callback', 'cb-address');
    expect(await firstFailure('callback', 'cb-address')).toMatchObject({ detail: { reason: expect.stringMatching(/^the callback URL's host is not a public address/), attempts: 1 }, reasonCode: 'address_refused', reasonParams: { variable: 'HELPER_OUTBOUND_ALLOW' } });

    await setCallbackUrl(`http://ana:pa55word@127.0.0.1:${port}/bot-messages`);
    await trigger('callback', 'cb-url');
    expect(await firstFailure('callback', 'cb-url')).toMatchObject({ detail: { reason: 'the callback URL is refused: it must be an http(s) URL without a user or password in it' }, reasonCode: 'url_refused', reasonParams: {} });

    await setCallbackUrl(null);
    await storedAnswer('callback', 'cb-none', { recipient_id: 'cb-none', text: 'Olá' });
    expect(await firstFailure('callback', 'cb-none')).toMatchObject({ detail: { reason: 'no callback URL is set' }, reasonCode: 'no_callback_url', reasonParams: {} });
  });

  it("codes Messenger's failures: Meta's error with its code and message, a user who cannot be reached, the 24-hour window, no token", async () => {
    const message = (call: { body: Record<string, unknown> | null }) => call.body?.['message'] !== undefined;
    graph.failures.push({ status: 400, error: { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001 }, when: message });
    await trigger('facebook', '7100000000000101');
    expect(await firstFailure('facebook', '7100000000000101')).toMatchObject({
      status: 'failed',
      detail: { status: 400, code: 100, reason: '(#100) No matching user found' },
      reasonCode: 'graph_error',
      reasonParams: { status: 400, code: 100, subcode: 2018001, message: '(#100) No matching user found' },
    });

    graph.failures.push({ status: 400, error: { message: "(#551) This person isn't available right now.", type: 'OAuthException', code: 551, error_subcode: 1545041 }, when: message });
    await trigger('facebook', '7100000000000102');
    expect(await firstFailure('facebook', '7100000000000102')).toMatchObject({ status: 'blocked', reasonCode: 'blocked', reasonParams: { status: 400, code: 551, message: "(#551) This person isn't available right now." } });

    await wroteLongAgo('facebook', '7100000000000103');
    await trigger('facebook', '7100000000000103');
    expect(await firstFailure('facebook', '7100000000000103')).toMatchObject({ status: 'refused', detail: { reason: 'outside_window' }, reasonCode: 'outside_window', reasonParams: {} });

    await setFacebookSecrets(test.platform, demo, { pageAccessToken: '' });
    await storedAnswer('facebook', '7100000000000104', { recipient: { id: '7100000000000104' }, messaging_type: 'RESPONSE', message: { text: 'Olá' } });
    expect(await firstFailure('facebook', '7100000000000104')).toMatchObject({ status: 'failed', detail: { reason: 'no access token is set' }, reasonCode: 'no_token', reasonParams: {} });
  });

  it('records a fault of ours as `internal_error` with a fixed sentence and the error\'s class, never its words', async () => {
    // Messenger's token again (the test before removed it).
    await setFacebookSecrets(test.platform, demo, { pageAccessToken: PAGE_TOKEN });
    await trigger('facebook', FAULTY_USER);
    const failure = await firstFailure('facebook', FAULTY_USER);
    expect(failure).toMatchObject({ status: 'failed', detail: { reason: 'an error of this platform (see its log)', error: 'TypeError', attempts: 2 }, reasonCode: 'internal_error', reasonParams: {} });
    expect(JSON.stringify(await test.platform.store.channels.deliveries(demo.id, 'facebook', { limit: 50, recipient: FAULTY_USER }))).not.toContain(FAULT_SECRET);
  });

  it("codes WhatsApp's: the window (ours and Meta's 131047) and a failure its status webhook reports", async () => {
    await wroteLongAgo('whatsapp', '5511900000101');
    await trigger('whatsapp', '5511900000101');
    expect(await firstFailure('whatsapp', '5511900000101')).toMatchObject({ status: 'refused', detail: { reason: expect.stringMatching(/^outside WhatsApp's 24-hour/) }, reasonCode: 'outside_window', reasonParams: {} });

    graph.failures.push({ status: 400, error: { message: 'Re-engagement message', type: 'OAuthException', code: 131047 }, when: (call) => call.body?.['to'] === '5511900000102' });
    await trigger('whatsapp', '5511900000102');
    expect(await firstFailure('whatsapp', '5511900000102')).toMatchObject({ status: 'refused', detail: { code: 131047 }, reasonCode: 'outside_window', reasonParams: { code: 131047 } });

    const status = { id: 'wamid.reasons-1', status: 'failed', timestamp: '1715000000', recipient_id: '5511900000103', errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Unable to deliver' } }] };
    const raw = JSON.stringify(whatsAppNotification(PHONE_NUMBER_ID, { statuses: [status] }));
    const posted = await test.app.inject({ method: 'POST', url: '/webhooks/whatsapp/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(WHATSAPP_SECRET, raw) }, payload: raw });
    expect(posted.statusCode).toBe(200);
    expect(await firstFailure('whatsapp', '5511900000103')).toMatchObject({ status: 'failed', detail: { errors: [{ code: 131026 }] }, reasonCode: 'graph_error', reasonParams: { code: 131026, message: 'Message undeliverable' } });
  });

  it("codes Telegram's: its error with its description, and a user who blocked the bot", async () => {
    telegram.failures.push({ status: 400, description: 'Bad Request: chat not found', when: (call) => call.body['chat_id'] === 4242 || call.body['chat_id'] === '4242' });
    await trigger('telegram', '4242');
    expect(await firstFailure('telegram', '4242')).toMatchObject({ status: 'failed', detail: { status: 400, reason: 'Bad Request: chat not found' }, reasonCode: 'telegram_error', reasonParams: { status: 400, message: 'Bad Request: chat not found' } });

    telegram.failures.push({ status: 403, description: 'Forbidden: bot was blocked by the user', when: (call) => call.body['chat_id'] === 4343 || call.body['chat_id'] === '4343' });
    await trigger('telegram', '4343');
    expect(await firstFailure('telegram', '4343')).toMatchObject({ status: 'blocked', reasonCode: 'blocked', reasonParams: { status: 403, message: 'Forbidden: bot was blocked by the user' } });
  });

  it('answers null for what is no failure and for records older than the codes, and never a secret, the URL or an address', async () => {
    await test.platform.store.channels.recordDelivery({ assistantId: demo.id, channel: 'telegram', recipient: '4444', messageId: null, status: 'failed', detail: { status: 400, reason: 'Bad Request: old' }, occurredAt: 1715000000 });
    expect(await failures('telegram', '4444')).toEqual([{ recipient: '4444', messageId: null, status: 'failed', detail: { status: 400, reason: 'Bad Request: old' }, reasonCode: null, reasonParams: null, occurredAt: '2024-05-06T12:53:20.000Z' }]);
    for (const answer of answers) for (const secret of [...SECRETS, '127.0.0.1', '127.0.0.2', 'bot-messages']) expect({ secret, found: answer.includes(secret) }).toEqual({ secret, found: false });
  });
});
