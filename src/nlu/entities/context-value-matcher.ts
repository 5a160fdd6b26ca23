// Finds the values of text and categorical contexts (and their synonyms) in a message, on
// normalised tokens and whole words, so that "Impressoras", "impressora" and "impresora" all
// find the value "impressora". The longest match wins; a close match (same stem, one typo) is
// taken with a lower confidence.
import { withinOneEdit } from '../text/edit-distance.js';
import type { Token } from '../text/tokenise.js';

export interface LookupEntry {
  entity: string;
  /** The canonical value returned for any of its written forms. */
  value: string;
  /** The written form, tokenised. */
  texts: readonly string[];
  stems: readonly string[];
}

export interface LookupMatch {
  entry: LookupEntry;
  /** Token indexes, end exclusive. */
  first: number;
  last: number;
  confidence: number;
}

const EXACT = 1;
const SAME_STEM = 0.9;
const ONE_TYPO = 0.8;
// Shorter words are too often one letter away from another real word ("caro"/"carro").
const MIN_TYPO_LENGTH = 5;
const CANDIDATE_MEMO_LIMIT = 10_000;

function tokenMatch(token: Token, text: string, stem: string): number {
  if (token.text === text) return EXACT;
  if (token.stem === stem && stem.length >= 3) return SAME_STEM;
  if (
    token.text.length >= MIN_TYPO_LENGTH &&
    text.length >= MIN_TYPO_LENGTH &&
    !/\d/.test(text) &&
    withinOneEdit(token.text, text)
  ) {
    return ONE_TYPO;
  }
  return 0;
}

/** The word and every form of it with one letter deleted: two words one typo apart share one. */
function deletionKeys(word: string): string[] {
  const keys = [word];
  for (let i = 0; i < word.length; i++) keys.push(word.slice(0, i) + word.slice(i + 1));
  return keys;
}

function addTo(index: Map<string, LookupEntry[]>, key: string, entry: LookupEntry): void {
  const entries = index.get(key);
  if (entries) entries.push(entry);
  else index.set(key, [entry]);
}

export class ContextValueMatcher {
  private readonly byText = new Map<string, LookupEntry[]>();
  private readonly byStem = new Map<string, LookupEntry[]>();
  // Symmetric-deletion index of first words, so that typo candidates are found by lookups rather
  // than by comparing each word of the message with every value.
  private readonly byDeletion = new Map<string, LookupEntry[]>();

  // Words repeat from message to message: the entries each one's deletion keys found.
  private readonly candidatesByWord = new Map<string, readonly LookupEntry[] | undefined>();

  constructor(entries: readonly LookupEntry[]) {
    const seen = new Set<string>();
    for (const entry of entries) {
      const first = entry.texts[0];
      const firstStem = entry.stems[0];
      if (first === undefined || firstStem === undefined) continue;
      // The first entry for a written form wins, so a context's own values beat annotations.
      const key = `${entry.entity}\u0000${entry.texts.join(' ')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      addTo(this.byText, first, entry);
      addTo(this.byStem, firstStem, entry);
      if (first.length >= MIN_TYPO_LENGTH) for (const key of deletionKeys(first)) addTo(this.byDeletion, key, entry);
    }
  }

  /** The entries that share a deletion key with `word`, in the order its keys find them (undefined: none). */
  private typoCandidates(word: string): readonly LookupEntry[] | undefined {
    if (this.candidatesByWord.has(word)) return this.candidatesByWord.get(word);
    let found: LookupEntry[] | undefined;
    for (const key of deletionKeys(word)) {
      const entries = this.byDeletion.get(key);
      if (entries !== undefined) (found ??= []).push(...entries);
    }
    if (this.candidatesByWord.size >= CANDIDATE_MEMO_LIMIT) this.candidatesByWord.clear();
    this.candidatesByWord.set(word, found);
    return found;
  }

  match(tokens: readonly Token[]): LookupMatch[] {
    const candidates: LookupMatch[] = [];
    tokens.forEach((token, first) => {
      // Most words of a message start no value: no set is made for them.
      let entries: Set<LookupEntry> | undefined;
      const gather = (found: readonly LookupEntry[] | undefined): void => {
        if (found === undefined) return;
        entries ??= new Set();
        for (const entry of found) entries.add(entry);
      };
      gather(this.byText.get(token.text));
      gather(this.byStem.get(token.stem));
      if (token.text.length >= MIN_TYPO_LENGTH) gather(this.typoCandidates(token.text));
      if (entries === undefined) return;
      for (const entry of entries) {
        const length = entry.texts.length;
        if (first + length > tokens.length) continue;
        let confidence = 1;
        for (let j = 0; j < length && confidence > 0; j++) {
          const level = tokenMatch(tokens[first + j] as Token, entry.texts[j] as string, entry.stems[j] as string);
          confidence = Math.min(confidence, level);
        }
        if (confidence > 0) candidates.push({ entry, first, last: first + length, confidence });
      }
    });
    // Longest first, then the surest, then the earliest; each context keeps non-overlapping
    // matches (two contexts may both claim "São Paulo").
    candidates.sort(
      (a, b) => b.last - b.first - (a.last - a.first) || b.confidence - a.confidence || a.first - b.first,
    );
    const taken = new Map<string, boolean[]>();
    const kept: LookupMatch[] = [];
    for (const candidate of candidates) {
      const used = taken.get(candidate.entry.entity) ?? [];
      taken.set(candidate.entry.entity, used);
      let free = true;
      for (let i = candidate.first; i < candidate.last; i++) if (used[i]) free = false;
      if (!free) continue;
      for (let i = candidate.first; i < candidate.last; i++) used[i] = true;
      kept.push(candidate);
    }
    return kept;
  }
}
