// An agent's reply (human handoff) reaches Telegram and WhatsApp users at once, through each
// channel's own outbox and sender, against local stand-ins for the Bot API and the Graph API; a
// WhatsApp assistant without a phone number id records the reply and says it was not sent, as it
// does outside the user's 24-hour window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpTelegram } from '../src/channels/telegram/telegram-settings.js';
import { setUpWhatsApp } from '../src/channels/whatsapp/whatsapp-settings.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startFakeGraphApi, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { startFakeTelegramApi, type FakeTelegramApi } from './helpers/fake-telegram-api.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const BOT_TOKEN = '7000001:AAE-handoff-test-bot-token-0123456789';
const ACCESS_TOKEN = 'EAAG-whatsapp-handoff-test-token';
const PHONE_NUMBER_ID = '106540352242922';

let test: TestPlatform;
let telegram: FakeTelegramApi;
let graph: FakeGraphApi;
let demo: AssistantRecord;

beforeAll(async () => {
  telegram = await startFakeTelegramApi({ [BOT_TOKEN]: { id: 7000001, username: 'helper_demo_bot', first_name: 'Helper Demo' } });
  graph = await startFakeGraphApi({}, { phones: { [ACCESS_TOKEN]: { id: PHONE_NUMBER_ID, display_phone_number: '+55 11 4000-0000', verified_name: 'Helper Demo' } } });
  test = await startTestPlatform({
    env: { HELPER_TELEGRAM_API_URL: telegram.url, HELPER_GRAPH_API_URL: graph.url, HELPER_CHANNEL_RETRY_DELAY_MS: '5', HELPER_PUBLIC_URL: 'http://helper.example' },
  });
  demo = await test.platform.defaultAssistant();
  await setUpTelegram(test.platform, demo, { botToken: BOT_TOKEN });
});
afterAll(async () => {
  await test?.close();
  await telegram?.close();
  await graph?.close();
});

describe("an agent's reply on the push channels", () => {
  it('goes to a Telegram chat through sendMessage; an integration tells the user something without taking the conversation', async () => {
    const { handoff } = await test.platform.store.handoffs.open({ assistantId: demo.id, senderId: '1001', channel: 'telegram', reason: 'skill', now: Date.now() / 1000 });
    expect(await test.platform.handoffs.tell(demo, '1001', 'Abrimos o chamado 4521 para você.', '4biz')).toBe('sent');
    await expect.poll(() => telegram.accepted.map((call) => call.body['text']), { timeout: 10_000 }).toContain('Abrimos o chamado 4521 para você.');
    expect(await test.platform.store.handoffs.get(handoff.id)).toMatchObject({ status: 'waiting', agentLogin: null });
    const { delivery } = await test.platform.handoffs.reply(demo, '1001', 'Oi! Sou a Ana, do suporte.', 'ana');
    expect(delivery).toBe('sent');
    await expect.poll(() => telegram.accepted.filter((call) => call.method === 'sendMessage').map((call) => call.body), { timeout: 10_000 }).toContainEqual(expect.objectContaining({ chat_id: 1001, text: 'Oi! Sou a Ana, do suporte.' }));
  });

  it('goes to a WhatsApp user within their window; without a phone number id it is recorded but not sent', async () => {
    const user = '5511999990000';
    await test.platform.store.handoffs.open({ assistantId: demo.id, senderId: user, channel: 'whatsapp', reason: 'skill', now: Date.now() / 1000 });
    const early = await test.platform.handoffs.reply(demo, user, 'Já volto.', 'ana');
    expect(early).toMatchObject({ delivery: 'failed', reason: 'channel_error' });

    await setUpWhatsApp(test.platform, demo, { appSecret: 'whatsapp-app-secret-0123456789', accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID });
    await test.platform.store.channels.touchContact(demo.id, 'whatsapp', user, Date.now() / 1000);
    const { delivery } = await test.platform.handoffs.reply(demo, user, 'Oi! Sou a Ana, do suporte.', 'ana');
    expect(delivery).toBe('sent');
    await expect.poll(() => graph.accepted.map((call) => call.body), { timeout: 10_000 }).toContainEqual(expect.objectContaining({ to: user, text: expect.objectContaining({ body: 'Oi! Sou a Ana, do suporte.' }) }));
    // Both replies are in the tracker.
    const events = (await test.platform.store.conversations.events(demo.id, user)).map((entry) => entry.event);
    expect(events.filter((event) => event.event === 'bot').map((event) => event['text'])).toEqual(['Já volto.', 'Oi! Sou a Ana, do suporte.']);
  });

  it('is recorded but not sent to a Telegram or Messenger user while that channel is not set up (channel_error)', async () => {
    const english = await test.platform.store.assistants.get('demo', 'en');
    expect(english).toBeDefined();
    await test.platform.store.handoffs.open({ assistantId: english!.id, senderId: '1002', channel: 'telegram', reason: 'skill', now: Date.now() / 1000 });
    const before = telegram.accepted.length;
    expect(await test.platform.handoffs.reply(english!, '1002', 'Hi! I am Ana.', 'ana')).toMatchObject({ delivery: 'failed', reason: 'channel_error' });
    await test.platform.store.handoffs.open({ assistantId: demo.id, senderId: 'psid-2002', channel: 'facebook', reason: 'skill', now: Date.now() / 1000 });
    expect(await test.platform.handoffs.reply(demo, 'psid-2002', 'Oi! Sou a Ana.', 'ana')).toMatchObject({ delivery: 'failed', reason: 'channel_error' });
    // Nothing queued that could only fail.
    expect(await test.platform.store.outbox.pending('telegram', english!.id, '1002')).toEqual([]);
    expect(await test.platform.store.outbox.pending('facebook', demo.id, 'psid-2002')).toEqual([]);
    expect(telegram.accepted.length).toBe(before);
  });

  it("is refused outside the user's 24-hour WhatsApp window (delivery failed, nothing sent), and kept in the tracker", async () => {
    // Handed off outside office hours on Friday, answered on Monday: the user last wrote 25 hours ago.
    const user = '5511999990025';
    await setUpWhatsApp(test.platform, demo, { appSecret: 'whatsapp-app-secret-0123456789', accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID });
    await test.platform.store.channels.touchContact(demo.id, 'whatsapp', user, Date.now() / 1000 - 25 * 60 * 60);
    await test.platform.store.handoffs.open({ assistantId: demo.id, senderId: user, channel: 'whatsapp', reason: 'skill', outsideHours: true, now: Date.now() / 1000 });
    const { delivery, reason } = await test.platform.handoffs.reply(demo, user, 'Bom dia! Sou a Ana, do suporte.', 'ana');
    expect(delivery).toBe('failed');
    expect(reason).toBe('outside_window');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(graph.accepted.filter((call) => call.body?.['to'] === user)).toEqual([]);
    expect(await test.platform.store.outbox.pending('whatsapp', demo.id, user)).toEqual([]);
    const events = (await test.platform.store.conversations.events(demo.id, user)).map((entry) => entry.event);
    expect(events.filter((event) => event.event === 'bot').map((event) => event['text'])).toEqual(['Bom dia! Sou a Ana, do suporte.']);
  });
});
