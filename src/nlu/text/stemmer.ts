// Snowball stemmers (through @orama/stemmers) for the languages we support; the generic language
// is not stemmed, since a wrong stemmer does more harm than none.
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as portugueseStemmer } from '@orama/stemmers/portuguese';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';
import type { NluLanguage } from './language.js';

export type Stemmer = (word: string) => string;

const SNOWBALL: Readonly<Record<NluLanguage, Stemmer>> = {
  pt: portugueseStemmer,
  en: englishStemmer,
  es: spanishStemmer,
  generic: (word) => word,
};

// Stemming is the costliest step of tokenising, and chat vocabularies are small, so each
// language keeps a bounded memo of what it has stemmed.
const MEMO_LIMIT = 50_000;
const memos = new Map<NluLanguage, Map<string, string>>();

/** The stemmer for a language. Words are expected folded (lowercase, no accents). */
export function stemmerFor(language: NluLanguage): Stemmer {
  const snowball = SNOWBALL[language];
  let memo = memos.get(language);
  if (!memo) {
    memo = new Map();
    memos.set(language, memo);
  }
  const cache = memo;
  return (word) => {
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    // Numbers and one-letter words have no suffix worth removing.
    const stem = word.length < 3 || /^\d+$/.test(word) ? word : snowball(word);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(word, stem);
    return stem;
  };
}
