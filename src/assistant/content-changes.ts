// What changed between two versions of an assistant's content, item by item: each list's items
// compared by name (an entity's regexes together), as added, changed or removed. Used by the
// import's preview and history (src/admin-api/imports) and by "draft and live" (GET …/model: the
// content against the snapshot of the version that answers).
import type { AssistantContent } from './content.js';

export type DiffList = 'themes' | 'intents' | 'contexts' | 'regexes' | 'skills' | 'dialogues';
export const DIFF_LISTS: readonly DiffList[] = ['themes', 'intents', 'contexts', 'regexes', 'skills', 'dialogues'];

export interface ItemChange {
  list: DiffList;
  change: 'added' | 'changed' | 'removed';
  name: string;
}

type Named = { name: string };

/**
 * JSON with every object's keys sorted: two items equal whatever order their keys were written in
 * (a file reader's, the store's). Lists keep their order, which means something; an undefined
 * value is absent, as JSON.stringify has it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) sorted[key] = (item as Record<string, unknown>)[key];
    return sorted;
  });
}

function itemsByName(content: AssistantContent, list: DiffList): Map<string, string> {
  if (list === 'regexes') {
    const patterns = new Map<string, string[]>();
    for (const regex of content.regexes) patterns.set(regex.name, [...(patterns.get(regex.name) ?? []), regex.pattern]);
    return new Map([...patterns].map(([name, values]) => [name, canonicalJson(values)]));
  }
  return new Map((content[list] as Named[]).map((item) => [item.name, canonicalJson(item)]));
}

/** The changes from `before` to `after`, list by list: added and changed in `after`'s order, then removed. */
export function diffContent(before: AssistantContent, after: AssistantContent): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const list of DIFF_LISTS) {
    const old = itemsByName(before, list);
    const next = itemsByName(after, list);
    for (const [name, value] of next) {
      const previous = old.get(name);
      if (previous === undefined) changes.push({ list, change: 'added', name });
      else if (previous !== value) changes.push({ list, change: 'changed', name });
    }
    for (const name of old.keys()) if (!next.has(name)) changes.push({ list, change: 'removed', name });
  }
  return changes;
}
