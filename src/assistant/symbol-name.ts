// Intent and context names travel inside other syntax: entity markup `[text](context)`, button
// payloads `/intent{"context": "value"}` and `{context}` placeholders. So they are single words of
// letters, digits, `_`, `.`, `-` and (for Rasa's retrieval intents like `faq/ask_name`) `/`.
const SYMBOL_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.\/-]*$/u;

export const SYMBOL_NAME_RULE = 'one word of letters, digits, "_", "-", "." or "/" (no spaces)';

export function isSymbolName(name: string): boolean {
  return SYMBOL_NAME.test(name);
}
