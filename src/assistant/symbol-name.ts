// Intent and context names travel inside other syntax: entity markup `[text](context)`, button
// payloads `/intent{"context": "value"}` and `{context}` placeholders. So they are single words of
// letters, digits, `_`, `.`, `-` and (for Rasa's retrieval intents like `faq/ask_name`) `/`.
const SYMBOL_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.\/-]*$/u;

export const SYMBOL_NAME_RULE = 'one word of letters, digits, "_", "-", "." or "/"';

export function isSymbolName(name: string): boolean {
  return SYMBOL_NAME.test(name);
}

/** What makes a name invalid, in words ("has a space", `has "?"`), undefined when it is valid. */
export function symbolNameProblem(name: string): string | undefined {
  if (isSymbolName(name)) return undefined;
  if (name.trim() === '') return 'is empty';
  if (/\s/u.test(name)) return 'has a space';
  const bad = [...name].find((character) => !/[\p{L}\p{N}_.\/-]/u.test(character));
  if (bad !== undefined) return `has "${bad}"`;
  return `starts with "${name[0] ?? ''}"`;
}

/** `intent name "x?" has "?"; a name is one word of …`: the real reason, then the rule. */
export function symbolNameMessage(what: string, name: string): string {
  return `${what} name "${name}" ${symbolNameProblem(name) ?? 'is not valid'}; it must be ${SYMBOL_NAME_RULE}`;
}
