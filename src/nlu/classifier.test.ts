import { describe, expect, it } from 'vitest';
import { predictProbabilities, trainClassifier } from './classifier.js';
import type { SparseVector } from './sparse-vector.js';

function vector(entries: Record<number, number>): SparseVector {
  const ids = Object.keys(entries).map(Number).sort((a, b) => a - b);
  const norm = Math.sqrt(ids.reduce((sum, id) => sum + (entries[id] as number) ** 2, 0));
  return { indices: Uint32Array.from(ids), values: Float32Array.from(ids, (id) => (entries[id] as number) / norm) };
}

// Three classes, each with its own features (0–1, 2–3, 4–5) plus a shared one (6).
const vectors = [
  vector({ 0: 1, 6: 1 }),
  vector({ 1: 1, 6: 1 }),
  vector({ 0: 1, 1: 1 }),
  vector({ 2: 1, 6: 1 }),
  vector({ 3: 1, 6: 1 }),
  vector({ 4: 1, 6: 1 }),
  vector({ 5: 1 }),
];
const labels = [0, 0, 0, 1, 1, 2, 2];

describe('trainClassifier', () => {
  const model = trainClassifier(vectors, labels, 3, 7);

  it('separates classes and gives probabilities that sum to 1', () => {
    for (const [i, v] of vectors.entries()) {
      const p = predictProbabilities(model, v);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(p.indexOf(Math.max(...p))).toBe(labels[i]);
    }
    const unseen = predictProbabilities(model, vector({ 1: 1, 0: 0.5 }));
    expect(unseen[0]).toBeGreaterThan(0.7);
  });

  it('is unsure when only the shared feature is present', () => {
    const p = predictProbabilities(model, vector({ 6: 1 }));
    expect(Math.max(...p)).toBeLessThan(0.7);
  });

  it('is deterministic', () => {
    const again = trainClassifier(vectors, labels, 3, 7);
    expect(again.weights).toEqual(model.weights);
    expect(again.bias).toEqual(model.bias);
  });

  it('trains a single class without learning anything', () => {
    const single = trainClassifier(vectors.slice(0, 2), [0, 0], 1, 7);
    expect([...predictProbabilities(single, vectors[0] as SparseVector)]).toEqual([1]);
  });

  it('keeps, by feature, exactly the weights of at least the pruning fraction of the largest', () => {
    const all = trainClassifier(vectors, labels, 3, 7, { pruneFraction: 0 });
    const largest = Math.max(...[...all.weights].map(Math.abs));
    const pruned = trainClassifier(vectors, labels, 3, 7, { pruneFraction: 0.3 });
    const entries = (m: typeof all): string[] => {
      const out: string[] = [];
      for (let f = 0; f < 7; f++) {
        for (let at = m.offsets[f] as number; at < (m.offsets[f + 1] as number); at++) out.push(`${f}:${m.classes[at]}:${m.weights[at]}`);
      }
      return out;
    };
    const expected = entries(all).filter((entry) => Math.abs(Number(entry.split(':')[2])) >= 0.3 * largest);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(entries(all).length);
    expect(entries(pruned)).toEqual(expected);
    expect(pruned.offsets[7]).toBe(expected.length);
  });
});
