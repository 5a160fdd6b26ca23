// The optional semantic side of understanding: the vectors of an assistant's phrases from an
// embeddings model (src/embeddings fetches them), and per intent the cosine similarity of a
// message's vector to its nearest phrase. The interpreter blends it with the lexical classifier,
// so paraphrases with no word in common ("liberar meu login") reach the intent they mean.

export interface SerialisedSemanticIndex {
  /** The embeddings model the vectors come from: a message must be embedded by the same one. */
  model: string;
  dimensions: number;
  /** The intent number of each vector. */
  labels: number[];
  /** The unit-length vectors, one after another, as float32 little-endian base64. */
  vectors: string;
}

export class SemanticIndex {
  private constructor(
    readonly model: string,
    private readonly dimensions: number,
    private readonly labels: readonly number[],
    /** Unit-length rows, one per phrase. */
    private readonly vectors: Float32Array,
    private readonly numIntents: number,
  ) {}

  /** Builds an index from phrase vectors of one model (rows of other lengths are refused). */
  static build(model: string, numIntents: number, phrases: ReadonlyArray<{ label: number; vector: Float32Array }>): SemanticIndex {
    const dimensions = phrases[0]?.vector.length ?? 0;
    const vectors = new Float32Array(phrases.length * dimensions);
    phrases.forEach(({ vector }, row) => {
      if (vector.length !== dimensions) throw new Error(`embeddings of different lengths (${vector.length} and ${dimensions})`);
      vectors.set(unit(vector), row * dimensions);
    });
    return new SemanticIndex(model, dimensions, phrases.map(({ label }) => label), vectors, numIntents);
  }

  static parse(serialised: SerialisedSemanticIndex, numIntents: number): SemanticIndex {
    const bytes = Buffer.from(serialised.vectors, 'base64');
    const aligned = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(aligned).set(bytes);
    const vectors = new Float32Array(aligned);
    if (vectors.length !== serialised.labels.length * serialised.dimensions || serialised.labels.some((k) => k < 0 || k >= numIntents)) {
      throw new Error('the semantic index does not match its intents');
    }
    return new SemanticIndex(serialised.model, serialised.dimensions, serialised.labels, vectors, numIntents);
  }

  serialise(): SerialisedSemanticIndex {
    const bytes = Buffer.from(this.vectors.buffer, this.vectors.byteOffset, this.vectors.byteLength);
    return { model: this.model, dimensions: this.dimensions, labels: [...this.labels], vectors: bytes.toString('base64') };
  }

  /** Per intent, the cosine similarity of `query` to its nearest phrase (0 for an intent without one); undefined for a vector of another length. */
  similarities(query: Float32Array): Float64Array | undefined {
    if (query.length !== this.dimensions || this.dimensions === 0) return undefined;
    const q = unit(query);
    const best = new Float64Array(this.numIntents);
    this.labels.forEach((label, row) => {
      let sum = 0;
      const base = row * this.dimensions;
      for (let d = 0; d < this.dimensions; d++) sum += (q[d] as number) * (this.vectors[base + d] as number);
      if (sum > (best[label] as number)) best[label] = sum;
    });
    return best;
  }
}

function unit(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  return norm > 0 ? Float32Array.from(vector, (x) => x / norm) : Float32Array.from(vector);
}
