// Chooses the confidence calibration (src/nlu/calibration.ts) on validation data only: every
// candidate of a small grid is scored at the product's default threshold on every validation set,
// and the one that catches the most out-of-scope messages (mean recall over the sets that have
// them) wins, provided no set answers more than `MAX_IN_SCOPE_LOSS` fewer in-scope messages than
// its fixed reference figure: what the NLU shipped before issue 17 answered on it
// (nlu-reference-figures.ts). The baseline calibration is still scored, for comparison only.
import type { NluCalibration } from '../src/nlu/calibration.js';
import { figuresOf, type EvidenceRun, type Figures } from './nlu-evidence.js';
import { referenceAccuracy } from './nlu-reference-figures.js';

export interface ValidationSet {
  name: string;
  runs: EvidenceRun[];
}

export const MAX_IN_SCOPE_LOSS = 0.02;

/** Temperature 0.7, 10th percentile, floor 0.25: what v1.x shipped, chosen partly on test data. */
export const BASELINE_CALIBRATION: NluCalibration = {
  temperature: 0.7,
  referenceQuantile: 0.1,
  referenceFloor: 0.25,
  referenceFloorSlope: 0,
  // v1.x had no background class: an infinite offset leaves it none of the probability.
  backgroundOffset: Number.POSITIVE_INFINITY,
};

export const CALIBRATION_GRID = {
  temperature: [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.2],
  referenceQuantile: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5],
  referenceFloor: [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
  referenceFloorSlope: [0, 0.05, 0.1, 0.15],
  backgroundOffset: [2, 2.5, 3, 3.5, 4, 5],
} as const;

/** Every candidate of the grid, in a fixed order (the first of equals wins). */
export function calibrationCandidates(): NluCalibration[] {
  return CALIBRATION_GRID.temperature.flatMap((temperature) =>
    CALIBRATION_GRID.referenceQuantile.flatMap((referenceQuantile) =>
      CALIBRATION_GRID.referenceFloor.flatMap((referenceFloor) =>
        CALIBRATION_GRID.referenceFloorSlope.flatMap((referenceFloorSlope) =>
          CALIBRATION_GRID.backgroundOffset.map((backgroundOffset) => ({
            temperature,
            referenceQuantile,
            referenceFloor,
            referenceFloorSlope,
            backgroundOffset,
          })),
        ),
      ),
    ),
  );
}

export interface CalibrationChoice {
  chosen: NluCalibration;
  /** The chosen calibration's figures per validation set, at the threshold. */
  figures: Map<string, Figures>;
  /** The baseline calibration's, for comparison. */
  baseline: Map<string, Figures>;
  /** The in-scope accuracy each set is compared with (its fixed reference). */
  reference: Map<string, number>;
  /** Whether the chosen one keeps every set within the allowed in-scope loss. */
  feasible: boolean;
  candidates: number;
}

function mean(values: readonly number[]): number {
  const defined = values.filter((value) => !Number.isNaN(value));
  return defined.length === 0 ? 0 : defined.reduce((a, b) => a + b, 0) / defined.length;
}

/**
 * `referenceOf` gives each set's reference in-scope accuracy at the threshold (by default its
 * fixed figure from nlu-reference-figures.ts; a set without one is refused).
 */
export function chooseCalibration(
  sets: readonly ValidationSet[],
  threshold: number,
  referenceOf: (name: string) => number = referenceAccuracy,
): CalibrationChoice {
  const baseline = new Map(sets.map((set) => [set.name, figuresOf(set.runs, BASELINE_CALIBRATION, threshold)] as const));
  const reference = new Map(sets.map((set) => [set.name, referenceOf(set.name)] as const));
  let best: { calibration: NluCalibration; figures: Map<string, Figures>; key: number[] } | undefined;
  let candidates = 0;
  for (const calibration of calibrationCandidates()) {
    candidates++;
    const figures = new Map(sets.map((set) => [set.name, figuresOf(set.runs, calibration, threshold)] as const));
    const all = [...figures.values()];
    const worstLoss = Math.max(...sets.map((set) => (reference.get(set.name) ?? 0) - (figures.get(set.name)?.accuracy ?? 0)));
    const feasible = worstLoss <= MAX_IN_SCOPE_LOSS + 1e-9 ? 1 : 0;
    // Feasible first; then the most out-of-scope recall; then the most in-scope accuracy;
    // an infeasible one only by how little it loses.
    const key = [feasible, feasible ? mean(all.map((f) => f.outOfScopeRecall)) : -worstLoss, mean(all.map((f) => f.accuracy))];
    if (!best || compareKeys(key, best.key) > 0) best = { calibration, figures, key };
  }
  if (!best) throw new Error('empty calibration grid');
  return { chosen: best.calibration, figures: best.figures, baseline, reference, feasible: best.key[0] === 1, candidates };
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (Math.abs(difference) > 1e-12) return difference;
  }
  return 0;
}
