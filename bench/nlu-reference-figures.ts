// "Today's" in-scope figures of issue 17 ("keep in-scope accuracy within 2 points of today's"),
// fixed: what the NLU shipped before issue 17's first change (commit 83ba768, its own calibration:
// temperature 0.7, a low quantile of held-out similarity) answers at the default threshold 0.2 on
// each of today's validation sets (same splits, same small-assistant draws, seed 7). Measured on
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
  'CLINC150 5 × 10 (val)': { inScope: 1000, correct: 911, top: 921, outOfScope: 1200, fellBack: 435 },
  'Cosibot 5 × 10 (val)': { inScope: 672, correct: 600, top: 634, outOfScope: 1200, fellBack: 559 },
  'CLINC150 20 × 20 (val)': { inScope: 4000, correct: 3704, top: 3747, outOfScope: 1200, fellBack: 548 },
  'Cosibot 20 × 20 (val)': { inScope: 3060, correct: 2747, top: 2792, outOfScope: 1200, fellBack: 336 },
};

/**
 * The same NLU on the small assistants `npm run bench:nlu` draws from the test splits (seed 11),
 * measured on 4 December 2026 with `bench/nlu-reference-v1.ts --test` in that commit's copy: the
 * bench's test target ("in-scope within 2 points of today's") compares with these. Not used in any
 * choice: the test splits only report.
 */
export const TEST_REFERENCE_FIGURES: Readonly<Record<string, ReferenceFigures>> = {
  'CLINC150 5 × 10': { inScope: 1000, correct: 933, top: 942, outOfScope: 1200, fellBack: 392 },
  'Cosibot 5 × 10': { inScope: 811, correct: 718, top: 756, outOfScope: 1200, fellBack: 574 },
  'CLINC150 20 × 20': { inScope: 4000, correct: 3690, top: 3728, outOfScope: 1200, fellBack: 493 },
  'Cosibot 20 × 20': { inScope: 3397, correct: 3033, top: 3101, outOfScope: 1200, fellBack: 331 },
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
