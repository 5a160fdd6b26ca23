// Multinomial logistic regression (softmax) over sparse vectors, trained with Adagrad and L2
// regularisation. Linear models on n-gram features are what bag-of-words intent classifiers have
// long done well: fast to train in a worker, sub-millisecond to apply, and their probabilities
// are sensible enough to threshold.
import type { SparseVector } from './sparse-vector.js';
import { seededRandom } from './seeded-random.js';

/** Trained weights, stored by feature (CSR), keeping only the weights that matter. */
export interface LinearClassifier {
  numClasses: number;
  bias: Float32Array;
  /** For feature f, its weights are entries offsets[f] .. offsets[f+1]-1. */
  offsets: Uint32Array;
  classes: Uint16Array;
  weights: Float32Array;
}

export interface ClassifierOptions {
  /** Passes over the data; by default a few for large data sets, many for small ones. */
  epochs?: number;
  learningRate?: number;
  /** L2 regularisation strength, applied to the weights an example touches. */
  l2?: number;
  seed?: number;
  /** Weights below this fraction of the largest are dropped (they change no decision). */
  pruneFraction?: number;
  /** Called after each pass over the data (for a training's progress). */
  onEpoch?: (done: number, epochs: number) => void;
}

// Classes whose gradient is this small for an example are not updated (most of them, once the
// model has learnt): a large speed-up on many intents, with no visible effect on accuracy.
const MIN_GRADIENT = 2e-3;


function defaultEpochs(examples: number): number {
  // About 50k example updates in all, within 3..100 passes: large data sets converge in a few
  // passes, small ones need many to separate their classes.
  return Math.min(100, Math.max(3, Math.round(50_000 / Math.max(1, examples))));
}

/** Softmax in place. */
function softmax(scores: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if ((scores[k] as number) > max) max = scores[k] as number;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp((scores[k] as number) - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] as number) / sum;
}

/**
 * Adds W·x to `scores` for a dense feature-major W (training). Four features at a time: this
 * loop is where training spends its time, and unrolling halves it.
 */
function addDenseScores(W: Float32Array, K: number, vector: SparseVector, scores: Float64Array): void {
  const { indices, values } = vector;
  let n = 0;
  for (; n + 4 <= indices.length; n += 4) {
    const b0 = (indices[n] as number) * K;
    const b1 = (indices[n + 1] as number) * K;
    const b2 = (indices[n + 2] as number) * K;
    const b3 = (indices[n + 3] as number) * K;
    const x0 = values[n] as number;
    const x1 = values[n + 1] as number;
    const x2 = values[n + 2] as number;
    const x3 = values[n + 3] as number;
    for (let k = 0; k < K; k++) {
      scores[k] =
        (scores[k] as number) +
        x0 * (W[b0 + k] as number) +
        x1 * (W[b1 + k] as number) +
        x2 * (W[b2 + k] as number) +
        x3 * (W[b3 + k] as number);
    }
  }
  for (; n < indices.length; n++) {
    const b = (indices[n] as number) * K;
    const x = values[n] as number;
    for (let k = 0; k < K; k++) scores[k] = (scores[k] as number) + x * (W[b + k] as number);
  }
}

export function trainClassifier(
  vectors: readonly SparseVector[],
  labels: readonly number[],
  numClasses: number,
  numFeatures: number,
  options: ClassifierOptions = {},
): LinearClassifier {
  const K = numClasses;
  const epochs = options.epochs ?? defaultEpochs(vectors.length);
  const rate = options.learningRate ?? 1;
  const l2 = options.l2 ?? 1e-4;
  const next = seededRandom(options.seed ?? 42);
  // Dense while training (feature-major, so an example's weights are a few contiguous rows);
  // only the weights that matter are kept afterwards. Adagrad's accumulated squared gradients
  // give frequent features small steps and rare ones large steps, which suits sparse text.
  const W = new Float32Array(numFeatures * K);
  const G = new Float32Array(numFeatures * K).fill(0.1);
  const bias = new Float64Array(K);
  const biasG = new Float64Array(K).fill(0.1);

  // Balanced class weights: an intent with 3 phrases is not drowned by one with 50.
  const perClass = new Float64Array(K);
  for (const label of labels) perClass[label] = (perClass[label] as number) + 1;
  const classWeight = Float64Array.from(perClass, (count) => (count > 0 ? vectors.length / (K * count) : 0));

  const order = Array.from(vectors.keys());
  const scores = new Float64Array(K);
  const updated = new Int32Array(K);
  if (K > 1) {
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const example of order) {
        const vector = vectors[example] as SparseVector;
        const label = labels[example] as number;
        scores.set(bias);
        addDenseScores(W, K, vector, scores);
        softmax(scores);
        const weight = classWeight[label] as number;
        let count = 0;
        for (let k = 0; k < K; k++) {
          const g = ((scores[k] as number) - (k === label ? 1 : 0)) * weight;
          if (Math.abs(g) < MIN_GRADIENT) continue;
          // From here on scores[k] holds the class's gradient (only for updated classes).
          scores[k] = g;
          updated[count++] = k;
          biasG[k] = (biasG[k] as number) + g * g;
          bias[k] = (bias[k] as number) - (rate * g) / Math.sqrt(biasG[k] as number);
        }
        const { indices, values } = vector;
        for (let n = 0; n < indices.length; n++) {
          const base = (indices[n] as number) * K;
          const x = values[n] as number;
          for (let u = 0; u < count; u++) {
            const k = updated[u] as number;
            const at = base + k;
            const w = W[at] as number;
            const g = (scores[k] as number) * x + l2 * w;
            const accumulated = (G[at] as number) + g * g;
            G[at] = accumulated;
            W[at] = w - (rate * g) / Math.sqrt(accumulated);
          }
        }
      }
      options.onEpoch?.(epoch + 1, epochs);
    }
  }
  return compress(W, Float32Array.from(bias), numFeatures, K, options.pruneFraction ?? 0.01);
}

function compress(W: Float32Array, bias: Float32Array, numFeatures: number, K: number, pruneFraction: number): LinearClassifier {
  // Indexed loops over the typed array: this runs over every trained weight (millions on a large
  // assistant), where an iterator costs several times more.
  const total = W.length;
  let largest = 0;
  for (let at = 0; at < total; at++) {
    const w = Math.abs(W[at] as number);
    if (w > largest) largest = w;
  }
  const threshold = largest * pruneFraction;
  let kept = 0;
  for (let at = 0; at < total; at++) {
    const w = W[at] as number;
    if (w !== 0 && Math.abs(w) >= threshold) kept++;
  }
  const offsets = new Uint32Array(numFeatures + 1);
  const classes = new Uint16Array(kept);
  const weights = new Float32Array(kept);
  let at = 0;
  for (let f = 0; f < numFeatures; f++) {
    offsets[f] = at;
    const base = f * K;
    for (let k = 0; k < K; k++) {
      const w = W[base + k] as number;
      if (w === 0 || Math.abs(w) < threshold) continue;
      classes[at] = k;
      weights[at] = w;
      at++;
    }
  }
  offsets[numFeatures] = at;
  return { numClasses: K, bias, offsets, classes, weights };
}

/** The class scores (logits) of one message vector: what the softmax turns into probabilities. */
export function predictScores(model: LinearClassifier, vector: SparseVector): Float64Array {
  // Copied by the constructor (Float64Array.from goes through the iterator protocol).
  const scores = new Float64Array(model.bias);
  for (let n = 0; n < vector.indices.length; n++) {
    const f = vector.indices[n] as number;
    const x = vector.values[n] as number;
    const end = model.offsets[f + 1] as number;
    for (let at = model.offsets[f] as number; at < end; at++) {
      const k = model.classes[at] as number;
      scores[k] = (scores[k] as number) + x * (model.weights[at] as number);
    }
  }
  return scores;
}

/**
 * Class probabilities for one message vector. A temperature below 1 sharpens them (scores are
 * divided by it before the softmax), as temperature scaling calibrates a trained model.
 */
export function predictProbabilities(model: LinearClassifier, vector: SparseVector, temperature = 1): Float64Array {
  const scores = predictScores(model, vector);
  if (temperature !== 1) for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] as number) / temperature;
  softmax(scores);
  return scores;
}
