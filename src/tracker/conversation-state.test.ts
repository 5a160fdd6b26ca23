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
    expect(state).toEqual({ slots: { nome: 'Ana' }, previousDialogue: 'rating', paused: true, latestUserTime: 2, sessionStarted: true });
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
});
