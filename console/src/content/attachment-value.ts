// An attachment skill's value as the form edits it: the API takes a URL or any JSON value and
// sends it as given (Rasa's `attachment`), so the form shows a string as it is and anything else
// as indented JSON, and reads back text that opens with `{` or `[` as JSON.

/** The text of the form's field for a stored attachment. */
export function attachmentText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * The value to save for the field's text: nothing when blank (the API names what is missing), the
 * parsed JSON when it opens with `{` or `[`, the trimmed text otherwise; `error` when that JSON
 * cannot be read (the parser's words, in English whatever the console's language: not shown).
 */
export function readAttachment(text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { value: trimmed };
  try {
    return { value: JSON.parse(trimmed) as unknown };
  } catch (error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
