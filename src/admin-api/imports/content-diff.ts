// What an import would do to an assistant's content: the content after it (merged by name, or
// replaced), and each item added, changed or removed, by list. Pure, so the preview and the import
// compute exactly the same thing.
import type { AssistantContent, RegexPattern } from '../../assistant/content.js';

export type DiffList = 'themes' | 'intents' | 'contexts' | 'regexes' | 'skills' | 'dialogues';
export const DIFF_LISTS: readonly DiffList[] = ['themes', 'intents', 'contexts', 'regexes', 'skills', 'dialogues'];

export interface ItemChange {
  list: DiffList;
  change: 'added' | 'changed' | 'removed';
  name: string;
}

type Named = { name: string };

function mergeByName<T extends Named>(current: T[], incoming: T[]): T[] {
  const byName = new Map(incoming.map((item) => [item.name, item] as const));
  const merged = current.map((item) => byName.get(item.name) ?? item);
  return [...merged, ...incoming.filter((item) => !current.some((existing) => existing.name === item.name))];
}

/** Regexes are identified by name: an imported name's patterns replace all of that name's. */
function mergeRegexes(current: RegexPattern[], incoming: RegexPattern[]): RegexPattern[] {
  const names = new Set(incoming.map((regex) => regex.name));
  return [...current.filter((regex) => !names.has(regex.name)), ...incoming];
}

/**
 * The content after the import, as the store's merge writes it (items in their old place, new ones
 * after). One fallback skill: an imported fallback takes over from the assistant's.
 */
export function contentAfterImport(current: AssistantContent, incoming: AssistantContent, mode: 'merge' | 'replace'): AssistantContent {
  if (mode === 'replace') return incoming;
  const importsFallback = incoming.skills.some((skill) => skill.fallback);
  const skills = importsFallback ? current.skills.map((skill) => (skill.fallback ? { ...skill, fallback: false } : skill)) : current.skills;
  return {
    themes: mergeByName(current.themes, incoming.themes),
    intents: mergeByName(current.intents, incoming.intents),
    contexts: mergeByName(current.contexts, incoming.contexts),
    regexes: mergeRegexes(current.regexes, incoming.regexes),
    skills: mergeByName(skills, incoming.skills),
    dialogues: mergeByName(current.dialogues, incoming.dialogues),
  };
}

function itemsByName(content: AssistantContent, list: DiffList): Map<string, string> {
  if (list === 'regexes') {
    const patterns = new Map<string, string[]>();
    for (const regex of content.regexes) patterns.set(regex.name, [...(patterns.get(regex.name) ?? []), regex.pattern]);
    return new Map([...patterns].map(([name, values]) => [name, JSON.stringify(values)]));
  }
  return new Map((content[list] as Named[]).map((item) => [item.name, JSON.stringify(item)]));
}

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

/** `{intentsAdded: 3, skillsChanged: 1, skipped: 12}`: only the counts that are not zero. */
export function summariseImport(changes: ItemChange[], skipped: number): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const { list, change } of changes) {
    const key = `${list}${change[0]?.toUpperCase() ?? ''}${change.slice(1)}`;
    summary[key] = (summary[key] ?? 0) + 1;
  }
  if (skipped > 0) summary['skipped'] = skipped;
  return summary;
}
