// Turns tokens into the sparse vectors the classifier reads. Three views of a message, each
// useful on its own: stemmed words (meaning), word pairs (word order: "não funciona" is not
// "funciona"), and character n-grams inside words (typos: "impresora" still shares most n-grams
// with "impressora"). Weighted TF-IDF-style and L2-normalised.
import type { SparseVector } from './sparse-vector.js';
import type { Token } from './tokenise.js';

/**
 * Feature key → how many times it occurs in one message, each occurrence counted at the weight of
 * its word (1, or less for conversational words beside content). Keys start with their group letter.
 */
export type FeatureCounts = Map<string, number>;

// Each group is normalised on its own and then weighted, so that the ~60 character n-grams of a
// sentence do not drown its ~8 words, whatever the sentence length.
const GROUPS = ['w', 'b', 'c', 'x', 'r'] as const;
const GROUP_WEIGHTS = Float64Array.of(
  1, // w: stemmed word
  0.6, // b: stemmed word bigram
  1, // c: character n-gram
  0.5, // x: extra evidence, an entity was found
  1, // r: the kind of a short reply (conversational-words.ts)
);
// 3- and 4-grams: 5-grams added nothing measurable on CLINC150 or Cosibot but a third more
// features and training time.
const MIN_NGRAM = 3;
const MAX_NGRAM = 4;

// The n-grams of a word are the same in every message; words repeat a lot.
const NGRAM_MEMO_LIMIT = 50_000;
const ngramMemo = new Map<string, string[]>();

function characterNgrams(word: string): string[] {
  const cached = ngramMemo.get(word);
  if (cached) return cached;
  const padded = `<${word}>`;
  const ngrams: string[] = [];
  for (let n = MIN_NGRAM; n <= MAX_NGRAM; n++) {
    for (let i = 0; i + n <= padded.length; i++) ngrams.push(`c:${padded.slice(i, i + n)}`);
  }
  if (ngramMemo.size >= NGRAM_MEMO_LIMIT) ngramMemo.clear();
  ngramMemo.set(word, ngrams);
  return ngrams;
}

/**
 * Counts the features of a tokenised message; `extras` are extra feature names (entities…),
 * `replies` the kinds of a short reply; `weights` (default 1) weigh each token's features.
 */
export function countFeatures(
  tokens: readonly Token[],
  extras: readonly string[] = [],
  options: { weights?: readonly number[]; replies?: readonly string[] } = {},
): FeatureCounts {
  const counts: FeatureCounts = new Map();
  const add = (key: string, weight = 1): void => {
    counts.set(key, (counts.get(key) ?? 0) + weight);
  };
  let previous: { stem: string; weight: number } | undefined;
  tokens.forEach((token, index) => {
    const weight = options.weights?.[index] ?? 1;
    add(`w:${token.stem}`, weight);
    if (previous !== undefined) add(`b:${previous.stem} ${token.stem}`, Math.min(weight, previous.weight));
    previous = { stem: token.stem, weight };
    for (const ngram of characterNgrams(token.text)) add(ngram, weight);
  });
  for (const extra of extras) add(`x:${extra}`);
  for (const reply of options.replies ?? []) add(`r:${reply}`);
  return counts;
}

/**
 * Sublinear term frequency: a word said twice is more, but not twice as, telling; a weighed-down
 * occurrence (below 1) counts in proportion.
 */
function termFrequency(count: number): number {
  return count <= 1 ? count : 1 + Math.log(count);
}

/** The vocabulary and IDF learnt from the training phrases; unknown features are ignored. */
export class FeatureSpace {
  private readonly ids: Map<string, number>;
  /** The group (index in GROUPS) of each feature id. */
  private readonly groups: Uint8Array;

  /** The IDF of a feature no training phrase had. */
  private readonly unseenIdf: number;

  constructor(
    /** Feature keys; a feature's id is its index. */
    readonly vocabulary: readonly string[],
    /** Inverse document frequency per feature id. */
    readonly idf: Float32Array,
  ) {
    let largest = 1;
    for (const value of idf) largest = Math.max(largest, value);
    this.unseenIdf = largest;
    this.ids = new Map(vocabulary.map((key, id) => [key, id]));
    this.groups = Uint8Array.from(vocabulary, (key) => Math.max(0, GROUPS.indexOf(key.charAt(0) as (typeof GROUPS)[number])));
  }

  get size(): number {
    return this.vocabulary.length;
  }

  /**
   * Builds the vocabulary from the training messages' feature counts. Past `maxFeatures`, the
   * rarest features are left out (they bound the classifier's memory while training).
   */
  static fit(documents: readonly FeatureCounts[], maxFeatures = Infinity): FeatureSpace {
    const documentFrequency = new Map<string, number>();
    for (const counts of documents) {
      for (const key of counts.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
    }
    // First-seen order: the same training data always gives the same ids, and the same model.
    let vocabulary = [...documentFrequency.keys()];
    if (vocabulary.length > maxFeatures) {
      const kept = new Set(
        vocabulary
          .map((key, order) => ({ key, order, df: documentFrequency.get(key) ?? 0 }))
          .sort((a, b) => b.df - a.df || a.order - b.order)
          .slice(0, maxFeatures)
          .map(({ key }) => key),
      );
      vocabulary = vocabulary.filter((key) => kept.has(key));
    }
    const n = documents.length;
    // Smoothed IDF (as scikit-learn's): a feature found in every phrase still counts a little.
    const idf = Float32Array.from(vocabulary, (key) => Math.log((1 + n) / (1 + (documentFrequency.get(key) ?? 0))) + 1);
    return new FeatureSpace(vocabulary, idf);
  }

  vectorise(counts: FeatureCounts): SparseVector {
    const ids = new Uint32Array(counts.size);
    const values = new Float64Array(counts.size);
    let size = 0;
    const groupNorms = new Float64Array(GROUPS.length);
    for (const [key, count] of counts) {
      const id = this.ids.get(key);
      if (id === undefined) {
        // An unknown feature has no weight anywhere, but it still counts in the norm (with the
        // IDF of a feature never seen): a message made mostly of words never taught must look
        // unlike every training phrase, not like its one familiar word.
        const group = Math.max(0, GROUPS.indexOf(key.charAt(0) as (typeof GROUPS)[number]));
        const value = termFrequency(count) * this.unseenIdf;
        groupNorms[group] = (groupNorms[group] as number) + value * value;
        continue;
      }
      const value = termFrequency(count) * (this.idf[id] as number);
      ids[size] = id;
      values[size] = value;
      size++;
      const group = this.groups[id] as number;
      groupNorms[group] = (groupNorms[group] as number) + value * value;
    }
    // Each group present gets its weight; the whole is then scaled to unit length (known and
    // unknown features together), so known features alone may fall short of length 1.
    let total = 0;
    for (let group = 0; group < GROUPS.length; group++) {
      if ((groupNorms[group] as number) > 0) total += (GROUP_WEIGHTS[group] as number) ** 2;
    }
    const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
    for (let i = 0; i < size; i++) {
      const group = this.groups[ids[i] as number] as number;
      values[i] = ((values[i] as number) * (GROUP_WEIGHTS[group] as number)) / Math.sqrt(groupNorms[group] as number);
    }
    // Ascending ids (the sparse-vector contract), sorting positions packed with their ids.
    const order = new Float64Array(size);
    for (let i = 0; i < size; i++) order[i] = (ids[i] as number) * size + i;
    order.sort();
    const vector: SparseVector = { indices: new Uint32Array(size), values: new Float32Array(size) };
    for (let i = 0; i < size; i++) {
      const position = (order[i] as number) % size;
      vector.indices[i] = ids[position] as number;
      vector.values[i] = (values[position] as number) * scale;
    }
    return vector;
  }
}
