import { describe, expect, it } from 'vitest';
import { readConversationState, type ConversationState } from '../tracker/conversation-state.js';
import { ConversationStateCache, stateBytes } from './conversation-state-cache.js';

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
});
