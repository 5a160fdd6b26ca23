// An assistant's content with a file's merged in by name (`mode: merge`): what the store's merge
// writes, computed without it, so an import's preview, its checks and the import agree.
import type { AssistantContent, RegexPattern } from './content.js';

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
