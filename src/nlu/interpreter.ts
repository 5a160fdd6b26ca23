// Applies a trained model to a message: intent with confidence and ranking, and entities, in
// Rasa's parse shape.
import { predictProbabilities } from './classifier.js';
import { EntityExtractor } from './entities.js';
import { FeatureSpace } from './features.js';
import { resolveLanguage } from './language.js';
import { MessageAnalyser } from './message-analyser.js';
import type { NluModel } from './nlu-model.js';
import { PhraseMemory } from './phrase-memory.js';
import { NLU_FALLBACK_INTENT, type IntentScore, type ParseResult } from './types.js';

const RANKING_LENGTH = 10;
// Temperature scaling of the classifier's scores for the confidence. The L2-regularised softmax is
// underconfident where many intents share words: on CLINC150's validation split a top probability
// of 0.1–0.3 is right about half the time. 0.7 was chosen there and on small assistants drawn
// from CLINC150 and Cosibot (src/nlu/README.md); it changes no ranking order.
const CONFIDENCE_TEMPERATURE = 0.7;

/**
 * How well what was taught covers a message, in [0, 1]: its similarity to the nearest training
 * phrase of the predicted intent, relative to what in-scope paraphrases score at worst (the 10th
 * percentile measured at training): 1 for nine in ten real paraphrases, less for strangers.
 */
export function coverage(similarity: number, referenceSimilarity: number): number {
  return Math.min(1, similarity / referenceSimilarity);
}

export class NluInterpreter {
  readonly intents: string[];
  /** What the training data could do better, as found at training (find-training-warnings.ts). */
  readonly warnings: readonly string[];
  private readonly analyser: MessageAnalyser;
  private readonly features: FeatureSpace;
  private readonly memory: PhraseMemory;

  constructor(private readonly model: NluModel) {
    this.intents = [...model.intents];
    this.warnings = [...model.warnings];
    const language = resolveLanguage(model.language);
    const known = new Set(model.knownWords);
    const isKnown = (word: string): boolean => known.has(word);
    const entities = new EntityExtractor(language, model.contexts, model.regexes, model.annotations, isKnown, model.language);
    this.analyser = new MessageAnalyser(language, entities, isKnown);
    this.features = new FeatureSpace(model.vocabulary, model.idf);
    const { texts, labels } = model.references;
    this.memory = new PhraseMemory(
      texts.map((text) => this.features.vectorise(this.analyser.analyse(text).features)),
      labels,
      this.intents.length,
      this.features.size,
    );
  }

  /** `options.now`: the moment relative dates ("amanhã") are read from; by default, now. */
  parse(text: string, threshold: number, options: { now?: Date } = {}): ParseResult {
    const message = text.trim();
    const fallback: IntentScore = { name: NLU_FALLBACK_INTENT, confidence: clamp(threshold) };
    const { tokens, entities, features } = this.analyser.analyse(message, options.now);
    if (tokens.length === 0) {
      // Nothing to classify (empty, or only punctuation and emoji): always the fallback.
      return { text: message, intent: fallback, entities, intent_ranking: [fallback] };
    }
    const vector = this.features.vectorise(features);
    const probabilities = predictProbabilities(this.model.classifier, vector, CONFIDENCE_TEMPERATURE);
    let predicted = 0;
    for (let k = 1; k < probabilities.length; k++) {
      if ((probabilities[k] as number) > (probabilities[predicted] as number)) predicted = k;
    }
    // One factor for the whole ranking, so that the ranking stays the classifier's.
    const scale = coverage(this.memory.nearest(vector, predicted), this.model.referenceSimilarity);
    const ranking = this.intents
      .map((name, k) => ({ name, probability: probabilities[k] as number }))
      .sort((a, b) => b.probability - a.probability || (a.name < b.name ? -1 : 1))
      .slice(0, RANKING_LENGTH)
      .map(({ name, probability }) => ({ name, confidence: clamp(probability * scale) }));
    const top = ranking[0] as IntentScore;
    if (top.confidence < fallback.confidence) {
      // As Rasa's FallbackClassifier: the fallback first, the candidates kept after it.
      return { text: message, intent: fallback, entities, intent_ranking: [fallback, ...ranking] };
    }
    return { text: message, intent: { ...top }, entities, intent_ranking: ranking };
  }
}

function clamp(value: number): number {
  return Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
}
