// Text cut to a platform's limits, shared by the push channels: titles shortened with an
// ellipsis, long answers split on sentence boundaries (then words, then characters).

/** At most `limit` characters (code points), ending in an ellipsis when cut. */
export function truncateTitle(title: string, limit: number): string {
  const chars = Array.from(title);
  return chars.length <= limit ? title : `${chars.slice(0, limit - 1).join('').trimEnd()}…`;
}

/**
 * Splits text into parts of at most `limit` characters: at sentence ends (., !, ?, …, line breaks)
 * when possible, else at spaces, else anywhere. Counts UTF-16 units, so never more code points.
 */
export function splitText(text: string, limit: number): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.length <= limit) return [trimmed];
  const sentences = trimmed.match(/[^.!?…\n]*(?:[.!?…]+["')\]]*|\n+|$)\s*/g)?.filter((part) => part !== '') ?? [trimmed];
  const parts: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current.trim() !== '') parts.push(current.trim());
    current = '';
  };
  for (const sentence of sentences) {
    if ((current + sentence).trimEnd().length <= limit) {
      current += sentence;
      continue;
    }
    flush();
    if (sentence.trimEnd().length <= limit) {
      current = sentence;
      continue;
    }
    // One sentence longer than the limit: by words, and a word longer than the limit by characters.
    for (const word of sentence.split(/(?<=\s)/)) {
      if ((current + word).trimEnd().length <= limit) {
        current += word;
        continue;
      }
      flush();
      let rest = word;
      while (rest.trimEnd().length > limit) {
        let cut = limit;
        const code = rest.charCodeAt(cut - 1);
        if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // keep a surrogate pair whole
        parts.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
  }
  flush();
  return parts;
}
