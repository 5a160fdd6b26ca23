// A user event's intent and confidence as the analytics read them: an external intent (Rasa's
// UserUttered.create_external: the intent's name alone) has no confidence to count.
import { describe, expect, it } from 'vitest';
import { userEvent } from '../tracker/events.js';
import { understoodOf } from './project-events.js';

describe('understoodOf', () => {
  it('reads an external intent (no confidence, no ranking) as understood with no confidence', () => {
    const intent = { name: 'lembrete', confidence: 1 };
    const event = userEvent({ text: 'EXTERNAL: lembrete', parseData: { text: 'EXTERNAL: lembrete', intent, entities: [], intent_ranking: [intent] }, inputChannel: null, metadata: { is_external: true }, external: true }, 100);
    expect(understoodOf(event)).toEqual({ intent: 'lembrete', confidence: null, candidate: null, fallback: false });
  });
});
