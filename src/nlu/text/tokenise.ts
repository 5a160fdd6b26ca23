// Splits a message into normalised, stemmed tokens, each one remembering where it was written in
// the original text: entities report their offsets there, not in the normalised text.
import type { NluLanguage } from './language.js';
import { normaliseWord, type KnownWordCheck } from './normalise.js';
import { stemmerFor } from './stemmer.js';

export interface Token {
  /** The normalised word (folded, de-stretched, shorthand expanded). */
  text: string;
  /** Its stem, for the word features. */
  stem: string;
  /** UTF-16 offsets of the written word in the original text (as `String.prototype.slice`). */
  start: number;
  end: number;
}

// Letters, digits and combining marks make words; an apostrophe between letters stays inside
// the word. Everything else (punctuation, emoji, symbols, spaces) separates words and is dropped.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

export function tokenise(text: string, language: NluLanguage, isKnown?: KnownWordCheck): Token[] {
  const stem = stemmerFor(language);
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    // A shorthand that expands to several words ("pfv" → "por favor") gives several tokens that
    // all point at the one written word.
    for (const word of normaliseWord(match[0], language, isKnown)) {
      tokens.push({ text: word, stem: stem(word), start, end });
    }
  }
  return tokens;
}
