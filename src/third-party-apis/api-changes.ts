// What changed between two states of an assistant's third-party APIs, API by API (compared by name,
// as the content lists are in src/assistant/content-changes.ts): the `apis` items of the content
// versions (src/store/versions) and of a restore's preview. An API as the history keeps it is its
// definition as stored: a secret header's or body field's value only ever sealed (`v1:`/`v2:`),
// anything else in a secret's place dropped, so no plaintext secret can reach the history.
import type { ThirdPartyApi } from './api-definition.js';

export interface ApiChange {
  list: 'apis';
  change: 'added' | 'changed' | 'removed';
  name: string;
}

function isSealed(value: unknown): value is string {
  return typeof value === 'string' && /^v[12]:/.test(value);
}

/** The API as versions keep it: secret values only when sealed (anything else becomes ''). */
export function apiForHistory(api: ThirdPartyApi): ThirdPartyApi {
  return {
    ...api,
    headers: api.headers.map((header) => (header.secret ? { ...header, value: isSealed(header.value) ? header.value : '' } : header)),
    body: api.body.map((field) => (field.secret ? { ...field, value: isSealed(field.value) ? field.value : '' } : field)),
  };
}

/** The changes from `before` to `after`: added and changed in `after`'s order, then removed. */
export function diffApis(before: readonly ThirdPartyApi[], after: readonly ThirdPartyApi[]): ApiChange[] {
  const old = new Map(before.map((api) => [api.name, JSON.stringify(apiForHistory(api))]));
  const next = new Map(after.map((api) => [api.name, JSON.stringify(apiForHistory(api))]));
  const changes: ApiChange[] = [];
  for (const [name, value] of next) {
    const previous = old.get(name);
    if (previous === undefined) changes.push({ list: 'apis', change: 'added', name });
    else if (previous !== value) changes.push({ list: 'apis', change: 'changed', name });
  }
  for (const name of old.keys()) if (!next.has(name)) changes.push({ list: 'apis', change: 'removed', name });
  return changes;
}
