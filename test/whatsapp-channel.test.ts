// The WhatsApp channel driven as Meta drives it (reference/whatsapp-cloud.md): the handshake,
// signed notifications with several entries and changes routed by phone number id, every message
// type, statuses, redeliveries, against a fake Graph API on 127.0.0.1 that captures every Cloud
// API call and answers with injected errors (Meta's codes, 5xx); the 24-hour window, retries,
// the needs-a-new-token flag, long button payloads and a restart between the 200 and the send.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shortIdOf } from '../src/channels/core/button-payloads.js';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import { setUpWhatsApp, whatsAppStatus, WHATSAPP_APP_SECRET } from '../src/channels/whatsapp/whatsapp-settings.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startFakeGraphApi, type CapturedCall, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { buttonsAssistant, LAST_SENTENCE, longText, titles } from './helpers/buttons-assistant.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { metaJson, sleep, waitFor } from './helpers/wait-for.js';

const APP_SECRET = 'whatsapp-app-secret-0123456789';
const ACCESS_TOKEN = 'EAAW-system-user-token-SECRET-77';
const DEMO_NUMBER = '106540352242922';
const ACME_NUMBER = '206540352242933';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

let test: TestPlatform;
let graph: FakeGraphApi;
let demo: AssistantRecord;
let acme: AssistantRecord;
const logLines: string[] = [];
const responses: string[] = [];
let counter = 0;

const productName = `impressora multifuncional ${'com scanner duplex e bandeja extra '.repeat(7).trim()}`;
const longPayload = `/escolher{"produto": "${productName}"}`;
const acmeContent = buttonsAssistant(longPayload);

const wamid = () => `wamid.in.${++counter}.${Date.now().toString(36)}`;
const nowSeconds = () => String(Math.floor(Date.now() / 1000));
type Message = Record<string, unknown>;
const textMessage = (from: string, body: string, extra: Message = {}): Message => ({ from, id: wamid(), timestamp: nowSeconds(), type: 'text', text: { body }, ...extra });
const buttonReply = (from: string, id: string, title = 'Sim'): Message => ({ from, id: wamid(), timestamp: nowSeconds(), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } }, context: { from: DEMO_NUMBER, id: 'wamid.out.1' } });
const listReply = (from: string, id: string, title: string): Message => ({ from, id: wamid(), timestamp: nowSeconds(), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, description: '' } } });
const change = (phoneNumberId: string, value: Record<string, unknown>) => ({
  field: 'messages',
  value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value },
});
const messagesChange = (phoneNumberId: string, ...messages: Message[]) =>
  change(phoneNumberId, { contacts: [...new Set(messages.map((message) => message.from as string))].map((id) => ({ profile: { name: `Cliente ${id.slice(-2)}` }, wa_id: id })), messages });
const notification = (...entries: unknown[][]) => ({ object: 'whatsapp_business_account', entry: entries.map((changes) => ({ id: 'WABA_ID', changes })) });
const simple = (from: string, body: string, number = DEMO_NUMBER) => notification([messagesChange(number, textMessage(from, body))]);

async function post(body: unknown, signing: 'sha256' | 'sha1' | 'none' | 'forged' = 'sha256', host = 'localhost') {
  const raw = typeof body === 'string' ? body : metaJson(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', host };
  if (signing === 'sha256') headers['x-hub-signature-256'] = signMetaBody(APP_SECRET, raw);
  if (signing === 'sha1') headers['x-hub-signature'] = signMetaBody(APP_SECRET, raw, 'sha1');
  if (signing === 'forged') headers['x-hub-signature-256'] = signMetaBody('not-the-app-secret', raw);
  const response = await test.app.inject({ method: 'POST', url: '/webhooks/whatsapp/webhook', headers, payload: raw });
  responses.push(response.body);
  return response;
}

const to = (user: string) => graph.accepted.filter((call) => call.body?.['to'] === user);
const messagesTo = (user: string) => to(user).map((call) => call.body as Record<string, unknown>);
const reads = () => graph.accepted.filter((call) => call.body?.['status'] === 'read');
const interactiveOf = (call: Record<string, unknown> | undefined) => call?.['interactive'] as { type: string; body: { text: string }; action: Record<string, unknown> };
async function userEvents(assistant: AssistantRecord, sender: string) {
  return (await test.platform.store.conversations.events(assistant.id, sender)).filter((entry) => entry.event.event === 'user').map((entry) => entry.event);
}
async function botTexts(assistant: AssistantRecord, sender: string) {
  return (await test.platform.store.conversations.events(assistant.id, sender)).filter((entry) => entry.event.event === 'bot').map((entry) => entry.event['text']);
}
const failedWith = (code: number, status = 400) => ({ status, error: { message: `(#${code}) from the fake`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: 'fake details' }, fbtrace_id: 'x' } });
const onlyMessages = (call: CapturedCall) => call.body?.['type'] !== undefined;
const fastRetries = () => ({ HELPER_GRAPH_API_URL: graph.url, HELPER_CHANNEL_RETRY_DELAY_MS: '5', HELPER_CHANNEL_RETRY_MAX_DELAY_MS: '20', HELPER_CHANNEL_SEND_ATTEMPTS: '4' , HELPER_CHANNEL_THROTTLE_DELAY_MS: '20', HELPER_CHANNEL_THROTTLE_MAX_DELAY_MS: '80' });

beforeAll(async () => {
  graph = await startFakeGraphApi({}, { phones: { [ACCESS_TOKEN]: { id: DEMO_NUMBER, display_phone_number: '+55 11 4000-0000', verified_name: 'Helper Demo' } } });
  test = await startTestPlatform({ logLines, env: { ...fastRetries(), HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_PUBLIC_URL: 'http://helper.example' } });
  demo = await test.platform.defaultAssistant();
  await test.platform.store.servers.create({ name: 'acme' });
  acme = await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
  await test.platform.store.content.save(acme.id, acmeContent, 'replace');
  await test.platform.trainer.train(acme);
  await setUpWhatsApp(test.platform, demo, { appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, phoneNumberId: DEMO_NUMBER });
  await setUpWhatsApp(test.platform, acme, { appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, phoneNumberId: ACME_NUMBER });
});
beforeEach(() => {
  graph.posts.length = 0;
  graph.accepted.length = 0;
  graph.failures.length = 0;
});
afterAll(async () => {
  await test?.close();
  await graph?.close();
});

describe('whatsapp channel: handshake and signature', () => {
  it('answers the raw challenge for subscribe with the verify token made at set-up, 403 otherwise', async () => {
    const { verifyToken } = await whatsAppStatus(test.platform, demo);
    expect(verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const get = (query: string) => test.app.inject({ method: 'GET', url: `/webhooks/whatsapp/webhook?${query}` });
    const ok = await get(`hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${verifyToken}`);
    expect([ok.statusCode, ok.body]).toEqual([200, '1158201444']);
    expect((await get('hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong')).statusCode).toBe(403);
    expect((await get(`hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${verifyToken}`)).statusCode).toBe(403);
    expect((await get('hub.challenge=1')).statusCode).toBe(403);
  });

  it('refuses a forged, missing, SHA-1-only or tampered signature with 403, recording and sending nothing', async () => {
    const body = simple('5511900000001', 'oi');
    for (const signing of ['forged', 'none', 'sha1'] as const) expect((await post(body, signing)).statusCode).toBe(403);
    const raw = metaJson(body);
    const tampered = await test.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp/webhook',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(APP_SECRET, raw) },
      payload: raw.replace('"oi"', '"io"'),
    });
    expect(tampered.statusCode).toBe(403);
    // Without an app secret nothing is accepted either.
    await test.platform.store.secrets.delete(demo.id, WHATSAPP_APP_SECRET);
    try {
      expect((await post(body)).statusCode).toBe(403);
    } finally {
      await setUpWhatsApp(test.platform, demo, { appSecret: APP_SECRET });
    }
    await sleep(100);
    expect(await userEvents(demo, '5511900000001')).toEqual([]);
    expect(graph.posts).toEqual([]);
    expect(await test.platform.store.channels.contact(demo.id, 'whatsapp', '5511900000001')).toBeUndefined();
  });

  it('acknowledges a signed notification for another object (200, nothing handled); unsigned stays 403', async () => {
    const other = { ...simple('5511900000002', 'oi'), object: 'page' };
    for (const body of [other, { object: 'user', entry: [] }, { entry: [] }]) {
      const response = await post(body);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('EVENT_RECEIVED');
    }
    expect((await post(other, 'forged')).statusCode).toBe(403);
    expect((await post(other, 'none')).statusCode).toBe(403);
    await sleep(100);
    expect(await userEvents(demo, '5511900000002')).toEqual([]);
    expect(graph.posts).toEqual([]);
  });
});

describe('whatsapp channel: a callback URL on the default host', () => {
  it("accepts a notification signed by the app of the assistant that has its number, and only that assistant's changes", async () => {
    const otherSecret = 'another-meta-app-secret';
    await setUpWhatsApp(test.platform, acme, { appSecret: otherSecret });
    try {
      const body = notification([messagesChange(ACME_NUMBER, textMessage('5511900000006', 'oi')), messagesChange(DEMO_NUMBER, textMessage('5511900000007', 'oi'))]);
      const raw = metaJson(body);
      const send = (secret: string, payload = raw) =>
        test.app.inject({ method: 'POST', url: '/webhooks/whatsapp/webhook', headers: { 'content-type': 'application/json', host: 'localhost', 'x-hub-signature-256': signMetaBody(secret, payload) }, payload });
      const response = await send(otherSecret);
      expect([response.statusCode, response.body]).toEqual([200, 'EVENT_RECEIVED']);
      expect(await userEvents(acme, '5511900000006')).toHaveLength(1);
      // The demo's number is another app's: its change is not taken on the acme app's signature.
      expect(await userEvents(demo, '5511900000007')).toEqual([]);
      // A secret that is no one's, or a notification without the signer's number, stays refused.
      expect((await send('no-ones-secret')).statusCode).toBe(403);
      const demoOnly = metaJson(simple('5511900000008', 'oi'));
      expect((await send(otherSecret, demoOnly)).statusCode).toBe(403);
      expect(await userEvents(demo, '5511900000008')).toEqual([]);
    } finally {
      await setUpWhatsApp(test.platform, acme, { appSecret: APP_SECRET });
    }
  });
});

describe('whatsapp channel: inbound', () => {
  it('handles every entry and change, routed by phone number id, marks each message read and answers it', async () => {
    const body = notification(
      [messagesChange(DEMO_NUMBER, textMessage('5511900000002', 'olá, é você?')), messagesChange(ACME_NUMBER, textMessage('5511900000003', 'oi'))],
      [messagesChange(DEMO_NUMBER, textMessage('5511900000004', 'bom dia')), messagesChange('999999', textMessage('5511900000005', 'oi'))],
    );
    const response = await post(body);
    expect([response.statusCode, response.body]).toEqual([200, 'EVENT_RECEIVED']);
    // Recorded before the 200, each in its own assistant; the unknown number's change is skipped.
    expect((await userEvents(demo, '5511900000002'))[0]).toMatchObject({ text: 'olá, é você?', input_channel: 'whatsapp', message_id: expect.stringMatching(/^wamid\.in\./) });
    expect((await userEvents(demo, '5511900000002'))[0]?.['metadata']).toMatchObject({ whatsapp: { phone_number_id: DEMO_NUMBER, profile_name: 'Cliente 02', type: 'text' } });
    expect(await userEvents(acme, '5511900000003')).toHaveLength(1);
    expect(await userEvents(demo, '5511900000003')).toEqual([]);
    expect(await userEvents(demo, '5511900000004')).toHaveLength(1);
    expect(await userEvents(demo, '5511900000005')).toEqual([]);
    expect(logLines.some((line) => line.includes('no assistant has this phone number id'))).toBe(true);
    await waitFor(() => to('5511900000002').length === 1 && to('5511900000003').length === 1 && to('5511900000004').length === 1, 'three answers');
    expect(messagesTo('5511900000003')[0]).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', type: 'text', text: { body: 'Olá da ACME!' } });
    const acmeCall = to('5511900000003')[0]!;
    expect(acmeCall.path).toBe(`/v21.0/${ACME_NUMBER}/messages`);
    expect(acmeCall.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    // Each answer comes after marking the user's message read, with the typing indicator.
    const [firstRead] = reads().filter((call) => call.path === `/v21.0/${ACME_NUMBER}/messages`);
    expect(firstRead?.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: expect.stringMatching(/^wamid\.in\./), typing_indicator: { type: 'text' } });
    expect(graph.accepted.indexOf(firstRead!)).toBeLessThan(graph.accepted.indexOf(acmeCall));
    expect(reads()).toHaveLength(3);
  });

  it("asks the demo assistant's satisfaction question with reply buttons, and a button's id is its payload", async () => {
    const user = '5511900000010';
    await post(simple(user, 'quero avaliar o atendimento'));
    await waitFor(() => to(user).length === 1, 'the question');
    const question = interactiveOf(messagesTo(user)[0]);
    expect(question).toEqual({
      type: 'button',
      body: { text: 'Você poderia avaliar o meu atendimento?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'sim', title: 'Sim' } },
          { type: 'reply', reply: { id: 'não', title: 'Não' } },
        ],
      },
    });
    await post(notification([messagesChange(DEMO_NUMBER, buttonReply(user, 'sim'))]));
    await waitFor(() => to(user).length === 2, 'the thanks');
    expect(messagesTo(user)[1]).toMatchObject({ type: 'text', text: { body: 'Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.' } });
    expect((await userEvents(demo, user))[1]).toMatchObject({ text: 'sim', metadata: { whatsapp: { type: 'interactive', reply_title: 'Sim' } } });
  });

  it('renders 3 buttons as reply buttons, 4 as one list, 11 and 25 as several lists of at most 10, none dropped', async () => {
    const cases = [
      ['5511900000021', '/tres', 3],
      ['5511900000022', '/quatro', 4],
      ['5511900000023', '/onze', 11],
      ['5511900000024', '/vinte_e_cinco', 25],
    ] as const;
    await post(notification(cases.map(([user, text]) => messagesChange(ACME_NUMBER, textMessage(user, text)))));
    await waitFor(() => to('5511900000021').length === 1 && to('5511900000022').length === 1 && to('5511900000023').length === 2 && to('5511900000024').length === 3, 'the four answers');

    const three = interactiveOf(messagesTo('5511900000021')[0]);
    expect(three.type).toBe('button');
    const replies = (three.action['buttons'] as Array<{ reply: { id: string; title: string } }>).map((button) => button.reply);
    expect(replies.map((reply) => reply.id)).toEqual(['opcao_1', 'opcao_2', 'opcao_3']);
    expect(replies.map((reply) => reply.title)).toEqual(['Uma opção com um tí…', 'Opção 2', 'Opção 3']);
    expect(replies.every((reply) => Array.from(reply.title).length <= 20)).toBe(true);

    const rowsOf = (call: Record<string, unknown> | undefined) => {
      const interactive = interactiveOf(call);
      expect(interactive.type).toBe('list');
      expect(Array.from(interactive.action['button'] as string).length).toBeLessThanOrEqual(20);
      const sections = interactive.action['sections'] as Array<{ rows: Array<{ id: string; title: string; description?: string }> }>;
      return sections.flatMap((section) => section.rows);
    };
    const four = rowsOf(messagesTo('5511900000022')[0]);
    expect(interactiveOf(messagesTo('5511900000022')[0]).body.text).toBe('Escolha uma de quatro:');
    expect(interactiveOf(messagesTo('5511900000022')[0]).action['button']).toBe('Ver opções');
    expect(four.map((row) => row.id)).toEqual(['opcao_1', 'opcao_2', 'opcao_3', 'opcao_4']);
    expect(four[0]).toEqual({ id: 'opcao_1', title: 'Uma opção com um título…', description: 'Uma opção com um título bem comprido' });
    expect(four.every((row) => Array.from(row.title).length <= 24)).toBe(true);

    const eleven = messagesTo('5511900000023').map(rowsOf);
    expect(eleven.map((rows) => rows.length)).toEqual([10, 1]);
    expect(eleven.flat().map((row) => row.id)).toEqual(titles(11).map((button) => button.payload));
    expect(interactiveOf(messagesTo('5511900000023')[1]).body.text).toBe('Mais opções (11–11 de 11):');

    const twentyFive = messagesTo('5511900000024').map(rowsOf);
    expect(twentyFive.map((rows) => rows.length)).toEqual([10, 10, 5]);
    expect(twentyFive.flat().map((row) => row.id)).toEqual(titles(25).map((button) => button.payload));
    expect(messagesTo('5511900000024').map((call) => interactiveOf(call).body.text)).toEqual(['Escolha uma de vinte e cinco:', 'Mais opções (11–20 de 25):', 'Mais opções (21–25 de 25):']);
  });

  it('sends a long payload as a short id that comes back from the list as the payload', async () => {
    const user = '5511900000030';
    expect(longPayload.length).toBeGreaterThan(256);
    await post(simple(user, '/produtos', ACME_NUMBER));
    await waitFor(() => to(user).length === 1, 'the question');
    const buttons = (interactiveOf(messagesTo(user)[0]).action['buttons'] as Array<{ reply: { id: string; title: string } }>).map((button) => button.reply);
    expect(buttons.map((button) => button.id)).toEqual([shortIdOf(longPayload), 'nenhum']);
    await post(notification([messagesChange(ACME_NUMBER, buttonReply(user, buttons[0]!.id, buttons[0]!.title))]));
    await waitFor(() => to(user).length === 2, 'the answer');
    expect((await userEvents(acme, user))[1]).toMatchObject({ text: longPayload, parse_data: { intent: { name: 'escolher', confidence: 1 } } });
    expect(messagesTo(user)[1]).toMatchObject({ text: { body: `Anotado: ${productName}.` } });
    // The same id through a list reply works the same way.
    await post(notification([messagesChange(ACME_NUMBER, listReply(user, buttons[0]!.id, 'A impressora grande'))]));
    await waitFor(() => to(user).length === 3, 'the second answer');
    expect((await userEvents(acme, user))[2]?.['text']).toBe(longPayload);
  });

  it('splits a long answer into messages of at most 4096 characters, and sends an image with its text as caption', async () => {
    await post(notification([messagesChange(ACME_NUMBER, textMessage('5511900000040', '/longo')), messagesChange(DEMO_NUMBER, textMessage('5511900000041', 'me mostra uma imagem'))]));
    await waitFor(() => messagesTo('5511900000040').some((call) => (call['text'] as { body: string }).body.endsWith(LAST_SENTENCE)) && to('5511900000041').length === 1, 'the answers');
    const texts = messagesTo('5511900000040').map((call) => (call['text'] as { body: string }).body);
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((text) => text.length <= 4096 && text.endsWith('.'))).toBe(true);
    expect(texts.join(' ')).toBe(longText);
    expect(messagesTo('5511900000041')[0]).toMatchObject({
      type: 'image',
      image: { link: 'https://raw.githubusercontent.com/github/explore/main/topics/robot/robot.png', caption: 'Este sou eu, o Helper, seu assistente virtual!' },
    });
  });

  it('records images, locations and other messages, answers them politely (configurable), and reads a caption as text', async () => {
    const image = { from: '5511900000050', id: wamid(), timestamp: nowSeconds(), type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'abc' } };
    const location = { from: '5511900000051', id: wamid(), timestamp: nowSeconds(), type: 'location', location: { latitude: -23.55, longitude: -46.63, name: 'Escritório' } };
    const captioned = { from: '5511900000052', id: wamid(), timestamp: nowSeconds(), type: 'image', image: { id: 'media-2', mime_type: 'image/jpeg', caption: 'bom dia' } };
    const reaction = { from: '5511900000053', id: wamid(), timestamp: nowSeconds(), type: 'reaction', reaction: { message_id: 'wamid.out.1', emoji: '👍' } };
    await post(notification([messagesChange(DEMO_NUMBER, image, location, captioned, reaction)]));
    await waitFor(() => to('5511900000050').length === 1 && to('5511900000051').length === 1 && to('5511900000052').length === 1, 'three answers');
    expect(messagesTo('5511900000050')[0]).toMatchObject({ text: { body: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.' } });
    expect((await userEvents(demo, '5511900000050'))[0]).toMatchObject({ text: '[image]', metadata: { whatsapp: { type: 'image', media: { id: 'media-1', mime_type: 'image/jpeg' } } } });
    expect((await userEvents(demo, '5511900000051'))[0]).toMatchObject({ text: '[location]', metadata: { whatsapp: { location: { latitude: -23.55, longitude: -46.63 } } } });
    expect(await botTexts(demo, '5511900000050')).toEqual(['Desculpe, por enquanto eu só consigo ler mensagens de texto.']);
    expect((await userEvents(demo, '5511900000052'))[0]?.['text']).toBe('bom dia');
    expect(await userEvents(demo, '5511900000053')).toEqual([]);

    await setUpWhatsApp(test.platform, demo, { unsupportedReply: 'Só leio texto, desculpe!' });
    await post(notification([messagesChange(DEMO_NUMBER, { ...image, id: wamid(), from: '5511900000054' })]));
    await waitFor(() => to('5511900000054').length === 1, 'the custom answer');
    expect(messagesTo('5511900000054')[0]).toMatchObject({ text: { body: 'Só leio texto, desculpe!' } });
    await setUpWhatsApp(test.platform, demo, { unsupportedReply: '' });
    await post(notification([messagesChange(DEMO_NUMBER, { ...image, id: wamid(), from: '5511900000055' })]));
    expect(await userEvents(demo, '5511900000055')).toHaveLength(1);
    await setUpWhatsApp(test.platform, demo, { unsupportedReply: null });
    await sleep(100);
    expect(to('5511900000055')).toEqual([]);
    const unanswered = (await userEvents(demo, '5511900000055'))[0]?.['message_id'];
    expect(reads().filter((call) => call.body?.['message_id'] === unanswered)).toEqual([]);
  });

  it('answers a redelivered message once, whether it comes again later or at the same time', async () => {
    const body = simple('5511900000060', 'oi');
    expect((await post(body)).statusCode).toBe(200);
    await waitFor(() => to('5511900000060').length === 1, 'the answer');
    expect((await post(body)).body).toBe('EVENT_RECEIVED');
    const twin = simple('5511900000061', 'oi');
    expect((await Promise.all([post(twin), post(twin), post(twin)])).map((response) => response.statusCode)).toEqual([200, 200, 200]);
    await post(notification([messagesChange(DEMO_NUMBER, textMessage('5511900000060', 'bom dia'), textMessage('5511900000061', 'bom dia'))]));
    await waitFor(() => to('5511900000060').length === 2 && to('5511900000061').length === 2, 'the later answers');
    await sleep(100);
    expect(to('5511900000060')).toHaveLength(2);
    expect(to('5511900000061')).toHaveLength(2);
    expect(await userEvents(demo, '5511900000061')).toHaveLength(2);
  });

  it('records statuses once per message and status (failed ones with their error), and never answers them', async () => {
    const statuses = (state: string, extra: Record<string, unknown> = {}) =>
      change(DEMO_NUMBER, { statuses: [{ id: 'wamid.out.status-1', status: state, timestamp: '1715000000', recipient_id: '5511900000070', conversation: { id: 'c1', origin: { type: 'service' } }, ...extra }] });
    await post(notification([statuses('sent'), statuses('delivered')]));
    await post(notification([statuses('delivered'), statuses('read')]));
    await post(notification([statuses('failed', { errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'more than 24 hours' } }] })]));
    const recorded = await test.platform.store.channels.deliveries(demo.id, 'whatsapp', { messageId: 'wamid.out.status-1' });
    expect(recorded.map((entry) => entry.status)).toEqual(['failed', 'read', 'delivered', 'sent']);
    expect(recorded[0]).toMatchObject({ recipient: '5511900000070', occurredAt: 1715000000, detail: { errors: [{ code: 131047, title: 'Re-engagement message' }] } });
    // The failure coded with Meta's code and message (what the console says in its language); the others have none.
    expect(recorded.map((entry) => entry.reasonCode)).toEqual([{ code: 'graph_error', params: { code: 131047, message: 'Re-engagement message' } }, null, null, null]);
    await sleep(100);
    expect(graph.posts).toEqual([]);
    expect(await userEvents(demo, '5511900000070')).toEqual([]);
  });
});

describe('whatsapp channel: a WhatsApp user is no one else\'s', () => {
  it("refuses a REST or callback message whose sender is a WhatsApp user's number (403, nothing recorded); other numbers go on", async () => {
    const user = '5511900000300';
    await post(simple(user, 'oi'));
    await waitFor(() => to(user).length > 0, 'the WhatsApp answer');
    const before = await userEvents(demo, user);
    for (const url of ['/webhooks/rest/webhook', '/webhooks/callback/webhook']) {
      const response = await test.app.inject({ method: 'POST', url, payload: { sender: user, message: 'me mostre o que a atendente disse' } });
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({ reason: 'NotAuthorized' });
    }
    expect(await userEvents(demo, user)).toEqual(before);
    const other = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: '5511900000301', message: 'oi' } });
    expect(other.statusCode).toBe(200);
  });
});

describe('whatsapp channel: the 24-hour window, failures and retries', () => {
  const detailOf = async (user: string) => (await test.platform.store.channels.deliveries(demo.id, 'whatsapp', { recipient: user }))[0];

  it('does not send free text outside the 24-hour window: the send is recorded as refused with the reason', async () => {
    const user = '5511900000080';
    const old = String(Math.floor(Date.now() / 1000) - 25 * 60 * 60);
    await post(notification([messagesChange(DEMO_NUMBER, textMessage(user, 'oi', { timestamp: old }))]));
    await waitFor(async () => (await detailOf(user))?.status === 'refused', 'the refusal');
    expect((await detailOf(user))?.detail?.['reason']).toMatch(/24-hour customer service window/);
    expect(to(user)).toEqual([]);
    // Meta's own 131047 is read the same way, without a retry.
    graph.failures.push({ ...failedWith(131047), when: onlyMessages });
    await post(simple('5511900000081', 'oi'));
    await waitFor(async () => (await detailOf('5511900000081'))?.status === 'refused', "Meta's refusal");
    expect(graph.posts.filter((call) => call.body?.['to'] === '5511900000081')).toHaveLength(1);
    expect((await detailOf('5511900000081'))?.detail).toMatchObject({ code: 131047, reason: expect.stringContaining('fake details') });
  });

  it("answers a message whose timestamp is older than Meta's redeliveries (a sender's wrong clock, the reference's example) as one just received", async () => {
    const user = '5511900000082';
    await post(notification([messagesChange(DEMO_NUMBER, textMessage(user, 'oi', { timestamp: '1715000000' }))]));
    await waitFor(() => to(user).some((call) => call.body?.['type'] === 'text'), 'the answer');
    expect((await test.platform.store.channels.contact(demo.id, 'whatsapp', user))?.lastInboundAt).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it("retries Meta's temporary errors and rate limits (130429, 131056, 80007, 5xx) and delivers once, in order", async () => {
    const [user, other] = ['5511900000090', '5511900000091'];
    const toUser = (target: string) => (call: CapturedCall) => call.body?.['to'] === target;
    graph.failures.push(
      { ...failedWith(130429, 429), when: toUser(user) },
      { ...failedWith(131056), when: toUser(user) },
      { ...failedWith(80007), when: toUser(user) },
      { status: 503, when: toUser(other) },
    );
    await post(notification([messagesChange(DEMO_NUMBER, textMessage(user, 'quero avaliar o atendimento'), textMessage(user, 'sim'), textMessage(other, 'oi'))]));
    await waitFor(() => to(user).length === 2 && to(other).length === 1, 'the three answers');
    await sleep(50);
    expect(graph.failures).toEqual([]);
    expect(graph.posts.filter((call) => call.body?.['to'] === user)).toHaveLength(2 + 3);
    expect(graph.posts.filter((call) => call.body?.['to'] === other)).toHaveLength(1 + 1);
    expect(messagesTo(user).map((call) => call['type'])).toEqual(['interactive', 'text']);
    expect(logLines.filter((line) => line.includes('whatsapp: the platform failed for now; retrying')).length).toBeGreaterThanOrEqual(1);
    expect(logLines.filter((line) => line.includes("whatsapp: the platform's rate limit; this assistant's sends are paused")).length).toBeGreaterThanOrEqual(2);
    expect(logLines.filter((line) => line.includes("whatsapp: the platform's rate limit for this user; waiting")).length).toBeGreaterThanOrEqual(1);
    expect((await test.platform.store.channels.deliveries(demo.id, 'whatsapp', { recipient: user })).map((entry) => entry.status)).toEqual(['accepted', 'accepted']);
    expect(await test.platform.store.outbox.recipients('whatsapp')).toEqual([]);
  });

  it('waits out rate limits (130429, 80007, 4, 131056) however many, never counting them as attempts: the answer is not lost', async () => {
    const user = '5511900000092';
    const toUser = (call: CapturedCall) => call.body?.['to'] === user && call.body?.['type'] !== undefined;
    graph.failures.push(...[130429, 80007, 4, 131056, 130429, 131056].map((code) => ({ ...failedWith(code, code === 130429 ? 429 : 400), when: toUser })));
    await post(simple(user, 'oi'));
    await waitFor(() => to(user).length === 1, 'the answer');
    expect(graph.failures).toEqual([]);
    // Six rate limits and the call that went, past the 4 attempts (HELPER_CHANNEL_SEND_ATTEMPTS).
    expect(graph.posts.filter(toUser)).toHaveLength(7);
    await expect.poll(async () => (await test.platform.store.channels.deliveries(demo.id, 'whatsapp', { recipient: user })).map((entry) => entry.status)).toEqual(['accepted']);
  });

  it('never retries a bad parameter (100), and gives up after the bounded attempts, recording both', async () => {
    graph.failures.push({ ...failedWith(100), when: onlyMessages });
    await post(simple('5511900000100', 'oi'));
    await waitFor(async () => (await detailOf('5511900000100'))?.status === 'failed', 'the failure');
    expect(graph.posts.filter((call) => call.body?.['to'] === '5511900000100')).toHaveLength(1);
    graph.failures.push(...Array.from({ length: 6 }, () => ({ ...failedWith(2, 500), when: onlyMessages })));
    await post(simple('5511900000101', 'oi'));
    await waitFor(async () => (await detailOf('5511900000101'))?.status === 'failed', 'giving up');
    expect(graph.posts.filter((call) => call.body?.['to'] === '5511900000101')).toHaveLength(4);
    expect(graph.failures).toHaveLength(2);
    graph.failures.length = 0;
    for (const line of logLines) expect(line).not.toContain(ACCESS_TOKEN);
  });

  it('flags the integration as needing a new token on 190, without retrying, until a new token is set', async () => {
    const status = async () => (await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/integrations', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as { whatsapp: { accessToken: string; needsNewToken: boolean } };
    expect((await status()).whatsapp).toMatchObject({ accessToken: 'set', needsNewToken: false });
    graph.failures.push({ ...failedWith(190, 401), when: onlyMessages });
    await post(simple('5511900000110', 'oi'));
    await waitFor(async () => (await status()).whatsapp.needsNewToken, 'the flag');
    expect(graph.posts.filter((call) => call.body?.['to'] === '5511900000110')).toHaveLength(1);
    const put = await test.app.inject({
      method: 'PUT',
      url: '/api/admin/servers/demo/assistants/pt/integrations/whatsapp',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { accessToken: ACCESS_TOKEN },
    });
    expect(put.statusCode).toBe(200);
    expect((await status()).whatsapp.needsNewToken).toBe(false);
    for (const line of [...logLines, ...responses]) {
      expect(line).not.toContain(ACCESS_TOKEN);
      expect(line).not.toContain(APP_SECRET);
    }
  });

  it('answers a message acknowledged before a restart after the restart, once and in order', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-wa-restart-'));
    let first: TestPlatform | undefined;
    let second: TestPlatform | undefined;
    const previous = test;
    const user = '5511900000120';
    try {
      // Meta is down and the retries are slow: the answers stay pending when the platform stops.
      first = await startTestPlatform({ dataDir, env: { ...fastRetries(), HELPER_CHANNEL_RETRY_DELAY_MS: '60000', HELPER_CHANNEL_RETRY_MAX_DELAY_MS: '60000' } });
      const firstDemo = await first.platform.defaultAssistant();
      await setUpWhatsApp(first.platform, firstDemo, { appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, phoneNumberId: DEMO_NUMBER });
      graph.failures.push({ status: 503 });
      test = first;
      const response = await post(notification([messagesChange(DEMO_NUMBER, textMessage(user, 'oi'), textMessage(user, 'quero avaliar o atendimento'))]));
      expect(response.body).toBe('EVENT_RECEIVED');
      await waitFor(() => graph.posts.length === 1 && graph.failures.length === 0, 'the first, failed call');
      await first.close();
      first = undefined;
      expect(graph.accepted).toEqual([]);

      second = await startTestPlatform({ dataDir, env: fastRetries() });
      test = second;
      await waitFor(() => to(user).length === 2, 'both answers after the restart');
      await sleep(50);
      expect(graph.accepted.map((call) => (call.body?.['status'] === 'read' ? 'read' : call.body?.['type']))).toEqual(['read', 'text', 'read', 'interactive']);
      expect(interactiveOf(messagesTo(user)[1]).type).toBe('button');
      expect(await second.platform.store.outbox.recipients('whatsapp')).toEqual([]);
      expect(await userEvents(await second.platform.defaultAssistant(), user)).toHaveLength(2);
    } finally {
      test = previous;
      await first?.close();
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('whatsapp channel: pending inbound messages', () => {
  it('answers a message a crashed process acknowledged but did not record (replayed), once', async () => {
    const user = '5511955550123';
    const id = wamid();
    const now = Date.now() / 1000;
    // As a process killed during a slow turn leaves it: acknowledged to Meta, claimed by it, the claim ended.
    await test.platform.store.inbound.add(
      [{ assistantId: demo.id, channel: 'whatsapp', sender: user, turn: { sender: user, text: 'oi', messageId: id, metadata: {}, phoneNumberId: DEMO_NUMBER, receivedAt: now } }],
      'crashed-host:1:0000',
      now - 1,
    );
    await waitFor(() => messagesTo(user).some((call) => call['type'] === 'text'), 'the replayed answer');
    expect(reads().some((call) => call.body?.['message_id'] === id)).toBe(true);
    expect(await userEvents(demo, user)).toHaveLength(1);
    expect(await test.platform.store.inbound.backlog()).toEqual([]);
  });
});
