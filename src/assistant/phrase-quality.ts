// Example phrases that teach the model nothing or the wrong thing, warned about when they are
// entered (never refused: the author may know better). The console's copy of these rules is
// console/src/content/phrase-quality.ts; keep the two alike.

/** Longer than this a phrase is rarely something a user types: split it or shorten it. */
export const LONG_PHRASE_CHARACTERS = 200;

export type PhraseQualityCode = 'phrase_too_long' | 'phrase_no_letters' | 'phrase_markup';

export interface PhraseQualityWarning {
  code: PhraseQualityCode;
  message: string;
}

/** HTML or XML tags, character entities, Markdown links or images: pasted from a page, not typed. */
const MARKUP = /<\/?[a-z][^<>]*>|&(?:[a-z]+|#\d+|#x[\da-f]+);|!?\[[^\]]*\]\([^)]*\)/i;

/** What is wrong with a phrase as an example of what users say; empty when nothing is. */
export function phraseQuality(text: string): PhraseQualityWarning[] {
  const warnings: PhraseQualityWarning[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return warnings;
  if (trimmed.length > LONG_PHRASE_CHARACTERS) {
    warnings.push({ code: 'phrase_too_long', message: `has ${trimmed.length} characters, more than ${LONG_PHRASE_CHARACTERS}: users rarely write this much; shorten or split it` });
  }
  if (!/\p{L}/u.test(trimmed)) warnings.push({ code: 'phrase_no_letters', message: 'has no letters: it teaches the model nothing about what users mean' });
  if (MARKUP.test(trimmed)) warnings.push({ code: 'phrase_markup', message: 'holds markup (HTML tags, entities or Markdown links): write the words as a user would type them' });
  return warnings;
}
