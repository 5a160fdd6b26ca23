// What turns the classifier's scores into the confidence compared with the assistant's threshold.
// The constants are chosen by `npm run bench:nlu` on validation data only (CLINC150's `val` and
// `oos_val`, a seeded split of Cosibot's training phrases, the pt-BR development set's validation
// part, and small assistants drawn from them), never on a test split: see src/nlu/README.md.

export interface NluCalibration {
  /**
   * Scores are divided by it before the softmax (temperature scaling): below 1 sharpens the
   * L2-regularised classifier, which is underconfident where many intents share words.
   */
  temperature: number;
  /**
   * The quantile of held-out in-scope similarity that counts as fully covered: a message at least
   * as close to a taught phrase as this share of real paraphrases keeps its whole probability.
   */
  referenceQuantile: number;
  /**
   * The least that reference similarity may be: assistants of very diverse short phrases
   * (greetings of one or two words) would otherwise make every stranger look covered.
   */
  referenceFloor: number;
  /**
   * How much the floor rises for each tenfold fewer intents than `FLOOR_PIVOT_INTENTS`: with few
   * intents the classifier's probability says little (one intent of five is likely by chance), so
   * a stranger must look more like what was taught before it counts as covered. Zero: a flat floor.
   */
  referenceFloorSlope: number;
  /**
   * Subtracted from the background class's score (models trained with one: background.ts) before
   * the softmax: how much more a message must look like everyday talk than like an intent before
   * the background takes most of its probability (e^offset times more).
   */
  backgroundOffset: number;
}

/** For models trained with the background class (all since issue 17's seventh round). */
export const DEFAULT_CALIBRATION: Readonly<NluCalibration> = Object.freeze({
  temperature: 1,
  referenceQuantile: 0.05,
  referenceFloor: 0.2,
  referenceFloorSlope: 0,
  backgroundOffset: 3.5,
});

/**
 * For models without one — trained before it, in a language without background messages, or with
 * all of them left out: the sixth round's calibration, chosen for such models, whose rising floor
 * does on small assistants what the background does now. Its offset has nothing to act on.
 */
export const NO_BACKGROUND_CALIBRATION: Readonly<NluCalibration> = Object.freeze({
  temperature: 1,
  referenceQuantile: 0.1,
  referenceFloor: 0.2,
  referenceFloorSlope: 0.05,
  backgroundOffset: 3.5,
});

/**
 * The number of intents at and above which the floor is `referenceFloor` itself. It is the largest
 * assistant measured (CLINC150 and Cosibot have 150 intents), not a constant of the form: the floor
 * is kept from falling where nothing was measured.
 */
export const FLOOR_PIVOT_INTENTS = 150;

/** The reference floor of an assistant of `intentCount` intents: floor + slope × log10(150 / K), never below the floor. */
export function referenceFloorOf(calibration: NluCalibration, intentCount: number): number {
  const tenfolds = Math.max(0, Math.log10(FLOOR_PIVOT_INTENTS / Math.max(1, intentCount)));
  return calibration.referenceFloor + calibration.referenceFloorSlope * tenfolds;
}

// Near-duplicate phrases would make every paraphrase look poorly covered.
const REFERENCE_CEILING = 0.9;
/** Used when no intent has two phrases to compare. */
export const DEFAULT_REFERENCE_SIMILARITY = 0.3;

/** How many points of the held-out similarity distribution a model keeps (its percentiles). */
export const SIMILARITY_PERCENTILES = 101;

/** The percentiles (0, 1, …, 100) of a list of similarities, for `referenceSimilarityOf`. */
export function percentiles(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from(
    { length: SIMILARITY_PERCENTILES },
    (_, p) => sorted[Math.round((p / (SIMILARITY_PERCENTILES - 1)) * (sorted.length - 1))] as number,
  );
}

/**
 * The similarity at which a message counts as fully covered by what was taught, from the held-out
 * similarity percentiles measured at training (none: no intent had two phrases) and the number of
 * intents (which sets the floor).
 */
export function referenceSimilarityOf(heldOutPercentiles: readonly number[], calibration: NluCalibration, intentCount: number): number {
  if (heldOutPercentiles.length === 0) return DEFAULT_REFERENCE_SIMILARITY;
  const at = Math.round(calibration.referenceQuantile * (heldOutPercentiles.length - 1));
  const low = heldOutPercentiles[at] as number;
  return Math.max(referenceFloorOf(calibration, intentCount), Math.min(REFERENCE_CEILING, low));
}

/**
 * How well what was taught covers a message, in [0, 1]: its similarity to the nearest training
 * phrase of the predicted intent, relative to the reference similarity, capped at 1.
 */
export function coverage(similarity: number, referenceSimilarity: number): number {
  return Math.min(1, similarity / referenceSimilarity);
}

/**
 * The probability of each class of a model's scores under `calibration`: a softmax at its
 * temperature, with the background class (the one after the intents, when there is one) offset.
 */
export function probabilitiesOf(scores: Float64Array, intentCount: number, calibration: NluCalibration): Float64Array {
  return softmaxAt(scores, calibration.temperature, intentCount, calibration.backgroundOffset);
}

/**
 * Softmax of `scores / temperature`, in a new array; the score at `offsetAt` (if any) lowered by
 * `offset` first (the scores themselves are not changed).
 */
export function softmaxAt(scores: Float64Array, temperature: number, offsetAt = -1, offset = 0): Float64Array {
  const out = new Float64Array(scores.length);
  for (let k = 0; k < scores.length; k++) out[k] = k === offsetAt ? (scores[k] as number) - offset : (scores[k] as number);
  let max = -Infinity;
  for (const score of out) if (score > max) max = score;
  let sum = 0;
  for (let k = 0; k < out.length; k++) {
    const e = Math.exp(((out[k] as number) - max) / temperature);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / sum;
  return out;
}

// Blending the optional semantic provider (semantic-index.ts) with the lexical classifier. No
// embeddings model ships with the product, so these are set from the geometry of common sentence
// embeddings (cosine 0.8+ for paraphrases, 0.3–0.6 for unrelated text in one language), not chosen
// on data: the probabilities are averaged half and half; the semantic ones are a softmax of the
// per-intent similarities at a temperature that makes 0.1 of cosine a factor e² ≈ 7; a message at
// least 0.8 similar to a taught phrase counts as fully covered.
export const SEMANTIC_WEIGHT = 0.5;
export const SEMANTIC_TEMPERATURE = 0.05;
export const SEMANTIC_REFERENCE = 0.8;
