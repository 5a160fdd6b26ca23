// A merge import's content checked as the admin API checks content (checkContent): merged into
// what the assistant has, a file may break a rule neither side breaks alone (a second dialogue for
// an intent, a context that loses a value an assistant's phrase links). Every import path — `helper
// import`, the admin API's assistant.yaml, Migrações — refuses with these problems, each placed by
// the reader of its format: at its line and column when the item is the file's, else by the item.
import { checkContent, type ContentList, type ContentProblem } from './check-content.js';
import type { AssistantContent } from './content.js';
import { contentAfterImport, replacedFallback } from './merge-content.js';

/** One rule the merged content breaks, said as `import_merge_problem` with the rule's code and params. */
export interface MergeProblem {
  list: ContentList;
  /** The item's name, and its index in the file's list when the item is the file's (else undefined). */
  name: string;
  fileIndex: number | undefined;
  /** The field inside the item, as checkContent names it (`intents.0`, `slots.1.question`). */
  field: string;
  /** Where the problem is when the file cannot place it: `skills.nao_entendi.texts.0`. */
  place: string;
  message: string;
  code: 'import_merge_problem';
  params: Record<string, string | number>;
}

export interface MergeFindings {
  problems: MergeProblem[];
  /** The file's fallback skill takes the flag from the assistant's (which stays, as an ordinary skill). */
  fallback?: { name: string; previous: string };
}

/** The merged content's problems and what becomes of the fallback skill; nothing for a replace. */
export function checkMerge(current: AssistantContent, incoming: AssistantContent): MergeFindings {
  const merged = structuredClone(contentAfterImport(current, incoming, 'merge'));
  // Only what the merge breaks: a rule the assistant's content already broke (a check added after
  // it was written) is left to its editor, as the admin API's edits leave it, or every merge into
  // that assistant would be refused for it.
  const problemKey = (content: AssistantContent, problem: ContentProblem): string =>
    JSON.stringify([problem.list, String(content[problem.list][problem.index]?.name ?? problem.index), problem.field, problem.code ?? 'invalid_value']);
  const before = new Set(checkContent(structuredClone(current)).map((problem) => problemKey(current, problem)));
  const problems = checkContent(merged).filter((problem) => !before.has(problemKey(merged, problem))).map((problem): MergeProblem => {
    const name = String(merged[problem.list][problem.index]?.name ?? problem.index);
    const index = (incoming[problem.list] as ReadonlyArray<{ name: string }>).findIndex((item) => item.name === name);
    const message = `merged with the assistant's content, ${problem.list} "${name}" ${problem.field}: ${problem.message}; import with mode "replace" or fix the file`;
    return {
      list: problem.list,
      name,
      fileIndex: index === -1 ? undefined : index,
      field: problem.field,
      place: `${problem.list}.${name}${problem.field ? `.${problem.field}` : ''}`,
      message,
      code: 'import_merge_problem',
      params: { rule: problem.code ?? 'invalid_value', ...problem.params },
    };
  });
  const fallback = replacedFallback(current, incoming);
  return { problems, ...(fallback === undefined ? {} : { fallback }) };
}

/** The warning of a fallback the file's takes over from (its English words; the code says it in any language). */
export function fallbackReplacedWarning(fallback: { name: string; previous: string }): { message: string; code: string; params: Record<string, string> } {
  return {
    message: `skill "${fallback.name}" becomes the fallback in place of the assistant's "${fallback.previous}", which stays as an ordinary skill`,
    code: 'import_fallback_replaced',
    params: { name: fallback.name, previous: fallback.previous },
  };
}
