// Trains an NLU model from an assistant's intents, contexts and regexes. Pure and synchronous:
// run it out of process (train-in-worker.ts) to keep a server responsive.
import { backgroundPhrases, unlikePhrases } from './background.js';
import { DEFAULT_CALIBRATION, NO_BACKGROUND_CALIBRATION, percentiles, referenceSimilarityOf } from './calibration.js';
import { trainClassifier } from './classifier.js';
import { crossValidate, describeConflict } from './cross-validate.js';
import { NluInterpreter } from './interpreter.js';
import { EntityExtractor, type EntityAnnotation } from './entities/entities.js';
import { FeatureSpace, type FeatureCounts } from './features.js';
import { findTrainingProblems } from './find-training-problems.js';
import { findTrainingWarnings } from './find-training-warnings.js';
import { resolveLanguage } from './text/language.js';
import { MessageAnalyser } from './message-analyser.js';
import { foldWord } from './text/normalise.js';
import type { NluModel } from './nlu-model.js';
import { PhraseMemory } from './phrase-memory.js';
import type { SparseVector } from './sparse-vector.js';
import { NluTrainingError } from './training-error.js';
import type { NluTrainingData, TrainingProgressListener } from './types.js';

export { NluTrainingError } from './training-error.js';

// Phrases per intent kept for similarity: enough to cover an intent's ways of being said (on
// CLINC150's validation split, 100 rather than 30 keeps 0.5 point more in-scope answers at the
// same out-of-scope recall), few enough to keep large models small and quick to load.
const REFERENCE_PHRASES_PER_INTENT = 100;
// The classifier trains on a dense features × intents matrix (plus Adagrad's twin): 25 million
// entries are 200 MB. Larger assistants lose their rarest features rather than exhaust memory.
const MAX_TRAINING_WEIGHTS = 25_000_000;
// Held-out similarity is measured on at most this many phrases: plenty for its percentiles.
const CALIBRATION_SAMPLE = 1_000;

interface TrainingPhrase {
  text: string;
  label: number;
  features: FeatureCounts;
}

/**
 * Throws NluTrainingError listing every problem when the data cannot be trained; weaknesses that
 * do not stop training are listed in the model's `warnings`.
 */
export function trainModel(
  data: NluTrainingData,
  options: {
    onProgress?: TrainingProgressListener;
    crossValidate?: boolean;
    background?: boolean;
    /** Called with the background messages the class learns (for tests and diagnostics). */
    onBackground?: (learnt: string[]) => void;
  } = {},
): NluModel {
  const problems = findTrainingProblems(data);
  if (problems.length > 0) throw new NluTrainingError(problems);
  // Shares of the work, roughly as the time goes on a large assistant.
  const report = options.onProgress ?? (() => undefined);
  report({ fraction: 0, phase: 'analysing phrases' });

  const language = resolveLanguage(data.language);
  const knownWords = collectKnownWords(data);
  const known = new Set(knownWords);
  const isKnown = (word: string): boolean => known.has(word);
  const annotations: EntityAnnotation[] = data.intents.flatMap((intent) =>
    intent.phrases.flatMap((phrase) =>
      (phrase.entities ?? []).map(({ entity, value, start, end }) => ({ entity, value, text: phrase.text.slice(start, end) })),
    ),
  );
  const analyser = new MessageAnalyser(
    language,
    new EntityExtractor(language, data.contexts, data.regexes, annotations, isKnown, data.language),
    isKnown,
  );

  const phrases: TrainingPhrase[] = [];
  const wordCounts = new Map<string, number>();
  data.intents.forEach((intent, label) => {
    for (const { text } of intent.phrases) {
      const { tokens, features } = analyser.analyse(text);
      // Phrases of only punctuation or emoji have nothing to learn from.
      if (tokens.length > 0) phrases.push({ text, label, features });
      for (const token of tokens) wordCounts.set(token.text, (wordCounts.get(token.text) ?? 0) + 1);
    }
  });
  const words = [...wordCounts.keys()].sort();

  const numClasses = data.intents.length;
  const space = FeatureSpace.fit(
    phrases.map((phrase) => phrase.features),
    // One class more for the background, when the language has one.
    Math.floor(MAX_TRAINING_WEIGHTS / (numClasses + (options.background !== false && backgroundPhrases(language).length > 0 ? 1 : 0))),
  );
  const vectors = phrases.map((phrase) => space.vectorise(phrase.features));
  const labels = phrases.map((phrase) => phrase.label);
  const remembered = chooseReferences(labels, numClasses);
  const rememberedVectors = remembered.map((phrase) => vectors[phrase] as SparseVector);
  // `background: false` trains without the background class (tests and comparisons).
  const background = options.background === false ? [] : backgroundVectors(language, analyser, space, rememberedVectors, options.onBackground);
  report({ fraction: 0.2, phase: 'training the classifier' });
  const classifier = trainClassifier(
    background.length > 0 ? [...vectors, ...background] : vectors,
    background.length > 0 ? [...labels, ...background.map(() => numClasses)] : labels,
    background.length > 0 ? numClasses + 1 : numClasses,
    space.size,
    { onEpoch: (done, epochs) => report({ fraction: 0.2 + (0.7 * done) / epochs, phase: 'training the classifier' }) },
  );
  report({ fraction: 0.9, phase: 'calibrating' });
  const memory = new PhraseMemory(rememberedVectors, remembered.map((phrase) => labels[phrase] as number), numClasses, space.size);
  const similarityPercentiles = percentiles(heldOutSimilarities(memory, vectors, labels, numClasses));
  const crossValidation =
    options.crossValidate === false ? undefined : crossValidate(data, (subset) => new NluInterpreter(trainModel(subset, { crossValidate: false, background: options.background })));
  return {
    language: data.language,
    intents: data.intents.map((intent) => intent.name),
    knownWords,
    wordCounts: { words, counts: words.map((word) => wordCounts.get(word) ?? 0) },
    vocabulary: [...space.vocabulary],
    idf: space.idf,
    classifier,
    ...(background.length > 0 ? { background: true, backgroundMessages: background.length } : {}),
    references: {
      texts: remembered.map((phrase) => (phrases[phrase] as TrainingPhrase).text),
      labels: remembered.map((phrase) => labels[phrase] as number),
    },
    referenceSimilarity: referenceSimilarityOf(similarityPercentiles, background.length > 0 ? DEFAULT_CALIBRATION : NO_BACKGROUND_CALIBRATION, numClasses),
    similarityPercentiles,
    contexts: data.contexts,
    regexes: data.regexes,
    annotations,
    ...(crossValidation ? { crossValidation } : {}),
    warnings: [...findTrainingWarnings(data), ...(crossValidation?.conflicts ?? []).map(describeConflict)],
  };
}

/**
 * The language's background messages (background.ts) in the assistant's feature space (words it
 * never learnt count for nothing), without those like one of its remembered phrases. Trained as
 * one class more, of the same total weight as an intent (the classifier balances its classes).
 */
function backgroundVectors(
  language: ReturnType<typeof resolveLanguage>,
  analyser: MessageAnalyser,
  space: FeatureSpace,
  remembered: readonly SparseVector[],
  onBackground?: (learnt: string[]) => void,
): SparseVector[] {
  const candidates = backgroundPhrases(language)
    .map((text) => ({ text, vector: space.vectorise(analyser.analyse(text).features) }))
    .filter(({ vector }) => vector.indices.length > 0);
  const kept = unlikePhrases(
    candidates.map(({ vector }) => vector),
    remembered,
    space.size,
  );
  if (onBackground) {
    const learnt = new Set(kept);
    onBackground(candidates.filter(({ vector }) => learnt.has(vector)).map(({ text }) => text));
  }
  return kept;
}

/** Folded words of the phrases and context values, except stretched ones ("oiii"). */
function collectKnownWords(data: NluTrainingData): string[] {
  const texts = [
    ...data.intents.flatMap((intent) => intent.phrases.map((phrase) => phrase.text)),
    ...data.contexts.flatMap((context) => {
      if (context.type === 'text') return context.values.flatMap(({ value, synonyms }) => [value, ...synonyms]);
      if (context.type === 'categorical') return context.values;
      return [];
    }),
  ];
  const words = new Set<string>();
  for (const text of texts) {
    for (const [word] of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
      const folded = foldWord(word);
      if (!/(\p{L})\1\1/u.test(folded)) words.add(folded);
    }
  }
  return [...words].sort();
}

/** Phrase numbers to remember: each intent's phrases, evenly spread, at most the cap. */
function chooseReferences(labels: readonly number[], numClasses: number): number[] {
  const byIntent = Array.from({ length: numClasses }, (): number[] => []);
  labels.forEach((label, phrase) => byIntent[label]?.push(phrase));
  return byIntent.flatMap((members) => {
    if (members.length <= REFERENCE_PHRASES_PER_INTENT) return members;
    const step = members.length / REFERENCE_PHRASES_PER_INTENT;
    return Array.from({ length: REFERENCE_PHRASES_PER_INTENT }, (_, i) => members[Math.floor(i * step)] as number);
  });
}

/**
 * The similarity of phrases to the nearest other remembered phrase of their intent: what unseen
 * but in-scope messages score on this assistant's own data (a sample of at most 1,000 phrases).
 */
function heldOutSimilarities(
  memory: PhraseMemory,
  vectors: readonly SparseVector[],
  labels: readonly number[],
  numClasses: number,
): number[] {
  const perClass = new Uint32Array(numClasses);
  for (const label of labels) perClass[label] = (perClass[label] as number) + 1;
  const eligible = [...vectors.keys()].filter((phrase) => (perClass[labels[phrase] as number] as number) >= 2);
  const stride = Math.max(1, Math.floor(eligible.length / CALIBRATION_SAMPLE));
  const similarities: number[] = [];
  for (let i = 0; i < eligible.length; i += stride) {
    const phrase = eligible[i] as number;
    const vector = vectors[phrase] as SparseVector;
    similarities.push(memory.nearest(vector, labels[phrase] as number, vector));
  }
  return similarities;
}
