// WhatsApp and Telegram past HELPER_WEBHOOK_ACK_MS (Messenger: test/webhook-deadline.test.ts): a turn
// whose skill waits for an action server is acknowledged at the deadline, the user sees the
// channel's typing indicator before the answer (WhatsApp: read with typing; Telegram: "typing…"),
// and the answer comes once the action returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import { setUpTelegram, TELEGRAM_WEBHOOK_SECRET } from '../src/channels/telegram/telegram-settings.js';
import { setUpWhatsApp } from '../src/channels/whatsapp/whatsapp-settings.js';
import { startFakeActionServer, type FakeActionServer } from './helpers/fake-action-server.js';
import { serveSlowOrder, SLOW_ORDER_ANSWER, slowOrderContent } from './helpers/slow-order-assistant.js';
import { startFakeGraphApi, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { startFakeTelegramApi, type FakeTelegramApi } from './helpers/fake-telegram-api.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { metaJson, waitFor } from './helpers/wait-for.js';
import { whatsAppNotification } from './helpers/whatsapp-notification.js';

const SLOW_MS = 1_200;
const ACK_MS = 250;
const APP_SECRET = 'whatsapp-app-secret-deadline-0123';
const NUMBER = '306540352242944';
const BOT_TOKEN = '7000009:AAE-deadline-bot-token-SECRET';
const WEBHOOK_SECRET = 'deadline-webhook-secret';

let actions: FakeActionServer;
let graph: FakeGraphApi;
let telegram: FakeTelegramApi;
let test: TestPlatform;

beforeAll(async () => {
  actions = await startFakeActionServer();
  serveSlowOrder(actions, SLOW_MS);
  graph = await startFakeGraphApi({});
  telegram = await startFakeTelegramApi({ [BOT_TOKEN]: { id: 7000009, username: 'deadline_bot', first_name: 'Deadline' } });
  test = await startTestPlatform({
    demo: false,
    env: { HELPER_GRAPH_API_URL: graph.url, HELPER_TELEGRAM_API_URL: telegram.url, HELPER_OUTBOUND_ALLOW: '127.0.0.1', HELPER_WEBHOOK_ACK_MS: String(ACK_MS) },
  });
  let assistant = await test.platform.defaultAssistant();
  await test.platform.store.content.save(assistant.id, slowOrderContent(), 'replace');
  assistant = await test.platform.store.assistants.updateSettings(assistant.id, { actionEndpointUrl: `${actions.url}/webhook` });
  await test.platform.trainer.train(assistant);
  await setUpWhatsApp(test.platform, assistant, { appSecret: APP_SECRET, accessToken: 'EAAW-deadline-token', phoneNumberId: NUMBER });
  await setUpTelegram(test.platform, assistant, { botToken: BOT_TOKEN });
  await test.platform.store.secrets.set(assistant.id, TELEGRAM_WEBHOOK_SECRET, test.platform.secrets.encrypt(WEBHOOK_SECRET, { assistantId: assistant.id, name: TELEGRAM_WEBHOOK_SECRET }));
}, 60_000);
afterAll(async () => {
  await test?.close();
  await Promise.all([actions?.close(), graph?.close(), telegram?.close()]);
});

describe('the webhook deadline on WhatsApp and Telegram', () => {
  it('WhatsApp: acknowledged at the deadline, read with the typing indicator while the action runs, then the answer', async () => {
    const user = '5511966660001';
    const raw = metaJson(
      whatsAppNotification(NUMBER, {
        contacts: [{ profile: { name: 'Cliente' }, wa_id: user }],
        messages: [{ from: user, id: 'wamid.deadline.1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'consultar pedido' } }],
      }),
    );
    const started = Date.now();
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/whatsapp/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(APP_SECRET, raw) }, payload: raw });
    expect(response.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    const toUser = () => graph.accepted.filter((call) => call.body?.['to'] === user || call.body?.['message_id'] === 'wamid.deadline.1');
    await waitFor(() => toUser().some((call) => call.body?.['type'] === 'text'), 'the answer');
    const kinds = toUser().map((call) => (call.body?.['status'] === 'read' ? `read${call.body?.['typing_indicator'] ? '+typing' : ''}` : String(call.body?.['type'])));
    // Marked read once: the answer does not repeat what the waiting calls did.
    expect(kinds).toEqual(['read+typing', 'text']);
    expect(toUser().at(-1)?.body?.['text']).toMatchObject({ body: SLOW_ORDER_ANSWER });
  });

  it('Telegram: acknowledged at the deadline, "typing…" while the action runs, then the answer', async () => {
    const chat = 4242;
    const update = { update_id: 900_001, message: { message_id: 1, date: Math.floor(Date.now() / 1000), from: { id: chat, is_bot: false, first_name: 'Ana' }, chat: { id: chat, type: 'private', first_name: 'Ana' }, text: 'consultar pedido' } };
    const started = Date.now();
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/telegram/webhook', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, payload: JSON.stringify(update) });
    expect(response.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    const toChat = () => telegram.accepted.filter((call) => String(call.body['chat_id']) === String(chat));
    await waitFor(() => toChat().some((call) => call.method === 'sendMessage'), 'the answer');
    expect(toChat().map((call) => call.method)).toEqual(['sendChatAction', 'sendChatAction', 'sendMessage']);
    expect(toChat().at(-1)?.body['text']).toBe(SLOW_ORDER_ANSWER);
  });

  it('Telegram: a pressed button whose turn waits is answered at the deadline (its spinner stops), once', async () => {
    const chat = 4343;
    const update = {
      update_id: 900_002,
      callback_query: { id: 'cbq-deadline-1', chat_instance: '-8', from: { id: chat, is_bot: false, first_name: 'Ana' }, message: { message_id: 1, chat: { id: chat, type: 'private', first_name: 'Ana' }, text: 'Escolha' }, data: 'consultar pedido' },
    };
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/telegram/webhook', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, payload: JSON.stringify(update) });
    expect(response.statusCode).toBe(200);
    const ours = () => telegram.accepted.filter((call) => String(call.body['chat_id']) === String(chat) || call.body['callback_query_id'] === 'cbq-deadline-1');
    await waitFor(() => ours().some((call) => call.method === 'sendMessage'), 'the answer');
    expect(ours().map((call) => call.method)).toEqual(['answerCallbackQuery', 'sendChatAction', 'sendChatAction', 'sendMessage']);
  });
});
