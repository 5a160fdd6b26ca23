// What our NLU saw in each message of an evaluation, kept uncalibrated (scores and similarity), so
// that any calibration's confidences, and so its accuracy and out-of-scope recall at any threshold,
// are computed without parsing again — how the benchmark sweeps calibrations on validation data.
import { coverage, probabilitiesOf, referenceSimilarityOf, type NluCalibration } from '../src/nlu/calibration.js';
import { NluInterpreter, trainModel, type NluModel } from '../src/nlu/index.js';
import type { Evaluation } from './nlu-data-sets.js';
import { toIntents, type Example } from './labelled-examples.js';

export interface Seen {
  expected: string;
  /** The top intent (undefined: the message had no words). */
  predicted: string | undefined;
  scores: Float64Array;
  similarity: number;
  /** The predicted intent's class number (its score's index; absent: the highest score's). */
  index?: number;
}

export interface EvidenceRun {
  model: NluModel;
  inScope: Seen[];
  outOfScope: Seen[];
}

export interface Figures {
  /** In-scope messages given their intent at the threshold (a fallback is wrong). */
  accuracy: number;
  /** In-scope messages whose top intent is theirs, whatever its confidence. */
  topAccuracy: number;
  /** Out-of-scope messages that fall back at the threshold (NaN without any). */
  outOfScopeRecall: number;
}

export function see(interpreter: NluInterpreter, examples: readonly Example[]): Seen[] {
  return examples.map(([text, expected]) => {
    const evidence = interpreter.evidence(text);
    return {
      expected,
      predicted: interpreter.intents[evidence.predicted],
      scores: evidence.scores,
      similarity: evidence.similarity,
      index: evidence.predicted,
    };
  });
}

export function trainAndSee(evaluation: Evaluation): EvidenceRun {
  // Cross-validation at training changes nothing in the model; it is left out here to save time.
  const model = trainModel({ language: evaluation.language, intents: toIntents(evaluation.train), contexts: [], regexes: [] }, { crossValidate: false });
  const interpreter = new NluInterpreter(model);
  return { model, inScope: see(interpreter, evaluation.inScope), outOfScope: see(interpreter, evaluation.outOfScope) };
}

// The top probability of a message under a background offset and temperature, computed once per
// message and pair.
const topProbabilities = new WeakMap<Seen, Map<number, Map<number, number>>>();

function topProbability(seen: Seen, intentCount: number, calibration: NluCalibration): number {
  let byOffset = topProbabilities.get(seen);
  if (!byOffset) {
    byOffset = new Map();
    topProbabilities.set(seen, byOffset);
  }
  let byTemperature = byOffset.get(calibration.backgroundOffset);
  if (!byTemperature) {
    byTemperature = new Map();
    byOffset.set(calibration.backgroundOffset, byTemperature);
  }
  let probability = byTemperature.get(calibration.temperature);
  if (probability === undefined) {
    const probabilities = probabilitiesOf(seen.scores, intentCount, calibration);
    probability = seen.index === undefined ? Math.max(...probabilities) : (probabilities[seen.index] ?? 0);
    byTemperature.set(calibration.temperature, probability);
  }
  return probability;
}

/** The confidence the interpreter gives the top intent under `calibration` (as parse computes it). */
export function confidenceOf(seen: Seen, intentCount: number, referenceSimilarity: number, calibration: NluCalibration): number {
  if (seen.predicted === undefined) return 0;
  return topProbability(seen, intentCount, calibration) * coverage(seen.similarity, referenceSimilarity);
}

/** Accuracy and recall of several runs pooled (small assistants' draws), at one threshold. */
export function figuresOf(runs: readonly EvidenceRun[], calibration: NluCalibration, threshold: number): Figures {
  let inScope = 0;
  let correct = 0;
  let topCorrect = 0;
  let outOfScope = 0;
  let fellBack = 0;
  for (const run of runs) {
    const reference = referenceSimilarityOf(run.model.similarityPercentiles ?? [], calibration, run.model.intents.length);
    for (const seen of run.inScope) {
      inScope++;
      if (seen.predicted !== seen.expected) continue;
      topCorrect++;
      if (confidenceOf(seen, run.model.intents.length, reference, calibration) >= threshold) correct++;
    }
    for (const seen of run.outOfScope) {
      outOfScope++;
      if (confidenceOf(seen, run.model.intents.length, reference, calibration) < threshold) fellBack++;
    }
  }
  return { accuracy: correct / inScope, topAccuracy: topCorrect / inScope, outOfScopeRecall: outOfScope > 0 ? fellBack / outOfScope : Number.NaN };
}
