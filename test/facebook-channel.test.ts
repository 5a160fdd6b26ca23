// The Facebook Messenger channel driven as Meta drives it (reference/messenger.md): the handshake,
// signed and batched webhook POSTs, redeliveries, echoes and receipts, against a fake Graph API on
// 127.0.0.1 that captures every Send API call and can answer with injected errors (Meta's codes,
// 5xx); retries, the needs-a-new-token flag and a restart between the 200 and the send.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localDate } from '../src/analytics/local-days.js';
import { emptyContent, type AssistantContent } from '../src/assistant/content.js';
import { facebookVerifyToken, FACEBOOK_APP_SECRET, rotateFacebookVerifyToken, setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { signMetaBody as signBody } from '../src/channels/core/meta-signature.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const APP_SECRET = 'app-secret-0123456789abcdef';
const PAGE_TOKEN = 'EAAGpagetoken-SECRET-4f9d2c1b7a';
const PAGE_ID = '1000001';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

interface Captured {
  path: string;
  authorization: string | undefined;
  body: { recipient: { id: string }; messaging_type?: string; tag?: string; sender_action?: string; message?: Record<string, unknown> };
}

let test: TestPlatform;
let assistant: AssistantRecord;
let graph: Server;
let sends: Captured[] = [];
/** Answers the fake Graph API gives before it accepts again, one per call (any recipient). */
let failures: Array<{ status: number; error?: Record<string, unknown>; /** Only for calls that carry a message (not typing). */ messagesOnly?: boolean }> = [];
/** Every call the fake Graph API received, failed ones included. */
let calls: Captured['body'][] = [];
const logLines: string[] = [];
const responses: string[] = [];
let midCounter = 0;

const longText = Array.from({ length: 60 }, (_, index) => `Esta é a frase número ${index + 1} de uma resposta bem longa, com acentuação.`).join(' ');
const titles = (count: number): Array<{ title: string; payload: string }> =>
  Array.from({ length: count }, (_, index) => ({ title: index === 0 ? 'Uma opção com um título bem comprido' : `Opção ${index + 1}`, payload: `opcao_${index + 1}` }));

const content: AssistantContent = {
  ...emptyContent(),
  intents: [
    { name: 'cumprimentar', phrases: ['oi', 'olá', 'bom dia', 'boa tarde', 'e aí', 'oi tudo bem'].map((text) => ({ text })) },
    { name: 'avaliar', phrases: ['quero avaliar', 'avaliar atendimento', 'pesquisa de satisfação', 'avaliar o chat'].map((text) => ({ text })) },
    { name: 'cinco', phrases: ['cinco opções', 'me dá cinco', 'mostrar cinco', 'quero cinco'].map((text) => ({ text })) },
    { name: 'quinze', phrases: ['quinze opções', 'me dá quinze', 'mostrar quinze', 'quero quinze'].map((text) => ({ text })) },
    { name: 'longo', phrases: ['texto longo', 'resposta longa', 'explica tudo', 'conta tudo'].map((text) => ({ text })) },
  ],
  skills: [
    { name: 'ola', fallback: false, kind: 'text', texts: ['Olá!'] },
    { name: 'pedir_avaliacao', fallback: false, kind: 'buttons', texts: ['Você poderia avaliar o meu atendimento?'], buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Não', payload: 'não' }] },
    { name: 'cinco', fallback: false, kind: 'buttons', texts: ['Escolha uma:'], buttons: titles(5) },
    { name: 'quinze', fallback: false, kind: 'buttons', texts: ['Escolha uma das quinze:'], buttons: titles(15) },
    { name: 'longo', fallback: false, kind: 'text', texts: [longText] },
    { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi. Digite menu.'] },
  ],
  dialogues: [
    { name: 'ola', intents: ['cumprimentar'], skill: 'ola' },
    { name: 'avaliar', intents: ['avaliar'], skill: 'pedir_avaliacao' },
    { name: 'cinco', intents: ['cinco'], skill: 'cinco' },
    { name: 'quinze', intents: ['quinze'], skill: 'quinze' },
    { name: 'longo', intents: ['longo'], skill: 'longo' },
  ],
};

/** Meta's serialisation: non-ASCII escaped as \u00e9, lowercase hex. */
function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const mid = (): string => `m_${++midCounter}_${Date.now().toString(36)}`;
const textEvent = (sender: string, text: string, id = mid()) => ({ sender: { id: sender }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: id, text } });
const postbackEvent = (sender: string, payload: string, id = mid()) => ({ sender: { id: sender }, recipient: { id: PAGE_ID }, timestamp: Date.now(), postback: { mid: id, title: payload, payload } });
const page = (...entries: unknown[][]) => ({ object: 'page', entry: entries.map((messaging) => ({ id: PAGE_ID, time: Date.now(), messaging })) });

async function post(body: unknown, signing: 'sha256' | 'sha1' | 'none' | 'forged' = 'sha256') {
  const raw = typeof body === 'string' ? body : metaJson(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signing === 'sha256') headers['x-hub-signature-256'] = signBody(APP_SECRET, raw);
  if (signing === 'sha1') headers['x-hub-signature'] = signBody(APP_SECRET, raw, 'sha1');
  if (signing === 'forged') headers['x-hub-signature-256'] = signBody('not-the-app-secret', raw);
  const response = await test.app.inject({ method: 'POST', url: '/webhooks/facebook/webhook', headers, payload: raw });
  responses.push(response.body);
  return response;
}

const graphUrl = () => `http://127.0.0.1:${(graph.address() as AddressInfo).port}/`;
/** Retries in milliseconds, so the tests wait for the sends, never for the clock. */
const fastRetries = () => ({ HELPER_GRAPH_API_URL: graphUrl(), HELPER_FACEBOOK_RETRY_DELAY_MS: '5', HELPER_FACEBOOK_RETRY_MAX_DELAY_MS: '20', HELPER_FACEBOOK_SEND_ATTEMPTS: '4' , HELPER_CHANNEL_THROTTLE_DELAY_MS: '20', HELPER_CHANNEL_THROTTLE_MAX_DELAY_MS: '80' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; sends: ${JSON.stringify(sends.map((send) => send.body))}`);
    await sleep(10);
  }
}
const to = (recipient: string) => sends.filter((send) => send.body.recipient.id === recipient);
const answered = (recipient: string) => to(recipient).filter((send) => send.body.sender_action === 'typing_off').length;
const messagesTo = (recipient: string) => to(recipient).flatMap((send) => (send.body.message ? [send.body.message] : []));
async function userEvents(sender: string) {
  return (await test.platform.store.conversations.events(assistant.id, sender)).filter((entry) => entry.event.event === 'user');
}

beforeAll(async () => {
  graph = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const parsed = JSON.parse(body) as Captured['body'];
      calls.push(parsed);
      const index = failures.findIndex((candidate) => !candidate.messagesOnly || parsed.message !== undefined);
      const failure = index === -1 ? undefined : failures.splice(index, 1)[0];
      if (failure) {
        response.writeHead(failure.status, { 'content-type': 'application/json' }).end(failure.error ? JSON.stringify({ error: failure.error }) : '');
        return;
      }
      sends.push({ path: request.url ?? '', authorization: request.headers.authorization, body: parsed });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ recipient_id: parsed.recipient.id, message_id: `m_out_${sends.length}` }));
    });
  });
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
  test = await startTestPlatform({
    demo: false,
    logLines,
    env: { ...fastRetries(), HELPER_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  assistant = await test.platform.defaultAssistant();
  await test.platform.store.content.save(assistant.id, content, 'replace');
  await test.platform.trainer.train(assistant);
  await setFacebookSecrets(test.platform, assistant, { appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
});
beforeEach(() => {
  sends = [];
  calls = [];
  failures = [];
});
afterAll(async () => {
  await test?.close();
  await new Promise((resolve) => graph?.close(resolve));
});

describe('facebook channel: verification handshake', () => {
  it('answers the raw challenge for subscribe with the right token, 403 otherwise, and follows a rotation', async () => {
    const get = (query: string) => test.app.inject({ method: 'GET', url: `/webhooks/facebook/webhook?${query}` });
    // No verify token until an administrator creates one: every handshake is refused.
    expect(await facebookVerifyToken(test.platform, assistant)).toBeUndefined();
    expect((await get('hub.mode=subscribe&hub.verify_token=&hub.challenge=1')).statusCode).toBe(403);
    expect((await get('hub.mode=subscribe&hub.verify_token=undefined&hub.challenge=1')).statusCode).toBe(403);
    const token = await rotateFacebookVerifyToken(test.platform, assistant);
    expect(await facebookVerifyToken(test.platform, assistant)).toBe(token);
    const ok = await get(`hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect((await get(`hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).statusCode).toBe(403);
    expect((await get(`hub.mode=unsubscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1`)).statusCode).toBe(403);
    expect((await get(`hub.challenge=1`)).statusCode).toBe(403);
    const rotated = await rotateFacebookVerifyToken(test.platform, assistant);
    expect(rotated).not.toBe(token);
    expect((await get(`hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=2`)).statusCode).toBe(403);
    expect((await get(`hub.mode=subscribe&hub.verify_token=${encodeURIComponent(rotated)}&hub.challenge=2`)).body).toBe('2');
  });
});

describe('facebook channel: inbound', () => {
  it('handles every event of a batched POST (2 entries × 2 events) and answers each, in order per user', async () => {
    const response = await post(page([textEvent('u-a', 'oi'), textEvent('u-b', 'olá')], [postbackEvent('u-a', '/avaliar'), textEvent('u-c', 'bom dia')]));
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('EVENT_RECEIVED');
    // Recorded before the 200.
    expect((await userEvents('u-a')).map((entry) => entry.event['text'])).toEqual(['oi', '/avaliar']);
    expect(await userEvents('u-b')).toHaveLength(1);
    expect(await userEvents('u-c')).toHaveLength(1);
    expect((await userEvents('u-a'))[0]?.event).toMatchObject({ input_channel: 'facebook', message_id: expect.stringMatching(/^m_/) });
    await waitFor(() => answered('u-a') === 2 && answered('u-b') === 1 && answered('u-c') === 1, 'four answers');
    // u-a: typing_on, "Olá!", typing_off, then typing_on, the template, typing_off.
    expect(to('u-a').map((send) => send.body.sender_action ?? 'message')).toEqual(['typing_on', 'message', 'typing_off', 'typing_on', 'message', 'typing_off']);
    for (const send of sends) {
      // As Meta documents the Send API: the Page access token as `access_token` in the query.
      expect(send.path).toBe(`/v21.0/me/messages?access_token=${PAGE_TOKEN}`);
      expect(send.authorization).toBeUndefined();
      if (send.body.message) expect(send.body.messaging_type).toBe('RESPONSE');
    }
  });

  it('verifies a body with escaped non-ASCII (\\u00e9) as signed, and accepts the SHA-1 header as a fallback', async () => {
    const raw = metaJson(page([textEvent('u-accent', 'olá, é você?')]));
    expect(raw).toContain('\\u00e9');
    expect((await post(raw)).statusCode).toBe(200);
    expect((await userEvents('u-accent'))[0]?.event['text']).toBe('olá, é você?');
    expect((await post(page([textEvent('u-sha1', 'oi')]), 'sha1')).statusCode).toBe(200);
    await waitFor(() => answered('u-accent') === 1 && answered('u-sha1') === 1, 'two answers');
  });

  it('refuses the SHA-1 header alone when HELPER_FACEBOOK_ACCEPT_SHA1=false', async () => {
    const strict = await startTestPlatform({ demo: false, env: { HELPER_FACEBOOK_ACCEPT_SHA1: 'false' } });
    try {
      await setFacebookSecrets(strict.platform, await strict.platform.defaultAssistant(), { appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
      const raw = metaJson(page([textEvent('u-strict', 'oi')]));
      const sha1Only = await strict.app.inject({ method: 'POST', url: '/webhooks/facebook/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature': signBody(APP_SECRET, raw, 'sha1') }, payload: raw });
      expect(sha1Only.statusCode).toBe(403);
      const sha256 = await strict.app.inject({ method: 'POST', url: '/webhooks/facebook/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(APP_SECRET, raw) }, payload: raw });
      expect(sha256.statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('refuses a forged, missing or unconfigured signature with 403, storing and sending nothing', async () => {
    expect((await post(page([textEvent('u-forged', 'oi')]), 'forged')).statusCode).toBe(403);
    expect((await post(page([textEvent('u-forged', 'oi')]), 'none')).statusCode).toBe(403);
    const raw = metaJson(page([textEvent('u-forged', 'oi')]));
    const tampered = await test.app.inject({
      method: 'POST',
      url: '/webhooks/facebook/webhook',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(APP_SECRET, raw) },
      payload: raw.replace('oi', 'io'),
    });
    expect(tampered.statusCode).toBe(403);
    await test.platform.store.secrets.delete(assistant.id, FACEBOOK_APP_SECRET);
    try {
      expect((await post(page([textEvent('u-forged', 'oi')]))).statusCode).toBe(403);
    } finally {
      await setFacebookSecrets(test.platform, assistant, { appSecret: APP_SECRET });
    }
    await sleep(150);
    expect(await userEvents('u-forged')).toEqual([]);
    expect(to('u-forged')).toEqual([]);
  });

  it('acknowledges a signed notification for another object (200, nothing handled); unsigned stays 403', async () => {
    const other = { object: 'instagram', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [textEvent('u-other', 'oi')] }] };
    for (const body of [other, { object: 'user', entry: [{ id: '1', changes: [{ field: 'name' }] }] }, { entry: [] }]) {
      const response = await post(body);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('EVENT_RECEIVED');
    }
    expect(logLines.some((line) => line.includes('a signed notification for another object') && line.includes('"object":"instagram"'))).toBe(true);
    expect((await post(other, 'forged')).statusCode).toBe(403);
    expect((await post(other, 'none')).statusCode).toBe(403);
    await sleep(150);
    expect(await userEvents('u-other')).toEqual([]);
    expect(to('u-other')).toEqual([]);
  });

  it('answers a redelivered mid once, whether it comes again later or at the same time', async () => {
    const body = page([textEvent('u-dup', 'oi')]);
    expect((await post(body)).statusCode).toBe(200);
    await waitFor(() => answered('u-dup') === 1, 'the first answer');
    expect((await post(body)).body).toBe('EVENT_RECEIVED');
    const twin = page([textEvent('u-dup2', 'oi')]);
    const both = await Promise.all([post(twin), post(twin)]);
    expect(both.map((response) => response.statusCode)).toEqual([200, 200]);
    // A later message of each user is answered after anything the duplicates would have caused.
    await post(page([textEvent('u-dup', 'bom dia'), textEvent('u-dup2', 'bom dia')]));
    await waitFor(() => answered('u-dup') === 2 && answered('u-dup2') === 2, 'the later answers');
    await sleep(100);
    expect(answered('u-dup')).toBe(2);
    expect(answered('u-dup2')).toBe(2);
    expect(await userEvents('u-dup')).toHaveLength(2);
    expect(await userEvents('u-dup2')).toHaveLength(2);
  });

  it('never answers echoes, deliveries or reads; records standby messages without answering', async () => {
    const echo = { sender: { id: PAGE_ID }, recipient: { id: 'u-quiet' }, timestamp: Date.now(), message: { is_echo: true, app_id: 42, mid: mid(), text: 'Olá!' } };
    const imageEcho = { ...echo, message: { is_echo: true, mid: mid(), attachments: [{ type: 'image', payload: { url: 'https://example.com/a.png' } }] } };
    const delivery = { sender: { id: 'u-quiet' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), delivery: { mids: ['m_x'], watermark: Date.now() } };
    const read = { sender: { id: 'u-quiet' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), read: { watermark: Date.now() } };
    const standby = { object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), standby: [textEvent('u-standby', 'oi')] }] };
    expect((await post(page([echo, imageEcho, delivery, read]))).statusCode).toBe(200);
    expect((await post(standby)).statusCode).toBe(200);
    expect(await userEvents('u-standby')).toHaveLength(1);
    await post(page([textEvent('u-quiet', 'oi')]));
    await waitFor(() => answered('u-quiet') === 1, 'the marker answer');
    await sleep(100);
    expect(messagesTo('u-quiet')).toEqual([{ text: 'Olá!' }]);
    expect(to(PAGE_ID)).toEqual([]);
    expect(to('u-standby')).toEqual([]);
    expect(await userEvents(PAGE_ID)).toEqual([]);
    expect(await userEvents('u-quiet')).toHaveLength(1);
  });

  it('maps quick-reply payloads, postbacks and text to the turn; attachments stay in the metadata, never in the text', async () => {
    const photo = { type: 'image', payload: { url: 'https://cdn.example/p.jpg' } };
    const quick = { ...textEvent('u-map', 'Sim'), message: { mid: mid(), text: 'Sim', quick_reply: { payload: '/avaliar' } } };
    const captioned = { ...textEvent('u-map', ''), message: { mid: mid(), text: 'oi', attachments: [photo] } };
    const quickWithPhoto = { ...textEvent('u-map', ''), message: { mid: mid(), text: 'Sim', quick_reply: { payload: '/avaliar' }, attachments: [photo] } };
    await post(page([quick, postbackEvent('u-map', 'sim'), captioned, quickWithPhoto]));
    const events = await userEvents('u-map');
    expect(events.map((entry) => entry.event['text'])).toEqual(['/avaliar', 'sim', 'oi', '/avaliar']);
    expect(events[0]?.event['metadata']).toMatchObject({ facebook: { page_id: PAGE_ID, quick_reply_title: 'Sim' } });
    expect(events[2]?.event).toMatchObject({ parse_data: { intent: { name: 'cumprimentar' } }, metadata: { facebook: { attachments: [{ type: 'image', url: 'https://cdn.example/p.jpg' }] } } });
    await waitFor(() => answered('u-map') === 4, 'four answers');
    expect(messagesTo('u-map')[2]).toEqual({ text: 'Olá!' });
  });

  it('records a photo or a sticker without text as unreadable, never classified, and answers it politely (configurable)', async () => {
    const like = { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/851557_369239266556155_759568595_n.png', sticker_id: 369239263222822 } };
    const photo = { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/photo.jpg' } };
    const attachmentOnly = (sender: string, attachment: unknown) => ({ ...textEvent(sender, ''), message: { mid: mid(), attachments: [attachment] } });
    await post(page([attachmentOnly('u-sticker', like), attachmentOnly('u-sticker', photo)]));
    await waitFor(() => answered('u-sticker') === 2, 'two answers');
    expect(messagesTo('u-sticker')).toEqual([{ text: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.' }, { text: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.' }]);
    const events = await userEvents('u-sticker');
    expect(events.map((entry) => entry.event['text'])).toEqual(['[sticker]', '[image]']);
    expect(events[0]?.event).toMatchObject({
      parse_data: { intent: { name: 'nlu_fallback', confidence: 0 } },
      metadata: { facebook: { attachments: [{ type: 'image', url: like.payload.url, sticker_id: 369239263222822 }] } },
    });
    const admin = (payload: Record<string, unknown>) =>
      test.app.inject({ method: 'PUT', url: '/api/admin/servers/demo/assistants/pt/integrations/facebook', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload });
    const set = await admin({ unsupportedReply: 'Só leio texto!' });
    expect(set.json()).toMatchObject({ unsupportedReply: 'Só leio texto!', unsupportedReplyIsDefault: false });
    await post(page([attachmentOnly('u-sticker', photo)]));
    await waitFor(() => answered('u-sticker') === 3, 'the set answer');
    expect(messagesTo('u-sticker')[2]).toEqual({ text: 'Só leio texto!' });
    expect((await admin({ unsupportedReply: '' })).json()).toMatchObject({ unsupportedReply: '', unsupportedReplyIsDefault: false });
    expect((await post(page([attachmentOnly('u-sticker', photo)]))).statusCode).toBe(200);
    expect(await userEvents('u-sticker')).toHaveLength(4);
    await sleep(150);
    expect(answered('u-sticker')).toBe(3);
    expect((await admin({ unsupportedReply: null })).json()).toMatchObject({ unsupportedReply: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.', unsupportedReplyIsDefault: true });
  });
});

describe("facebook channel: the Page's Get Started button opens the conversation", () => {
  const admin = (method: 'PUT' | 'PATCH' | 'GET', path: string, payload?: Record<string, unknown>) =>
    test.app.inject({ method, url: `/api/admin/servers/demo/assistants/pt${path}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload }) });
  const intentOf = (entry: { event: Record<string, unknown> } | undefined) => (entry?.event['parse_data'] as { intent?: { name?: string } } | undefined)?.intent?.name;

  it('answers GET_STARTED as the assistant answers a greeting, recording the payload', async () => {
    await post(page([postbackEvent('u-start', 'GET_STARTED')]));
    await waitFor(() => answered('u-start') === 1, 'the answer');
    expect(messagesTo('u-start')).toEqual([{ text: 'Olá!' }]);
    const [event] = await userEvents('u-start');
    expect(event?.event).toMatchObject({ text: 'GET_STARTED', parse_data: { intent: { name: 'cumprimentar' } }, metadata: { understood_as: 'oi', facebook: { postback_title: 'GET_STARTED' } } });
    // Another postback, or the payload typed as text, is what it always was: text for the NLU.
    await post(page([postbackEvent('u-start', 'OUTRO_BOTAO'), textEvent('u-start', 'GET_STARTED')]));
    await waitFor(() => answered('u-start') === 3, 'the answers');
    expect(messagesTo('u-start').slice(1)).toEqual([{ text: 'Não entendi. Digite menu.' }, { text: 'Não entendi. Digite menu.' }]);
  });

  it("opens with /get_started too, and a ref of the m.me link the user came by names the intent", async () => {
    await post(page([postbackEvent('u-slash', '/get_started')]));
    await waitFor(() => answered('u-slash') === 1, 'the answer');
    expect(messagesTo('u-slash')).toEqual([{ text: 'Olá!' }]);
    const withRef = { ...postbackEvent('u-ref', 'GET_STARTED'), postback: { mid: mid(), title: 'Começar', payload: 'GET_STARTED', referral: { ref: 'avaliar', source: 'SHORTLINK', type: 'OPEN_THREAD' } } };
    await post(page([withRef]));
    await waitFor(() => answered('u-ref') === 1, 'the question');
    const [event] = await userEvents('u-ref');
    expect(intentOf(event)).toBe('avaliar');
    expect(event?.event['metadata']).toMatchObject({ facebook: { referral: { ref: 'avaliar', source: 'SHORTLINK', type: 'OPEN_THREAD' } } });
  });

  it("answers it with the assistant's greeting when set, as the bot's answer and not a fallback", async () => {
    expect((await admin('PATCH', '/settings', { greeting: 'Bem-vindo à nossa Página!' })).statusCode).toBe(200);
    try {
      await post(page([postbackEvent('u-greet', 'GET_STARTED')]));
      await waitFor(() => answered('u-greet') === 1, 'the greeting');
      expect(messagesTo('u-greet')).toEqual([{ text: 'Bem-vindo à nossa Página!' }]);
      const events = (await test.platform.store.conversations.events(assistant.id, 'u-greet')).map((entry) => entry.event);
      expect(events.slice(-3)).toMatchObject([
        { event: 'user', text: 'GET_STARTED', parse_data: { intent: { name: 'start', confidence: 1 } } },
        { event: 'bot', text: 'Bem-vindo à nossa Página!', metadata: { channel_answer: 'facebook' } },
        { event: 'action', name: 'action_listen' },
      ]);
      await test.platform.analytics.projector.catchUp();
      const days = `from=${localDate(Date.now() / 1000 - 86_400, 'America/Sao_Paulo')}&to=${localDate(Date.now() / 1000, 'America/Sao_Paulo')}`;
      expect((await admin('GET', `/analytics/conversations?${days}&sender=u-greet`)).json()).toMatchObject({ items: [{ channel: 'facebook', userMessages: 1, fallbacks: 0 }] });
    } finally {
      await admin('PATCH', '/settings', { greeting: '' });
    }
  });

  it('takes the payload the assistant sets (admin API), which may name an intent', async () => {
    const set = await admin('PUT', '/integrations/facebook', { getStartedPayload: ' avaliar ' });
    expect(set.json()).toMatchObject({ appSecret: 'set', getStartedPayload: 'avaliar', getStartedPayloadIsDefault: false });
    expect((await admin('GET', '/integrations')).json()).toMatchObject({ facebookMessenger: { getStartedPayload: 'avaliar', getStartedPayloadIsDefault: false } });
    const slash = await admin('PUT', '/integrations/facebook', { getStartedPayload: '/avaliar' });
    expect([slash.statusCode, slash.json()]).toMatchObject([400, { error: { code: 'invalid', field: 'getStartedPayload', problems: [{ code: 'intent_payload_not_allowed' }] } }]);
    try {
      await post(page([postbackEvent('u-payload', 'avaliar')]));
      await waitFor(() => answered('u-payload') === 1, 'the question');
      expect(messagesTo('u-payload')[0]).toMatchObject({ attachment: { payload: { text: 'Você poderia avaliar o meu atendimento?' } } });
      expect(intentOf((await userEvents('u-payload'))[0])).toBe('avaliar');
      await admin('PUT', '/integrations/facebook', { getStartedPayload: 'COMECAR' });
      await post(page([postbackEvent('u-payload-2', 'COMECAR')]));
      await waitFor(() => answered('u-payload-2') === 1, 'the answer');
      expect(messagesTo('u-payload-2')).toEqual([{ text: 'Olá!' }]);
    } finally {
      expect((await admin('PUT', '/integrations/facebook', { getStartedPayload: '' })).json()).toMatchObject({ getStartedPayload: 'GET_STARTED', getStartedPayloadIsDefault: true });
    }
  });
});

describe('facebook channel: the conversations API', () => {
  it('sends a payload over 1000 characters as a short id that comes back as the payload, and gives an untitled button a title', async () => {
    await post(page([textEvent('u-long', 'oi')]));
    await waitFor(() => answered('u-long') === 1, 'the first answer');
    const token = await test.platform.apiAccess.rotate(assistant);
    const long = `/escolher{"nota": "${'x'.repeat(1500)}"}`;
    const bot = { event: 'bot', text: 'Escolha', data: { buttons: [{ title: 'Longo', payload: long }, { title: '', payload: 'curto' }] } };
    const before = messagesTo('u-long').length;
    const response = await test.app.inject({
      method: 'POST',
      url: `/conversations/u-long/tracker/events?execute_side_effects=true&output_channel=facebook&token=${encodeURIComponent(token)}`,
      payload: bot,
    });
    expect(response.statusCode).toBe(200);
    await waitFor(() => messagesTo('u-long').length === before + 1, 'the buttons');
    const template = messagesTo('u-long').at(-1) as { attachment: { payload: { buttons: Array<{ title: string; payload: string }> } } };
    const [first, second] = template.attachment.payload.buttons;
    expect(first?.payload.length).toBeLessThanOrEqual(1000);
    expect(first?.payload).not.toBe(long);
    expect(second).toEqual({ type: 'postback', title: 'curto', payload: 'curto' });
    await post(page([postbackEvent('u-long', first?.payload ?? '')]));
    await expect.poll(async () => (await userEvents('u-long')).length).toBe(2);
    expect((await userEvents('u-long'))[1]?.event.text).toBe(long);
  });

  it("sends a posted bot event's link button as a web_url button and its rasa-webchat image (payload.src) with payload.url", async () => {
    await post(page([textEvent('u-link', 'oi')]));
    await waitFor(() => answered('u-link') === 1, 'the first answer');
    const token = await test.platform.apiAccess.rotate(assistant);
    const bot = {
      event: 'bot',
      text: 'Acompanhe pelo portal',
      data: {
        buttons: [{ title: 'Portal', type: 'web_url', url: 'https://portal.example.com/chamados' }, { title: 'Sim', payload: 'sim' }],
        attachment: { type: 'image', payload: { src: 'https://example.com/grafico.png' } },
      },
    };
    const before = messagesTo('u-link').length;
    const response = await test.app.inject({
      method: 'POST',
      url: `/conversations/u-link/tracker/events?execute_side_effects=true&output_channel=facebook&token=${encodeURIComponent(token)}`,
      payload: bot,
    });
    expect(response.statusCode).toBe(200);
    await waitFor(() => messagesTo('u-link').length === before + 2, 'the template and the image');
    expect(messagesTo('u-link').slice(before)).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Acompanhe pelo portal',
            buttons: [
              { type: 'web_url', title: 'Portal', url: 'https://portal.example.com/chamados' },
              { type: 'postback', title: 'Sim', payload: 'sim' },
            ],
          },
        },
      },
      { attachment: { type: 'image', payload: { url: 'https://example.com/grafico.png' } } },
    ]);
  });

  it('sends what trigger_intent answers to the user on Messenger with output_channel=latest (or facebook)', async () => {
    await post(page([textEvent('u-api', 'oi')]));
    await waitFor(() => answered('u-api') === 1, 'the first answer');
    const token = await test.platform.apiAccess.rotate(assistant);
    for (const outputChannel of ['latest', 'facebook']) {
      const before = messagesTo('u-api').length;
      const response = await test.app.inject({ method: 'POST', url: `/conversations/u-api/trigger_intent?output_channel=${outputChannel}&token=${encodeURIComponent(token)}`, payload: { name: 'avaliar' } });
      expect(response.statusCode).toBe(200);
      await waitFor(() => messagesTo('u-api').length === before + 1, `the answer through ${outputChannel}`);
      expect(JSON.stringify(messagesTo('u-api').at(-1))).toContain('Você poderia avaliar o meu atendimento?');
      // Sent by the platform on its own, not in answer to a message: Meta's UPDATE.
      expect(to('u-api').filter((send) => send.body.message).at(-1)?.body.messaging_type).toBe('UPDATE');
    }
    // Collected only (the answer in the response, nothing sent) for any other channel name.
    const before = messagesTo('u-api').length;
    const collected = await test.app.inject({ method: 'POST', url: `/conversations/u-api/trigger_intent?output_channel=collector&token=${encodeURIComponent(token)}`, payload: { name: 'avaliar' } });
    expect((collected.json() as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messagesTo('u-api').length).toBe(before);
  });

  it("sends nothing proactive outside Messenger's 24 hours (Meta refuses UPDATE there): no call, the send recorded as refused, outside_window", async () => {
    const HOUR = 60 * 60;
    const token = await test.platform.apiAccess.rotate(assistant);
    const wrote = { 'u-upd-fresh': 23 * HOUR, 'u-upd-day': 25 * HOUR, 'u-upd-week': 8 * 24 * HOUR };
    for (const [user, ago] of Object.entries(wrote)) {
      await test.platform.store.channels.touchContact(assistant.id, 'facebook', user, Date.now() / 1000 - ago);
      const response = await test.app.inject({ method: 'POST', url: `/conversations/${user}/trigger_intent?output_channel=facebook&token=${encodeURIComponent(token)}`, payload: { name: 'avaliar' } });
      // The turn is recorded and its answer taken by the channel; the refusal is the sender's.
      expect(response.statusCode).toBe(200);
    }
    // Within 24 hours: UPDATE, as before.
    await waitFor(() => answered('u-upd-fresh') === 1, 'the answer within 24 hours');
    expect(to('u-upd-fresh').filter((send) => send.body.message).map((send) => send.body.messaging_type)).toEqual(['UPDATE']);
    const refused = async (user: string) => (await test.platform.store.channels.deliveries(assistant.id, 'facebook', { recipient: user })).map((entry) => ({ status: entry.status, detail: entry.detail }));
    for (const user of ['u-upd-day', 'u-upd-week']) {
      await expect.poll(() => refused(user), { timeout: 5_000 }).toEqual([{ status: 'refused', detail: { reason: 'outside_window' } }]);
      expect(await test.platform.store.outbox.pending('facebook', assistant.id, user)).toEqual([]);
    }
    await sleep(200);
    // Not a call of any kind (no typing indicator either) to the users outside the window.
    expect(calls.filter((call) => call.recipient.id === 'u-upd-day' || call.recipient.id === 'u-upd-week')).toEqual([]);
    expect(await refused('u-upd-fresh')).toEqual([]);
  });
});

describe("facebook channel: an agent's reply (human handoff)", () => {
  const HOUR = 60 * 60;
  const reply = async (sender: string, lastWrote: number | null, text: string) => {
    if (lastWrote !== null) await test.platform.store.channels.touchContact(assistant.id, 'facebook', sender, lastWrote);
    await test.platform.store.handoffs.open({ assistantId: assistant.id, senderId: sender, channel: 'facebook', reason: 'skill', now: Date.now() / 1000 });
    return (await test.platform.handoffs.reply(assistant, sender, text, 'ana')).delivery;
  };
  const sentTo = (sender: string) => to(sender).filter((send) => send.body.message);

  it('answers the user within 24 hours as a RESPONSE (Meta: UPDATE is for what the platform sends on its own)', async () => {
    await post(page([textEvent('u-agent', 'oi')]));
    await waitFor(() => answered('u-agent') === 1, 'the first answer');
    expect(await reply('u-agent', null, 'Oi! Sou a Ana, do suporte.')).toBe('sent');
    await waitFor(() => sentTo('u-agent').length === 2, "the agent's reply");
    expect(sentTo('u-agent').at(-1)?.body).toMatchObject({ messaging_type: 'RESPONSE', message: { text: 'Oi! Sou a Ana, do suporte.' } });
    expect(sentTo('u-agent').at(-1)?.body).not.toHaveProperty('tag');
  });

  it("after 24 hours and within 7 days goes tagged HUMAN_AGENT; after 7 days it is refused and nothing is sent", async () => {
    expect(await reply('u-agent-monday', Date.now() / 1000 - 25 * HOUR, 'Bom dia! Sou a Ana.')).toBe('sent');
    await waitFor(() => sentTo('u-agent-monday').length === 1, "the agent's reply");
    expect(sentTo('u-agent-monday')[0]?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Bom dia! Sou a Ana.' } });
    // Typing indicators are sender actions, which no tag carries: none outside the 24 hours.
    await sleep(200);
    expect(to('u-agent-monday').filter((send) => send.body.sender_action !== undefined)).toEqual([]);

    expect(await reply('u-agent-late', Date.now() / 1000 - 8 * 24 * HOUR, 'Ainda precisa de ajuda?')).toBe('failed');
    await sleep(300);
    expect(to('u-agent-late')).toEqual([]);
    expect(await test.platform.store.outbox.pending('facebook', assistant.id, 'u-agent-late')).toEqual([]);
  });
});

describe('facebook channel: outbound rendering', () => {
  it('sends 2 buttons as a button template with postbacks', async () => {
    await post(page([postbackEvent('u-two', '/avaliar')]));
    await waitFor(() => answered('u-two') === 1, 'the answer');
    expect(messagesTo('u-two')).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Você poderia avaliar o meu atendimento?',
            buttons: [
              { type: 'postback', title: 'Sim', payload: 'sim' },
              { type: 'postback', title: 'Não', payload: 'não' },
            ],
          },
        },
      },
    ]);
  });

  it('sends 5 buttons as quick replies with titles of at most 20 characters', async () => {
    await post(page([postbackEvent('u-five', '/cinco')]));
    await waitFor(() => answered('u-five') === 1, 'the answer');
    const [message] = messagesTo('u-five');
    const quickReplies = message?.['quick_replies'] as Array<{ content_type: string; title: string; payload: string }>;
    expect(message?.['text']).toBe('Escolha uma:');
    expect(quickReplies.map((reply) => reply.payload)).toEqual(['opcao_1', 'opcao_2', 'opcao_3', 'opcao_4', 'opcao_5']);
    expect(quickReplies.every((reply) => reply.content_type === 'text' && Array.from(reply.title).length <= 20)).toBe(true);
    expect(quickReplies[0]?.title).toMatch(/…$/);
  });

  it('sends 15 buttons as the text then button templates of 3, every choice kept and numbered', async () => {
    await post(page([postbackEvent('u-fifteen', '/quinze')]));
    await waitFor(() => answered('u-fifteen') === 1, 'the answer');
    const messages = messagesTo('u-fifteen');
    expect(messages[0]).toEqual({ text: 'Escolha uma das quinze:' });
    const templates = messages.slice(1).map((message) => (message['attachment'] as { payload: { template_type: string; text: string; buttons: Array<{ payload: string }> } }).payload);
    expect(templates).toHaveLength(5);
    expect(templates.every((template) => template.template_type === 'button' && template.buttons.length === 3)).toBe(true);
    expect(templates.flatMap((template) => template.buttons.map((button) => button.payload))).toEqual(titles(15).map((button) => button.payload));
    expect(templates[0]?.text).toContain('1. Uma opção com um título bem comprido');
    expect(templates[4]?.text).toBe('13. Opção 13\n14. Opção 14\n15. Opção 15');
  });

  it('splits a long answer into messages of at most 2000 characters on sentence boundaries', async () => {
    expect(longText.length).toBeGreaterThan(2000);
    await post(page([postbackEvent('u-long', '/longo')]));
    await waitFor(() => answered('u-long') === 1, 'the answer');
    const texts = messagesTo('u-long').map((message) => message['text'] as string);
    expect(texts.length).toBe(Math.ceil(longText.length / 2000));
    expect(texts.every((text) => text.length <= 2000 && text.endsWith('.'))).toBe(true);
    expect(texts.join(' ')).toBe(longText);
  });
});

describe('facebook channel: the Page access token', () => {
  it('never appears in a log line or a response, even when the Send API fails', async () => {
    failures = [{ status: 400, error: { message: `Invalid OAuth access token - ${PAGE_TOKEN}`, type: 'OAuthException', code: 190, fbtrace_id: 'x' } }];
    await post(page([textEvent('u-fail', 'oi')]));
    await waitFor(() => logLines.some((line) => line.includes('sending the answer failed')), 'the failure log');
    // The rest of the answer is still being sent: let it finish, or its calls would take the next
    // test's failures from the fake Graph API.
    await waitFor(() => answered('u-fail') === 1, 'the rest of the answer');
    expect(logLines.some((line) => line.includes('"code":190'))).toBe(true);
    for (const line of [...logLines, ...responses]) {
      expect(line).not.toContain(PAGE_TOKEN);
      expect(line).not.toContain(APP_SECRET);
    }
  });
});

describe('facebook channel: failures, retries and the durable outbox', () => {
  const kinds = (recipient: string) => to(recipient).map((send) => send.body.sender_action ?? (send.body.message?.['text'] as string));
  const messageCalls = (recipient: string) => calls.filter((call) => call.recipient.id === recipient && call.message !== undefined).length;
  const meta = (code: number, subcode?: number) => ({ message: `(#${code}) from the fake`, type: 'OAuthException', code, ...(subcode === undefined ? {} : { error_subcode: subcode }), fbtrace_id: 'x' });
  const integrations = async () =>
    (await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/integrations', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as {
      facebookMessenger: { pageAccessToken: string; needsNewToken: boolean };
    };

  it('retries temporary errors and rate limits (613, 1200, 5xx) and delivers once, in order', async () => {
    failures = [
      { status: 400, error: meta(613), messagesOnly: true },
      { status: 500, error: meta(1200), messagesOnly: true },
      { status: 503, messagesOnly: true },
    ];
    await post(page([textEvent('u-retry', 'oi'), textEvent('u-retry', 'bom dia')]));
    await waitFor(() => answered('u-retry') === 2, 'both answers');
    await sleep(50);
    expect(kinds('u-retry')).toEqual(['typing_on', 'Olá!', 'typing_off', 'typing_on', 'Olá!', 'typing_off']);
    expect(messageCalls('u-retry')).toBe(2 + 3);
    expect(failures).toEqual([]);
    expect(logLines.filter((line) => line.includes('retrying')).length).toBeGreaterThanOrEqual(2);
    expect(logLines.filter((line) => line.includes("facebook: the platform's rate limit; this assistant's sends are paused")).length).toBeGreaterThanOrEqual(1);
    expect(await test.platform.store.outbox.recipients('facebook')).toEqual([]);
  });

  it('waits out rate limits (4, 17, 32, 613) however many, never counting them as attempts: the answer is not lost', async () => {
    const before = logLines.length;
    calls = [];
    failures = [4, 17, 32, 613, 4, 613].map((code) => ({ status: 400, error: meta(code), messagesOnly: true }));
    await post(page([textEvent('u-throttled', 'oi')]));
    await waitFor(() => answered('u-throttled') === 1, 'the answer');
    expect(failures).toEqual([]);
    // Six rate limits and the call that went, past the 4 attempts (HELPER_FACEBOOK_SEND_ATTEMPTS).
    expect(messageCalls('u-throttled')).toBe(7);
    expect(messagesTo('u-throttled')).toEqual([{ text: 'Olá!' }]);
    expect(logLines.slice(before).filter((line) => line.includes('sending the answer failed'))).toEqual([]);
  });

  it('never retries permanent errors (100, 10/2018278), and gives up after the bounded attempts', async () => {
    const before = logLines.length;
    failures = [{ status: 400, error: meta(100), messagesOnly: true }];
    await post(page([textEvent('u-perm', 'oi')]));
    await waitFor(() => answered('u-perm') === 1, 'the typing_off after the refused message');
    expect(messageCalls('u-perm')).toBe(1);
    expect(kinds('u-perm')).toEqual(['typing_on', 'typing_off']);
    for (const [code, subcode] of [[10, 2018278]] as const) {
      calls = [];
      failures = [{ status: 400, error: meta(code, subcode), messagesOnly: true }];
      await post(page([textEvent(`u-perm-${code}`, 'oi')]));
      await waitFor(() => answered(`u-perm-${code}`) === 1, `the answer after ${code}`);
      expect(messageCalls(`u-perm-${code}`)).toBe(1);
    }
    // Always temporary: 4 attempts (HELPER_FACEBOOK_SEND_ATTEMPTS), then a log line and the next item.
    calls = [];
    failures = Array.from({ length: 6 }, () => ({ status: 500, error: meta(1200), messagesOnly: true }));
    await post(page([textEvent('u-giveup', 'oi')]));
    await waitFor(() => answered('u-giveup') === 1, 'the typing_off after giving up');
    expect(messageCalls('u-giveup')).toBe(4);
    expect(failures).toHaveLength(2);
    const failed = logLines.slice(before).filter((line) => line.includes('sending the answer failed'));
    expect(failed.map((line) => (JSON.parse(line) as { code: number }).code)).toEqual([100, 10, 1200]);
    expect(failed.map((line) => (JSON.parse(line) as { retried: boolean }).retried)).toEqual([false, false, true]);
    expect(failed.every((line) => !line.includes(PAGE_TOKEN))).toBe(true);
    // The fake sees typing_off a moment before the sender deletes its outbox row.
    await expect.poll(() => test.platform.store.outbox.recipients('facebook')).toEqual([]);
  });

  it('marks a user Meta says is unavailable (551) unreachable: not retried, the rest dropped, until the user writes again', async () => {
    const user = 'u-gone';
    failures = [{ status: 400, error: meta(551, 1545041), messagesOnly: true }];
    await post(page([textEvent(user, 'oi')]));
    await expect.poll(() => test.platform.store.outbox.recipients('facebook'), { timeout: 10_000 }).toEqual([]);
    // The message was tried once; the typing_off pending after it was dropped without a call.
    expect(kinds(user)).toEqual(['typing_on']);
    expect(messageCalls(user)).toBe(1);
    const deliveries = await test.platform.store.channels.deliveries(assistant.id, 'facebook', { recipient: user });
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['blocked']);
    expect((await test.platform.store.channels.contact(assistant.id, 'facebook', user))?.unreachableSince).toEqual(expect.any(Number));
    // The user writes again: reachable, answered in full.
    await post(page([textEvent(user, 'oi')]));
    await waitFor(() => answered(user) === 1, 'the answer once the user wrote again');
    expect(kinds(user)).toEqual(['typing_on', 'typing_on', 'Olá!', 'typing_off']);
    expect((await test.platform.store.channels.contact(assistant.id, 'facebook', user))?.unreachableSince).toBeNull();
  });

  it('flags the integration as needing a new token on 190, without retrying, until a new token is set', async () => {
    await setFacebookSecrets(test.platform, assistant, { pageAccessToken: PAGE_TOKEN });
    expect((await integrations()).facebookMessenger).toMatchObject({ pageAccessToken: 'set', needsNewToken: false });
    failures = [{ status: 400, error: meta(190), messagesOnly: true }];
    await post(page([textEvent('u-token', 'oi')]));
    await waitFor(() => answered('u-token') === 1, 'the typing_off');
    expect(messageCalls('u-token')).toBe(1);
    const flagged = async () => (await integrations()).facebookMessenger.needsNewToken;
    const until = Date.now() + 2000;
    while (!(await flagged()) && Date.now() < until) await sleep(10);
    expect((await integrations()).facebookMessenger).toMatchObject({ pageAccessToken: 'set', needsNewToken: true });
    const put = await test.app.inject({
      method: 'PUT',
      url: '/api/admin/servers/demo/assistants/pt/integrations/facebook',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { pageAccessToken: `${PAGE_TOKEN}-new` },
    });
    expect(put.json()).toEqual({ appSecret: 'set', pageAccessToken: 'set', needsNewToken: false, getStartedPayload: 'GET_STARTED', getStartedPayloadIsDefault: true, unsupportedReply: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.', unsupportedReplyIsDefault: true });
    expect((await integrations()).facebookMessenger.needsNewToken).toBe(false);
    await setFacebookSecrets(test.platform, assistant, { pageAccessToken: PAGE_TOKEN });
  });

  it('answers a message acknowledged before a restart after the restart, once and in order', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-fb-restart-'));
    let first: TestPlatform | undefined;
    let second: TestPlatform | undefined;
    const previous = test;
    try {
      // Meta is down and the retries are slow: the answers stay pending when the platform stops.
      first = await startTestPlatform({ demo: false, dataDir, env: { ...fastRetries(), HELPER_FACEBOOK_RETRY_DELAY_MS: '60000', HELPER_FACEBOOK_RETRY_MAX_DELAY_MS: '60000' } });
      const firstAssistant = await first.platform.defaultAssistant();
      await first.platform.store.content.save(firstAssistant.id, content, 'replace');
      await first.platform.trainer.train(firstAssistant);
      await setFacebookSecrets(first.platform, firstAssistant, { appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
      failures = [{ status: 503 }];
      test = first;
      const response = await post(page([textEvent('u-restart', 'oi'), postbackEvent('u-restart', '/avaliar')]));
      expect(response.body).toBe('EVENT_RECEIVED');
      await waitFor(() => calls.length === 1 && failures.length === 0, 'the first, failed call');
      const started = Date.now();
      await first.close();
      first = undefined;
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(sends).toEqual([]);

      second = await startTestPlatform({ demo: false, dataDir, env: fastRetries() });
      test = second;
      await waitFor(() => answered('u-restart') === 2, 'both answers after the restart');
      await sleep(50);
      expect(to('u-restart').map((send) => send.body.sender_action ?? 'message')).toEqual(['typing_on', 'message', 'typing_off', 'typing_on', 'message', 'typing_off']);
      expect(messagesTo('u-restart')[0]).toEqual({ text: 'Olá!' });
      expect(messagesTo('u-restart')[1]).toMatchObject({ attachment: { type: 'template' } });
      expect(await second.platform.store.outbox.recipients('facebook')).toEqual([]);
      expect((await second.platform.store.conversations.events((await second.platform.defaultAssistant()).id, 'u-restart')).filter((entry) => entry.event.event === 'user')).toHaveLength(2);
    } finally {
      test = previous;
      await first?.close();
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
