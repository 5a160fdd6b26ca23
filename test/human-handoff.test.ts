// Human handoff (issue 20) through the real HTTP app, against the demo assistant, on SQLite and
// PostgreSQL: the demo's "talk to a human" hands off with the expected wait; the agents' inbox
// lists it with unread counts; two agents taking it at once — one wins; the role's permissions
// (viewer reads, agent acts, only administrators change the settings); a reply given to a REST
// user with their next answer and kept in the tracker; notes, transfer, resolve (the assistant
// answers again); N fallbacks in a row handing off outside office hours; and across two app
// processes sharing PostgreSQL and Redis, the inbox's notices and the claim.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import type { HandoffNotice } from '../src/handoff/handoff-service.js';
import { RedisEvents } from '../src/pubsub/platform-events.js';
import { storeVariants } from '../src/store/test-stores.js';
import { ADMINISTRATOR_ENV, signIn, signInAdministratorAndViewer, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const redisUrl = process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const INBOX = '/api/admin/servers/demo/assistants/pt/handoffs';
const OPERATOR_TOKEN = 'operator-token-for-the-handoff-tests';

interface HandoffView {
  id: number;
  conversation: string;
  status: string;
  reason: string;
  agent: string | null;
  unread: number;
  outsideHours: boolean;
  skill: string | null;
}

async function addAgent(test: TestPlatform, login: string): Promise<ConsoleSession> {
  await test.platform.store.users.create({ serverName: 'demo', login, email: `${login}@demo.example`, firstName: login, lastName: 'Agente', passwordHash: await hashPassword(`${login}-password-1`), role: 'agent' });
  return signIn(test.app, login, `${login}-password-1`);
}

describe.each([{ postgres: false }, { postgres: true }])('human handoff (postgres: $postgres)', ({ postgres }) => {
  let test: TestPlatform;
  let ana: ConsoleSession;
  let vera: ConsoleSession;
  let beto: ConsoleSession;
  let carla: ConsoleSession;
  beforeAll(async () => {
    test = await startTestPlatform({ postgres, env: { ...ADMINISTRATOR_ENV, HELPER_ADMIN_TOKEN: OPERATOR_TOKEN } });
    ({ ana, vera } = await signInAdministratorAndViewer(test.platform, test.app));
    beto = await addAgent(test, 'beto');
    carla = await addAgent(test, 'carla');
  });
  afterAll(async () => {
    await test?.close();
  });

  const say = async (sender: string, message: string): Promise<string[]> => {
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
    expect(response.statusCode).toBe(200);
    return (response.json() as Array<{ text?: string }>).map((item) => item.text ?? '');
  };
  const events = async (sender: string) => {
    const assistant = await test.platform.defaultAssistant();
    return (await test.platform.store.conversations.events(assistant.id, sender)).map((entry) => entry.event);
  };

  it('hands off on "talk to a human", lets one agent take it, replies, transfers and resolves', async () => {
    const notices: HandoffNotice[] = [];
    const assistant = await test.platform.defaultAssistant();
    const stop = test.platform.handoffs.subscribe(assistant.id, (notice) => notices.push(notice));

    const answer = await say('cliente-1', 'quero falar com um atendente');
    expect(answer).toEqual(['Certo! Vou transferir você para um de nossos atendentes.', 'Vou chamar um atendente para continuar a conversa. O tempo de espera previsto é de 5 minutos.']);
    const pause = (await events('cliente-1')).find((event) => event.event === 'pause');
    expect(pause?.metadata).toMatchObject({ handoff: true, handoff_reason: 'skill', handoff_skill: 'encaminhar_atendente' });
    await expect.poll(() => notices.map((notice) => notice.kind)).toContain('requested');

    // Paused: the assistant is silent, the agents see one more unread message.
    expect(await say('cliente-1', 'alguém aí?')).toEqual([]);
    const inbox = (await beto.request('GET', INBOX)).json() as { handoffs: HandoffView[]; counts: Record<string, number> };
    expect(inbox.handoffs).toEqual([expect.objectContaining({ conversation: 'cliente-1', status: 'waiting', reason: 'skill', skill: 'encaminhar_atendente', unread: 1, agent: null })]);
    expect(inbox.counts).toMatchObject({ waiting: 1, mine: 0, open: 1, unread: 1 });

    // The role's permissions: a viewer reads the inbox but cannot act; an agent cannot change settings.
    expect((await vera.request('GET', INBOX)).statusCode).toBe(200);
    const refused = await vera.request('POST', `${INBOX}/cliente-1/take`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await beto.request('PUT', '/api/admin/servers/demo/assistants/pt/handoff-settings', { fallbacksInARow: 1 })).statusCode).toBe(403);
    expect((await beto.request('PUT', '/api/admin/servers/demo/assistants/pt/settings', { accuracyThresholdPercent: 50 })).statusCode).toBe(403);

    // Two agents take it at once: exactly one gets it.
    const takes = await Promise.all([beto.request('POST', `${INBOX}/cliente-1/take`, {}), carla.request('POST', `${INBOX}/cliente-1/take`, {})]);
    expect(takes.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const winner = takes[0]?.statusCode === 200 ? { session: beto, login: 'beto' } : { session: carla, login: 'carla' };
    const loser = winner.login === 'beto' ? { session: carla, login: 'carla' } : { session: beto, login: 'beto' };
    expect(takes.find((response) => response.statusCode === 409)?.json()).toMatchObject({ error: { code: 'conflict' } });
    expect((await events('cliente-1')).filter((event) => event.event === 'handoff_taken')).toEqual([expect.objectContaining({ agent: winner.login })]);

    // The holder replies (REST: with the next answer); the other agent may not.
    // The inbox's lists as the console asks for them: query values are text, read as the schema's types.
    const mine = await winner.session.request('GET', `${INBOX}?status=taken&mine=true&limit=50`);
    expect(mine.statusCode).toBe(200);
    expect((mine.json() as { handoffs: Array<{ agent: string }> }).handoffs.map((handoff) => handoff.agent)).toEqual([winner.login]);
    expect((await winner.session.request('GET', `${INBOX}?limit=abc`)).json()).toMatchObject({ error: { code: 'invalid', field: 'limit' } });
    const replied = await winner.session.request('POST', `${INBOX}/cliente-1/reply`, { text: 'Oi! Aqui é do suporte, como posso ajudar?' });
    expect(replied.statusCode).toBe(200);
    expect(replied.json()).toMatchObject({ delivery: 'next_answer', handoff: { status: 'taken', agent: winner.login } });
    expect((await loser.session.request('POST', `${INBOX}/cliente-1/reply`, { text: 'eu também' })).statusCode).toBe(409);
    expect((await winner.session.request('POST', `${INBOX}/cliente-1/reply`, { text: '   ' })).json()).toMatchObject({ error: { code: 'invalid', field: 'text' } });
    expect(await say('cliente-1', 'minha impressora não liga')).toEqual(['Oi! Aqui é do suporte, como posso ajudar?']);
    expect(await say('cliente-1', 'ainda está aí?')).toEqual([]);

    // Notes and the transcript with intents.
    expect((await winner.session.request('POST', `${INBOX}/cliente-1/notes`, { text: 'impressora do 3º andar' })).statusCode).toBe(201);
    const conversation = (await winner.session.request('GET', `${INBOX}/cliente-1`)).json() as {
      handoff: HandoffView;
      transcript: Array<{ kind: string; text?: string | null; intent?: string | null; agent?: string | null }>;
      notes: Array<{ author: string; text: string }>;
    };
    expect(conversation.notes).toEqual([expect.objectContaining({ author: winner.login, text: 'impressora do 3º andar' })]);
    expect(conversation.transcript).toContainEqual(expect.objectContaining({ kind: 'user', text: 'quero falar com um atendente', intent: 'falar_com_atendente' }));
    expect(conversation.transcript).toContainEqual(expect.objectContaining({ kind: 'bot', text: 'Oi! Aqui é do suporte, como posso ajudar?', agent: winner.login }));
    expect(conversation.transcript.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['handoff', 'taken']));
    // Read by its holder: nothing unread.
    expect(((await winner.session.request('GET', INBOX)).json() as { counts: { unread: number; mine: number } }).counts).toMatchObject({ unread: 0, mine: 1 });

    // Transfer to the other agent; the first may no longer resolve it, the second does.
    const moved = await winner.session.request('POST', `${INBOX}/cliente-1/transfer`, { to: loser.login });
    expect(moved.json()).toMatchObject({ handoff: { agent: loser.login, status: 'taken' } });
    expect((await winner.session.request('POST', `${INBOX}/cliente-1/transfer`, { to: 'vera' })).json()).toMatchObject({ error: { code: 'invalid', field: 'to' } });
    expect((await winner.session.request('POST', `${INBOX}/cliente-1/resolve`, {})).statusCode).toBe(409);
    const resolved = await loser.session.request('POST', `${INBOX}/cliente-1/resolve`, {});
    expect(resolved.json()).toMatchObject({ handoff: { status: 'resolved' } });
    expect((await events('cliente-1')).map((event) => event.event)).toEqual(expect.arrayContaining(['pause', 'handoff_taken', 'handoff_transferred', 'resume']));
    expect((await loser.session.request('POST', `${INBOX}/cliente-1/resolve`, {})).statusCode).toBe(404);

    // The assistant answers again.
    expect((await say('cliente-1', 'oi')).length).toBeGreaterThan(0);
    expect(((await beto.request('GET', INBOX)).json() as { handoffs: unknown[] }).handoffs).toEqual([]);
    expect(notices.map((notice) => notice.kind)).toEqual(expect.arrayContaining(['requested', 'message', 'taken', 'reply', 'note', 'transferred', 'resolved']));
    stop();
  });

  it('hands off in the middle of a dialogue without asking its question again, and the dialogue asks no more', async () => {
    expect(await say('cliente-dialogo', 'quero abrir um chamado')).toHaveLength(1);
    expect(await say('cliente-dialogo', 'quero falar com um atendente')).toEqual([
      'Certo! Vou transferir você para um de nossos atendentes.',
      'Vou chamar um atendente para continuar a conversa. O tempo de espera previsto é de 5 minutos.',
    ]);
    const assistant = await test.platform.defaultAssistant();
    const tracker = await test.platform.conversations.tracker(assistant, 'cliente-dialogo');
    expect([tracker.active_loop, tracker.paused]).toEqual([{}, true]);
    // Given back, the assistant answers as usual: no question of the abandoned dialogue.
    await test.platform.handoffs.resolve(assistant, 'cliente-dialogo', 'ana', true);
    expect(await say('cliente-dialogo', 'obrigado')).not.toContainEqual(expect.stringMatching(/equipamento|Responda com uma das opções/i));
  });

  it('hands off after N fallbacks in a row, with the outside-hours message, and an agent takes over a conversation unasked', async () => {
    const closed = { fallbacksInARow: 2, outsideHoursMessage: 'Estamos fora do horário; responderemos amanhã.', officeHours: { timeZone: 'America/Sao_Paulo', week: {}, holidays: [] } };
    const saved = await ana.request('PUT', '/api/admin/servers/demo/assistants/pt/handoff-settings', closed);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ fallbacksInARow: 2, expectedWaitMinutes: 5 });
    const bad = await ana.request('PUT', '/api/admin/servers/demo/assistants/pt/handoff-settings', { officeHours: { timeZone: 'Lua/Base', week: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid', field: 'handoff.officeHours' } });

    expect(await say('cliente-2', 'xkqzw vbnmp')).toHaveLength(1);
    const second = await say('cliente-2', 'qwpoi zxmnb');
    expect(second.at(-1)).toBe('Estamos fora do horário; responderemos amanhã.');
    const inbox = (await carla.request('GET', `${INBOX}?status=waiting`)).json() as { handoffs: HandoffView[] };
    expect(inbox.handoffs).toEqual([expect.objectContaining({ conversation: 'cliente-2', reason: 'fallbacks', outsideHours: true })]);

    // An agent takes over a conversation nobody handed off: the assistant pauses.
    await say('cliente-3', 'oi');
    const taken = await carla.request('POST', `${INBOX}/cliente-3/take`, {});
    expect(taken.json()).toMatchObject({ handoff: { status: 'taken', reason: 'agent', agent: 'carla' } });
    expect(await say('cliente-3', 'oi de novo')).toEqual([]);
    expect((await carla.request('POST', `${INBOX}/nobody-here/take`, {})).statusCode).toBe(404);
    // The operator acts as the agent it names.
    const asOperator = (payload: Record<string, unknown>) =>
      test.app.inject({ method: 'POST', url: `${INBOX}/cliente-3/resolve`, headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, payload });
    expect((await asOperator({})).json()).toMatchObject({ error: { code: 'invalid', field: 'agent' } });
    expect((await asOperator({ agent: 'vera' })).json()).toMatchObject({ error: { code: 'invalid', field: 'agent' } });
    expect((await asOperator({ agent: 'carla' })).json()).toMatchObject({ handoff: { status: 'resolved' } });
    await ana.request('PUT', '/api/admin/servers/demo/assistants/pt/handoff-settings', {});
  });

  it('ends the handoff when the user restarts (/restart) or a client posts a restart or resume: the inbox never shows a conversation the assistant answers', async () => {
    const open = async () => ((await carla.request('GET', INBOX)).json() as { handoffs: HandoffView[] }).handoffs.map((handoff) => handoff.conversation);
    expect(await say('cliente-reinicia', 'quero falar com um atendente')).toHaveLength(2);
    expect(await open()).toContain('cliente-reinicia');
    expect(await say('cliente-reinicia', '/restart')).toEqual([]);
    expect(await open()).not.toContain('cliente-reinicia');
    const [resolved] = await test.platform.handoffs.list([(await test.platform.defaultAssistant()).id], { status: 'resolved', limit: 1000 }).then((all) => all.filter((handoff) => handoff.senderId === 'cliente-reinicia'));
    expect(resolved?.resolvedBy).toBe('user:restart');
    expect(await say('cliente-reinicia', 'oi')).not.toEqual([]);

    const assistant = await test.platform.defaultAssistant();
    const token = await test.platform.apiAccess.rotate(assistant);
    for (const [sender, event] of [['cliente-api-restart', 'restart'], ['cliente-api-resume', 'resume']] as const) {
      expect(await say(sender, 'quero falar com um atendente')).toHaveLength(2);
      expect(await open()).toContain(sender);
      const posted = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/tracker/events?token=${token}`, payload: { event } });
      expect(posted.statusCode).toBe(200);
      expect(await open()).not.toContain(sender);
    }
    // /execute action_session_start starts a session as a message does: the person keeps it.
    expect(await say('cliente-api-sessao', 'quero falar com um atendente')).toHaveLength(2);
    const executed = await test.app.inject({ method: 'POST', url: `/conversations/cliente-api-sessao/execute?token=${token}`, payload: { name: 'action_session_start' } });
    expect(executed.statusCode).toBe(200);
    expect((await test.platform.conversations.tracker(assistant, 'cliente-api-sessao')).paused).toBe(true);
    expect(await open()).toContain('cliente-api-sessao');
    // A session start posted as events unpauses, as in Rasa: the handoff ends with it.
    await test.app.inject({ method: 'POST', url: `/conversations/cliente-api-sessao/tracker/events?token=${token}`, payload: [{ event: 'action', name: 'action_session_start' }, { event: 'session_started' }] });
    expect(await open()).not.toContain('cliente-api-sessao');
    // A pause posted after the resume keeps the handoff a person has.
    expect(await say('cliente-api-pausa', 'quero falar com um atendente')).toHaveLength(2);
    await test.app.inject({ method: 'POST', url: `/conversations/cliente-api-pausa/tracker/events?token=${token}`, payload: [{ event: 'resume' }, { event: 'pause' }] });
    expect(await open()).toContain('cliente-api-pausa');
  });

  it('ends the handoff when a client replaces the events with a history that is not paused, and a taken conversation is always paused', async () => {
    const open = async () => ((await carla.request('GET', INBOX)).json() as { handoffs: HandoffView[] }).handoffs.map((handoff) => handoff.conversation);
    const assistant = await test.platform.defaultAssistant();
    const token = await test.platform.apiAccess.rotate(assistant);
    // Rasa's PUT …/tracker/events without a pause: the assistant answers, so nobody waits for an agent.
    expect(await say('cliente-put', 'quero falar com um atendente')).toHaveLength(2);
    const put = await test.app.inject({ method: 'PUT', url: `/conversations/cliente-put/tracker/events?token=${token}`, payload: [{ event: 'action', name: 'action_listen', timestamp: Date.now() / 1000 }] });
    expect(put.statusCode).toBe(200);
    expect(await open()).not.toContain('cliente-put');
    const [resolved] = (await test.platform.handoffs.list([assistant.id], { status: 'resolved', limit: 1000 })).filter((handoff) => handoff.senderId === 'cliente-put');
    expect(resolved?.resolvedBy).toBe('api:events');
    expect(await say('cliente-put', 'oi')).not.toEqual([]);
    // A history that keeps the pause keeps the handoff.
    expect(await say('cliente-put-pausa', 'quero falar com um atendente')).toHaveLength(2);
    const kept = (await events('cliente-put-pausa')).map(({ event, timestamp, metadata }) => ({ event, timestamp, ...(metadata ? { metadata } : {}) }));
    await test.app.inject({ method: 'PUT', url: `/conversations/cliente-put-pausa/tracker/events?token=${token}`, payload: kept });
    expect(await open()).toContain('cliente-put-pausa');

    // The handoff is open but the tracker lost its pause (a write outside the service): taking it pauses the assistant.
    expect(await say('cliente-sem-pausa', 'quero falar com um atendente')).toHaveLength(2);
    await test.platform.store.conversations.append(assistant.id, 'cliente-sem-pausa', [{ event: 'resume', timestamp: Date.now() / 1000 }]);
    expect((await test.platform.conversations.tracker(assistant, 'cliente-sem-pausa')).paused).toBe(false);
    expect((await carla.request('POST', `${INBOX}/cliente-sem-pausa/take`, {})).json()).toMatchObject({ handoff: { status: 'taken', agent: 'carla' } });
    expect((await test.platform.conversations.tracker(assistant, 'cliente-sem-pausa')).paused).toBe(true);
    expect(await say('cliente-sem-pausa', 'tudo bem?')).toEqual([]);
    expect((await events('cliente-sem-pausa')).slice(-3).map((event) => event.event)).toEqual(['pause', 'handoff_taken', 'user']);
    await test.platform.handoffs.resolve(assistant, 'cliente-sem-pausa', 'carla', true);
  });

  it("keeps a skill's handoff flag through the content API, and the tracker's handoff events through the conversations API", async () => {
    const url = '/api/admin/servers/demo/assistants/pt/skills/encaminhar_atendente';
    const skill = (await ana.request('GET', url)).json() as Record<string, unknown>;
    expect(skill).toMatchObject({ name: 'encaminhar_atendente', handoff: true });
    const { name, theme, fallback, kind, texts } = skill;
    expect((await ana.request('PUT', url, { name, theme, fallback, kind, texts })).statusCode).toBe(200);
    expect((await ana.request('GET', url)).json()).not.toHaveProperty('handoff');
    expect((await ana.request('PUT', url, { name, theme, fallback, kind, texts, handoff: true })).json()).toMatchObject({ handoff: true });

    // A tracker with our events can be written back whole (Rasa's PUT …/tracker/events).
    const assistant = await test.platform.defaultAssistant();
    const token = await test.platform.apiAccess.rotate(assistant);
    const tracker = await test.app.inject({ method: 'GET', url: `/conversations/cliente-1/tracker?token=${token}` });
    const trackerEvents = (tracker.json() as { events: Array<{ event: string }> }).events;
    expect(trackerEvents.map((event) => event.event)).toEqual(expect.arrayContaining(['pause', 'handoff_taken', 'handoff_transferred', 'resume']));
    const put = await test.app.inject({ method: 'PUT', url: `/conversations/cliente-1/tracker/events?token=${token}`, payload: trackerEvents });
    expect(put.statusCode).toBe(200);
  });
});

/** An event stream read through a real connection (the console's EventSource), as the console's host. */
async function openEventStream(url: string, cookie: string): Promise<{ text: () => string; close: () => void }> {
  let received = '';
  const request = httpRequest(url, { headers: { host: 'localhost:5005', cookie: `helper_session=${cookie}`, accept: 'text/event-stream' } });
  await new Promise<void>((resolve, reject) => {
    request.on('response', (response) => {
      if (response.statusCode !== 200) reject(new Error(`the event stream answered ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (received += chunk));
      response.on('error', () => undefined);
      resolve();
    });
    request.on('error', reject);
    request.end();
  });
  return { text: () => received, close: () => request.destroy() };
}

describe('human handoff across two app processes (PostgreSQL and Redis)', () => {
  const postgres = storeVariants().find((variant) => variant.name === 'postgres')!;
  afterAll(() => postgres.cleanup());

  it("hears the other process's handoffs at once and never lets both processes' agents take one", async () => {
    const location = await postgres.location();
    const env = { DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: redisUrl, ...ADMINISTRATOR_ENV };
    const one = await startTestPlatform({ env, dataDir: location.dataDir });
    const two = await startTestPlatform({ env, dataDir: location.dataDir, demo: false });
    try {
      await signInAdministratorAndViewer(one.platform, one.app);
      const beto = await addAgent(one, 'beto');
      const carla = await addAgent(two, 'carla');
      // Carla's console on process two listens to the inbox's event stream.
      const address = await two.app.listen({ host: '127.0.0.1', port: 0 });
      const stream = await openEventStream(`${address}${INBOX}/live`, carla.cookie);
      try {
        await expect.poll(() => stream.text(), { timeout: 10_000 }).toContain('event: ready');
        // Its subscription is in Redis before the other process publishes.
        if (two.platform.events instanceof RedisEvents) await two.platform.events.ready();
        const answer = await one.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'remoto', message: 'quero falar com um atendente' } });
        expect((answer.json() as unknown[]).length).toBe(2);
        await expect.poll(() => stream.text(), { timeout: 10_000 }).toContain('"kind":"requested","handoffId":');
        expect(stream.text()).toContain('"conversation":"remoto"');
      } finally {
        stream.close();
      }
      const takes = await Promise.all([beto.request('POST', `${INBOX}/remoto/take`, {}), carla.request('POST', `${INBOX}/remoto/take`, {})]);
      expect(takes.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    } finally {
      await two.close();
      await one.close();
    }
  });
});
