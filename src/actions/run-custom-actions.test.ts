import { describe, expect, it } from 'vitest';
import { emptyContent, type AssistantContent, type Skill } from '../assistant/content.js';
import type { AssistantRecord } from '../store/store.js';
import { actionEvent, botEvent, emptyBotData, slotEvent, type TrackerEvent } from '../tracker/events.js';
import type { ActionServer } from './action-server-client.js';
import { actionDomain } from './action-domain.js';
import { runCustomActions } from './run-custom-actions.js';

const reset: Skill = { name: 'recomecar', fallback: false, kind: 'action', action: 'action_reset', texts: [] };
const content: AssistantContent = { ...emptyContent(), contexts: [{ name: 'pedido', type: 'text', values: [] }], skills: [reset] };
const metadata = { assistant_id: '1', model_id: 'm' };

function run(followup: string, skills: Skill[] = []) {
  const server: ActionServer = { call: async () => ({ status: 200, body: { events: [{ event: 'followup', name: followup }], responses: [{ text: 'Vamos recomeçar.' }] } }) };
  // The dialogue's answer: the action, then what came after it (a preset value and a message).
  const events: TrackerEvent[] = [actionEvent('action_reset', 10, { metadata }), slotEvent('pedido', 'A17', 10, metadata), botEvent('Depois', emptyBotData(), 10, metadata)];
  return runCustomActions({
    server,
    assistant: { id: 1 } as AssistantRecord,
    content: { ...content, skills: [...content.skills, ...skills] },
    language: 'pt',
    sender: 'ana',
    now: 10,
    metadata,
    random: () => 0,
    sessionExpirationSeconds: 3600,
    history: async () => [slotEvent('pedido', 'B42', 5, metadata)],
    turnEvents: [],
    answer: { events, messages: [{ text: 'Depois' }], actions: [{ skill: reset, eventIndex: 0, messageIndex: 0 }], pending: [] },
  });
}

describe('runCustomActions: a follow-up that starts a new session', () => {
  it('ends the answer at a restart: nothing the dialogue had after the action reaches the new session', async () => {
    const result = await run('action_restart');
    expect(result.events.map((event) => (event.event === 'action' ? `action:${String(event.name)}` : event.event))).toEqual([
      'action:action_reset',
      'bot',
      'followup',
      'action:action_restart',
      'restart',
      'action:action_session_start',
      'session_started',
    ]);
    expect(result.messages).toEqual([{ text: 'Vamos recomeçar.' }]);
  });

  it("says the assistant's utter_restart before restarting, as Rasa's action_restart does", async () => {
    const result = await run('action_restart', [{ name: 'utter_restart', fallback: false, kind: 'text', texts: ['Recomeçando do zero.'] }]);
    expect(result.messages).toEqual([{ text: 'Vamos recomeçar.' }, { text: 'Recomeçando do zero.' }]);
    expect(result.events.map((event) => event.event).slice(3, 6)).toEqual(['action', 'bot', 'restart']);
  });

  it('carries the slots into a session start, and drops the rest of the answer too', async () => {
    const result = await run('action_session_start');
    expect(result.events.slice(-3)).toMatchObject([{ event: 'action', name: 'action_session_start' }, { event: 'session_started' }, { event: 'slot', name: 'pedido', value: 'B42' }]);
    expect(result.messages).toEqual([{ text: 'Vamos recomeçar.' }]);
  });

  it('ends the loop and its requested slot on action_deactivate_loop, keeping the rest of the answer', async () => {
    const result = await run('action_deactivate_loop');
    expect(result.events.slice(3)).toMatchObject([
      { event: 'action', name: 'action_deactivate_loop' },
      { event: 'active_loop', name: null },
      { event: 'slot', name: 'requested_slot', value: null },
      { event: 'slot', name: 'pedido', value: 'A17' },
      { event: 'bot', text: 'Depois' },
    ]);
  });
});

describe('runCustomActions: responses named by an action', () => {
  const hello: Skill = { name: 'Saudacao', fallback: false, kind: 'text', texts: ['Olá, {pedido}!'] };
  const menu: Skill = { name: 'Abrir chamado', fallback: false, kind: 'text', texts: ['Chamado aberto.'] };

  it("names the skills utter_* in the domain sent, as the Rasa export does, and finds a skill by its name, that name or utter_<its name>; an unknown name is skipped and recorded", async () => {
    const withSkills = { ...content, skills: [reset, hello, menu] };
    expect(Object.keys(actionDomain(withSkills, 3600)['responses'] as Record<string, unknown>)).toEqual(['utter_saudacao', 'utter_abrir_chamado']);
    const responses = ['Saudacao', 'utter_saudacao', 'utter_Saudacao', 'utter_abrir_chamado', 'utter_Abrir chamado', 'utter_nada', 'nada'].map((response) => ({ response, pedido: 'A17' }));
    const server: ActionServer = { call: async () => ({ status: 200, body: { events: [], responses } }) };
    const told: Array<{ action: string; responses: string[] }> = [];
    const result = await runCustomActions({
      server,
      assistant: { id: 1 } as AssistantRecord,
      content: withSkills,
      language: 'pt',
      sender: 'ana',
      now: 10,
      metadata,
      random: () => 0,
      sessionExpirationSeconds: 3600,
      history: async () => [],
      turnEvents: [],
      answer: { events: [actionEvent('action_reset', 10, { metadata })], messages: [], actions: [{ skill: reset, eventIndex: 0, messageIndex: 0 }], pending: [] },
      onUnknownResponses: (unknown) => told.push(unknown),
    });
    expect(result.messages).toEqual([{ text: 'Olá, A17!' }, { text: 'Olá, A17!' }, { text: 'Olá, A17!' }, { text: 'Chamado aberto.' }, { text: 'Chamado aberto.' }]);
    expect(result.events[0]?.metadata).toMatchObject({ unknown_responses: ['utter_nada', 'nada'] });
    expect(told).toEqual([{ action: 'action_reset', responses: ['utter_nada', 'nada'] }]);
  });
});
