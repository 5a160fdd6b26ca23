// The names inside a problem's params said in the reader's language before they go into its
// sentence (`problems.<code>` of console/src/locales/*.json). One module for the two places that
// write those sentences: the console's `problemText` (console/src/api/problem-text.ts, through
// i18next) and the training e-mails (src/trainings/problem-words.ts, from the locale files). So it
// imports nothing and uses nothing of Node or of the browser: Vite and tsc both build it.

/** A word of the locale's `problems` by its key below it (`what.intent`); undefined when missing. */
export type ProblemWord = (key: string) => string | undefined;

/** The kinds of items a `what` param names, and the lists an `item` names (plural). */
const WHATS = ['theme', 'intent', 'context', 'skill', 'dialogue', 'api', 'assistant'];

/** What a value of an imported file is (a `found` param). */
const NODE_KINDS = ['mapping', 'list', 'text', 'number', 'boolean', 'nothing', 'other'];

/** Why an agent's reply was not delivered (a `reason` param of reply_not_delivered). */
const REPLY_FAILURES = ['outside_window', 'kept_full', 'channel_error'];

/** Why the embeddings provider failed at a training (a `reason` param of embeddings_failed; http_status with a `status`). */
const EMBEDDINGS_FAILURES = ['timeout', 'network_error', 'http_status', 'invalid_answer', 'error'];

/** JSON types, several in one `type` param separated by ", ". */
const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];

/**
 * The key under `problems` of a training's problem's sentence: its code, but for `internal` (a
 * training that failed unexpectedly), which as an error of the API reads as the server's failure to
 * answer, and in a training's history or e-mail reads as the training's own failure.
 */
export function trainingProblemKey(code: string): string {
  return code === 'internal' ? 'trainingInternal' : code;
}

function say(name: string, known: readonly string[], group: string, word: ProblemWord): string {
  return (known.includes(name) ? word(`${group}.${name}`) : undefined) ?? name;
}

/** The params with `what`, `found`, `reason` and each of `type`'s names translated; other params and unknown names as they are. */
export function problemParams(params: Readonly<Record<string, string | number>> | undefined, word: ProblemWord): Record<string, string | number> {
  const said: Record<string, string | number> = { ...params };
  const { what, found, type, reason, status } = said;
  if (typeof reason === 'string' && EMBEDDINGS_FAILURES.includes(reason)) {
    // "answered HTTP" and the status: the status is a number in every language.
    const words = say(reason, EMBEDDINGS_FAILURES, 'embeddingsFailures', word);
    said['reason'] = reason === 'http_status' && status !== undefined ? `${words} ${status}` : words;
  } else if (typeof reason === 'string') said['reason'] = say(reason, REPLY_FAILURES, 'replyNotDelivered', word);
  if (typeof what === 'string') said['what'] = say(what, WHATS, 'what', word);
  if (typeof found === 'string') said['found'] = say(found, NODE_KINDS, 'nodeKinds', word);
  if (typeof type === 'string') said['type'] = type.split(', ').map((name) => say(name, TYPES, 'typeNames', word)).join(', ');
  return said;
}

/**
 * The params of `problems.inItem`, for a problem of another item than the one at hand (an item of
 * the list `skills` named `cumprimentar`): the kind of item translated, its name, the sentence.
 */
export function inItemParams(item: { list: string; name: string }, text: string, word: ProblemWord): { what: string; name: string; text: string } {
  const list = item.list.replace(/s$/, '');
  return { what: WHATS.includes(list) ? (word(`what.${list}`) ?? item.list) : item.list, name: item.name, text };
}
