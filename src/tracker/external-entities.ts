// The entities of an intent triggered from outside a text (the conversations API's trigger_intent,
// a reminder when it fires), as Rasa reads them: a list of {entity, value} kept as given, or an
// object of entity → value, each becoming {entity, value}. No start, end or extractor: they were in
// no text. Typed as the NLU's entities, as a parsed message's are.
import type { ParsedEntity } from '../nlu/types.js';

/**
 * `value` as a triggered intent's entities. `invalid` is called with the index of a list item that
 * is not an object naming its entity (its return value is thrown: the API refuses it), or with -1
 * for a value that is neither a list nor an object; without it, such items are left out (a reminder
 * fires with what is usable, as Rasa warns and goes on).
 */
export function externalEntities(value: unknown, invalid?: (index: number) => Error): ParsedEntity[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown, index) => {
      if (typeof item === 'object' && item !== null && typeof (item as { entity?: unknown }).entity === 'string') return [item as ParsedEntity];
      if (invalid) throw invalid(index);
      return [];
    });
  }
  if (typeof value === 'object') return Object.entries(value).map(([entity, entityValue]) => ({ entity, value: entityValue }) as ParsedEntity);
  if (invalid) throw invalid(-1);
  return [];
}
