import { describe, expect, it } from 'vitest';
import { parseIntentPayload } from './intent-payload.js';

const intents = new Set(['greet', 'rate']);

describe('parseIntentPayload', () => {
  it('triggers a known intent with confidence 1', () => {
    expect(parseIntentPayload('/greet', intents)).toEqual({
      text: '/greet',
      intent: { name: 'greet', confidence: 1 },
      entities: [],
      intent_ranking: [{ name: 'greet', confidence: 1 }],
    });
  });

  it('turns the JSON into entities', () => {
    const parse = parseIntentPayload('/rate{"score": 5, "comment": "bom"}', intents);
    expect(parse?.intent.name).toBe('rate');
    expect(parse?.entities.map((entity) => [entity.entity, entity.value])).toEqual([
      ['score', 5],
      ['comment', 'bom'],
    ]);
  });

  it('leaves plain text, unknown intents and broken JSON to the NLU', () => {
    expect(parseIntentPayload('sim', intents)).toBeNull();
    expect(parseIntentPayload('/unknown', intents)).toBeNull();
    expect(parseIntentPayload('/rate{broken', intents)).toBeNull();
    expect(parseIntentPayload('/rate[1]', intents)).toBeNull();
  });
});
