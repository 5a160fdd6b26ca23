import { describe, expect, it } from 'vitest';
import { applyEvents, readConversationState } from './conversation-state.js';
import { actionEvent, sessionStartEvents, slotEvent } from './events.js';

describe('readConversationState', () => {
  it('is empty for a new conversation', () => {
    expect(readConversationState([])).toEqual({
      slots: {},
      previousDialogue: null,
      paused: false,
      latestUserTime: null,
      sessionStarted: false,
      slotOwners: {},
      activeLoop: null,
      fallbacksInARow: 0,
      agentReplies: [],
    });
  });

  it('reads slots, the previous dialogue, pause and the last user message', () => {
    const state = readConversationState([
      ...sessionStartEvents(1, {}, {}),
      { event: 'user', timestamp: 2, text: 'oi' },
      slotEvent('nome', 'Ana', 2),
      actionEvent('ask_rating', 2, { metadata: { dialogue: 'rating' } }),
      actionEvent('action_listen', 2),
      { event: 'pause', timestamp: 3 },
    ]);
    expect(state).toEqual({
      slots: { nome: 'Ana' },
      previousDialogue: 'rating',
      paused: true,
      latestUserTime: 2,
      sessionStarted: true,
      slotOwners: { nome: null },
      activeLoop: null,
      fallbacksInARow: 0,
      agentReplies: [],
    });
  });

  it('starts over unpaused after a restart, as Rasa does (a conversation restarted while paused is answered again)', () => {
    const state = readConversationState([...sessionStartEvents(1, {}, {}), { event: 'user', timestamp: 2, text: 'oi' }, { event: 'pause', timestamp: 3 }, { event: 'restart', timestamp: 4 }]);
    expect(state).toMatchObject({ paused: false, slots: {}, activeLoop: null, fallbacksInARow: 0, agentReplies: [], sessionStarted: false, latestUserTime: null });
  });

  it('opens a session at the next message after a restart, unless another event came after it (Rasa: no applied event)', () => {
    const restarted = [...sessionStartEvents(1, {}, {}), { event: 'restart', timestamp: 4 }];
    expect(readConversationState(restarted).sessionStarted).toBe(false);
    expect(readConversationState([...restarted, slotEvent('nome', 'Ana', 5)]).sessionStarted).toBe(true);
    // A history written without a session start (a PUT of events) is one already, as in Rasa.
    expect(readConversationState([slotEvent('nome', 'Ana', 5)]).sessionStarted).toBe(true);
    expect(readConversationState([]).sessionStarted).toBe(false);
  });

  it("continues from a skill's preset dialogue, whatever answered", () => {
    expect(readConversationState([actionEvent('sugerir', 1, { metadata: { dialogue: 'sugestao', preset_dialogue: 'problema' } })]).previousDialogue).toBe('problema');
    expect(readConversationState([actionEvent('nao_entendi', 1, { metadata: { preset_dialogue: 'menu' } })]).previousDialogue).toBe('menu');
  });

  it('forgets the previous dialogue after a fallback answer, and resumes', () => {
    const state = readConversationState([
      actionEvent('ask_rating', 1, { metadata: { dialogue: 'rating' } }),
      actionEvent('sorry', 2),
      { event: 'pause', timestamp: 3 },
      { event: 'resume', timestamp: 4 },
    ]);
    expect(state.previousDialogue).toBeNull();
    expect(state.paused).toBe(false);
  });
});

describe('applyEvents', () => {
  it('gives, turn by turn, the state a fresh read of the session gives', () => {
    const firstSession = [...sessionStartEvents(1, {}, {}), { event: 'user', timestamp: 2 }, slotEvent('nome', 'Ana', 2), actionEvent('ask', 2, { metadata: { dialogue: 'd' } }), { event: 'pause', timestamp: 3 }];
    const secondSession = [...sessionStartEvents(5000, {}, {}), slotEvent('nome', 'Ana', 5000), { event: 'user', timestamp: 5001 }];
    const incremental = applyEvents(applyEvents(readConversationState([]), firstSession), secondSession);
    expect(incremental).toEqual(readConversationState(secondSession));
    expect(incremental).toMatchObject({ slots: { nome: 'Ana' }, previousDialogue: null, paused: false, latestUserTime: 5001 });
  });

  it('leaves the state it starts from unchanged', () => {
    const before = readConversationState([slotEvent('a', 1, 1)]);
    applyEvents(before, [slotEvent('a', 2, 2)]);
    expect(before.slots).toEqual({ a: 1 });
  });

  it("shares what no event changes and copies the rest before writing it: the previous state's slots, owners and agents' replies stay as they were", () => {
    const agentReply = (text: string, timestamp: number) => ({ event: 'bot', timestamp, text, metadata: { handoff_agent: 'ana' } });
    const before = readConversationState([slotEvent('a', 1, 1, { dialogue: 'd' }), agentReply('first', 1)]);
    const quiet = applyEvents(before, [actionEvent('action_listen', 2)]);
    expect(quiet.slots).toBe(before.slots);
    expect(quiet.slotOwners).toBe(before.slotOwners);
    expect(quiet.agentReplies).toBe(before.agentReplies);
    const changed = applyEvents(quiet, [slotEvent('b', 2, 3), agentReply('second', 3)]);
    expect(changed).toMatchObject({ slots: { a: 1, b: 2 }, slotOwners: { a: 'd', b: null }, agentReplies: ['first', 'second'] });
    expect(before).toMatchObject({ slots: { a: 1 }, slotOwners: { a: 'd' }, agentReplies: ['first'] });
    expect(quiet).toMatchObject({ slots: { a: 1 }, slotOwners: { a: 'd' }, agentReplies: ['first'] });
  });
});

describe('readConversationState: slot filling and who set a slot', () => {
  it('follows the active loop, what it asks and the answers that did not fit', () => {
    const loop = readConversationState([
      { event: 'active_loop', timestamp: 1, name: 'chamado' },
      slotEvent('requested_slot', 'equipamento', 1),
      actionEvent('chamado', 2, { metadata: { dialogue: 'chamado', invalid_answer: true } }),
      actionEvent('chamado', 3, { metadata: { dialogue: 'chamado', invalid_answer: true } }),
    ]);
    expect(loop.activeLoop).toEqual({ name: 'chamado', requested: 'equipamento', attempts: 2 });
    expect(loop.previousDialogue).toBe('chamado');
    // A question asked again starts its count afresh; the loop ends with active_loop null or a new session.
    expect(applyEvents(loop, [slotEvent('requested_slot', 'descricao', 4)]).activeLoop).toEqual({ name: 'chamado', requested: 'descricao', attempts: 0 });
    expect(applyEvents(loop, [{ event: 'active_loop', timestamp: 4, name: null }]).activeLoop).toBeNull();
    expect(applyEvents(loop, sessionStartEvents(5, {}, {})).activeLoop).toBeNull();
  });

  it('reads the dialogue a loop took over and the step it was at; a step coming back keeps its count', () => {
    const takenOver = readConversationState([
      { event: 'active_loop', timestamp: 1, name: 'visita', metadata: { interrupted_dialogue: 'chamado', interrupted_step: 'correction', interrupted_attempts: 2 } },
    ]);
    expect(takenOver.activeLoop).toEqual({ name: 'visita', requested: null, attempts: 0, interrupted: 'chamado', interruptedStep: { requested: 'correction', attempts: 2 } });
    // Written before the step was recorded: the dialogue only; a count that is no whole number of zero or more is none.
    expect(readConversationState([{ event: 'active_loop', timestamp: 1, name: 'visita', metadata: { interrupted_dialogue: 'chamado' } }]).activeLoop).toEqual({
      name: 'visita',
      requested: null,
      attempts: 0,
      interrupted: 'chamado',
    });
    for (const attempts of [-1, 1.5, '2', null]) {
      const loop = readConversationState([{ event: 'active_loop', timestamp: 1, name: 'visita', metadata: { interrupted_dialogue: 'chamado', interrupted_step: null, interrupted_attempts: attempts } }]);
      expect(loop.activeLoop?.interruptedStep).toEqual({ requested: null, attempts: 0 });
    }
    const resumed = readConversationState([{ event: 'active_loop', timestamp: 2, name: 'chamado' }, slotEvent('requested_slot', 'correction', 2, { resumed_attempts: 2 })]);
    expect(resumed.activeLoop).toEqual({ name: 'chamado', requested: 'correction', attempts: 2 });
    expect(applyEvents(resumed, [slotEvent('requested_slot', 'equipamento', 3)]).activeLoop).toEqual({ name: 'chamado', requested: 'equipamento', attempts: 0 });
  });

  it('remembers the flow that set each slot: none when set from outside', () => {
    const state = readConversationState([slotEvent('sistema', 'E-mail', 1, { dialogue: 'senha' }), slotEvent('cliente', 'ACME', 1)]);
    expect(state.slotOwners).toEqual({ sistema: 'senha', cliente: null });
    expect(applyEvents(state, [{ event: 'reset_slots', timestamp: 2 }]).slotOwners).toEqual({});
  });
});
