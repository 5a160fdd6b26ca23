import { describe, expect, it } from 'vitest';
import { readConversationState } from '../tracker/conversation-state.js';
import { ConversationStateCache } from './conversation-state-cache.js';

describe('ConversationStateCache', () => {
  const state = readConversationState([]);

  it('returns a state only at the revision it was stored at, and forgets a stale one', () => {
    const cache = new ConversationStateCache();
    cache.set('a', 3, state);
    expect(cache.get('a', 3)).toBe(state);
    expect(cache.get('a', 4)).toBeUndefined();
    expect(cache.get('a', 3)).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new ConversationStateCache(2);
    cache.set('a', 1, state);
    cache.set('b', 1, state);
    cache.get('a', 1);
    cache.set('c', 1, state);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBe(state);
  });
});
