// The keys an admin body takes back without using them: what the matching GET answers beside the
// writable fields (an item's `usedBy` and `warnings`, the settings' `defaults`, a user's `login`).
// A client that reads, changes a field and writes the whole reading back sends them too; every
// other key a body does not take is refused (`not_allowed` at that key, ajv without
// removeAdditional in the admin scopes), so a misspelt field is never dropped silently.
import type { FuncKeywordDefinition } from 'ajv';

export const READ_ONLY_KEYWORD = 'x-read-only';

/**
 * The keyword's definition for ajv (`keywords` option): a key whose schema carries it is accepted
 * with any value and taken out of the body before the route sees it.
 */
export const readOnlyKeyword: FuncKeywordDefinition = {
  keyword: READ_ONLY_KEYWORD,
  schemaType: 'boolean',
  modifying: true,
  validate(readOnly: boolean, _data: unknown, _schema?: unknown, where?: { parentData?: unknown; parentDataProperty?: string | number }): boolean {
    const parent = where?.parentData;
    if (readOnly && parent !== null && typeof parent === 'object' && where?.parentDataProperty !== undefined) {
      delete (parent as Record<string | number, unknown>)[where.parentDataProperty];
    }
    return true;
  },
};

/** Body properties for keys a reading answers and a write ignores (`readOnly` for the OpenAPI document). */
export function readOnlyKeys(...keys: readonly string[]): Record<string, { readOnly: true; [READ_ONLY_KEYWORD]: true; description: string }> {
  return Object.fromEntries(keys.map((key) => [key, { readOnly: true, [READ_ONLY_KEYWORD]: true, description: 'answered by the GET; accepted and ignored on write' }]));
}

/** The keys a reading's schema answers that a body's properties do not take, as read-only body properties. */
export function readOnlyKeysBeside(reading: { properties: object }, bodyProperties: object): ReturnType<typeof readOnlyKeys> {
  return readOnlyKeys(...Object.keys(reading.properties).filter((key) => !Object.hasOwn(bodyProperties, key)));
}
