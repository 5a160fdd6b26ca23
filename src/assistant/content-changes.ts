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

function itemsByName(content: AssistantContent, list: DiffList): Map<string, string> {
  if (list === 'regexes') {
    const patterns = new Map<string, string[]>();
    for (const regex of content.regexes) patterns.set(regex.name, [...(patterns.get(regex.name) ?? []), regex.pattern]);
    return new Map([...patterns].map(([name, values]) => [name, JSON.stringify(values)]));
  }
  return new Map((content[list] as Named[]).map((item) => [item.name, JSON.stringify(item)]));
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
