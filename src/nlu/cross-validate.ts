// What this assistant's own phrases say about it, cross-validated at training: each phrase is
// classified by a model trained without it (five folds), which tells the administrator
// - what each accuracy threshold would have done to real paraphrases of the intents (answered
//   with the right intent, with a wrong one, or fallen back) — the Configurações guidance;
// - which intents overlap: pairs where phrases of one, left out, are taken for the other, with
//   those phrases and the phrase of the other intent that attracted each — conflicts to act on.
import { NLU_FALLBACK_INTENT, type NluTrainingData } from './types.js';
import type { NluInterpreter } from './interpreter.js';

export interface ThresholdOutcome {
  /** The accuracy threshold, 0–1. */
  threshold: number;
  /** Shares (0–1) of the phrases evaluated. */
  answeredRight: number;
  answeredWrong: number;
  fellBack: number;
}

export interface IntentConflict {
  /** The intent whose phrases were taken for another. */
  intent: string;
  confusedWith: string;
  /** How many of its evaluated phrases went to `confusedWith`, of how many evaluated. */
  count: number;
  of: number;
  /** Up to three such phrases, each with the phrase of `confusedWith` nearest to it. */
  examples: Array<{ phrase: string; nearest: string }>;
}

export interface CrossValidation {
  folds: number;
  /** Phrases evaluated (an intent's single phrase is never left out). */
  phrases: number;
  thresholds: ThresholdOutcome[];
  conflicts: IntentConflict[];
}

const FOLDS = 5;
// Five extra trainings are a fraction of a second on an assistant of this size; larger ones
// would add many seconds to every training (CLINC150's 15,000 phrases: about a minute).
export const MAX_CROSS_VALIDATED_PHRASES = 2_000;
const THRESHOLDS = Array.from({ length: 20 }, (_, i) => i / 20);
// A pair is a conflict when at least this many phrases, or this share of the intent's, went over.
const MIN_CONFUSED = 2;
const MIN_CONFUSED_SHARE = 0.2;
const MAX_CONFLICTS = 20;
const MAX_EXAMPLES = 3;

/**
 * Cross-validates `data` with `train` (a model trained on a subset); undefined when the
 * assistant is too large, or has no intent of two phrases to leave one out of.
 */
export function crossValidate(data: NluTrainingData, train: (subset: NluTrainingData) => NluInterpreter): CrossValidation | undefined {
  const total = data.intents.reduce((sum, intent) => sum + intent.phrases.length, 0);
  if (total > MAX_CROSS_VALIDATED_PHRASES || data.intents.length < 2) return undefined;
  const results: Array<{ intent: string; phrase: string; predicted: string; confidence: number; nearest: string }> = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const heldOut: Array<{ intent: string; phrase: string }> = [];
    const intents = data.intents.map((intent) => ({
      ...intent,
      phrases: intent.phrases.filter((phrase, index) => {
        const leftOut = intent.phrases.length >= 2 && index % FOLDS === fold;
        if (leftOut) heldOut.push({ intent: intent.name, phrase: phrase.text });
        return !leftOut;
      }),
    }));
    if (heldOut.length === 0) continue;
    const interpreter = train({ ...data, intents });
    for (const { intent, phrase } of heldOut) {
      const parse = interpreter.parse(phrase, 0);
      const predicted = parse.intent.name;
      const nearest = predicted === intent || predicted === NLU_FALLBACK_INTENT ? '' : (interpreter.nearestPhrase(phrase, predicted)?.text ?? '');
      results.push({ intent, phrase, predicted, confidence: parse.intent.confidence, nearest });
    }
  }
  if (results.length === 0) return undefined;
  const thresholds = THRESHOLDS.map((threshold) => {
    let right = 0;
    let wrong = 0;
    for (const result of results) {
      if (result.predicted === NLU_FALLBACK_INTENT || result.confidence < threshold) continue;
      if (result.predicted === result.intent) right++;
      else wrong++;
    }
    const n = results.length;
    return { threshold, answeredRight: right / n, answeredWrong: wrong / n, fellBack: (n - right - wrong) / n };
  });
  return { folds: FOLDS, phrases: results.length, thresholds, conflicts: findConflicts(results) };
}

function findConflicts(results: ReadonlyArray<{ intent: string; phrase: string; predicted: string; nearest: string }>): IntentConflict[] {
  const evaluated = new Map<string, number>();
  const pairs = new Map<string, IntentConflict>();
  for (const result of results) {
    evaluated.set(result.intent, (evaluated.get(result.intent) ?? 0) + 1);
    if (result.predicted === result.intent || result.predicted === NLU_FALLBACK_INTENT) continue;
    const key = `${result.intent}\u0000${result.predicted}`;
    const pair = pairs.get(key) ?? { intent: result.intent, confusedWith: result.predicted, count: 0, of: 0, examples: [] };
    pair.count++;
    if (pair.examples.length < MAX_EXAMPLES) pair.examples.push({ phrase: result.phrase, nearest: result.nearest });
    pairs.set(key, pair);
  }
  return [...pairs.values()]
    .map((pair) => ({ ...pair, of: evaluated.get(pair.intent) ?? pair.count }))
    .filter((pair) => pair.count >= MIN_CONFUSED || pair.count / pair.of >= MIN_CONFUSED_SHARE)
    .sort((a, b) => b.count / b.of - a.count / a.of || b.count - a.count || (a.intent < b.intent ? -1 : 1))
    .slice(0, MAX_CONFLICTS);
}

/** A conflict as a sentence for the administrator (a training warning). */
export function describeConflict(conflict: IntentConflict): string {
  const example = conflict.examples[0];
  const cause = example ? `: "${example.phrase}" reads like "${example.nearest}"` : '';
  return (
    `intents "${conflict.intent}" and "${conflict.confusedWith}" overlap: ${conflict.count} of ${conflict.of} phrases of ` +
    `"${conflict.intent}", left out of training, were taken for "${conflict.confusedWith}"${cause} — reword them or merge the intents`
  );
}
