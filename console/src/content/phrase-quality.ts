// Example phrases that teach the model nothing (over-long, no letters, markup), warned about at
// entry; the API answers the same warnings (src/assistant/phrase-quality.ts, the rules' source).
export const LONG_PHRASE_CHARACTERS = 200;

export type PhraseQualityCode = 'phrase_too_long' | 'phrase_no_letters' | 'phrase_markup';

const MARKUP = /<\/?[a-z][^<>]*>|&(?:[a-z]+|#\d+|#x[\da-f]+);|!?\[[^\]]*\]\([^)]*\)/i;

/** The codes of what is wrong with a phrase (translated by `intents.quality.<code>`). */
export function phraseQualityCodes(text: string): PhraseQualityCode[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const codes: PhraseQualityCode[] = [];
  if (trimmed.length > LONG_PHRASE_CHARACTERS) codes.push('phrase_too_long');
  if (!/\p{L}/u.test(trimmed)) codes.push('phrase_no_letters');
  if (MARKUP.test(trimmed)) codes.push('phrase_markup');
  return codes;
}
