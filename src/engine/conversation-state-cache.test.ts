import { describe, expect, it } from 'vitest';
import { applyEvents, readConversationState, type ConversationState } from '../tracker/conversation-state.js';
import { botEventData } from '../tracker/bot-event-data.js';
import { actionEvent, botEvent, slotEvent, userEvent } from '../tracker/events.js';
import { ConversationStateCache, stateBytes, stateJsonLength } from './conversation-state-cache.js';

describe('ConversationStateCache', () => {
  const state = readConversationState([]);

  it('returns a state only at the revision it was stored at, and forgets a stale one', () => {
    const cache = new ConversationStateCache();
    cache.set('a', 3, state);
    expect(cache.get('a', 3)).toBe(state);
    expect(cache.get('a', 4)).toBeUndefined();
    expect(cache.get('a', 3)).toBeUndefined();
  });

  it('keeps states within its byte budget, dropping the least recently used', () => {
    const small = stateBytes('a', state);
    const cache = new ConversationStateCache(small * 2);
    cache.set('a', 1, state);
    cache.set('b', 1, state);
    cache.get('a', 1);
    cache.set('c', 1, state);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBe(state);
  });

  it('counts a state by its size: one with large slots pushes out many small ones', () => {
    const big: ConversationState = { ...state, slots: { session_started_metadata: { note: 'x'.repeat(100_000) } } };
    const cache = new ConversationStateCache(220_000);
    for (let index = 0; index < 100; index += 1) cache.set(`small-${index}`, 1, state);
    expect(cache.size).toBe(100);
    cache.set('big', 1, big);
    expect(stateBytes('big', big)).toBeGreaterThan(200_000);
    expect(cache.bytes).toBeLessThanOrEqual(220_000);
    expect(cache.get('big', 1)).toBe(big);
    expect(cache.get('small-0', 1)).toBeUndefined();
    expect(cache.get('small-99', 1)).toBe(state);
    // A second large state leaves no room for the first.
    cache.set('big-2', 1, big);
    expect(cache.get('big', 1)).toBeUndefined();
    expect(cache.get('big-2', 1)).toBe(big);
    expect(cache.bytes).toBeLessThanOrEqual(220_000);
  });

  it("measures a state as its JSON's length, also when it shares parts with the state before", () => {
    const parse = { text: 'oi', intent: { name: 'saudacao', confidence: 0.9 }, entities: [], intent_ranking: [] };
    const turns = [
      [actionEvent('action_session_start', 1), { event: 'session_started', timestamp: 1 }, actionEvent('action_listen', 1)],
      [userEvent({ text: 'oi', parseData: parse, inputChannel: 'rest', metadata: {} }, 2.25), slotEvent('cpf', '123 "x" ç', 2.25, { dialogue: 'abrir_chamado' })],
      [{ event: 'active_loop', timestamp: 3, name: 'abrir_chamado' }, slotEvent('requested_slot', 'cpf', 3)],
      [botEvent('um atendente', botEventData({ text: 'um atendente' }), 4, { handoff_agent: 'ana' }), { event: 'pause', timestamp: 4 }],
      [userEvent({ text: 'e aí?', parseData: parse, inputChannel: 'rest', metadata: {} }, 1_796_422_012.336)],
      [{ event: 'restart', timestamp: 6 }, { event: 'resume', timestamp: 6 }],
      [userEvent({ text: '1e21', parseData: parse, inputChannel: 'rest', metadata: {} }, 1e21), userEvent({ text: '-0', parseData: parse, inputChannel: 'rest', metadata: {} }, -0)],
    ];
    let current = readConversationState([]);
    expect(stateJsonLength(current)).toBe(JSON.stringify(current).length);
    for (const events of turns) {
      const previous = current;
      current = applyEvents(current, events);
      expect(stateJsonLength(current)).toBe(JSON.stringify(current).length);
      // The state before keeps its own length (its shared parts were not changed in place).
      expect(stateJsonLength(previous)).toBe(JSON.stringify(previous).length);
    }
    expect(current.paused).toBe(false);
    expect(stateBytes('k', current)).toBe((JSON.stringify(current).length + 1) * 2 + 256);
  });
});
