// Applies a trained model to a message: intent with confidence and ranking, and entities, in
// Rasa's parse shape.
import {
  coverage,
  DEFAULT_CALIBRATION,
  NO_BACKGROUND_CALIBRATION,
  probabilitiesOf,
  referenceSimilarityOf,
  SEMANTIC_REFERENCE,
  SEMANTIC_TEMPERATURE,
  SEMANTIC_WEIGHT,
  softmaxAt,
  type NluCalibration,
} from './calibration.js';
import { predictScores } from './classifier.js';
import type { CrossValidation } from './cross-validate.js';
import { EntityExtractor } from './entities/entities.js';
import { FeatureSpace } from './features.js';
import { resolveLanguage } from './text/language.js';
import { MessageAnalyser, type ReadMessage } from './message-analyser.js';
import type { NluModel } from './nlu-model.js';
import { PhraseMemory } from './phrase-memory.js';
import type { SparseVector } from './sparse-vector.js';
import { SpellingCorrector } from './text/spelling-corrector.js';
import { NLU_FALLBACK_INTENT, type IntentScore, type ParsedEntity, type ParseResult } from './types.js';

const RANKING_LENGTH = 10;

/** What the model sees in a message, before calibration turns it into confidences. */
export interface IntentEvidence {
  /** The trimmed text. */
  text: string;
  entities: ParsedEntity[];
  /**
   * The classifier's score (logit) per intent, then the background class's when the model has one
   * (background.ts); empty when the message has no words.
   */
  scores: Float64Array;
  /** The intent with the highest score (-1 without words). */
  predicted: number;
  /** Cosine similarity of the message to the nearest remembered phrase of the predicted intent. */
  similarity: number;
}

export class NluInterpreter {
  readonly intents: string[];
  /** What the training data could do better, as found at training (find-training-warnings.ts). */
  readonly warnings: readonly string[];
  /** The similarity at which a message counts as fully covered (see calibration.ts). */
  readonly referenceSimilarity: number;
  /** What turns scores into confidences (calibration.ts). */
  readonly calibration: NluCalibration;
  private readonly analyser: MessageAnalyser;
  private readonly features: FeatureSpace;
  private readonly memory: PhraseMemory;
  /** The remembered phrases of each intent, in the memory's order. */
  private readonly phrasesByIntent: string[][];

  constructor(
    private readonly model: NluModel,
    calibration?: NluCalibration,
  ) {
    // By default, the calibration chosen for models of its kind (with a background class or not).
    this.calibration = calibration ?? (model.background ? DEFAULT_CALIBRATION : NO_BACKGROUND_CALIBRATION);
    const { calibration: chosen } = this;
    this.intents = [...model.intents];
    this.warnings = [...model.warnings];
    // Artifacts written before the percentiles were kept have only the reference itself.
    this.referenceSimilarity = model.similarityPercentiles
      ? referenceSimilarityOf(model.similarityPercentiles, chosen, model.intents.length)
      : model.referenceSimilarity;
    const language = resolveLanguage(model.language);
    const known = new Set(model.knownWords);
    const isKnown = (word: string): boolean => known.has(word);
    const entities = new EntityExtractor(language, model.contexts, model.regexes, model.annotations, isKnown, model.language);
    const spelling = model.wordCounts
      ? new SpellingCorrector(new Map(model.wordCounts.words.map((word, i) => [word, model.wordCounts?.counts[i] ?? 1])))
      : undefined;
    this.analyser = new MessageAnalyser(language, entities, isKnown, spelling);
    this.features = new FeatureSpace(model.vocabulary, model.idf);
    const { texts, labels } = model.references;
    this.phrasesByIntent = this.intents.map(() => []);
    texts.forEach((text, i) => this.phrasesByIntent[labels[i] as number]?.push(text));
    this.memory = new PhraseMemory(
      texts.map((text) => this.features.vectorise(this.analyser.analyse(text).features)),
      labels,
      this.intents.length,
      this.features.size,
    );
  }

  /** The classifier's scores and the similarity to what was taught, uncalibrated. */
  evidence(text: string, options: { now?: Date } = {}): IntentEvidence {
    const message = text.trim();
    const read = this.analyser.read(message, options.now);
    const { tokens, entities } = read;
    if (tokens.length === 0) return { text: message, entities, scores: new Float64Array(0), predicted: -1, similarity: 0 };
    const vector = this.vectorOf(read);
    const scores = predictScores(this.model.classifier, vector);
    // The background class, when the model has one, is last: never predicted, only in the softmax.
    let predicted = 0;
    for (let k = 1; k < this.intents.length; k++) if ((scores[k] as number) > (scores[predicted] as number)) predicted = k;
    return { text: message, entities, scores, predicted, similarity: this.memory.nearest(vector, predicted) };
  }

  /**
   * The share of a message's probability that went to everyday talk (the background class,
   * background.ts) under this interpreter's calibration: 0 for models without one.
   */
  everydayShare(text: string): number {
    const { scores, predicted } = this.evidence(text);
    if (predicted < 0 || scores.length <= this.intents.length) return 0;
    return probabilitiesOf(scores, this.intents.length, this.calibration)[this.intents.length] ?? 0;
  }

  /** The remembered training phrase of `intent` nearest to `text`, with its similarity. */
  nearestPhrase(text: string, intent: string): { text: string; similarity: number } | undefined {
    const k = this.intents.indexOf(intent);
    if (k < 0) return undefined;
    const vector = this.vectorOf(this.analyser.read(text.trim()));
    const { position, similarity } = this.memory.nearestPhrase(vector, k);
    const phrase = this.phrasesByIntent[k]?.[position];
    return phrase === undefined ? undefined : { text: phrase, similarity };
  }

  private vectorOf({ classified, extras, options }: ReadMessage): SparseVector {
    return this.features.vectoriseTokens(classified, extras, options);
  }

  /** What cross-validation at training found (cross-validate.ts); absent for large or old models. */
  get crossValidation(): CrossValidation | undefined {
    return this.model.crossValidation;
  }

  /**
   * `options.now`: the moment relative dates ("amanhã") are read from; by default, now.
   * `options.semantic`: per intent, the similarity of the message to its nearest phrase from the
   * semantic provider (SemanticIndex.similarities), blended with the lexical classifier.
   */
  parse(text: string, threshold: number, options: { now?: Date; semantic?: Float64Array } = {}): ParseResult {
    const evidence = this.evidence(text, options);
    const { text: message, entities } = evidence;
    const fallback: IntentScore = { name: NLU_FALLBACK_INTENT, confidence: clamp(threshold) };
    if (evidence.predicted < 0) {
      // Nothing to classify (empty, or only punctuation and emoji): always the fallback.
      return { text: message, intent: fallback, entities, intent_ranking: [fallback] };
    }
    let probabilities = probabilitiesOf(evidence.scores, this.intents.length, this.calibration);
    // One factor for the whole ranking, so that the ranking stays the classifier's.
    let scale = coverage(evidence.similarity, this.referenceSimilarity);
    const { semantic } = options;
    if (semantic && semantic.length === this.intents.length) {
      const meaning = softmaxAt(semantic, SEMANTIC_TEMPERATURE);
      probabilities = probabilities.map((p, k) => (1 - SEMANTIC_WEIGHT) * p + SEMANTIC_WEIGHT * (meaning[k] ?? 0));
      scale = Math.max(scale, Math.min(1, Math.max(...semantic) / SEMANTIC_REFERENCE));
    }
    const ranking = topIntents(this.intents, probabilities, RANKING_LENGTH).map((k) => ({
      name: this.intents[k] as string,
      confidence: clamp((probabilities[k] as number) * scale),
    }));
    const top = ranking[0] as IntentScore;
    if (top.confidence < fallback.confidence) {
      // As Rasa's FallbackClassifier: the fallback first, the candidates kept after it.
      return { text: message, intent: fallback, entities, intent_ranking: [fallback, ...ranking] };
    }
    return { text: message, intent: { ...top }, entities, intent_ranking: ranking };
  }
}

/**
 * The `count` most probable intents, most probable first (on a tie, in the order of their names):
 * what sorting them all and keeping the first `count` gives, without sorting them all.
 */
function topIntents(names: readonly string[], probabilities: Float64Array, count: number): number[] {
  const before = (a: number, b: number): boolean =>
    (probabilities[b] as number) - (probabilities[a] as number) < 0 ||
    ((probabilities[a] as number) === (probabilities[b] as number) && (names[a] as string) < (names[b] as string));
  const top: number[] = [];
  for (let k = 0; k < names.length; k++) {
    if (top.length === count && !before(k, top[count - 1] as number)) continue;
    let at = Math.min(top.length, count - 1);
    while (at > 0 && before(k, top[at - 1] as number)) {
      top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = k;
  }
  return top;
}

function clamp(value: number): number {
  return Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
}
