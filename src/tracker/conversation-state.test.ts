import { describe, expect, it } from 'vitest';
import { readConversationState } from './conversation-state.js';
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
