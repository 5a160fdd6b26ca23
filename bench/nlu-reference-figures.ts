// "Today's" in-scope figures of issue 17 ("keep in-scope accuracy within 2 points of today's"),
// fixed: what the NLU shipped before issue 17's first change (commit 83ba768, its own calibration:
// temperature 0.7, a low quantile of held-out similarity) answers at the default threshold 0.2 on
// each of today's validation sets (same splits, same small-assistant draws, seed 7; 100 draws per
// shape since the sixth round). Measured on
// 4 December 2026 by `bench/nlu-reference-v1.ts` run in a copy of that commit's `src/` (how: the
// script's header). The calibration chooser (nlu-calibration-choice.ts) compares every candidate
// with these counts, not with a calibration re-scored on each new model, so that the bar no longer
// moves when the model changes (src/nlu/README.md, "How the constants are chosen").

export interface ReferenceFigures {
  /** In-scope messages. */
  inScope: number;
  /** Of them, answered with their own intent at the threshold (a fallback is wrong). */
  correct: number;
  /** Of them, whose top intent is theirs whatever its confidence. */
  top: number;
  /** Out-of-scope messages, and those that fell back. */
  outOfScope: number;
  fellBack: number;
}

export const REFERENCE_COMMIT = '83ba768';

export const REFERENCE_FIGURES: Readonly<Record<string, ReferenceFigures>> = {
  'service desk pt-BR val': { inScope: 140, correct: 130, top: 130, outOfScope: 40, fellBack: 15 },
  'service desk pt-BR indep. val': { inScope: 160, correct: 109, top: 115, outOfScope: 75, fellBack: 33 },
  'CLINC150 val + oos_val': { inScope: 3000, correct: 2772, top: 2786, outOfScope: 100, fellBack: 67 },
  'Cosibot train (80/20 split)': { inScope: 1103, correct: 915, top: 962, outOfScope: 0, fellBack: 0 },
  'CLINC150 5 × 10 (val)': { inScope: 5000, correct: 4660, top: 4722, outOfScope: 6000, fellBack: 2261 },
  'Cosibot 5 × 10 (val)': { inScope: 3518, correct: 3137, top: 3282, outOfScope: 6000, fellBack: 2535 },
  'CLINC150 20 × 20 (val)': { inScope: 20000, correct: 18600, top: 18794, outOfScope: 6000, fellBack: 2611 },
  'Cosibot 20 × 20 (val)': { inScope: 15445, correct: 13946, top: 14205, outOfScope: 6000, fellBack: 1791 },
};

/**
 * The same NLU on the small assistants `npm run bench:nlu` draws from the test splits (seed 11,
 * 100 draws per shape),
 * measured on 4 December 2026 with `bench/nlu-reference-v1.ts --test` in that commit's copy: the
 * bench's test target ("in-scope within 2 points of today's") compares with these. Not used in any
 * choice: the test splits only report.
 */
export const TEST_REFERENCE_FIGURES: Readonly<Record<string, ReferenceFigures>> = {
  'CLINC150 5 × 10': { inScope: 5000, correct: 4639, top: 4714, outOfScope: 6000, fellBack: 2157 },
  'Cosibot 5 × 10': { inScope: 3924, correct: 3517, top: 3670, outOfScope: 6000, fellBack: 2766 },
  'CLINC150 20 × 20': { inScope: 20000, correct: 18448, top: 18672, outOfScope: 6000, fellBack: 2425 },
  'Cosibot 20 × 20': { inScope: 16902, correct: 15218, top: 15542, outOfScope: 6000, fellBack: 1794 },
};

/** The reference in-scope accuracy at the threshold of a test-split small assistant, by its name. */
export function testReferenceAccuracy(name: string): number {
  const figures = TEST_REFERENCE_FIGURES[name];
  if (!figures) throw new Error(`no reference figures for the test set "${name}" (bench/nlu-reference-figures.ts)`);
  return figures.correct / figures.inScope;
}

/** The reference in-scope accuracy at the threshold of a validation set, by its name. */
export function referenceAccuracy(name: string): number {
  const figures = REFERENCE_FIGURES[name];
  if (!figures) throw new Error(`no reference figures for the validation set "${name}" (bench/nlu-reference-figures.ts)`);
  return figures.correct / figures.inScope;
}
