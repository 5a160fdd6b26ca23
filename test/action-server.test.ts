// Issue 14 item 5 end to end, on SQLite and PostgreSQL: an assistant's action endpoint (admin API,
// token sealed and write-only), skills of kind `action`, and the engine speaking Rasa 3.6's action
// server protocol to a local stand-in that answers with rasa-sdk's shapes and error bodies —
// through the REST channel and the conversations API, whose tracker shows the events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssistantFile, serialiseAssistantFile } from '../src/assistant/index.js';
import type { AssistantRecord } from '../src/store/store.js';
import type { TrackerEvent } from '../src/tracker/events.js';
import { ActionExecutionRejection, startFakeActionServer, utterMessage, type FakeActionServer } from './helpers/fake-action-server.js';
import { replaceDefaultAssistantContent, startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const SETTINGS = '/api/admin/servers/demo/assistants/pt/settings';
const ACTION_TOKEN = 'action-server-s3cret-token';

const ASSISTANT = `
version: 1
contexts:
  - name: pedido
    type: text
  - name: cliente
    type: text
intents:
  - name: rastrear
    phrases: [onde está meu pedido, rastrear pedido, status do meu pedido, cadê minha encomenda, rastrear encomenda]
  - name: recusar
    phrases: [recusa isso, teste de recusa, rejeite, faça recusar, ação recusada]
  - name: desconhecida
    phrases: [ação desconhecida, teste desconhecido, chame o que não existe, ação que falta, sem ação]
  - name: quebrar
    phrases: [quebre tudo, teste de erro, gere uma exceção, falhe agora, erro interno]
  - name: demorar
    phrases: [demore muito, teste lento, espere bastante, resposta lenta, devagar]
  - name: enorme
    phrases: [resposta enorme, teste grande, mande muito, resposta gigante, muito texto]
  - name: encadear
    phrases: [encadeie ações, teste de sequência, uma depois da outra, faça em sequência, siga em frente]
  - name: esquecer
    phrases: [esqueça tudo, limpe os dados, apague o contexto, zere tudo, recomeçar dados]
  - name: cumprimentar
    phrases: [oi, olá, bom dia, boa tarde, e aí]
  - name: atendente
    phrases: [quero um atendente, falar com um humano, atendimento humano, chame uma pessoa, transferir para atendente]
skills:
  - name: rastrear_pedido
    action: action_check_order
  - name: recusa
    action: action_refuse
  - name: inexistente
    action: action_missing
    text: O serviço de pedidos está indisponível agora.
  - name: quebra
    action: action_crash
  - name: lenta
    action: action_slow
    text: Demorou demais; tente de novo.
  - name: grande
    action: action_huge
  - name: primeira
    action: action_first
  - name: segunda
    action: action_second
  - name: esquecer_tudo
    action: action_forget
  - name: transferir
    action: action_transfer
    handoff: true
  - name: saudacao
    text: Olá, {cliente}! Seu pedido é {pedido}.
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - {name: rastreio, intent: rastrear, skill: rastrear_pedido}
  - {name: recusa, intent: recusar, skill: recusa}
  - {name: inexistente, intent: desconhecida, skill: inexistente}
  - {name: quebra, intent: quebrar, skill: quebra}
  - {name: lenta, intent: demorar, skill: lenta}
  - {name: grande, intent: enorme, skill: grande}
  - {name: sequencia, intent: encadear, skill: primeira}
  - {name: esquecer, intent: esquecer, skill: esquecer_tudo}
  - {name: oi, intent: cumprimentar, skill: saudacao}
  - {name: transferir, intent: atendente, skill: transferir}
`;

interface RestMessage {
  recipient_id: string;
  text?: string;
  buttons?: Array<{ title: string; payload?: string; [key: string]: unknown }>;
  image?: string;
  custom?: unknown;
}

function registerActions(server: FakeActionServer): void {
  server.actions.set('action_check_order', (call) => {
    const tracker = call['tracker'] as { slots: Record<string, unknown> };
    return {
      events: [{ event: 'slot', name: 'pedido', value: 'A17', timestamp: null }, { event: 'slot', name: 'cliente', value: 'Ana', timestamp: null }],
      responses: [
        utterMessage({ text: `Pedido A17 sai hoje (antes: ${String(tracker.slots['pedido'])})`, buttons: [{ title: 'Detalhes', payload: '/rastrear' }, { title: 'Site', type: 'web_url', url: 'https://pedidos.example/A17' }] }),
        utterMessage({ response: 'saudacao', pedido: 'B42' }),
        utterMessage({ image: 'https://cdn.example/a17.png' }),
        utterMessage({ custom: { card: 'pedido', id: 'A17' } }),
      ],
    };
  });
  server.actions.set('action_refuse', () => {
    throw new ActionExecutionRejection('o pedido não pode ser consultado agora');
  });
  server.actions.set('action_crash', () => {
    throw new Error('KeyError: pedido');
  });
  server.actions.set('action_slow', () => new Promise((resolve) => setTimeout(() => resolve({ responses: [utterMessage({ text: 'tarde demais' })] }), 3_000)));
  server.actions.set('action_huge', () => ({ responses: [utterMessage({ text: 'x'.repeat(40_000) })] }));
  server.actions.set('action_first', () => ({
    events: [{ event: 'followup', name: 'action_second' }],
    responses: [utterMessage({ text: 'Primeiro passo feito.' })],
  }));
  server.actions.set('action_second', () => ({ events: [{ event: 'bot', text: 'Segundo passo feito.', data: {}, metadata: {} }] }));
  server.actions.set('action_forget', () => ({ events: [{ event: 'reset_slots' }], responses: [utterMessage({ text: 'Esqueci.' })] }));
  server.actions.set('action_transfer', () => ({ responses: [utterMessage({ text: 'Vou chamar alguém.' })] }));
}

describe.each([
  { name: 'sqlite', postgres: false },
  { name: 'postgres', postgres: true },
])('custom actions on $name', ({ postgres }) => {
  let test: TestPlatform;
  let server: FakeActionServer;
  let assistant: AssistantRecord;
  let apiToken: string;
  let conversation = 0;

  beforeAll(async () => {
    server = await startFakeActionServer();
    registerActions(server);
    test = await startTestPlatform({
      demo: false,
      postgres,
      env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_OUTBOUND_ALLOW: '127.0.0.1', HELPER_ACTION_TIMEOUT_SECONDS: '0.5', HELPER_ACTION_MAX_RESPONSE_KB: '16' },
    });
    assistant = await replaceDefaultAssistantContent(test, ASSISTANT);
    const set = await admin('PATCH', { actionEndpointUrl: server.url, actionEndpointToken: ACTION_TOKEN });
    expect(set.statusCode).toBe(200);
    // The training activates the model with this record: the endpoint serves at once.
    assistant = (await test.platform.store.assistants.getById(assistant.id)) ?? assistant;
    await test.platform.trainer.train(assistant);
    apiToken = await test.platform.apiAccess.ensure(assistant);
  });
  afterAll(async () => {
    await test?.close();
    await server?.close();
  });

  const admin = (method: 'GET' | 'PATCH', payload?: unknown) =>
    test.app.inject({ method, url: SETTINGS, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  function chat() {
    const sender = `${postgres ? 'pg' : 'sq'}-${++conversation}`;
    const say = async (message: string): Promise<RestMessage[]> => {
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
      expect(response.statusCode).toBe(200);
      return response.json() as RestMessage[];
    };
    const tracker = async () => {
      const response = await test.app.inject({ method: 'GET', url: `/conversations/${sender}/tracker?token=${apiToken}` });
      expect(response.statusCode).toBe(200);
      return response.json() as { slots: Record<string, unknown>; events: TrackerEvent[]; latest_action_name: string };
    };
    return { sender, say, tracker };
  }

  /** The events after the last user event, as `event:name` (bot: its text), without timestamps. */
  function lastTurn(events: TrackerEvent[]): string[] {
    const start = events.map((event) => event.event).lastIndexOf('user');
    return events.slice(start + 1).map((event) => {
      if (event.event === 'bot') return `bot:${String(event.text)}`;
      if (event.event === 'slot') return `slot:${String(event.name)}=${JSON.stringify(event.value)}`;
      return event.name === undefined ? String(event.event) : `${event.event}:${String(event.name)}`;
    });
  }

  it('keeps the action endpoint in the settings and its token sealed and write-only', async () => {
    const settings = (await admin('GET')).json() as Record<string, unknown>;
    expect(settings).toMatchObject({ actionEndpointUrl: server.url, actionEndpointTokenStatus: 'set' });
    expect(JSON.stringify(settings)).not.toContain(ACTION_TOKEN);
    const sealed = await test.platform.store.secrets.get(assistant.id, 'action_endpoint_token');
    expect(sealed).toMatch(/^v2:/);
    expect(sealed).not.toContain(ACTION_TOKEN);
    for (const [body, field] of [
      [{ actionEndpointUrl: 'ftp://actions.example/webhook' }, 'actionEndpointUrl'],
      [{ actionEndpointUrl: 'http://user:pass@actions.example/webhook' }, 'actionEndpointUrl'],
      [{ actionEndpointUrl: 'not a url' }, 'actionEndpointUrl'],
      [{ actionEndpointToken: 'x'.repeat(5000) }, 'actionEndpointToken'],
    ] as const) {
      const refused = await admin('PATCH', body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(refused.json())).toContain(field);
    }
    expect((await admin('GET')).json()).toMatchObject({ actionEndpointUrl: server.url, actionEndpointTokenStatus: 'set' });
    // The token goes only to the address it was set for: another origin needs it given again.
    const moved = await admin('PATCH', { actionEndpointUrl: 'https://actions.elsewhere.example/webhook' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json()).toMatchObject({ error: { code: 'invalid', field: 'actionEndpointToken' } });
    expect(JSON.stringify(moved.json())).toContain('secret_for_other_address');
    expect((await admin('GET')).json()).toMatchObject({ actionEndpointUrl: server.url, actionEndpointTokenStatus: 'set' });
    const samePlace = new URL(server.url);
    samePlace.pathname = '/another/webhook';
    expect((await admin('PATCH', { actionEndpointUrl: samePlace.href })).json()).toMatchObject({ actionEndpointUrl: samePlace.href, actionEndpointTokenStatus: 'set' });
    expect((await admin('PATCH', { actionEndpointUrl: server.url })).statusCode).toBe(200);
    // Removing the address needs no token; giving one again then needs the token with it.
    expect((await admin('PATCH', { actionEndpointUrl: '' })).json()).toMatchObject({ actionEndpointUrl: '', actionEndpointTokenStatus: 'set' });
    expect((await admin('PATCH', { actionEndpointUrl: server.url })).json()).toMatchObject({ error: { field: 'actionEndpointToken' } });
    expect((await admin('PATCH', { actionEndpointUrl: server.url, actionEndpointToken: ACTION_TOKEN })).json()).toMatchObject({ actionEndpointUrl: server.url, actionEndpointTokenStatus: 'set' });
  });

  it("POSTs exactly what Rasa 3.6 posts and answers with the action's responses and events", async () => {
    const { sender, say, tracker } = chat();
    await say('/cumprimentar');
    const before = server.calls.length;
    const messages = await say('/rastrear');
    expect(server.calls.length).toBe(before + 1);
    const call = server.calls.at(-1);
    // As Rasa's EndpointConfig sends it (?token=), and in a header.
    expect(call?.headers['authorization']).toBe(`Bearer ${ACTION_TOKEN}`);
    expect(call?.url).toBe(`/webhook?token=${ACTION_TOKEN}`);
    const body = call?.body ?? {};
    expect(Object.keys(body)).toEqual(['next_action', 'sender_id', 'tracker', 'version', 'domain']);
    expect(body).toMatchObject({ next_action: 'action_check_order', sender_id: sender, version: '3.6.21' });
    const sent = body['tracker'] as Record<string, unknown>;
    expect(Object.keys(sent).sort()).toEqual(
      ['active_loop', 'events', 'followup_action', 'latest_action', 'latest_action_name', 'latest_event_time', 'latest_input_channel', 'latest_message', 'paused', 'sender_id', 'slots'].sort(),
    );
    expect(sent).toMatchObject({ sender_id: sender, slots: { pedido: null, cliente: null }, latest_input_channel: 'rest', paused: false, latest_message: { intent: { name: 'rastrear', confidence: 1 } } });
    const sentEvents = (sent['events'] as TrackerEvent[]).map((event) => `${event.event}:${String(event.name ?? event.text ?? '')}`);
    // All the session's events, both turns, up to (not including) the action's own event.
    expect(sentEvents.slice(0, 2)).toEqual(['action:action_session_start', 'session_started:']);
    expect(sentEvents.filter((event) => event.startsWith('user:'))).toEqual(['user:/cumprimentar', 'user:/rastrear']);
    // Rasa's user_featurization right after each message, the earlier turn's and this one's.
    expect(sentEvents.flatMap((event, index) => (event.startsWith('user:') ? [sentEvents[index + 1]] : []))).toEqual(['user_featurization:', 'user_featurization:']);
    expect(sentEvents).toContain('action:saudacao');
    expect(sentEvents).not.toContain('action:action_check_order');
    const domain = body['domain'] as Record<string, unknown>;
    expect(domain).toMatchObject({ version: '3.1', actions: expect.arrayContaining(['action_check_order', 'action_refuse']) as unknown, intents: expect.arrayContaining(['rastrear']) as unknown });
    expect((domain['slots'] as Record<string, unknown>)['pedido']).toMatchObject({ type: 'text', mappings: [{ type: 'from_entity', entity: 'pedido' }] });
    expect((domain['responses'] as Record<string, unknown>)['utter_saudacao']).toEqual([{ text: 'Olá, {cliente}! Seu pedido é {pedido}.' }]);

    expect(messages).toEqual([
      // A button's other keys (a link button's type and url) as the action server gave them, as Rasa's REST output.
      {
        recipient_id: sender,
        text: 'Pedido A17 sai hoje (antes: null)',
        buttons: [
          { title: 'Detalhes', payload: '/rastrear' },
          { title: 'Site', payload: 'Site', type: 'web_url', url: 'https://pedidos.example/A17' },
        ],
      },
      // A response named by the action is the skill, rendered with the call's values over the slots.
      { recipient_id: sender, text: 'Olá! Seu pedido é B42.' },
      { recipient_id: sender, image: 'https://cdn.example/a17.png' },
      { recipient_id: sender, custom: { card: 'pedido', id: 'A17' } },
    ]);
    const after = await tracker();
    expect(after.slots).toMatchObject({ pedido: 'A17', cliente: 'Ana' });
    expect(lastTurn(after.events)).toEqual([
      'user_featurization',
      'action:action_check_order',
      'bot:Pedido A17 sai hoje (antes: null)',
      'bot:Olá! Seu pedido é B42.',
      'bot:null',
      'bot:null',
      'slot:pedido="A17"',
      'slot:cliente="Ana"',
      'action:action_listen',
    ]);
    const actionEvent = after.events.find((event) => event.event === 'action' && event.name === 'action_check_order');
    expect(actionEvent?.metadata).toMatchObject({ skill: 'rastrear_pedido', dialogue: 'rastreio' });
    // The next call sees what the last one set.
    await say('/rastrear');
    expect(((server.calls.at(-1)?.body['tracker'] as { slots: Record<string, unknown> }).slots)['pedido']).toBe('A17');
  });

  it('runs a custom action named in the conversations API (execute, trigger_intent), the tracker showing its events', async () => {
    const { sender, say, tracker } = chat();
    await say('/cumprimentar');
    const executed = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/execute?token=${apiToken}`, payload: { name: 'action_check_order' } });
    expect(executed.statusCode).toBe(200);
    const result = executed.json() as { tracker: { slots: Record<string, unknown>; events: TrackerEvent[] }; messages: RestMessage[] };
    expect(result.messages[0]).toMatchObject({ recipient_id: sender, text: 'Pedido A17 sai hoje (antes: null)' });
    expect(result.tracker.slots['pedido']).toBe('A17');
    expect(result.tracker.events.slice(-7).map((event) => `${event.event}:${String(event.name ?? '')}`)).toEqual([
      'action:action_check_order',
      'bot:',
      'bot:',
      'bot:',
      'bot:',
      'slot:pedido',
      'slot:cliente',
    ]);
    const triggered = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${apiToken}`, payload: { name: 'recusar' } });
    expect(triggered.statusCode).toBe(200);
    expect((triggered.json() as { messages: RestMessage[] }).messages).toMatchObject([{ text: 'Não entendi.' }]);
    expect(lastTurn((await tracker()).events)).toContain('action_execution_rejected:action_refuse');
  });

  it('hands the conversation to a person when a custom action skill flagged handoff answers', async () => {
    const { say, tracker } = chat();
    const answer = await say('/atendente');
    expect(answer[0]).toMatchObject({ text: 'Vou chamar alguém.' });
    expect(answer.length).toBeGreaterThan(1);
    expect((await tracker()).events.map((event) => event.event)).toContain('pause');
  });

  it("records a rejection (400 with action_name) as Rasa does, and the fallback answers", async () => {
    const { say, tracker } = chat();
    expect(await say('/recusar')).toMatchObject([{ text: 'Não entendi.' }]);
    const turn = lastTurn((await tracker()).events);
    expect(turn).toEqual(['user_featurization', 'action_execution_rejected:action_refuse', 'action:nao_entendi', 'bot:Não entendi.', 'action:action_listen']);
    const rejected = (await tracker()).events.find((event) => event.event === 'action_execution_rejected');
    expect(rejected?.metadata).toMatchObject({ action_server: { status: 400, error: 'o pedido não pode ser consultado agora' } });
  });

  it("says the skill's failure message, or a standard one, when the action is unknown (404), raises (500), is slow or answers too much", async () => {
    const cases: Array<[string, string, string, number | undefined]> = [
      ['/desconhecida', 'O serviço de pedidos está indisponível agora.', "No registered action found for name 'action_missing'.", 404],
      ['/quebrar', 'Desculpe, não consegui concluir isso agora. Tente de novo em instantes.', 'KeyError: pedido', 500],
      ['/demorar', 'Demorou demais; tente de novo.', 'did not answer within 0.5 s', undefined],
      ['/enorme', 'Desculpe, não consegui concluir isso agora. Tente de novo em instantes.', 'larger than 16 KB', undefined],
    ];
    for (const [message, text, error, status] of cases) {
      const { say, tracker } = chat();
      expect(await say(message), message).toEqual([expect.objectContaining({ text })]);
      const events = (await tracker()).events;
      const turn = lastTurn(events);
      expect(turn[1]).toMatch(/^action:action_/);
      expect(turn.slice(2)).toEqual([`bot:${text}`, 'action:action_listen']);
      const recorded = (events.filter((event) => event.event === 'action').at(-2)?.metadata as Record<string, unknown> | undefined)?.['action_server'] as { status?: number; error: string };
      expect(recorded.error).toContain(error);
      expect(recorded.status).toBe(status);
    }
  });

  it('runs a follow-up action in the same turn, sends bot events and applies reset_slots', async () => {
    const { say, tracker } = chat();
    expect((await say('/encadear')).map((message) => message.text)).toEqual(['Primeiro passo feito.', 'Segundo passo feito.']);
    expect(lastTurn((await tracker()).events)).toEqual([
      'user_featurization',
      'action:action_first',
      'bot:Primeiro passo feito.',
      'followup:action_second',
      'action:action_second',
      'bot:Segundo passo feito.',
      'action:action_listen',
    ]);
    const second = chat();
    await second.say('/rastrear');
    expect((await second.tracker()).slots['pedido']).toBe('A17');
    expect(await second.say('/esquecer')).toMatchObject([{ text: 'Esqueci.' }]);
    expect((await second.tracker()).slots).toMatchObject({ pedido: null, cliente: null });
  });

  it("runs Rasa's default actions named as follow-ups: a restart starts a new session with nothing carried over", async () => {
    const forget = server.actions.get('action_forget');
    server.actions.set('action_forget', () => ({ events: [{ event: 'followup', name: 'action_restart' }], responses: [utterMessage({ text: 'Recomeçando.' })] }));
    try {
      const { say, sender } = chat();
      await say('/rastrear');
      expect(await say('/esquecer')).toMatchObject([{ text: 'Recomeçando.' }]);
      const all = await test.app.inject({ method: 'GET', url: `/conversations/${sender}/tracker?token=${apiToken}&include_events=ALL` });
      expect(lastTurn((all.json() as { events: TrackerEvent[] }).events)).toEqual([
        'user_featurization',
        'action:action_forget',
        'bot:Recomeçando.',
        'followup:action_restart',
        'action:action_restart',
        'restart',
        'action:action_session_start',
        'session_started',
        'action:action_listen',
      ]);
      const after = all.json() as { slots: Record<string, unknown> };
      expect(after.slots['pedido']).toBeNull();
      // A session start keeps what was known.
      server.actions.set('action_forget', () => ({ events: [{ event: 'followup', name: 'action_session_start' }] }));
      const other = chat();
      await other.say('/rastrear');
      await other.say('/esquecer');
      const started = (await other.tracker()) as { slots: Record<string, unknown>; events: TrackerEvent[] };
      expect(lastTurn(started.events)).toEqual(['user_featurization', 'action:action_forget', 'followup:action_session_start', 'action:action_session_start', 'session_started', 'slot:pedido="A17"', 'slot:cliente="Ana"', 'action:action_listen']);
      expect(started.slots['pedido']).toBe('A17');
    } finally {
      if (forget) server.actions.set('action_forget', forget);
    }
  });
});

describe('custom actions: the SSRF guard, files and bad input', () => {
  it('refuses a private address unless HELPER_OUTBOUND_ALLOW names it, saying which variable allows it but not the address (the log does)', async () => {
    const server = await startFakeActionServer();
    registerActions(server);
    const logLines: string[] = [];
    const test = await startTestPlatform({ demo: false, logLines });
    // A name that resolves to a loopback address: what the conversation records names the host as
    // given, never the address it resolved to (the operator's network is not the tenant's to map).
    const endpoint = server.url.replace('127.0.0.1', 'localhost');
    try {
      const assistant = await test.platform.defaultAssistant();
      const parsed = parseAssistantFile(ASSISTANT.replace('version: 1', `version: 1\nsettings:\n  action_endpoint: ${endpoint}`));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      expect(parsed.file.settings?.actionEndpointUrl).toBe(endpoint);
      await test.platform.store.content.save(assistant.id, parsed.file.content, 'replace');
      await test.platform.trainer.train(await test.platform.store.assistants.updateSettings(assistant.id, parsed.file.settings ?? {}));
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'ssrf', message: '/rastrear' } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([{ recipient_id: 'ssrf', text: 'Desculpe, não consegui concluir isso agora. Tente de novo em instantes.' }]);
      expect(server.calls).toHaveLength(0);
      const events = (await test.platform.store.conversations.sessionEvents(assistant.id, 'ssrf')).map((entry) => entry.event);
      const action = events.find((event) => event.event === 'action' && event.name === 'action_check_order');
      const recorded = (action?.metadata as Record<string, unknown> | undefined)?.['action_server'] as { error: string } | undefined;
      expect(recorded?.error).toMatch(/^localhost resolves to an address that is not public .*HELPER_OUTBOUND_ALLOW/);
      expect(recorded?.error).not.toMatch(/127\.0\.0\.1|::1/);
      const logged = logLines.map((line) => JSON.parse(line) as { msg?: string; refusedAddress?: string }).find((line) => line.msg === 'custom action did not complete');
      expect(logged?.refusedAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
    } finally {
      await test.close();
      await server.close();
    }
  });

  it("masks the token an action server's error echoes (raw, URL-encoded, Bearer) in the event the tracker shows and in the log", async () => {
    const server = await startFakeActionServer();
    registerActions(server);
    const token = 'ACT/TOKEN+secret&x=1';
    // What the action server got, quoted back in its error: the token as sent, the URL (?token=, URL-encoded) and the header.
    const quoted = () => {
      const call = server.calls.at(-1);
      return `boom with token ${token}; url ${call?.url ?? ''}; header ${String(call?.headers['authorization'])}`;
    };
    server.actions.set('action_crash', () => {
      throw new Error(quoted());
    });
    server.actions.set('action_refuse', () => {
      throw new ActionExecutionRejection(quoted());
    });
    const logLines: string[] = [];
    const test = await startTestPlatform({ demo: false, logLines, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_OUTBOUND_ALLOW: '127.0.0.1' } });
    try {
      const assistant = await replaceDefaultAssistantContent(test, ASSISTANT);
      const set = await test.app.inject({ method: 'PATCH', url: SETTINGS, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { actionEndpointUrl: server.url, actionEndpointToken: token } });
      expect(set.statusCode).toBe(200);
      await test.platform.trainer.train((await test.platform.store.assistants.getById(assistant.id)) ?? assistant);
      const apiToken = await test.platform.apiAccess.ensure(assistant);
      for (const message of ['/quebrar', '/recusar']) {
        const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'echo', message } });
        expect(response.statusCode).toBe(200);
      }
      expect(server.calls.at(-1)?.url).toBe(`/webhook?token=${new URLSearchParams([['', token]]).toString().slice(1)}`);
      const tracker = await test.app.inject({ method: 'GET', url: `/conversations/echo/tracker?token=${apiToken}` });
      const events = (tracker.json() as { events: TrackerEvent[] }).events;
      const recorded = events.flatMap((event) => {
        const actionServer = (event.metadata as Record<string, unknown> | undefined)?.['action_server'] as { error: string } | undefined;
        return actionServer === undefined ? [] : [actionServer.error];
      });
      expect(recorded).toEqual(['boom with token ••••••; url /webhook?token=••••••; header ••••••', 'boom with token ••••••; url /webhook?token=••••••; header ••••••']);
      const logged = logLines.filter((line) => line.includes('custom action did not complete'));
      expect(logged).toHaveLength(2);
      const everything = [tracker.body, ...logLines, JSON.stringify((await test.platform.store.conversations.sessionEvents(assistant.id, 'echo')).map((entry) => entry.event))].join('\n');
      for (const form of [token, encodeURIComponent(token), 'ACT%2FTOKEN', 'TOKEN+secret', `Bearer ${token}`]) expect(everything, form).not.toContain(form);
    } finally {
      await test.close();
      await server.close();
    }
  });

  it('reads and writes action skills and the action endpoint in the assistant file, and names bad action names', () => {
    const file = ASSISTANT.replace('version: 1', 'version: 1\nsettings:\n  action_endpoint: http://actions.internal:5055/webhook');
    const parsed = parseAssistantFile(file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.file.content.skills.find((skill) => skill.name === 'inexistente')).toEqual({
      name: 'inexistente',
      fallback: false,
      kind: 'action',
      action: 'action_missing',
      texts: ['O serviço de pedidos está indisponível agora.'],
    });
    const written = serialiseAssistantFile({ settings: parsed.file.settings ?? {}, content: parsed.file.content });
    expect(written).toContain('action: action_check_order');
    expect(written).toContain('action_endpoint: http://actions.internal:5055/webhook');
    const again = parseAssistantFile(written);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.file.content).toEqual(parsed.file.content);
    expect(again.file.settings).toEqual(parsed.file.settings);

    const bad = parseAssistantFile('version: 1\nsettings:\n  action_endpoint: ftp://x.example\nskills:\n  - name: a\n    action: action_listen\n  - name: b\n    action: "tem espaço"\n');
    expect(bad.ok).toBe(false);
    const messages = bad.ok ? [] : bad.errors.map((error) => `${error.path}: ${error.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/settings.action_endpoint: .*http\(s\)/),
        expect.stringMatching(/skills\[0\].action: "action_listen" is one of Rasa's own actions/),
        expect.stringMatching(/skills\[1\].action: .*letters, digits/),
      ]),
    );
  });
});
