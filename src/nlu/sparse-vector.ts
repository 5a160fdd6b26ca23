// The one vector shape the NLU computes with: a few hundred non-zero features out of tens of
// thousands, so only those are stored.

export interface SparseVector {
  /** Feature ids, ascending. */
  indices: Uint32Array;
  values: Float32Array;
}

export function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i] as number;
    const bj = b.indices[j] as number;
    if (ai === bj) sum += (a.values[i] as number) * (b.values[j] as number);
    if (ai <= bj) i++;
    if (bj <= ai) j++;
  }
  return sum;
}
