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
 * The assistant's fallback skill a merge takes the flag from: the file brings a fallback of its
 * own, so the assistant's (which the file does not name) stays as an ordinary skill. Undefined
 * when the merge leaves the fallback where it is.
 */
export function replacedFallback(current: AssistantContent, incoming: AssistantContent): { name: string; previous: string } | undefined {
  const imported = incoming.skills.find((skill) => skill.fallback);
  const own = current.skills.find((skill) => skill.fallback);
  if (imported === undefined || own === undefined || incoming.skills.some((skill) => skill.name === own.name)) return undefined;
  return { name: imported.name, previous: own.name };
}

/**
 * What a merge writes through the store's merge (by name): the file's items, and the assistant's
 * fallback skill without its flag when the file brings its own fallback (one fallback skill).
 */
export function mergeWrites(current: AssistantContent, incoming: AssistantContent): AssistantContent {
  const replaced = replacedFallback(current, incoming);
  const own = replaced === undefined ? undefined : current.skills.find((skill) => skill.name === replaced.previous);
  return own === undefined ? incoming : { ...incoming, skills: [{ ...own, fallback: false }, ...incoming.skills] };
}

/**
 * The content after the import, as the store's merge writes it (items in their old place, new ones
 * after). One fallback skill: an imported fallback takes over from the assistant's (mergeWrites).
 */
export function contentAfterImport(current: AssistantContent, incoming: AssistantContent, mode: 'merge' | 'replace'): AssistantContent {
  if (mode === 'replace') return incoming;
  const writes = mergeWrites(current, incoming);
  return {
    themes: mergeByName(current.themes, writes.themes),
    intents: mergeByName(current.intents, writes.intents),
    contexts: mergeByName(current.contexts, writes.contexts),
    regexes: mergeRegexes(current.regexes, writes.regexes),
    skills: mergeByName(current.skills, writes.skills),
    dialogues: mergeByName(current.dialogues, writes.dialogues),
  };
}
