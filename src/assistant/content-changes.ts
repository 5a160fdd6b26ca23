// What changed in an assistant's content since a version was trained ("draft and live"): the
// items added, changed or removed per list, compared by name with the snapshot the model keeps.
// Regexes are keyed by name and pattern (one entity may have several).
import { isDeepStrictEqual } from 'node:util';
import type { AssistantContent } from './content.js';

export type ContentList = 'themes' | 'intents' | 'contexts' | 'regexes' | 'skills' | 'dialogues';
export interface ContentChange {
  list: ContentList;
  name: string;
  change: 'added' | 'changed' | 'removed';
}

const LISTS: ContentList[] = ['themes', 'intents', 'contexts', 'regexes', 'skills', 'dialogues'];

function keyOf(list: ContentList, item: { name: string; pattern?: string }): string {
  return list === 'regexes' ? `${item.name} ${item.pattern ?? ''}` : item.name;
}

/** The changes from `trained` to `current`, list by list, each in the current order (removed ones last). */
export function contentChanges(trained: AssistantContent, current: AssistantContent): ContentChange[] {
  const changes: ContentChange[] = [];
  for (const list of LISTS) {
    const before = new Map<string, unknown>((trained[list] ?? []).map((item) => [keyOf(list, item), item]));
    const seen = new Set<string>();
    for (const item of current[list] ?? []) {
      const key = keyOf(list, item);
      seen.add(key);
      const old = before.get(key);
      if (old === undefined) changes.push({ list, name: item.name, change: 'added' });
      else if (!isDeepStrictEqual(normalised(old), normalised(item))) changes.push({ list, name: item.name, change: 'changed' });
    }
    for (const [key, item] of before) {
      if (!seen.has(key)) changes.push({ list, name: (item as { name: string }).name, change: 'removed' });
    }
  }
  return changes;
}

/** Without the keys whose value is undefined: a field left out and one set to undefined are the same. */
function normalised(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
