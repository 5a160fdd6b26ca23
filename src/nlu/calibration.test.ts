// The reference floor can rise for assistants of few intents (calibration.ts; shipped from the
// fifth to the sixth round, flat since the background class: src/nlu/README.md), and the
// background class's offset.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALIBRATION,
  FLOOR_PIVOT_INTENTS,
  probabilitiesOf,
  referenceFloorOf,
  referenceSimilarityOf,
  softmaxAt,
  type NluCalibration,
} from './calibration.js';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { trainModel } from './train.js';

// A steeper floor than the shipped one, so that its effect is plain in these tests.
const rising: NluCalibration = { temperature: 0.8, referenceQuantile: 0.2, referenceFloor: 0.3, referenceFloorSlope: 0.1, backgroundOffset: 3 };
const flat: NluCalibration = { ...rising, referenceFloorSlope: 0 };

describe('referenceFloorOf', () => {
  it('is the floor itself at and above the pivot, and rises by the slope for each tenfold fewer intents', () => {
    expect(FLOOR_PIVOT_INTENTS).toBe(150);
    expect(referenceFloorOf(rising, 150)).toBeCloseTo(0.3, 12);
    expect(referenceFloorOf(rising, 1_500)).toBeCloseTo(0.3, 12);
    expect(referenceFloorOf(rising, 15)).toBeCloseTo(0.4, 12);
    expect(referenceFloorOf(rising, 1)).toBeCloseTo(0.3 + 0.1 * Math.log10(150), 12);
    expect(referenceFloorOf(rising, 40)).toBeCloseTo(0.357, 3);
    expect(referenceFloorOf(rising, 0)).toBe(referenceFloorOf(rising, 1));
  });

  it('is flat with a zero slope', () => {
    for (const intents of [1, 5, 40, 150, 1_000]) expect(referenceFloorOf(flat, intents)).toBe(0.3);
  });

  it('is flat in what ships since the background class (0.2 whatever the number of intents)', () => {
    for (const intents of [1, 5, 40, 150]) expect(referenceFloorOf(DEFAULT_CALIBRATION, intents)).toBeCloseTo(0.2, 12);
  });
});

describe('referenceSimilarityOf', () => {
  const low = Array(101).fill(0.2) as number[];
  const high = Array(101).fill(0.6) as number[];

  it('raises a low held-out similarity to the floor of that many intents', () => {
    expect(referenceSimilarityOf(low, rising, 5)).toBeCloseTo(referenceFloorOf(rising, 5), 12);
    expect(referenceSimilarityOf(low, rising, 150)).toBeCloseTo(0.3, 12);
    expect(referenceSimilarityOf(low, rising, 5)).toBeGreaterThan(referenceSimilarityOf(low, flat, 5));
  });

  it('keeps a held-out similarity above the floor, whatever the number of intents', () => {
    for (const intents of [1, 5, 150]) expect(referenceSimilarityOf(high, rising, intents)).toBe(0.6);
  });
});

describe('the rising floor in parsing', () => {
  it('asks a small assistant for more likeness to what was taught before a message counts as covered', () => {
    const model = trainModel(HELP_DESK, { crossValidate: false });
    const withRising = new NluInterpreter(model, rising);
    const withFlat = new NluInterpreter(model, flat);
    const intents = model.intents.length;
    expect(intents).toBeLessThan(FLOOR_PIVOT_INTENTS);
    expect(withRising.referenceSimilarity).toBeGreaterThanOrEqual(referenceFloorOf(rising, intents));
    expect(withRising.referenceSimilarity).toBeGreaterThan(withFlat.referenceSimilarity);
    // A message only loosely like the phrases: the same intent, less confidence under the rising floor.
    const text = 'meu login';
    const a = withRising.parse(text, 0).intent;
    const b = withFlat.parse(text, 0).intent;
    expect(a.name).toBe(b.name);
    expect(a.confidence).toBeLessThan(b.confidence);
  });
});

describe('probabilitiesOf', () => {
  it('lowers the background class (the one after the intents) by the offset, and leaves models without one as they were', () => {
    const scores = Float64Array.of(2, 1, 4);
    const withOffset = probabilitiesOf(scores, 2, { ...DEFAULT_CALIBRATION, temperature: 1, backgroundOffset: 3 });
    const expected = softmaxAt(Float64Array.of(2, 1, 1), 1);
    for (let k = 0; k < 3; k++) expect(withOffset[k]).toBeCloseTo(expected[k] as number, 12);
    expect(probabilitiesOf(Float64Array.of(2, 1), 2, DEFAULT_CALIBRATION)).toEqual(softmaxAt(Float64Array.of(2, 1), DEFAULT_CALIBRATION.temperature));
    // The scores themselves are not changed.
    expect([...scores]).toEqual([2, 1, 4]);
    // An infinite offset leaves the background nothing.
    expect(probabilitiesOf(scores, 2, { ...DEFAULT_CALIBRATION, backgroundOffset: Number.POSITIVE_INFINITY })[2]).toBe(0);
  });
});
