// Rasa's form validation end to end, on SQLite and PostgreSQL: a dialogue with slots whose
// assistant has an `action` skill running `validate_<dialogue>` calls it on the action server (a
// local stand-in answering as rasa-sdk's FormValidationAction) after each message's answers are
// read, with the tracker Rasa sends — the values read as the last `slot` events — and goes on
// from what it answers: the value kept, changed, or rejected (asked again); a failure is the
// validation skill's failure message, the value not taken and the question again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantRecord } from '../src/store/store.js';
import type { TrackerEvent } from '../src/tracker/events.js';
import { startFakeActionServer, utterMessage, type FakeActionServer } from './helpers/fake-action-server.js';
import { replaceDefaultAssistantContent, startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ASSISTANT = `
version: 1
contexts:
  - name: cpf
    type: text
  - name: cidade
    type: text
intents:
  - name: cadastrar
    phrases: [quero me cadastrar, fazer cadastro, abrir uma conta, criar meu cadastro, cadastro novo]
skills:
  - name: perguntar_cpf
    text: Qual o seu CPF?
  - name: perguntar_cidade
    text: Qual a sua cidade?
  - name: cadastro_feito
    text: Cadastro de {cpf} em {cidade} feito.
  - name: validar_cadastro
    action: validate_cadastro
    text: Não consegui validar agora.
dialogues:
  - name: cadastro
    intent: cadastrar
    skill: cadastro_feito
    slots:
      - {context: cpf, question: perguntar_cpf}
      - {context: cidade, question: perguntar_cidade}
`;

interface RestMessage {
  text?: string;
}

/** rasa-sdk's Tracker.slots_to_validate: the slot events at the end of the tracker. */
function slotsToValidate(events: TrackerEvent[]): Record<string, unknown> {
  const slots: Record<string, unknown> = {};
  let start = events.length;
  while (start > 0 && events[start - 1]?.event === 'slot') start -= 1;
  for (const event of events.slice(start)) slots[String(event.name)] = event.value;
  return slots;
}

/** A FormValidationAction: validate_cpf formats eleven digits, rejects anything else, raises on "erro". */
function validateCadastro(call: Record<string, unknown>) {
  const tracker = call['tracker'] as { events: TrackerEvent[] };
  const events: unknown[] = [];
  const responses: unknown[] = [];
  for (const [name, value] of Object.entries(slotsToValidate(tracker.events))) {
    if (name === 'cpf' && value === 'erro') throw new Error('KeyError: cpf');
    if (name === 'cpf' && /^\d{11}$/.test(String(value))) events.push({ event: 'slot', name, value: String(value).replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4'), timestamp: null });
    else if (name === 'cpf') {
      responses.push(utterMessage({ text: 'CPF inválido.' }));
      events.push({ event: 'slot', name, value: null, timestamp: null });
    } else events.push({ event: 'slot', name, value, timestamp: null });
  }
  return { events, responses };
}

describe.each([
  { name: 'sqlite', postgres: false },
  { name: 'postgres', postgres: true },
])('form validation on $name', ({ postgres }) => {
  let test: TestPlatform;
  let server: FakeActionServer;
  let assistant: AssistantRecord;
  let apiToken: string;
  let conversation = 0;

  beforeAll(async () => {
    server = await startFakeActionServer();
    server.actions.set('validate_cadastro', validateCadastro);
    test = await startTestPlatform({ demo: false, postgres, env: { HELPER_OUTBOUND_ALLOW: '127.0.0.1' } });
    assistant = await replaceDefaultAssistantContent(test, ASSISTANT);
    assistant = await test.platform.store.assistants.updateSettings(assistant.id, { actionEndpointUrl: server.url });
    await test.platform.trainer.train(assistant);
    apiToken = await test.platform.apiAccess.ensure(assistant);
  });
  afterAll(async () => {
    await test?.close();
    await server?.close();
  });

  function chat() {
    const sender = `${postgres ? 'pg' : 'sq'}-${++conversation}`;
    const say = async (message: string): Promise<Array<string | undefined>> => {
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
      expect(response.statusCode).toBe(200);
      return (response.json() as RestMessage[]).map((item) => item.text);
    };
    const tracker = async () => {
      const response = await test.app.inject({ method: 'GET', url: `/conversations/${sender}/tracker?token=${apiToken}` });
      expect(response.statusCode).toBe(200);
      return response.json() as { slots: Record<string, unknown>; events: TrackerEvent[] };
    };
    return { sender, say, tracker };
  }

  it('calls validate_<dialogue> with the value read as the last slot event, and takes the value it changed', async () => {
    const { sender, say, tracker } = chat();
    const before = server.calls.length;
    expect(await say('/cadastrar')).toEqual(['Qual o seu CPF?']);
    // Nothing read yet: nothing to validate.
    expect(server.calls.length).toBe(before);
    expect(await say('12345678901')).toEqual(['Qual a sua cidade?']);
    expect(server.calls.length).toBe(before + 1);
    const body = server.calls.at(-1)?.body ?? {};
    expect(body).toMatchObject({ next_action: 'validate_cadastro', sender_id: sender });
    const sent = body['tracker'] as { slots: Record<string, unknown>; events: TrackerEvent[]; active_loop: Record<string, unknown>; latest_message: { text: string } };
    expect(sent.slots).toMatchObject({ cpf: '12345678901', requested_slot: 'cpf' });
    expect(sent.active_loop).toMatchObject({ name: 'cadastro' });
    expect(sent.latest_message.text).toBe('12345678901');
    // As Rasa's temporary tracker: requested_slot, the form's action, then the candidates.
    expect(sent.events.slice(-3).map((event) => `${event.event}:${String(event.name)}=${JSON.stringify(event.value ?? null)}`)).toEqual(['slot:requested_slot="cpf"', 'action:cadastro=null', 'slot:cpf="12345678901"']);
    expect((body['domain'] as { actions: string[] }).actions).toContain('validate_cadastro');
    expect((await tracker()).slots).toMatchObject({ cpf: '123.456.789-01', requested_slot: 'cidade' });
    expect(await say('Recife')).toEqual(['Cadastro de 123.456.789-01 em Recife feito.']);
    expect(slotsToValidate((server.calls.at(-1)?.body['tracker'] as { events: TrackerEvent[] }).events)).toEqual({ cidade: 'Recife' });
  });

  it('asks again, after what the validation said, when it rejects the value (a null slot)', async () => {
    const { say, tracker } = chat();
    await say('/cadastrar');
    expect(await say('abc')).toEqual(['CPF inválido.', 'Qual o seu CPF?']);
    const after = await tracker();
    expect(after.slots).toMatchObject({ cpf: null, requested_slot: 'cpf' });
    const start = after.events.map((event) => event.event).lastIndexOf('user');
    const turn = after.events.slice(start + 1).map((event) => (event.event === 'bot' ? `bot:${String(event.text)}` : event.event === 'slot' ? `slot:${String(event.name)}=${JSON.stringify(event.value)}` : `${event.event}:${String(event.name ?? '')}`));
    expect(turn).toEqual(['user_featurization:', 'action:cadastro', 'slot:cpf="abc"', 'bot:CPF inválido.', 'slot:cpf=null', 'slot:requested_slot="cpf"', 'bot:Qual o seu CPF?', 'action:action_listen']);
    expect(await say('98765432100')).toEqual(['Qual a sua cidade?']);
  });

  it('validates the values the opening message already gives', async () => {
    const { say, tracker } = chat();
    const before = server.calls.length;
    expect(await say('/cadastrar{"cpf": "11122233344"}')).toEqual(['Qual a sua cidade?']);
    expect(server.calls.length).toBe(before + 1);
    expect((server.calls.at(-1)?.body['tracker'] as { slots: Record<string, unknown> }).slots['requested_slot']).toBeNull();
    expect((await tracker()).slots['cpf']).toBe('111.222.333-44');
  });

  it("says the validation skill's failure message when the action server fails, does not take the value and asks again", async () => {
    const { say, tracker } = chat();
    await say('/cadastrar');
    expect(await say('erro')).toEqual(['Não consegui validar agora.', 'Qual o seu CPF?']);
    const after = await tracker();
    expect(after.slots).toMatchObject({ cpf: null, requested_slot: 'cpf' });
    const failure = after.events.find((event) => event.event === 'bot' && event.text === 'Não consegui validar agora.');
    expect(failure?.metadata).toMatchObject({ action_server: { action: 'validate_cadastro', status: 500, error: 'KeyError: cpf' } });
  });
});
