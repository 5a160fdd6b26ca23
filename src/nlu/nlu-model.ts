// Everything a trained model holds: plain data and typed arrays, so that it serialises simply and
// loads fast.
import type { Context, RegexPattern } from '../assistant/content.js';
import type { LinearClassifier } from './classifier.js';
import type { CrossValidation } from './cross-validate.js';
import type { EntityAnnotation } from './entities/entities.js';

export interface NluModel {
  /** The assistant's language code, as given for training. */
  language: string;
  /** Intent names; an intent's class number is its index. */
  intents: string[];
  /** Folded words of the training data, to tell stretched words from real double letters. */
  knownWords: string[];
  /**
   * The normalised words of the training phrases and how often each occurs: what typos are
   * corrected to (spelling-corrector.ts). Absent from artifacts written before it (no correction).
   */
  wordCounts?: { words: string[]; counts: number[] };
  /** Feature keys (see features.ts); a feature's id is its index. */
  vocabulary: string[];
  idf: Float32Array;
  classifier: LinearClassifier;
  /**
   * The classifier has one class more than the intents, the last: background messages
   * (background.ts), which take probability from the intents and are never reported.
   */
  background?: boolean;
  /** How many background messages that class learnt (the others were like the assistant's phrases). */
  backgroundMessages?: number;
  /**
   * The training phrases the interpreter compares messages with (see phrase-memory.ts), with
   * their intent numbers: at most a few dozen per intent, re-vectorised when the model loads.
   */
  references: { texts: string[]; labels: number[] };
  /**
   * How similar an unseen phrase of an intent typically is to that intent's nearest training
   * phrase (measured leaving phrases out at training): the similarity at which a message counts
   * as fully covered by what was taught.
   */
  referenceSimilarity: number;
  /**
   * The percentiles (0–100) of that held-out similarity, from which the interpreter derives the
   * reference under its calibration (calibration.ts); absent from artifacts written before them.
   */
  similarityPercentiles?: number[];
  contexts: Context[];
  regexes: RegexPattern[];
  annotations: EntityAnnotation[];
  /** What cross-validating the training phrases found (cross-validate.ts); absent for large or old models. */
  crossValidation?: CrossValidation;
  /** What the training data could do better (find-training-warnings.ts), for the administrator. */
  warnings: string[];
}
