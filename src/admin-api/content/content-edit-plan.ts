// Turns an edit of the content (made on a copy) into what the store writes and what the client
// is told: the item-level changes, and every problem of the items the edit touches, with the
// field it belongs to. One rule set: src/assistant/check-content.ts.
import { checkContent, type ContentProblem } from '../../assistant/check-content.js';
import type { AssistantContent } from '../../assistant/content.js';
import type { ContentChanges, ContentListName } from '../../store/store.js';
import { AdminApiError } from '../admin-scope.js';

export const LISTS: readonly ContentListName[] = ['themes', 'intents', 'contexts', 'skills', 'dialogues'];

export const SINGULAR: Readonly<Record<ContentListName, string>> = {
  themes: 'theme',
  intents: 'intent',
  contexts: 'context',
  skills: 'skill',
  dialogues: 'dialogue',
};

export interface Rename {
  list: ContentListName;
  from: string;
  to: string;
}

/** The item-level changes that turn `before` into `after`, given the renames made. */
export function planChanges(before: AssistantContent, after: AssistantContent, renames: readonly Rename[]): ContentChanges {
  const changes: Required<ContentChanges> = { remove: [], rename: [...renames], put: {}, renameRegexes: [] };
  for (const rename of renames) {
    if (rename.list === 'contexts' && before.regexes.some((regex) => regex.name === rename.from)) changes.renameRegexes.push({ from: rename.from, to: rename.to });
  }
  for (const list of LISTS) {
    const renamed = new Map(renames.filter((rename) => rename.list === list).map((rename) => [rename.from, rename.to] as const));
    const beforeByName = new Map<string, unknown>();
    for (const item of before[list]) beforeByName.set(renamed.get(item.name) ?? item.name, item);
    const afterNames = new Set(after[list].map((item) => item.name));
    for (const item of before[list]) {
      const name = renamed.get(item.name) ?? item.name;
      if (!afterNames.has(name)) {
        // A renamed item that is then deleted is deleted under its old name, before the rename.
        changes.remove.push({ list, name: item.name });
        changes.rename = changes.rename.filter((rename) => !(rename.list === list && rename.from === item.name));
      }
    }
    const put = after[list].filter((item) => {
      const previous = beforeByName.get(item.name);
      return previous === undefined || renamed.has(previousName(renamed, item.name)) || JSON.stringify(previous) !== JSON.stringify(item);
    });
    if (put.length > 0) (changes.put as Record<ContentListName, unknown[]>)[list] = put;
  }
  return changes;
}

function previousName(renamed: ReadonlyMap<string, string>, name: string): string {
  for (const [from, to] of renamed) if (to === name) return from;
  return name;
}

export interface FieldProblem {
  field: string;
  message: string;
  code: string;
  params?: Record<string, string | number>;
  /** Set when the problem is in another item than the one the request is about. */
  item?: { list: ContentListName; name: string };
}

/**
 * Checks the edited content and throws a 400 naming the first problem's field (and listing all)
 * when an item the edit touches has a problem, or the edit makes a new one elsewhere (unless
 * allowed: a forced delete leaves `{placeholders}` of a deleted context in place, as documented). `primary` is the item the request is about: it is
 * checked as the newest of its list, so a conflict with an older item (a duplicate name, an intent
 * another dialogue already answers) is reported on it. Entity and preset values are made
 * canonical in `after`.
 */
export function assertValid(
  before: AssistantContent,
  after: AssistantContent,
  primary: { list: ContentListName; name: string } | undefined,
  touched: ContentChanges,
  options: { allowNewProblemsElsewhere?: boolean } = {},
): void {
  if (primary !== undefined) {
    const items = after[primary.list] as Array<{ name: string }>;
    const index = items.findIndex((item) => item.name === primary.name);
    if (index !== -1) items.push(...items.splice(index, 1));
  }
  const changed = new Set<string>();
  for (const list of LISTS) for (const item of touched.put?.[list] ?? []) changed.add(`${list}\u0000${item.name}`);
  // Old problems of untouched items do not block an edit; new ones do (a context value removed
  // while a phrase still links it).
  const old = new Set(checkContent(structuredClone(before)).map((problem) => problemKey(before, problem)));
  const problems: FieldProblem[] = [];
  for (const problem of checkContent(after)) {
    const name = itemName(after, problem);
    if (name === undefined) continue;
    if (!changed.has(`${problem.list}\u0000${name}`) && (options.allowNewProblemsElsewhere === true || old.has(problemKey(after, problem)))) continue;
    const isPrimary = primary !== undefined && primary.list === problem.list && primary.name === name;
    const coded = { code: problem.code ?? 'invalid_value', ...(problem.params === undefined ? {} : { params: problem.params }) };
    problems.push(isPrimary ? { field: problem.field, ...coded, message: problem.message } : { field: problem.field, ...coded, message: `${SINGULAR[problem.list]} "${name}": ${problem.message}`, item: { list: problem.list, name } });
  }
  problems.sort((a, b) => Number(a.item !== undefined) - Number(b.item !== undefined));
  const first = problems[0];
  if (first !== undefined) {
    throw new AdminApiError(400, 'invalid', first.message, first.item === undefined ? first.field : undefined, { problems });
  }
}

function problemKey(content: AssistantContent, problem: ContentProblem): string {
  return [problem.list, itemName(content, problem) ?? '', problem.field, problem.message].join('\u0000');
}

function itemName(content: AssistantContent, problem: ContentProblem): string | undefined {
  return content[problem.list][problem.index]?.name;
}
