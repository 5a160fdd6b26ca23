// The Telegram channel driven as Telegram drives it (reference/telegram.md): the webhook set from
// the admin API and from the CLI with a new secret token each time, updates with and without the
// right secret, messages and pressed inline buttons, redeliveries, against a fake Bot API on
// 127.0.0.1 that captures every call and answers with injected errors (429 with retry_after,
// 403 blocked, 401, 5xx); long payloads as short ids and a restart between the 200 and the send.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localDate } from '../src/analytics/local-days.js';
import { emptyContent } from '../src/assistant/content.js';
import { shortIdOf } from '../src/channels/core/button-payloads.js';
import { setUpTelegram, TELEGRAM_WEBHOOK_SECRET } from '../src/channels/telegram/telegram-settings.js';
import { runCli } from '../src/cli/main.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startFakeTelegramApi, type FakeTelegramApi, type TelegramCallCapture } from './helpers/fake-telegram-api.js';
import { buttonsAssistant, LAST_SENTENCE, longText, titles } from './helpers/buttons-assistant.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { sleep, waitFor } from './helpers/wait-for.js';

const BOT_TOKEN = '7000001:AAE-demo-bot-token-SECRET-xyz';
const ACME_TOKEN = '7000002:AAE-acme-bot-token-SECRET-abc';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const DEMO_HOST = 'demopt.helper.example';
const ACME_HOST = 'acmept.helper.example';

let test: TestPlatform;
let telegram: FakeTelegramApi;
let demo: AssistantRecord;
let acme: AssistantRecord;
const logLines: string[] = [];
let updateId = 500_000;
const secrets = new Map<string, string>();

const longPayload = `/escolher{"produto": "impressora multifuncional com scanner duplex"}`;
const acmeContent = buttonsAssistant(longPayload);

const chat = (id: number) => ({ id, type: 'private', first_name: 'Ana' });
const textUpdate = (chatId: number, text: string, extra: Record<string, unknown> = {}) => ({
  update_id: ++updateId,
  message: { message_id: updateId, date: Math.floor(Date.now() / 1000), from: { id: chatId, is_bot: false, first_name: 'Ana', language_code: 'pt' }, chat: chat(chatId), text, ...extra },
});
const callbackUpdate = (chatId: number, data: string) => ({
  update_id: ++updateId,
  callback_query: { id: `cbq-${updateId}`, chat_instance: '-82', from: { id: chatId, is_bot: false, first_name: 'Ana' }, message: { message_id: 1, chat: chat(chatId), text: 'Escolha' }, data },
});

async function post(update: unknown, options: { host?: string; secret?: string | null } = {}) {
  const host = options.host ?? DEMO_HOST;
  const secret = options.secret === undefined ? secrets.get(host) : options.secret;
  const headers: Record<string, string> = { host, 'content-type': 'application/json', ...(secret === null || secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) };
  return test.app.inject({ method: 'POST', url: '/webhooks/telegram/webhook', headers, payload: JSON.stringify(update) });
}
const admin = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', path: string, payload?: unknown) =>
  test.app.inject({ method, url: `/api/admin/servers/demo/assistants/pt${path}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
const sent = (chatId: number) => telegram.accepted.filter((call) => call.body['chat_id'] === chatId);
const sends = (chatId: number, method = 'sendMessage') => sent(chatId).filter((call) => call.method === method);
const texts = (chatId: number) => sends(chatId).map((call) => call.body['text'] as string);
const keyboardOf = (call: TelegramCallCapture | undefined) => (call?.body['reply_markup'] as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard;
async function userEvents(assistant: AssistantRecord, sender: number) {
  return (await test.platform.store.conversations.events(assistant.id, String(sender))).filter((entry) => entry.event.event === 'user').map((entry) => entry.event);
}
const fastRetries = () => ({ HELPER_TELEGRAM_API_URL: telegram.url, HELPER_CHANNEL_RETRY_DELAY_MS: '5', HELPER_CHANNEL_RETRY_MAX_DELAY_MS: '20', HELPER_CHANNEL_SEND_ATTEMPTS: '4' , HELPER_CHANNEL_THROTTLE_DELAY_MS: '20', HELPER_CHANNEL_THROTTLE_MAX_DELAY_MS: '80' });

async function helper(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent', HELPER_TELEGRAM_API_URL: telegram.url, HELPER_PUBLIC_URL: 'http://helper.example' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  telegram = await startFakeTelegramApi({ [BOT_TOKEN]: { id: 7000001, username: 'helper_demo_bot', first_name: 'Helper Demo' }, [ACME_TOKEN]: { id: 7000002, username: 'acme_bot', first_name: 'ACME' } });
  test = await startTestPlatform({ logLines, env: { ...fastRetries(), HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_PUBLIC_URL: 'http://helper.example' } });
  demo = await test.platform.defaultAssistant();
  await test.platform.store.servers.create({ name: 'acme' });
  acme = await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
  await test.platform.store.content.save(acme.id, acmeContent, 'replace');
  await test.platform.trainer.train(acme);
});
beforeEach(() => {
  telegram.calls.length = 0;
  telegram.accepted.length = 0;
  telegram.failures.length = 0;
});
afterAll(async () => {
  await test?.close();
  await telegram?.close();
});

describe('telegram channel: the webhook and its secret token', () => {
  it('refuses every update before the webhook is set', async () => {
    expect((await post(textUpdate(1001, 'oi'), { secret: 'anything' })).statusCode).toBe(403);
    expect((await post(textUpdate(1001, 'oi'), { secret: null })).statusCode).toBe(403);
    expect(await userEvents(demo, 1001)).toEqual([]);
  });

  it('sets the bot token (write-only) and the webhook from the admin API, with a generated secret token', async () => {
    const put = await admin('PUT', '/integrations/telegram', { botToken: BOT_TOKEN });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ botToken: 'set', webhook: { state: 'not set' }, callbackUrl: 'https://demoPT.helper.example/webhooks/telegram/webhook' });
    expect(put.body).not.toContain(BOT_TOKEN);
    expect((await admin('PUT', '/integrations/telegram', { botToken: 'not a token' })).json()).toMatchObject({ error: { code: 'invalid', field: 'botToken' } });

    const set = await admin('POST', '/integrations/telegram/webhook', {});
    expect(set.json()).toMatchObject({ ok: true, telegram: { webhook: { state: 'set', url: 'https://demoPT.helper.example/webhooks/telegram/webhook' } } });
    const webhook = telegram.webhooks.get(BOT_TOKEN);
    expect(webhook).toMatchObject({ url: 'https://demoPT.helper.example/webhooks/telegram/webhook', allowed_updates: ['message', 'callback_query'] });
    expect(webhook?.secret_token).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(set.body).not.toContain(webhook!.secret_token!);
    secrets.set(DEMO_HOST, webhook!.secret_token!);

    const check = await admin('POST', '/integrations/telegram/check');
    expect(check.json()).toMatchObject({
      ok: true,
      bot: { id: 7000001, username: 'helper_demo_bot', name: 'Helper Demo' },
      webhook: { url: 'https://demoPT.helper.example/webhooks/telegram/webhook', pendingUpdateCount: 2, lastErrorMessage: 'Wrong response from the webhook: 500 Internal Server Error' },
      platformWebhook: { state: 'set' },
    });
    const values = (await admin('GET', '/integrations')).json() as { telegram: Record<string, unknown> };
    expect(values.telegram).toMatchObject({ botToken: 'set', webhook: { state: 'set' }, needsNewToken: false, unsupportedReplyIsDefault: true });
  });

  it('sets the webhook again from the CLI with a new secret: the old one is refused from then on', async () => {
    const old = secrets.get(DEMO_HOST);
    const result = await helper('integrations', 'telegram-webhook', '--assistant', 'demo/pt');
    expect(result.code).toBe(0);
    expect(result.out).toContain('https://demoPT.helper.example/webhooks/telegram/webhook');
    const now = telegram.webhooks.get(BOT_TOKEN)?.secret_token;
    expect(now).not.toBe(old);
    expect((await post(textUpdate(1002, 'oi'), { secret: old ?? null })).statusCode).toBe(403);
    secrets.set(DEMO_HOST, now!);
    expect((await post(textUpdate(1002, 'oi'))).statusCode).toBe(200);
    await waitFor(() => sends(1002).length === 1, 'the answer');
    // The CLI sets up the second assistant's bot the same way.
    expect((await helper('integrations', 'set', 'telegram', '--assistant', 'acme/pt', '--bot-token', ACME_TOKEN)).out).toMatch(/bot token set, webhook not set/);
    expect((await helper('integrations', 'telegram-webhook', '--assistant', 'acme/pt', '--url', 'http://insecure.example/x')).err).toMatch(/https/);
    expect((await helper('integrations', 'telegram-webhook', '--assistant', 'acme/pt')).code).toBe(0);
    secrets.set(ACME_HOST, telegram.webhooks.get(ACME_TOKEN)!.secret_token!);
    const listed = await helper('integrations', '--assistant', 'acme/pt');
    expect(listed.out).toMatch(/Telegram\n {2}Callback URL: https:\/\/acmePT\.helper\.example\/webhooks\/telegram\/webhook\n {2}Bot Token: set\n {2}Webhook: set to https:\/\/acmePT/);
    expect(listed.out).not.toContain(ACME_TOKEN);
  });

  it('refuses a forged, missing or other assistant\'s secret with 403, recording and sending nothing', async () => {
    for (const secret of ['forged-secret', null, secrets.get(ACME_HOST)!]) {
      expect((await post(textUpdate(1003, 'oi'), { secret })).statusCode).toBe(403);
    }
    await sleep(100);
    expect(await userEvents(demo, 1003)).toEqual([]);
    expect(telegram.calls.filter((call) => call.body['chat_id'] === 1003)).toEqual([]);
    expect(await test.platform.store.channels.contact(demo.id, 'telegram', '1003')).toBeUndefined();
  });
});

describe('telegram channel: inbound and answers', () => {
  it("asks the demo assistant's satisfaction question with an inline keyboard, and answers the pressed button", async () => {
    const user = 1010;
    expect((await post(textUpdate(user, 'quero avaliar o atendimento'))).statusCode).toBe(200);
    await waitFor(() => sends(user).length === 1, 'the question');
    expect(sent(user).map((call) => call.method)).toEqual(['sendChatAction', 'sendMessage']);
    expect(sent(user)[0]?.body).toEqual({ chat_id: user, action: 'typing' });
    expect(sends(user)[0]?.body).toEqual({
      chat_id: user,
      text: 'Você poderia avaliar o meu atendimento?',
      reply_markup: { inline_keyboard: [[{ text: 'Sim', callback_data: 'sim' }], [{ text: 'Não', callback_data: 'não' }]] },
    });
    const press = callbackUpdate(user, 'sim');
    expect((await post(press)).statusCode).toBe(200);
    await waitFor(() => sends(user).length === 2, 'the thanks');
    // The pressed button is answered first, so the user's app stops its progress indicator.
    const afterPress = telegram.accepted.slice(telegram.accepted.findIndex((call) => call.method === 'answerCallbackQuery'));
    expect(afterPress.map((call) => call.method)).toEqual(['answerCallbackQuery', 'sendChatAction', 'sendMessage']);
    expect(afterPress[0]?.body).toEqual({ callback_query_id: press.callback_query.id });
    expect(texts(user)[1]).toBe('Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.');
    expect((await userEvents(demo, user)).map((event) => event['text'])).toEqual(['quero avaliar o atendimento', 'sim']);
    expect((await userEvents(demo, user))[1]).toMatchObject({ input_channel: 'telegram', message_id: String(press.update_id), metadata: { telegram: { type: 'callback_query' } } });
  });

  it('renders 3, 4, 11 and 25 buttons as one inline keyboard each, one button per row, none dropped', async () => {
    const cases = [
      [1021, '/tres', 3],
      [1022, '/quatro', 4],
      [1023, '/onze', 11],
      [1024, '/vinte_e_cinco', 25],
    ] as const;
    for (const [user, text] of cases) await post(textUpdate(user, text), { host: ACME_HOST });
    await waitFor(() => cases.every(([user]) => sends(user).length === 1), 'the four answers');
    for (const [user, , count] of cases) {
      const keyboard = keyboardOf(sends(user)[0]);
      expect(keyboard?.map((row) => row.length)).toEqual(Array.from({ length: count }, () => 1));
      expect(keyboard?.flat().map((button) => button.callback_data)).toEqual(titles(count).map((button) => button.payload));
    }
  });

  it('sends a payload longer than 64 bytes as a short id that comes back as the payload', async () => {
    const user = 1030;
    expect(Buffer.byteLength(longPayload)).toBeGreaterThan(64);
    await post(textUpdate(user, '/produtos'), { host: ACME_HOST });
    await waitFor(() => sends(user).length === 1, 'the question');
    const buttons = keyboardOf(sends(user)[0])!.flat();
    expect(buttons.map((button) => button.callback_data)).toEqual([shortIdOf(longPayload), 'nenhum']);
    expect(buttons.every((button) => Buffer.byteLength(button.callback_data) <= 64)).toBe(true);
    await post(callbackUpdate(user, buttons[0]!.callback_data), { host: ACME_HOST });
    await waitFor(() => sends(user).length === 2, 'the answer');
    expect((await userEvents(acme, user))[1]).toMatchObject({ text: longPayload, parse_data: { intent: { name: 'escolher', confidence: 1 } } });
    expect(texts(user)[1]).toBe('Anotado: impressora multifuncional com scanner duplex.');
  });

  it('splits a long answer at 4096 characters, sends a photo with its caption, strips a command\'s bot name', async () => {
    await post(textUpdate(1040, '/longo@acme_bot'), { host: ACME_HOST });
    await post(textUpdate(1041, 'me mostra uma imagem'));
    await waitFor(() => texts(1040).some((text) => text.endsWith(LAST_SENTENCE)) && sends(1041, 'sendPhoto').length === 1, 'the answers');
    expect(texts(1040).length).toBeGreaterThan(1);
    expect(texts(1040).every((text) => text.length <= 4096)).toBe(true);
    expect(texts(1040).join(' ')).toBe(longText);
    expect((await userEvents(acme, 1040))[0]?.['text']).toBe('/longo');
    expect(sends(1041, 'sendPhoto')[0]?.body).toEqual({
      chat_id: 1041,
      photo: 'https://raw.githubusercontent.com/github/explore/main/topics/robot/robot.png',
      caption: 'Este sou eu, o Helper, seu assistente virtual!',
    });
  });

  it('records a photo without caption or a location, and answers politely; a caption is read as text', async () => {
    const photo = textUpdate(1050, '');
    delete (photo.message as Record<string, unknown>)['text'];
    Object.assign(photo.message, { photo: [{ file_id: 'small', width: 90 }, { file_id: 'large', width: 1280 }] });
    const location = textUpdate(1051, '');
    delete (location.message as Record<string, unknown>)['text'];
    Object.assign(location.message, { location: { latitude: -23.55, longitude: -46.63 } });
    const captioned = textUpdate(1052, '');
    delete (captioned.message as Record<string, unknown>)['text'];
    Object.assign(captioned.message, { photo: [{ file_id: 'x' }], caption: 'bom dia' });
    for (const update of [photo, location, captioned]) expect((await post(update)).statusCode).toBe(200);
    await waitFor(() => sends(1050).length === 1 && sends(1051).length === 1 && sends(1052).length === 1, 'three answers');
    expect(texts(1050)).toEqual(['Desculpe, por enquanto eu só consigo ler mensagens de texto.']);
    expect((await userEvents(demo, 1050))[0]).toMatchObject({ text: '[photo]', metadata: { telegram: { type: 'photo', photo: { file_id: 'large' } } } });
    expect((await userEvents(demo, 1051))[0]).toMatchObject({ text: '[location]', metadata: { telegram: { location: { latitude: -23.55 } } } });
    expect((await userEvents(demo, 1052))[0]?.['text']).toBe('bom dia');
    // Other kinds of update are acknowledged and ignored.
    expect((await post({ update_id: ++updateId, edited_message: { message_id: 1, chat: chat(1053), text: 'editado' } })).statusCode).toBe(200);
    expect((await post({ update_id: 'x' })).statusCode).toBe(400);
    expect(await userEvents(demo, 1053)).toEqual([]);
  });

  it('ignores a group\'s service messages (joined, left, title, pin, migration): 200, nothing recorded or sent', async () => {
    const group = { id: -1054, type: 'group', title: 'Suporte' };
    const service = (extra: Record<string, unknown>) => ({
      update_id: ++updateId,
      message: { message_id: updateId, date: Math.floor(Date.now() / 1000), from: { id: 1055, is_bot: false, first_name: 'Ana' }, chat: group, ...extra },
    });
    const updates = [
      service({ new_chat_members: [{ id: 1056, is_bot: false, first_name: 'Bia' }] }),
      service({ left_chat_member: { id: 1056, is_bot: false, first_name: 'Bia' } }),
      service({ new_chat_title: 'Suporte ACME' }),
      service({ pinned_message: { message_id: 3, date: 1715000000, chat: group, text: 'fixada' } }),
      service({ migrate_to_chat_id: -1001054 }),
      service({ forum_topic_created: { name: 'Dúvidas', icon_color: 7322096 } }),
    ];
    for (const update of updates) expect((await post(update)).statusCode).toBe(200);
    // A text in the same group is still answered, and is the only thing recorded.
    expect((await post({ ...service({ text: 'oi' }) })).statusCode).toBe(200);
    await waitFor(() => sends(-1054).length === 1, 'the answer to the text');
    await sleep(100);
    expect(texts(-1054)).toHaveLength(1);
    expect((await userEvents(demo, -1054)).map((event) => event['text'])).toEqual(['oi']);
  });

  it('answers a redelivered update_id once, whether it comes again later or at the same time', async () => {
    const update = textUpdate(1060, 'oi');
    await post(update);
    await waitFor(() => sends(1060).length === 1, 'the answer');
    await post(update);
    const twin = textUpdate(1061, 'oi');
    expect((await Promise.all([post(twin), post(twin), post(twin)])).map((response) => response.statusCode)).toEqual([200, 200, 200]);
    await post(textUpdate(1060, 'bom dia'));
    await post(textUpdate(1061, 'bom dia'));
    await waitFor(() => sends(1060).length === 2 && sends(1061).length === 2, 'the later answers');
    await sleep(100);
    expect(sends(1060)).toHaveLength(2);
    expect(sends(1061)).toHaveLength(2);
    expect(await userEvents(demo, 1061)).toHaveLength(2);
  });
});

describe('telegram channel: /start opens the conversation', () => {
  const demoGreetings = ['Olá! Eu sou o Helper, o assistente virtual do service desk. Como posso ajudar?', 'Oi! Em que posso ajudar hoje? Digite menu para ver as opções.'];
  const LOJA_HOST = 'lojapt.helper.example';
  let loja: AssistantRecord;
  // Yesterday and today in the demo's time zone: a conversation of now, whatever the hour.
  const analyticsDays = () => `from=${localDate(Date.now() / 1000 - 86_400, 'America/Sao_Paulo')}&to=${localDate(Date.now() / 1000, 'America/Sao_Paulo')}`;
  const intentOf = (event: Record<string, unknown> | undefined) => (event?.['parse_data'] as { intent?: { name?: string } } | undefined)?.intent?.name;

  beforeAll(async () => {
    // An assistant with an intent named `start` of its own.
    await test.platform.store.servers.create({ name: 'loja' });
    loja = await test.platform.store.assistants.create({ serverName: 'loja', language: 'pt' });
    const phrases = (...texts: string[]) => texts.map((text) => ({ text }));
    await test.platform.store.content.save(
      loja.id,
      {
        ...emptyContent(),
        intents: [
          { name: 'cumprimentar', phrases: phrases('oi', 'olá', 'bom dia', 'boa tarde') },
          { name: 'start', phrases: phrases('começar', 'iniciar', 'vamos começar', 'início') },
          { name: 'planos', phrases: phrases('quais são os planos', 'ver planos', 'preços dos planos', 'plano mais barato') },
        ],
        skills: [
          { name: 'ola', fallback: false, kind: 'text', texts: ['Olá da Loja!'] },
          { name: 'boas_vindas', fallback: false, kind: 'text', texts: ['Bem-vindo à Loja! Pergunte pelos planos.'] },
          { name: 'planos', fallback: false, kind: 'text', texts: ['Temos os planos Básico e Pro.'] },
          { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi.'] },
        ],
        dialogues: [
          { name: 'ola', intents: ['cumprimentar'], skill: 'ola' },
          { name: 'boas_vindas', intents: ['start'], skill: 'boas_vindas' },
          { name: 'planos', intents: ['planos'], skill: 'planos' },
        ],
      },
      'replace',
    );
    await test.platform.trainer.train(loja);
    await setUpTelegram(test.platform, loja, { botToken: ACME_TOKEN });
    await test.platform.store.secrets.set(loja.id, TELEGRAM_WEBHOOK_SECRET, test.platform.secrets.encrypt('loja-secret', { assistantId: loja.id, name: TELEGRAM_WEBHOOK_SECRET }));
    secrets.set(LOJA_HOST, 'loja-secret');
  });

  it("answers /start as the assistant answers a greeting when it has no greeting set, recording /start, not as a fallback", async () => {
    const user = 1070;
    expect((await post(textUpdate(user, '/start'))).statusCode).toBe(200);
    await waitFor(() => sends(user).length === 1, 'the answer');
    expect(demoGreetings).toContain(texts(user)[0]);
    const [event] = await userEvents(demo, user);
    expect(event).toMatchObject({ text: '/start', parse_data: { intent: { name: 'cumprimentar' } }, metadata: { understood_as: 'oi', telegram: { type: 'text' } } });
    expect(event?.['metadata']).not.toHaveProperty('telegram.start_param');
    await test.platform.analytics.projector.catchUp();
    const listed = await admin('GET', `/analytics/conversations?${analyticsDays()}&sender=${user}`);
    expect(listed.json()).toMatchObject({ items: [{ sender: String(user), channel: 'telegram', userMessages: 1, fallbacks: 0 }] });
  });

  it("answers /start (and a deep link's, from a group) with the assistant's greeting when set, as the bot's answer and not a fallback", async () => {
    expect((await admin('PATCH', '/settings', { greeting: 'Olá! Sou o Helper.\n\nEscreva sua dúvida.' })).statusCode).toBe(200);
    try {
      const user = 1071;
      await post(textUpdate(user, '/start'));
      await post(textUpdate(user + 1, '/start@helper_demo_bot campanha_inverno'));
      await waitFor(() => sends(user).length > 0 && sends(user + 1).length > 0, 'the greetings');
      await sleep(50);
      expect(texts(user).join('\n\n')).toBe('Olá! Sou o Helper.\n\nEscreva sua dúvida.');
      expect(texts(user + 1).join('\n\n')).toBe('Olá! Sou o Helper.\n\nEscreva sua dúvida.');
      const events = (await test.platform.store.conversations.events(demo.id, String(user))).map((entry) => entry.event);
      expect(events.slice(-3)).toMatchObject([
        { event: 'user', text: '/start', parse_data: { intent: { name: 'start', confidence: 1 } } },
        { event: 'bot', text: 'Olá! Sou o Helper.\n\nEscreva sua dúvida.', metadata: { channel_answer: 'telegram' } },
        { event: 'action', name: 'action_listen' },
      ]);
      expect((await userEvents(demo, user + 1))[0]).toMatchObject({ text: '/start campanha_inverno', metadata: { telegram: { start_param: 'campanha_inverno' } } });
      await test.platform.analytics.projector.catchUp();
      const listed = await admin('GET', `/analytics/conversations?${analyticsDays()}&sender=${user}`);
      expect(listed.json()).toMatchObject({ items: [{ userMessages: 1, fallbacks: 0 }] });
      // What follows is the assistant's.
      const greeted = texts(user).length;
      await post(textUpdate(user, 'obrigado'));
      await waitFor(() => texts(user).length > greeted, 'the next answer');
      expect(texts(user)[greeted]).not.toContain('Sou o Helper');
      // In the middle of a dialogue that asks, /start answered by the greeting ends that dialogue.
      const asked = 1073;
      await post(textUpdate(asked, 'quero abrir um chamado'));
      await waitFor(() => texts(asked).length > 0, 'the question');
      const before = texts(asked).length;
      await post(textUpdate(asked, '/start'));
      await waitFor(() => texts(asked).length > before, 'the greeting');
      const tracker = await test.platform.conversations.tracker(demo, String(asked));
      expect(tracker.active_loop).toEqual({});
      expect(tracker.slots['requested_slot']).toBeNull();
    } finally {
      await admin('PATCH', '/settings', { greeting: '' });
    }
  });

  it("is the intent a deep link's parameter names, and otherwise what a greeting is", async () => {
    await post(textUpdate(1073, '/start@acme_bot tres'), { host: ACME_HOST });
    await post(textUpdate(1074, '/start desconhecido'), { host: ACME_HOST });
    await waitFor(() => sends(1073).length === 1 && sends(1074).length === 1, 'the answers');
    expect(sends(1073)[0]?.body['text']).toBe('Escolha uma de três:');
    expect(keyboardOf(sends(1073)[0])?.flat()).toHaveLength(3);
    expect((await userEvents(acme, 1073))[0]).toMatchObject({ text: '/start tres', parse_data: { intent: { name: 'tres', confidence: 1 } }, metadata: { telegram: { start_param: 'tres' } } });
    expect(texts(1074)).toEqual(['Olá da ACME!']);
  });

  it('is the intent start when the assistant has one, unless the parameter names another intent', async () => {
    await post(textUpdate(1075, '/start'), { host: LOJA_HOST });
    await post(textUpdate(1076, '/start campanha'), { host: LOJA_HOST });
    await post(textUpdate(1077, '/start planos'), { host: LOJA_HOST });
    await waitFor(() => [1075, 1076, 1077].every((user) => sends(user).length === 1), 'the answers');
    expect([texts(1075), texts(1076), texts(1077)]).toEqual([['Bem-vindo à Loja! Pergunte pelos planos.'], ['Bem-vindo à Loja! Pergunte pelos planos.'], ['Temos os planos Básico e Pro.']]);
    expect(intentOf((await userEvents(loja, 1075))[0])).toBe('start');
    expect((await userEvents(loja, 1076))[0]).toMatchObject({ text: '/start campanha', parse_data: { intent: { name: 'start' } }, metadata: { telegram: { start_param: 'campanha' } } });
    expect(intentOf((await userEvents(loja, 1077))[0])).toBe('planos');
  });
});

describe('telegram channel: failures, retries and the durable outbox', () => {
  const deliveries = (user: number) => test.platform.store.channels.deliveries(demo.id, 'telegram', { recipient: String(user) });

  it("waits the retry_after Telegram asks for on 429, retries 5xx, and delivers once, in order", async () => {
    const user = 1070;
    const toUser = (call: TelegramCallCapture) => call.body['chat_id'] === user && call.method === 'sendMessage';
    telegram.failures.push({ status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1, when: toUser }, { status: 502, description: 'Bad Gateway', when: toUser });
    await post(textUpdate(user, 'quero avaliar o atendimento'));
    await post(textUpdate(user, 'oi'));
    await waitFor(() => sends(user).length === 2, 'both answers');
    expect(telegram.failures).toEqual([]);
    expect(telegram.calls.filter(toUser)).toHaveLength(4);
    expect(keyboardOf(sends(user)[0])).toBeDefined();
    const retry = logLines.map((line) => JSON.parse(line) as { msg: string; delayMs?: number; status?: number }).find((line) => line.msg === "telegram: the platform's rate limit for this user; waiting" && line.status === 429);
    expect(retry?.delayMs).toBe(1000);
  });

  it('waits out flood control however many times Telegram asks, never counting it as an attempt: the answer is not lost', async () => {
    const user = 1071;
    const toUser = (call: TelegramCallCapture) => call.body['chat_id'] === user && call.method === 'sendMessage';
    telegram.failures.push(...Array.from({ length: 6 }, () => ({ status: 429, description: 'Too Many Requests: retry after 0', retryAfter: 0, when: toUser })));
    await post(textUpdate(user, 'oi'));
    await waitFor(() => sends(user).length === 1, 'the answer');
    expect(telegram.failures).toEqual([]);
    // Six 429s and the call that went, past the 4 attempts (HELPER_CHANNEL_SEND_ATTEMPTS).
    expect(telegram.calls.filter(toUser)).toHaveLength(7);
  });

  it('records a user who blocked the bot (403) without retrying, drops what was pending for them, and answers again once they write', async () => {
    const user = 1080;
    telegram.failures.push({ status: 403, description: 'Forbidden: bot was blocked by the user', when: (call) => call.body['chat_id'] === user });
    await post(textUpdate(user, 'quero avaliar o atendimento'));
    await waitFor(async () => (await deliveries(user))[0]?.status === 'blocked', 'the blocked record');
    await sleep(100);
    expect(telegram.calls.filter((call) => call.body['chat_id'] === user)).toHaveLength(1);
    expect((await deliveries(user))[0]?.detail).toMatchObject({ status: 403, reason: 'Forbidden: bot was blocked by the user' });
    expect(await test.platform.store.channels.contact(demo.id, 'telegram', String(user))).toMatchObject({ unreachableSince: expect.any(Number) });
    expect(await test.platform.store.outbox.recipients('telegram')).toEqual([]);
    await post(textUpdate(user, 'oi'));
    await waitFor(() => sends(user).length === 1, 'the answer after unblocking');
  });

  it('sends again to the new chat id when a group became a supergroup (migrate_to_chat_id)', async () => {
    const group = -4242;
    const supergroup = -1009876543210;
    telegram.failures.push({
      status: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      migrateToChatId: supergroup,
      when: (call) => call.method === 'sendMessage' && call.body['chat_id'] === group,
    });
    expect((await post(textUpdate(group, 'quero avaliar o atendimento', { chat: { id: group, type: 'group', title: 'Equipe' } }))).statusCode).toBe(200);
    await waitFor(() => sends(supergroup).length === 1, 'the answer in the supergroup');
    expect(sends(supergroup)[0]?.body).toMatchObject({ chat_id: supergroup, text: 'Você poderia avaliar o meu atendimento?' });
  });

  it('answers a button pressed in a chat marked unreachable: the press clears the mark, its query and the answer are sent', async () => {
    const user = 1085;
    telegram.failures.push({ status: 403, description: 'Forbidden: bot was blocked by the user', when: (call) => call.body['chat_id'] === user });
    await post(textUpdate(user, 'quero avaliar o atendimento'));
    await waitFor(async () => (await deliveries(user))[0]?.status === 'blocked', 'the blocked record');
    const press = callbackUpdate(user, 'sim');
    expect((await post(press)).statusCode).toBe(200);
    await waitFor(() => telegram.accepted.some((call) => call.method === 'answerCallbackQuery' && call.body['callback_query_id'] === press.callback_query.id), 'the answered query');
    await waitFor(() => sends(user).length === 1, 'the thanks');
    expect(await test.platform.store.channels.contact(demo.id, 'telegram', String(user))).toMatchObject({ unreachableSince: null });
  });

  it('answers every pressed button, even those the per-sender limit drops', async () => {
    const user = 1086;
    const limit = test.platform.config.rateLimits.perSender;
    const presses = Array.from({ length: limit + 3 }, () => callbackUpdate(user, 'sim'));
    for (const press of presses) expect((await post(press)).statusCode).toBe(200);
    const answered = () => new Set(telegram.accepted.filter((call) => call.method === 'answerCallbackQuery').map((call) => call.body['callback_query_id']));
    await waitFor(() => presses.every((press) => answered().has(press.callback_query.id)), 'every query answered');
    expect((await userEvents(demo, user)).length).toBe(limit);
  });

  it("answers a pressed button at once, not after the chat's sends waiting for Telegram's retry_after", async () => {
    const user = 1088;
    await post(textUpdate(user, 'quero avaliar o atendimento'));
    await waitFor(() => sends(user).length === 1, 'the question');
    // Flood control on the chat: its next sendMessage waits 4 s.
    telegram.failures.push({ status: 429, description: 'Too Many Requests: retry after 4', retryAfter: 4, when: (call) => call.method === 'sendMessage' && call.body['chat_id'] === user });
    await post(textUpdate(user, 'quero avaliar o atendimento'));
    await waitFor(() => telegram.failures.length === 0, 'the 429');
    const press = callbackUpdate(user, 'sim');
    const pressed = Date.now();
    expect((await post(press)).statusCode).toBe(200);
    const answeredAt = async () => {
      await waitFor(() => telegram.accepted.some((call) => call.method === 'answerCallbackQuery' && call.body['callback_query_id'] === press.callback_query.id), 'the answered query');
      return Date.now();
    };
    expect((await answeredAt()) - pressed).toBeLessThan(1_500);
    expect(sends(user)).toHaveLength(1);
    // The chat's own answers still go after the wait, in order, and a redelivered press is not answered twice.
    expect((await post(press)).statusCode).toBe(200);
    await waitFor(() => sends(user).length === 3, 'the answers after the wait', 15_000);
    expect(texts(user).slice(1)).toEqual(['Você poderia avaliar o meu atendimento?', 'Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.']);
    expect(telegram.calls.filter((call) => call.method === 'answerCallbackQuery' && call.body['callback_query_id'] === press.callback_query.id)).toHaveLength(1);
  });

  it("answers a game's button (a callback query without data) without a turn", async () => {
    const user = 1087;
    const press = callbackUpdate(user, 'unused');
    delete (press.callback_query as Record<string, unknown>)['data'];
    Object.assign(press.callback_query, { game_short_name: 'quiz' });
    expect((await post(press)).statusCode).toBe(200);
    const answered = () => telegram.accepted.filter((call) => call.method === 'answerCallbackQuery' && call.body['callback_query_id'] === press.callback_query.id);
    await waitFor(() => answered().length === 1, 'the query answered');
    expect(answered()[0]?.body).toEqual({ callback_query_id: press.callback_query.id });
    await sleep(100);
    expect(sent(user)).toEqual([]);
    expect(await userEvents(demo, user)).toEqual([]);
  });

  it('flags the integration as needing a new token when Telegram refuses it, until a new token is set', async () => {
    const user = 1090;
    await test.platform.store.secrets.set(demo.id, 'telegram.bot_token', test.platform.secrets.encrypt('7000001:AAE-revoked-token-000', { assistantId: demo.id, name: 'telegram.bot_token' }));
    await post(textUpdate(user, 'oi'));
    const flagged = async () => ((await admin('GET', '/integrations')).json() as { telegram: { needsNewToken: boolean } }).telegram.needsNewToken;
    await waitFor(flagged, 'the flag');
    expect((await deliveries(user))[0]).toMatchObject({ status: 'failed', detail: { status: 401 } });
    expect((await admin('POST', '/integrations/telegram/check')).json()).toMatchObject({ ok: false, needsNewToken: true, message: expect.stringContaining('Telegram refused the bot token') });
    await setUpTelegram(test.platform, demo, { botToken: BOT_TOKEN });
    expect(await flagged()).toBe(false);
    // A new bot token means a new webhook: the old secret is dropped.
    expect(await test.platform.store.secrets.get(demo.id, TELEGRAM_WEBHOOK_SECRET)).toBeUndefined();
    const set = await admin('POST', '/integrations/telegram/webhook');
    expect(set.json()).toMatchObject({ ok: true });
    secrets.set(DEMO_HOST, telegram.webhooks.get(BOT_TOKEN)!.secret_token!);
    for (const line of logLines) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain('AAE-revoked-token');
    }
  });

  it('answers an update acknowledged before a restart after the restart, once and in order', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-tg-restart-'));
    let first: TestPlatform | undefined;
    let second: TestPlatform | undefined;
    const previous = test;
    const user = 1100;
    try {
      first = await startTestPlatform({ dataDir, env: { ...fastRetries(), HELPER_CHANNEL_RETRY_DELAY_MS: '60000', HELPER_CHANNEL_RETRY_MAX_DELAY_MS: '60000' } });
      const firstDemo = await first.platform.defaultAssistant();
      await setUpTelegram(first.platform, firstDemo, { botToken: BOT_TOKEN });
      await first.platform.store.secrets.set(firstDemo.id, TELEGRAM_WEBHOOK_SECRET, first.platform.secrets.encrypt('restart-secret', { assistantId: firstDemo.id, name: TELEGRAM_WEBHOOK_SECRET }));
      telegram.failures.push({ status: 500, description: 'Internal Server Error' });
      test = first;
      expect((await post(textUpdate(user, 'oi'), { host: 'localhost', secret: 'restart-secret' })).statusCode).toBe(200);
      expect((await post(callbackUpdate(user, '/avaliar_atendimento'), { host: 'localhost', secret: 'restart-secret' })).statusCode).toBe(200);
      await waitFor(() => telegram.failures.length === 0, 'the first, failed call');
      // The pressed button's query is answered at once, not after the chat's failed call.
      await waitFor(() => telegram.accepted.length === 1, 'the answered query');
      await first.close();
      first = undefined;
      expect(telegram.accepted.map((call) => call.method)).toEqual(['answerCallbackQuery']);

      second = await startTestPlatform({ dataDir, env: fastRetries() });
      test = second;
      await waitFor(() => sends(user).length === 2, 'both answers after the restart');
      await sleep(50);
      expect(telegram.accepted.map((call) => call.method)).toEqual(['answerCallbackQuery', 'sendChatAction', 'sendMessage', 'sendChatAction', 'sendMessage']);
      expect(keyboardOf(sends(user)[1])).toEqual([[{ text: 'Sim', callback_data: 'sim' }], [{ text: 'Não', callback_data: 'não' }]]);
      expect(await second.platform.store.outbox.recipients('telegram')).toEqual([]);
      expect(await userEvents(await second.platform.defaultAssistant(), user)).toHaveLength(2);
    } finally {
      test = previous;
      await first?.close();
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('telegram channel: pending inbound messages', () => {
  it('answers an update a crashed process acknowledged but did not record (replayed), once', async () => {
    const user = 1200;
    const now = Date.now() / 1000;
    // As a process killed during a slow turn leaves it: acknowledged to Telegram, claimed by it, the claim ended.
    await test.platform.store.inbound.add(
      [{ assistantId: demo.id, channel: 'telegram', sender: String(user), turn: { sender: String(user), text: 'oi', messageId: String(++updateId), metadata: {}, receivedAt: now } }],
      'crashed-host:1:0000',
      now - 1,
    );
    await waitFor(() => sends(user).length === 1, 'the replayed answer');
    expect(await userEvents(demo, user)).toHaveLength(1);
    expect(await test.platform.store.inbound.backlog()).toEqual([]);
  });
});
