// Corrects typos against the assistant's own vocabulary: a word the model never saw is replaced by
// a word of the training phrases one edit away (Damerau: a letter missing, added, replaced, or two
// neighbours swapped), so "oulook", "teamss" and "impresosra" read as "outlook", "teams" and
// "impressora". Only the classifier's features see the correction; entities and offsets keep the
// written word.
import { withinOneEdit } from './edit-distance.js';

// Shorter words are too often one letter away from another real word ("caro"/"carro", "mesa"/
// "meta"): correcting them would turn strangers' words into taught ones.
export const MIN_CORRECTED_LENGTH = 5;
// A letter replaced in a word of five letters is most often another real word, not a typo: "tento"
// read as "lento", "lugar" as "ligar", "perto" as "certo", "mando" as "dando" turned strangers'
// words into taught ones (the independent pt-BR set's validation half). A missing, added or
// swapped letter is still corrected from five letters ("aceso", "senah"); a replaced one from six.
export const MIN_SUBSTITUTED_LENGTH = 6;
// Unknown words repeat (the same typo, the same stranger's word): remember what they became.
const MEMO_LIMIT = 20_000;

function deletions(word: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < word.length; i++) keys.push(word.slice(0, i) + word.slice(i + 1));
  return keys;
}

/** Whether two words of one edit differ by one replaced letter (not a swap of neighbours). */
function isSubstitution(word: string, candidate: string): boolean {
  if (word.length !== candidate.length) return false;
  let differences = 0;
  for (let i = 0; i < word.length; i++) if (word[i] !== candidate[i]) differences++;
  return differences === 1;
}

export class SpellingCorrector {
  private readonly counts: ReadonlyMap<string, number>;
  /** Each known word with one letter deleted → the known words that give it. */
  private readonly byDeletion = new Map<string, string[]>();
  private readonly memo = new Map<string, string>();

  /** `counts`: how often each known word (normalised token text) occurs in the training phrases. */
  constructor(counts: ReadonlyMap<string, number>) {
    this.counts = counts;
    for (const word of counts.keys()) {
      if (word.length < MIN_CORRECTED_LENGTH - 1 || /\d/.test(word)) continue;
      for (const key of deletions(word)) {
        const words = this.byDeletion.get(key);
        if (words) words.push(word);
        else this.byDeletion.set(key, [word]);
      }
    }
  }

  isKnown(word: string): boolean {
    return this.counts.has(word);
  }

  /**
   * The word itself when known, too short, holding digits, or with no known word one edit away
   * (a replaced letter counts only from six letters); else the most frequent known word one edit
   * away (on a tie, one of the same length, then the first in alphabetical order).
   */
  correct(word: string): string {
    if (word.length < MIN_CORRECTED_LENGTH || this.counts.has(word) || /\d/.test(word)) return word;
    const remembered = this.memo.get(word);
    if (remembered !== undefined) return remembered;
    const candidates = new Set<string>();
    // A letter added by mistake: deleting it gives a known word.
    for (const key of deletions(word)) if (this.counts.has(key)) candidates.add(key);
    // A letter missing: the word is a known word with one letter deleted.
    for (const known of this.byDeletion.get(word) ?? []) candidates.add(known);
    // A letter replaced, or two swapped: both lose one letter to the same form (checked below).
    for (const key of deletions(word)) for (const known of this.byDeletion.get(key) ?? []) candidates.add(known);
    let best = word;
    let bestCount = 0;
    for (const candidate of candidates) {
      if (candidate.length < MIN_CORRECTED_LENGTH - 1 || !withinOneEdit(word, candidate)) continue;
      if (word.length < MIN_SUBSTITUTED_LENGTH && isSubstitution(word, candidate)) continue;
      const count = this.counts.get(candidate) ?? 0;
      const better =
        count > bestCount ||
        (count === bestCount &&
          ((candidate.length === word.length) !== (best.length === word.length)
            ? candidate.length === word.length
            : candidate < best));
      if (better) {
        best = candidate;
        bestCount = count;
      }
    }
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(word, best);
    return best;
  }
}
