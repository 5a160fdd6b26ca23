// Turns tokens into the sparse vectors the classifier reads. Three views of a message, each
// useful on its own: stemmed words (meaning), word pairs (word order: "não funciona" is not
// "funciona"), and character n-grams inside words (typos: "impresora" still shares most n-grams
// with "impressora"). Weighted TF-IDF-style and L2-normalised.
import type { SparseVector } from './sparse-vector.js';
import type { Token } from './text/tokenise.js';

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
// Each feature space (one per loaded model) remembers the ids of the words it has read: a chat
// vocabulary is a few thousand words, and a server holds many models.
const SPACE_MEMO_LIMIT = 10_000;

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

/** What weighs each token's features (default 1) and the kinds of a short reply. */
export interface FeatureOptions {
  weights?: readonly number[];
  replies?: readonly string[];
}

/** Receives a message's features one occurrence at a time, in the one order they are counted. */
interface FeatureVisitor {
  word(stem: string, weight: number): void;
  pair(first: string, second: string, weight: number): void;
  /** The character n-grams of a (normalised) word. */
  characters(text: string, weight: number): void;
  extra(key: string): void;
}

function visitFeatures(tokens: readonly Token[], extras: readonly string[], options: FeatureOptions, visitor: FeatureVisitor): void {
  let previousStem = '';
  let previousWeight = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    const weight = options.weights?.[index] ?? 1;
    visitor.word(token.stem, weight);
    if (index > 0) visitor.pair(previousStem, token.stem, Math.min(weight, previousWeight));
    previousStem = token.stem;
    previousWeight = weight;
    visitor.characters(token.text, weight);
  }
  for (const extra of extras) visitor.extra(`x:${extra}`);
  for (const reply of options.replies ?? []) visitor.extra(`r:${reply}`);
}

/**
 * Counts the features of a tokenised message; `extras` are extra feature names (entities…),
 * `replies` the kinds of a short reply; `weights` (default 1) weigh each token's features.
 */
export function countFeatures(tokens: readonly Token[], extras: readonly string[] = [], options: FeatureOptions = {}): FeatureCounts {
  const counts: FeatureCounts = new Map();
  const add = (key: string, weight = 1): void => {
    counts.set(key, (counts.get(key) ?? 0) + weight);
  };
  visitFeatures(tokens, extras, options, {
    word: (stem, weight) => add(`w:${stem}`, weight),
    pair: (first, second, weight) => add(`b:${first} ${second}`, weight),
    characters: (text, weight) => {
      for (const ngram of characterNgrams(text)) add(ngram, weight);
    },
    extra: (key) => add(key),
  });
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
    this.groups = Uint8Array.from(vocabulary, groupOf);
    this.slots = new FeatureSlots(vocabulary.length);
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
    this.slots.clear();
    for (const [key, count] of counts) this.addByKey(key, count);
    const vector = this.vectoriseSlots(this.slots);
    this.slots.clear();
    return vector;
  }

  /**
   * The vector of a message's tokens, extras and options: the same as
   * `vectorise(countFeatures(tokens, extras, options))`, bit for bit, without building the key of
   * each character n-gram and word and looking it up (what parsing spent most of its time on).
   */
  vectoriseTokens(tokens: readonly Token[], extras: readonly string[] = [], options: FeatureOptions = {}): SparseVector {
    this.slots.clear();
    visitFeatures(tokens, extras, options, this.slotFiller);
    const vector = this.vectoriseSlots(this.slots);
    this.slots.clear();
    return vector;
  }

  /** Puts each feature occurrence in `slots` by its id (made once: parsing creates no closures). */
  private readonly slotFiller: FeatureVisitor = {
    word: (stem, weight) => {
      const id = this.wordIdOf(stem);
      if (id < 0) this.slots.addUnknown(`w:${stem}`, 0, weight);
      else this.slots.addKnown(id, weight);
    },
    pair: (first, second, weight) => {
      const id = this.pairIdOf(first, second);
      if (id < 0) this.slots.addUnknown(`b:${first} ${second}`, PAIR_GROUP, weight);
      else this.slots.addKnown(id, weight);
    },
    characters: (text, weight) => {
      const ids = this.ngramIdsOf(text);
      for (let n = 0; n < ids.length; n++) {
        const id = ids[n] as number;
        if (id < 0) this.slots.addUnknown(characterNgrams(text)[n] as string, CHARACTER_GROUP, weight);
        else this.slots.addKnown(id, weight);
      }
    },
    extra: (key) => this.addByKey(key, 1),
  };

  private addByKey(key: string, weight: number): void {
    const id = this.ids.get(key);
    if (id === undefined) this.slots.addUnknown(key, groupOf(key), weight);
    else this.slots.addKnown(id, weight);
  }

  // Parsing is synchronous, so one set of slots per feature space is safe.
  private readonly slots: FeatureSlots;
  private readonly wordIds = new Map<string, number>();
  private readonly ngramIds = new Map<string, Int32Array>();
  private readonly pairIds = new Map<string, Map<string, number>>();
  private pairCount = 0;
  // Scratch for vectoriseSlots: the norm of each group and its square root.
  private readonly groupNorms = new Float64Array(GROUPS.length);
  private readonly roots = new Float64Array(GROUPS.length);

  /** The id of a stem's word feature, -1 when unknown. */
  private wordIdOf(stem: string): number {
    let id = this.wordIds.get(stem);
    if (id === undefined) {
      id = this.ids.get(`w:${stem}`) ?? -1;
      if (this.wordIds.size >= SPACE_MEMO_LIMIT) this.wordIds.clear();
      this.wordIds.set(stem, id);
    }
    return id;
  }

  /** The id of a pair of stems' feature, -1 when unknown. */
  private pairIdOf(first: string, second: string): number {
    let seconds = this.pairIds.get(first);
    let id = seconds?.get(second);
    if (id !== undefined) return id;
    id = this.ids.get(`b:${first} ${second}`) ?? -1;
    // Bounded by the pairs remembered, whatever their first stems.
    if (this.pairCount >= SPACE_MEMO_LIMIT) {
      this.pairIds.clear();
      this.pairCount = 0;
      seconds = undefined;
    }
    if (seconds === undefined) {
      seconds = new Map();
      this.pairIds.set(first, seconds);
    }
    seconds.set(second, id);
    this.pairCount++;
    return id;
  }

  /** The ids of a word's character n-grams, in `characterNgrams` order, -1 for unknown ones. */
  private ngramIdsOf(text: string): Int32Array {
    let ids = this.ngramIds.get(text);
    if (ids === undefined) {
      ids = Int32Array.from(characterNgrams(text), (ngram) => this.ids.get(ngram) ?? -1);
      if (this.ngramIds.size >= SPACE_MEMO_LIMIT) this.ngramIds.clear();
      this.ngramIds.set(text, ids);
    }
    return ids;
  }

  private vectoriseSlots(slots: FeatureSlots): SparseVector {
    const count = slots.size;
    // Known features' ids in slot order, and their values by slot (scratch of the slots).
    const { knownIds: ids, values } = slots;
    let size = 0;
    const groupNorms = this.groupNorms.fill(0);
    for (let slot = 0; slot < count; slot++) {
      const id = slots.ids[slot] as number;
      const tf = termFrequency(slots.counts[slot] as number);
      if (id < 0) {
        // An unknown feature has no weight anywhere, but it still counts in the norm (with the
        // IDF of a feature never seen): a message made mostly of words never taught must look
        // unlike every training phrase, not like its one familiar word.
        const group = slots.groups[slot] as number;
        const value = tf * this.unseenIdf;
        groupNorms[group] = (groupNorms[group] as number) + value * value;
        continue;
      }
      const value = tf * (this.idf[id] as number);
      ids[size] = id;
      values[slot] = value;
      size++;
      const group = this.groups[id] as number;
      groupNorms[group] = (groupNorms[group] as number) + value * value;
    }
    // Each group present gets its weight; the whole is then scaled to unit length (known and
    // unknown features together), so known features alone may fall short of length 1.
    let total = 0;
    const roots = this.roots;
    for (let group = 0; group < GROUPS.length; group++) {
      if ((groupNorms[group] as number) > 0) total += (GROUP_WEIGHTS[group] as number) ** 2;
      roots[group] = Math.sqrt(groupNorms[group] as number);
    }
    const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
    // Ascending ids (the sparse-vector contract); a message's ids are distinct, each in one slot.
    const indices = sortedIds(ids, size);
    const vector: SparseVector = { indices, values: new Float32Array(size) };
    for (let i = 0; i < size; i++) {
      const id = indices[i] as number;
      const group = this.groups[id] as number;
      const value = ((values[slots.slotOf(id)] as number) * (GROUP_WEIGHTS[group] as number)) / (roots[group] as number);
      vector.values[i] = value * scale;
    }
    return vector;
  }
}

const CHARACTER_GROUP = GROUPS.indexOf('c');
const PAIR_GROUP = GROUPS.indexOf('b');
// A message's distinct features: a few hundred for a long one (the slots grow past it).
const INITIAL_SLOTS = 256;

// Up to this many ids are sorted by insertion (a typed array's sort costs more on a short message).
const INSERTION_SORT_LIMIT = 64;

/** The first `size` ids (distinct), ascending, in a new array. */
function sortedIds(ids: Uint32Array, size: number): Uint32Array {
  const sorted = ids.slice(0, size);
  if (size > INSERTION_SORT_LIMIT) return sorted.sort();
  for (let i = 1; i < size; i++) {
    const id = sorted[i] as number;
    let at = i;
    while (at > 0 && (sorted[at - 1] as number) > id) {
      sorted[at] = sorted[at - 1] as number;
      at--;
    }
    sorted[at] = id;
  }
  return sorted;
}

/** The group (index in GROUPS) of a feature key. */
function groupOf(key: string): number {
  return Math.max(0, GROUPS.indexOf(key.charAt(0) as (typeof GROUPS)[number]));
}

/**
 * A message's distinct features in the order they first occur (the order a FeatureCounts map
 * iterates in), each with its summed weight: known ones by id, unknown ones by key.
 */
class FeatureSlots {
  /** Feature id per slot, -1 for an unknown feature. */
  ids = new Int32Array(INITIAL_SLOTS);
  counts = new Float64Array(INITIAL_SLOTS);
  /** The group of an unknown feature's slot. */
  groups = new Uint8Array(INITIAL_SLOTS);
  /** Scratch for the vector: the known features' ids, and values by slot. */
  knownIds = new Uint32Array(INITIAL_SLOTS);
  values = new Float64Array(INITIAL_SLOTS);
  size = 0;
  /** Slot + 1 per feature id (0: none yet), reset by `clear`. */
  private readonly slotPlusOne: Int32Array;
  private readonly unknown = new Map<string, number>();

  constructor(features: number) {
    this.slotPlusOne = new Int32Array(features);
  }

  /** The slot of a known feature seen since the last `clear`. */
  slotOf(id: number): number {
    return (this.slotPlusOne[id] as number) - 1;
  }

  addKnown(id: number, weight: number): void {
    const slot = (this.slotPlusOne[id] as number) - 1;
    if (slot < 0) {
      this.slotPlusOne[id] = this.push(id, 0, weight) + 1;
    } else {
      this.counts[slot] = (this.counts[slot] as number) + weight;
    }
  }

  addUnknown(key: string, group: number, weight: number): void {
    const slot = this.unknown.get(key);
    if (slot === undefined) {
      this.unknown.set(key, this.push(-1, group, weight));
    } else {
      this.counts[slot] = (this.counts[slot] as number) + weight;
    }
  }

  clear(): void {
    for (let slot = 0; slot < this.size; slot++) {
      const id = this.ids[slot] as number;
      if (id >= 0) this.slotPlusOne[id] = 0;
    }
    this.size = 0;
    if (this.unknown.size > 0) this.unknown.clear();
  }

  private push(id: number, group: number, weight: number): number {
    if (this.size === this.ids.length) this.grow();
    const slot = this.size++;
    this.ids[slot] = id;
    // As a FeatureCounts map starts a key: 0 plus its first weight.
    this.counts[slot] = 0 + weight;
    this.groups[slot] = group;
    return slot;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    const counts = new Float64Array(this.counts.length * 2);
    const groups = new Uint8Array(this.groups.length * 2);
    ids.set(this.ids);
    counts.set(this.counts);
    groups.set(this.groups);
    this.ids = ids;
    this.counts = counts;
    this.groups = groups;
    this.knownIds = new Uint32Array(ids.length);
    this.values = new Float64Array(ids.length);
  }
}
