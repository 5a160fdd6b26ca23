// The inbox reads a message not understood as the analytics transcript does: the nearest intent
// and its own confidence, never the fallback's threshold as if it were a confidence.
import { describe, expect, it } from 'vitest';
import { inboxTranscript } from './handoff-transcript.js';

describe('inbox transcript: what the NLU understood', () => {
  it("gives the fallback's nearest intent and its confidence, and an understood message's own", () => {
    const entries = inboxTranscript([
      {
        id: 1,
        event: {
          event: 'user',
          timestamp: 1,
          text: 'blá',
          parse_data: {
            intent: { name: 'nlu_fallback', confidence: 0.2 },
            intent_ranking: [
              { name: 'nlu_fallback', confidence: 0.2 },
              { name: 'sim', confidence: 0.011 },
              { name: 'nao', confidence: 0.004 },
            ],
          },
        },
      },
      { id: 2, event: { event: 'user', timestamp: 2, text: 'sim', parse_data: { intent: { name: 'sim', confidence: 0.97 } } } },
      { id: 3, event: { event: 'user', timestamp: 3, text: '/menu' } },
    ]);
    expect(entries.map((entry) => (entry.kind === 'user' ? { intent: entry.intent, confidence: entry.confidence, candidate: entry.candidate } : entry))).toEqual([
      { intent: 'nlu_fallback', confidence: 0.011, candidate: 'sim' },
      { intent: 'sim', confidence: 0.97, candidate: null },
      { intent: null, confidence: null, candidate: null },
    ]);
  });
});
