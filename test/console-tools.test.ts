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
let graphCalls: Array<{ path: string; accessToken: string | null; authorization: string | undefined }> = [];
let ana: ConsoleSession;
let vera: ConsoleSession;

beforeAll(async () => {
  graph = createServer((request, response) => {
    // Messenger's documented form: the Page access token as `access_token` in the query.
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const token = url.searchParams.get('access_token');
    url.searchParams.delete('access_token');
    graphCalls.push({ path: `${url.pathname}?${decodeURIComponent(url.searchParams.toString())}`, accessToken: token, authorization: request.headers.authorization });
    response.setHeader('content-type', 'application/json');
    if (token === GOOD_TOKEN) {
      response.end(JSON.stringify({ id: '1000001', name: 'ACME Suporte' }));
    } else if (token === EXPIRED_TOKEN) {
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
      explanation: expect.objectContaining({ decision: { kind: 'dialogue', dialogue: 'avaliacao', intent: 'avaliar_atendimento', asks: false }, skills: ['pedir_avaliacao'] }),
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
    expect(response.json()).toEqual({ sender: 'console-ana', messages: [], understood: null, model: null, asking: null, explanation: null });
  });
});

describe('test chat: why it answered so', () => {
  const url = '/api/admin/servers/demo/assistants/pt/test-chat';
  type Explanation = {
    threshold: number;
    ranking: Array<{ intent: string; confidence: number }>;
    belowThreshold: boolean;
    entities: Array<{ entity: string; value: unknown; text: string | null; filled: string | null }>;
    decision: Record<string, unknown>;
    skills: string[];
    contexts: Array<{ name: string; value: unknown; changed: boolean }>;
    everydayTalk: number | null;
  };
  const explain = async (message: string, sender: string) => {
    const body = (await vera.request('POST', url, { message, sender })).json() as { understood: { intent: string; confidence: number }; explanation: Explanation };
    return body;
  };

  it('gives the ranking with real scores, the dialogue the intent chose, then the follow-up of the dialogue that answered last', async () => {
    const first = await explain('quero avaliar o atendimento', 'console-why-1');
    expect(first.explanation.ranking[0]).toEqual({ intent: 'avaliar_atendimento', confidence: first.understood.confidence });
    expect(first.explanation.ranking.length).toBeGreaterThan(1);
    expect(first.explanation.ranking.map((entry) => entry.intent)).not.toContain('nlu_fallback');
    expect(first.explanation.belowThreshold).toBe(false);
    const second = await explain('sim', 'console-why-1');
    expect(second.explanation.decision).toEqual({ kind: 'followUp', dialogue: 'avaliacao_sim', parent: 'avaliacao', intent: 'sim', asks: false });
    expect(second.explanation.skills).toEqual(['agradecer_avaliacao']);
  });

  it("on a fallback shows the best intent's own score below the threshold, not the threshold as a score", async () => {
    const body = await explain('xyzzy plugh qwerty', 'console-why-2');
    expect(body.understood.intent).toBe('nlu_fallback');
    const { explanation } = body;
    expect(explanation.belowThreshold).toBe(true);
    const best = explanation.ranking[0];
    expect(best).toBeDefined();
    expect(best?.confidence).toBeLessThan(explanation.threshold);
    expect(explanation.decision).toEqual({ kind: 'fallback', reason: 'belowThreshold', intent: best?.intent, confidence: best?.confidence });
  });

  it('on a fallback that reads as everyday talk says so with its share; not on an answered message', async () => {
    const body = await explain('meu gato dormiu a tarde inteira em cima do sofá', 'console-why-6');
    expect(body.understood.intent).toBe('nlu_fallback');
    expect(body.explanation.everydayTalk).toBeGreaterThanOrEqual(0.5);
    expect(body.explanation.everydayTalk).toBeLessThanOrEqual(1);
    const answered = await explain('quero avaliar o atendimento', 'console-why-7');
    expect(answered.understood.intent).toBe('avaliar_atendimento');
    expect(answered.explanation.everydayTalk).toBeNull();
  });

  it('while a dialogue asks: what it asked, the context the answer filled, and the contexts after the turn', async () => {
    const start = await explain('quero abrir um chamado', 'console-why-3');
    expect(start.explanation.decision).toMatchObject({ kind: 'dialogue', dialogue: 'chamado', asks: true });
    const answer = await explain('impressora', 'console-why-3');
    expect(answer.explanation.decision).toEqual({ kind: 'slotFilling', dialogue: 'chamado', asked: 'equipamento', filled: ['equipamento'], finished: false });
    expect(answer.explanation.contexts).toContainEqual({ name: 'equipamento', value: expect.any(String), changed: true });
    await explain('quero abrir um chamado', 'console-why-5');
    const aside = await explain('quero avaliar o atendimento', 'console-why-5');
    expect(aside.explanation.decision).toEqual({ kind: 'digression', dialogue: 'chamado', other: 'avaliacao', intent: 'avaliar_atendimento' });
  });

  it('says when the intent was understood but no dialogue answers it now (only follow-ups do)', async () => {
    const body = await explain('sim', 'console-why-4');
    expect(body.understood.intent).toBe('sim');
    expect(body.explanation.decision).toEqual({ kind: 'fallback', reason: 'noDialogue', intent: 'sim', confidence: body.understood.confidence });
  });

  it('answers "why not X?" with its place, the nearest phrases, and what its dialogues need', async () => {
    const whyNot = async (message: string, intent: string) => vera.request('POST', `${url}/why-not`, { message, intent });
    // The greeting is among the ten intents ranked for this message (its "oi"), not first.
    const greeting = (await whyNot('oi, quero avaliar o atendimento', 'cumprimentar')).json() as Record<string, unknown>;
    expect(greeting).toMatchObject({ intent: 'cumprimentar', understood: { intent: 'avaliar_atendimento' }, dialogues: [{ name: 'cumprimento', followUpOf: null }] });
    expect(greeting['reasons']).toContainEqual(expect.objectContaining({ code: 'outscored', by: 'avaliar_atendimento' }));
    expect(greeting['nearest']).toEqual({ text: expect.any(String), similarity: expect.any(Number) });
    expect(greeting['understoodNearest']).toEqual({ text: expect.any(String), similarity: expect.any(Number) });
    const yes = (await whyNot('quero avaliar o atendimento', 'sim')).json() as Record<string, unknown>;
    expect(yes['reasons']).toContainEqual({ code: 'onlyFollowUp', parents: expect.arrayContaining(['avaliacao', 'despedida']) });
    const chosen = (await whyNot('quero avaliar o atendimento', 'avaliar_atendimento')).json() as Record<string, unknown>;
    expect(chosen).toMatchObject({ rank: 1, reasons: [{ code: 'chosen' }], understoodNearest: null });
    // A message about nothing this assistant was taught reads as everyday talk (the background class).
    const everyday = (await whyNot('meu gato dormiu a tarde inteira em cima do sofá', 'cumprimentar')).json() as Record<string, unknown>;
    expect(everyday['understood']).toBeNull();
    expect(everyday['reasons']).toContainEqual({ code: 'everydayTalk', share: expect.any(Number) });
    const share = (everyday['reasons'] as Array<{ code: string; share?: number }>).find((reason) => reason.code === 'everydayTalk')?.share ?? 0;
    expect(share).toBeGreaterThanOrEqual(0.5);
    expect(share).toBeLessThanOrEqual(1);
    expect(greeting['reasons']).not.toContainEqual(expect.objectContaining({ code: 'everydayTalk' }));
    expect(chosen['reasons']).not.toContainEqual(expect.objectContaining({ code: 'everydayTalk' }));
    expect((await whyNot('oi', 'nao_existe')).json()).toMatchObject({ error: { code: 'invalid', field: 'intent' } });
    expect((await whyNot(' ', 'sim')).json()).toMatchObject({ error: { code: 'invalid', field: 'message' } });
  });
});

describe('Facebook check connection', () => {
  const url = '/api/admin/servers/demo/assistants/pt/integrations/facebook/check';
  const integrations = '/api/admin/servers/demo/assistants/pt/integrations';

  it('says when no token is set', async () => {
    expect((await vera.request('POST', url)).json()).toEqual({ ok: false, message: 'no Page access token is set', code: 'check_no_page_token', needsNewToken: false });
  });

  it("gives the Page's id and name, asking the Graph API with the token as `access_token` (Messenger's documented form)", async () => {
    await setFacebookSecrets(test.platform, await test.platform.defaultAssistant(), { pageAccessToken: GOOD_TOKEN });
    graphCalls = [];
    const response = await vera.request('POST', url);
    expect(response.json()).toEqual({ ok: true, page: { id: '1000001', name: 'ACME Suporte' }, needsNewToken: false });
    expect(graphCalls).toEqual([{ path: '/v21.0/me?fields=id,name', accessToken: GOOD_TOKEN, authorization: undefined }]);
    expect(response.body).not.toContain(GOOD_TOKEN);
  });

  it('marks an expired token (190) as needing a new one, without echoing it; a working token clears the mark', async () => {
    await setFacebookSecrets(test.platform, await test.platform.defaultAssistant(), { pageAccessToken: EXPIRED_TOKEN });
    const response = await ana.request('POST', url);
    expect(response.json()).toEqual({ ok: false, message: expect.stringMatching(/190/), code: 'check_token_refused', params: { service: 'Meta', status: '#190', detail: expect.stringContaining('Session has expired') }, needsNewToken: true });
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
      expect(response.json()).toEqual({ ok: false, message: 'the Graph API could not be reached', code: 'check_unreachable', params: { service: 'Graph API' }, needsNewToken: false });
    } finally {
      await closed.close();
    }
  });
});
