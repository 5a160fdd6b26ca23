// The bench's calibration chooser (bench/nlu-calibration-choice.ts): the most out-of-scope recall
// at the threshold, provided no validation set answers more than 2 points fewer in-scope messages
// than its fixed reference figure — a bar that does not move when the model does.
import { describe, expect, it } from 'vitest';
import { calibrationCandidates, chooseCalibration, MAX_IN_SCOPE_LOSS, type ValidationSet } from '../bench/nlu-calibration-choice.js';
import { figuresOf, type EvidenceRun, type Seen } from '../bench/nlu-evidence.js';
import { REFERENCE_FIGURES, referenceAccuracy, TEST_REFERENCE_FIGURES, testReferenceAccuracy } from '../bench/nlu-reference-figures.js';
import type { NluModel } from '../src/nlu/index.js';

const seen = (expected: string, similarity: number, margin: number): Seen => ({
  expected,
  predicted: 'a',
  scores: Float64Array.of(margin, 0),
  similarity,
});

/** One model whose held-out similarity is 0.5 at every percentile; in-scope messages closer to what was taught than strangers. */
function run(): EvidenceRun {
  const model = { intents: ['a', 'b'], similarityPercentiles: Array(101).fill(0.5) } as unknown as NluModel;
  const inScope = Array.from({ length: 50 }, (_, i) => seen('a', 0.1 + (0.4 * i) / 49, 1 + (i % 5) / 2));
  const outOfScope = Array.from({ length: 50 }, (_, i) => seen('out_of_scope', 0.02 + (0.25 * i) / 49, (i % 4) / 2));
  return { model, inScope, outOfScope };
}

const sets: ValidationSet[] = [{ name: 'synthetic', runs: [run()] }];

describe('chooseCalibration', () => {
  it('catches the most strangers among the candidates that keep in-scope answers within 2 points of the reference', () => {
    for (const reference of [1, 0.9, 0.7, 0.5]) {
      const choice = chooseCalibration(sets, 0.2, () => reference);
      const chosen = figuresOf(sets[0]!.runs, choice.chosen, 0.2);
      expect(choice.feasible).toBe(true);
      expect(choice.reference.get('synthetic')).toBe(reference);
      expect(chosen.accuracy).toBeGreaterThanOrEqual(reference - MAX_IN_SCOPE_LOSS - 1e-9);
      for (const candidate of calibrationCandidates()) {
        const figures = figuresOf(sets[0]!.runs, candidate, 0.2);
        if (figures.accuracy >= reference - MAX_IN_SCOPE_LOSS - 1e-9) expect(figures.outOfScopeRecall).toBeLessThanOrEqual(chosen.outOfScopeRecall);
      }
    }
  });

  it('compares with the fixed reference, not with the baseline calibration on the same model', () => {
    // A lower bar lets a stricter calibration through, whatever the baseline calibration answers.
    const strict = figuresOf(sets[0]!.runs, chooseCalibration(sets, 0.2, () => 0.6).chosen, 0.2);
    const lenient = figuresOf(sets[0]!.runs, chooseCalibration(sets, 0.2, () => 1).chosen, 0.2);
    expect(strict.outOfScopeRecall).toBeGreaterThan(lenient.outOfScopeRecall);
    expect(lenient.accuracy).toBeGreaterThanOrEqual(1 - MAX_IN_SCOPE_LOSS);
  });

  it('says when no candidate keeps a set within the loss allowed', () => {
    expect(chooseCalibration(sets, 0.2, () => 1.5).feasible).toBe(false);
  });

  it('refuses a validation set without a reference figure', () => {
    expect(() => chooseCalibration([{ name: 'not measured', runs: [run()] }], 0.2)).toThrow(/no reference figures/);
    expect(referenceAccuracy('Cosibot train (80/20 split)')).toBeCloseTo(915 / 1103, 12);
    for (const figures of Object.values(REFERENCE_FIGURES)) expect(figures.correct).toBeLessThanOrEqual(figures.top);
    // The test splits' small assistants have their own, for the bench's report only.
    expect(testReferenceAccuracy('Cosibot 5 × 10')).toBeCloseTo(3517 / 3924, 12);
    expect(() => testReferenceAccuracy('Cosibot 5 × 10 (val)')).toThrow(/no reference figures/);
    for (const figures of Object.values(TEST_REFERENCE_FIGURES)) expect(figures.correct).toBeLessThanOrEqual(figures.top);
  });
});
