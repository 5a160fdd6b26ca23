// Compiles an assistant's regex (written for Rasa, i.e. for Python's `re`) as a JavaScript
// RegExp. Matching ignores case, as Rasa's RegexEntityExtractor does by default.

/** Throws a SyntaxError when the pattern is not a valid regular expression. */
export function compileRegexPattern(pattern: string): RegExp {
  // Python spellings JavaScript does not know: named groups `(?P<name>…)` and a leading `(?i)`
  // (case is ignored anyway).
  const source = pattern.replace(/\(\?P</g, '(?<').replace(/^\(\?i\)/, '');
  try {
    return new RegExp(source, 'giu');
  } catch {
    // Unicode mode rejects escapes Python accepts (such as `\-` outside a class); try without it.
    return new RegExp(source, 'gi');
  }
}
