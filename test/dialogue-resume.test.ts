// A dialogue taken over by another comes back, through the REST channel of a real platform: the
// confirmation of a ticket (or its choice of what to change, or a question) is interrupted by a
// confident request for a visit; once the visit is scheduled (or cancelled) the ticket comes back
// at the step it was in, with what it had — also when the platform restarted in between (the
// state is read from the stored events only).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackerEvent } from '../src/tracker/events.js';
import { validateEvents } from '../src/tracker/validate-events.js';
import { restConversation, startTestPlatform, trainDefaultAssistantOn, type TestPlatform } from './helpers/test-platform.js';

const ASSISTANT = `
version: 1
contexts:
  - name: equipamento
    type: text
    values: [impressora, computador, monitor]
  - name: descricao
    type: text
    lifetime: dialogue
  - name: data_visita
    type: text
    entity: date
    lifetime: dialogue
  - name: urgente
    type: boolean
intents:
  - name: abrir_chamado
    phrases: [quero abrir um chamado, abrir chamado, abre um chamado pra mim, preciso registrar um chamado, registrar incidente, criar ticket]
  - name: agendar_visita
    phrases: [quero agendar uma visita técnica, agendar visita, marcar uma visita do técnico, preciso de uma visita, agende um técnico]
  - name: horario
    phrases: [qual o horário de atendimento, que horas vocês abrem, horário do suporte, até que horas funciona, horario de atendimento]
skills:
  - name: perguntar_equipamento
    text: Qual equipamento?
  - name: perguntar_descricao
    text: Descreva o problema com {equipamento}.
  - name: confirmar_chamado
    text: "Confirma: {equipamento} / {descricao}?"
  - name: chamado_registrado
    text: Chamado registrado para {equipamento}.
  - name: chamado_cancelado
    text: Certo, não registrei nada.
  - name: perguntar_data
    text: Para quando?
  - name: perguntar_urgente
    text: É urgente?
  - name: visita_agendada
    text: Visita agendada, urgente {urgente}.
  - name: informar_horario
    text: Atendemos das 8h às 18h.
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - name: chamado
    intent: abrir_chamado
    slots:
      - {context: equipamento, question: perguntar_equipamento}
      - {context: descricao, question: perguntar_descricao}
    confirm: confirmar_chamado
    skill: chamado_registrado
    cancel: chamado_cancelado
  - name: visita
    intent: agendar_visita
    slots:
      - {context: data_visita, question: perguntar_data}
      - {context: urgente, question: perguntar_urgente}
    skill: visita_agendada
  - {name: horario, intent: horario, skill: informar_horario}
`;

const SWITCHED = 'Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior.';
const RESUMED = 'Voltando ao pedido anterior.';
const WHAT_TO_CHANGE = 'O que você quer corrigir?';
const CHOOSE = 'Não entendi. Escolha o que quer corrigir: equipamento, descricao ou cancelar.';

describe('a dialogue taken over comes back, over REST', () => {
  let dataDir: string;
  let test: TestPlatform;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'helper-dialogue-resume-'));
    test = await startTestPlatform({ demo: false, dataDir });
    await trainDefaultAssistantOn(test, ASSISTANT);
  });
  afterAll(async () => {
    await test?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  type Tracker = { events: TrackerEvent[]; slots: Record<string, unknown>; active_loop: Record<string, unknown> };

  async function tracker(sender: string): Promise<Tracker> {
    const assistant = await test.platform.defaultAssistant();
    const token = await test.platform.apiAccess.ensure(assistant);
    const response = await test.app.inject({ method: 'GET', url: `/conversations/${sender}/tracker?token=${token}` });
    return response.json() as Tracker;
  }

  async function events(sender: string): Promise<TrackerEvent[]> {
    return (await tracker(sender)).events;
  }

  /** The last events, as `event:name` (a bot event's utterance). */
  async function lastEvents(sender: string, count: number): Promise<string[]> {
    return (await events(sender)).slice(-count).map((event) => `${String(event.event)}:${String(event.name ?? event.metadata?.utter_action ?? '')}`);
  }

  /** A ticket at its confirmation; what says the conversation's next messages. */
  async function atConfirmation(sender: string): Promise<(message: string) => Promise<Array<string | undefined>>> {
    const say = restConversation(test, sender);
    expect(await say('quero abrir um chamado')).toEqual(['Qual equipamento?']);
    expect(await say('impressora')).toEqual(['Descreva o problema com impressora.']);
    expect(await say('não imprime nada')).toEqual(['Confirma: impressora / não imprime nada?']);
    return say;
  }

  /** A ticket at its confirmation, taken over by a request for a visit. */
  async function takenOver(sender: string): Promise<void> {
    const say = await atConfirmation(sender);
    expect(await say('quero agendar uma visita técnica')).toEqual([SWITCHED, 'Para quando?']);
  }

  /**
   * The platform stops and starts again on the same data (nothing of the conversation is in
   * memory), and the visit is scheduled: the answer to its last question, and what says the next.
   */
  async function restartAndScheduleVisit(sender: string): Promise<{ answer: Array<string | undefined>; say: (message: string) => Promise<Array<string | undefined>> }> {
    await test.close();
    test = await startTestPlatform({ demo: false, dataDir });
    const say = restConversation(test, sender);
    expect(await say('amanhã')).toEqual(['É urgente?']);
    return { answer: await say('sim'), say };
  }

  it('asks the confirmation again once the visit is scheduled, after a restart in between, with the values it had', async () => {
    await takenOver('resume-1');
    const { answer, say } = await restartAndScheduleVisit('resume-1');
    expect(answer).toEqual(['Visita agendada, urgente sim.', RESUMED, 'Confirma: impressora / não imprime nada?']);
    expect(await lastEvents('resume-1', 8)).toEqual([
      'bot:visita_agendada',
      'slot:data_visita',
      'action:chamado',
      'active_loop:chamado',
      'bot:utter_slot_filling_resumed',
      'slot:requested_slot',
      'bot:confirmar_chamado',
      'action:action_listen',
    ]);
    expect(await say('sim')).toEqual(['Chamado registrado para impressora.']);
  });

  it('comes back after the visit is cancelled; "cancelar" at the question that came back cancels the ticket', async () => {
    await takenOver('resume-2');
    const say = restConversation(test, 'resume-2');
    expect(await say('cancelar')).toEqual(['Tudo bem, cancelei. Se precisar, é só chamar.', RESUMED, 'Confirma: impressora / não imprime nada?']);
    expect(await say('cancelar')).toEqual(['Certo, não registrei nada.']);
    expect(await say('oi')).toEqual(['Não entendi.']);
  });

  it('a question that only answers still comes back at once, as before', async () => {
    const say = restConversation(test, 'resume-3');
    await say('quero abrir um chamado');
    expect(await say('qual o horário de atendimento')).toEqual(['Atendemos das 8h às 18h.', 'Qual equipamento?']);
  });

  /** A ticket at "O que você quer corrigir?" (after one answer there that did not fit), taken over by a request for a visit. */
  async function takenOverAtCorrection(sender: string): Promise<void> {
    const say = await atConfirmation(sender);
    expect(await say('não')).toEqual([WHAT_TO_CHANGE]);
    expect(await say('xyz')).toEqual([CHOOSE, WHAT_TO_CHANGE]);
    expect(await say('quero agendar uma visita técnica')).toEqual([SWITCHED, 'Para quando?']);
  }

  it('comes back at "O que você quer corrigir?" when it was there, after a restart in between, and the tracker still reads as Rasa’s', async () => {
    await takenOverAtCorrection('resume-4');
    const { answer, say } = await restartAndScheduleVisit('resume-4');
    expect(answer).toEqual(['Visita agendada, urgente sim.', RESUMED, WHAT_TO_CHANGE]);
    expect(await lastEvents('resume-4', 6)).toEqual([
      'action:chamado',
      'active_loop:chamado',
      'bot:utter_slot_filling_resumed',
      'slot:requested_slot',
      'bot:utter_ask_correction',
      'action:action_listen',
    ]);
    const rasa = await tracker('resume-4');
    expect(rasa.active_loop).toMatchObject({ name: 'chamado', is_interrupted: false, rejected: false });
    expect(rasa.slots).toMatchObject({ requested_slot: 'correction', equipamento: 'impressora', descricao: 'não imprime nada', data_visita: null });
    // Every stored event is one the conversations API takes back (Rasa's event schema).
    expect(validateEvents(rasa.events, 0)).toMatchObject({ ok: true });
    // The choice of what to change goes on: a context chosen is asked again, then the confirmation.
    expect(await say('equipamento')).toEqual(['Qual equipamento?']);
    expect(await say('computador')).toEqual(['Confirma: computador / não imprime nada?']);
    expect(await say('sim')).toEqual(['Chamado registrado para computador.']);
  });

  it('keeps the count of answers that did not fit at "O que você quer corrigir?": the third one gives up, as without the takeover', async () => {
    await takenOverAtCorrection('resume-5');
    const say = restConversation(test, 'resume-5');
    expect(await say('cancelar')).toEqual(['Tudo bem, cancelei. Se precisar, é só chamar.', RESUMED, WHAT_TO_CHANGE]);
    expect(await say('abc')).toEqual([CHOOSE, WHAT_TO_CHANGE]);
    expect(await say('def')).toEqual(['Não consegui entender a resposta, então parei por aqui. Quando quiser, é só começar de novo.']);
    expect((await tracker('resume-5')).slots).toMatchObject({ requested_slot: null, equipamento: null, descricao: null });
  });

  it('comes back at the question it was asking, with its values, when it was taken over there', async () => {
    const say = restConversation(test, 'resume-6');
    expect(await say('quero abrir um chamado')).toEqual(['Qual equipamento?']);
    expect(await say('quero agendar uma visita técnica')).toEqual([SWITCHED, 'Para quando?']);
    expect(await say('amanhã')).toEqual(['É urgente?']);
    expect(await say('não')).toEqual(['Visita agendada, urgente não.', RESUMED, 'Qual equipamento?']);
    expect(await say('monitor')).toEqual(['Descreva o problema com monitor.']);
  });
});
