// Rasa's convention for buttons and clients that already know the intent: a message
// `/intent_name` or `/intent_name{"slot": "value"}` triggers that intent directly, with confidence
// 1, and the JSON's keys become entities (and so slots). Anything else is text for the NLU.
import type { ParseResult, ParsedEntity } from '../nlu/types.js';

const PAYLOAD = /^\/([^{}\s/]+)(\{.*\})?$/s;

export function parseIntentPayload(text: string, knownIntents: ReadonlySet<string>): ParseResult | null {
  const match = PAYLOAD.exec(text.trim());
  if (!match) return null;
  const name = match[1] ?? '';
  if (!knownIntents.has(name)) return null;
  const entities: ParsedEntity[] = [];
  if (match[2] !== undefined) {
    let values: unknown;
    try {
      values = JSON.parse(match[2]);
    } catch {
      return null;
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) return null;
    const start = text.indexOf('{');
    for (const [entity, value] of Object.entries(values)) {
      entities.push({ entity, value, start, end: text.length, extractor: 'IntentPayload' });
    }
  }
  const intent = { name, confidence: 1 };
  return { text, intent, entities, intent_ranking: [intent] };
}
