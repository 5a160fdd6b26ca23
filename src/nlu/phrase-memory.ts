// How close a message is to the nearest training phrase of an intent (cosine similarity of their
// vectors). A softmax always shares out all of its probability, even for a message about
// something the assistant was never taught (and gives 1.0 to an assistant with one intent); the
// similarity says whether the message looks like what was taught for the intent at all.
import type { SparseVector } from './sparse-vector.js';

export class PhraseMemory {
  /** Phrases of intent k are byIntent[k]. */
  private readonly byIntent: SparseVector[][];
  // A dense copy of the message vector makes each phrase's dot product a few lookups. Parsing is
  // synchronous, so one scratch array per memory is safe.
  private readonly scratch: Float32Array;

  constructor(vectors: readonly SparseVector[], labels: readonly number[], numClasses: number, numFeatures: number) {
    this.byIntent = Array.from({ length: numClasses }, (): SparseVector[] => []);
    vectors.forEach((vector, phrase) => this.byIntent[labels[phrase] as number]?.push(vector));
    this.scratch = new Float32Array(numFeatures);
  }

  /** The similarity, in [0, 1], of `vector` to the nearest remembered phrase of `intent`. */
  nearest(vector: SparseVector, intent: number, exclude?: SparseVector): number {
    return this.nearestPhrase(vector, intent, exclude).similarity;
  }

  /** The nearest remembered phrase of `intent` (its position among that intent's, -1 for none) and its similarity. */
  nearestPhrase(vector: SparseVector, intent: number, exclude?: SparseVector): { position: number; similarity: number } {
    const { indices, values } = vector;
    for (let n = 0; n < indices.length; n++) this.scratch[indices[n] as number] = values[n] as number;
    let best = 0;
    let position = -1;
    const phrases = this.byIntent[intent] ?? [];
    const scratch = this.scratch;
    for (let at = 0; at < phrases.length; at++) {
      const phrase = phrases[at] as SparseVector;
      if (phrase === exclude) continue;
      const { indices: phraseIndices, values: phraseValues } = phrase;
      let sum = 0;
      for (let n = 0; n < phraseIndices.length; n++) {
        sum += (phraseValues[n] as number) * (scratch[phraseIndices[n] as number] as number);
      }
      if (sum > best || position < 0) {
        best = Math.max(best, sum);
        position = at;
      }
    }
    for (let n = 0; n < indices.length; n++) this.scratch[indices[n] as number] = 0;
    // Float32 sums of unit vectors can overshoot 1 by a hair.
    return { position, similarity: Math.min(1, best) };
  }
}
