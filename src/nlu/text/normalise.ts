// Word-level normalisation: what makes "Nããão", "nao" and "ñ" the same word. Works on one word at
// a time so that the tokeniser can keep each word's offsets in the original text.
import { CHAT_ABBREVIATIONS } from './chat-abbreviations.js';
import type { NluLanguage } from './language.js';

/** Tells whether a folded word is known (seen in training), to undo over-eager letter collapsing. */
export type KnownWordCheck = (word: string) => boolean;

// Words whose double letters are legitimate, so "goooood" becomes "good" and "issssso" "isso"
// even when the training phrases never spelt them.
const DOUBLE_LETTER_WORDS: Readonly<Record<NluLanguage, ReadonlySet<string>>> = {
  pt: new Set(['isso', 'esse', 'essa', 'esses', 'essas', 'nosso', 'nossa', 'assim', 'posso', 'preciso', 'acesso', 'processo', 'sucesso', 'erro', 'errado', 'carro', 'correio', 'interesse', 'passo', 'massa', 'show', 'voo']),
  en: new Set(['good', 'cool', 'too', 'see', 'need', 'feel', 'soon', 'all', 'well', 'will', 'still', 'free', 'sorry', 'hello', 'off', 'tell', 'call', 'book', 'look', 'room', 'food', 'keep', 'week', 'sleep', 'yess', 'hmm', 'agree', 'address', 'access', 'small', 'really', 'pass', 'miss', 'boss', 'happy', 'apple']),
  es: new Set(['llamar', 'llamada', 'calle', 'perro', 'carro', 'correo', 'llegar', 'lleno', 'ella', 'ellos', 'ellas', 'aquella', 'accion', 'acceso', 'error', 'cerrar', 'arriba', 'guerra', 'tarro', 'llave', 'lluvia']),
  generic: new Set(),
};

/** Lowercase and strip accents and other combining marks: "Ação" → "acao", "Ñandú" → "nandu". */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * Whether a word may hold a letter written three times in a row: some three neighbouring UTF-16
 * units alike, or a surrogate (a letter outside the BMP is two units, so its run is not three
 * alike). Most words have neither, and skip the search for runs.
 */
function mayRepeat(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
    if (i >= 2 && unit === word.charCodeAt(i - 1) && unit === word.charCodeAt(i - 2)) return true;
  }
  return false;
}

/**
 * Collapses letters repeated three or more times ("oiiii" → "oi", "goooood" → "good"). Each run
 * is cut to one letter unless a two-letter form is a known word: chat users stretch words, but
 * legitimate double letters ("isso", "good", "correo") must survive.
 */
export function collapseRepeats(word: string, language: NluLanguage, isKnown?: KnownWordCheck): string {
  if (!mayRepeat(word)) return word;
  const runs = [...word.matchAll(/(\p{L})\1{2,}/gu)];
  if (runs.length === 0) return word;
  // Every run can become one or two letters; past a few runs the combinations are not worth it.
  const choices = runs.length <= 4 ? 1 << runs.length : 1;
  const known = (candidate: string): boolean =>
    DOUBLE_LETTER_WORDS[language].has(candidate) || (isKnown?.(candidate) ?? false);
  let fallback: string | undefined;
  for (let mask = 0; mask < choices; mask++) {
    let candidate = '';
    let cursor = 0;
    runs.forEach((run, index) => {
      const start = run.index;
      const letter = run[1] ?? '';
      const keep = mask & (1 << index) ? 2 : 1;
      candidate += word.slice(cursor, start) + letter.repeat(keep);
      cursor = start + run[0].length;
    });
    candidate += word.slice(cursor);
    fallback ??= candidate;
    if (known(candidate)) return candidate;
  }
  return fallback ?? word;
}

/** Lowercase ASCII letters and digits only: what folding leaves as it is (most chat words). */
function isFolded(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    if (!((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39))) return false;
  }
  return true;
}

/**
 * One written word → the normalised words it stands for (usually one; chat shorthand such as
 * "pfv" expands to several): folded, de-stretched, abbreviations expanded.
 */
export function normaliseWord(raw: string, language: NluLanguage, isKnown?: KnownWordCheck): string[] {
  // Apostrophes inside words ("don't", "d'água") are dropped rather than split on, so the
  // contraction stays one recognisable word.
  const folded = isFolded(raw) ? raw : foldWord(raw).replace(/['’]/g, '');
  if (folded === '') return [];
  const word = collapseRepeats(folded, language, isKnown);
  const expansion = CHAT_ABBREVIATIONS[language].get(word);
  return expansion ? [...expansion] : [word];
}
