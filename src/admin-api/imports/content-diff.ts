// What an import would do to an assistant's content: the content after it (merged by name, or
// replaced), and the counts of the items added, changed or removed (src/assistant/content-changes.ts).
// Pure, so the preview and the import compute exactly the same thing.
import { DIFF_LISTS, type DiffList, type ItemChange } from '../../assistant/content-changes.js';
import type { AssistantContent, RegexPattern } from '../../assistant/content.js';

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

/** `intentsAdded`: a list and a change as one key of the summary. */
function summaryKey(list: DiffList, change: ItemChange['change']): string {
  return `${list}${change[0]?.toUpperCase() ?? ''}${change.slice(1)}`;
}

/** Every key a summary can hold (the console says each in its user's language: `migrations.summaryKeys.<key>`). */
export const SUMMARY_KEYS: readonly string[] = [...DIFF_LISTS.flatMap((list) => (['added', 'changed', 'removed'] as const).map((change) => summaryKey(list, change))), 'skipped'];

/** `{intentsAdded: 3, skillsChanged: 1, skipped: 12}`: only the counts that are not zero. */
export function summariseImport(changes: ItemChange[], skipped: number): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const { list, change } of changes) {
    const key = summaryKey(list, change);
    summary[key] = (summary[key] ?? 0) + 1;
  }
  if (skipped > 0) summary['skipped'] = skipped;
  return summary;
}
