// A trained model as text (the artifact stored with a model version) and back. Typed arrays are
// stored as base64 of their little-endian bytes, so a model of thousands of phrases stays a few
// megabytes and loads without parsing millions of numbers.
import { z } from 'zod';
import { SIMILARITY_PERCENTILES, type NluCalibration } from './calibration.js';
import { NluInterpreter } from './interpreter.js';
import type { NluModel } from './nlu-model.js';

export type { NluModel } from './nlu-model.js';
export { NluInterpreter } from './interpreter.js';

const FORMAT = 'helper-nlu';
const VERSION = 1;

type TypedArray = Float32Array | Uint32Array | Uint16Array;

function encode(array: TypedArray): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decoder<T extends TypedArray>(make: (buffer: ArrayBuffer) => T, bytesPerElement: number) {
  return z.string().transform((text, context): T => {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.byteLength % bytesPerElement !== 0) {
      context.addIssue({ code: 'custom', message: 'typed array of a wrong length' });
      return z.NEVER;
    }
    // Copied into a fresh buffer: Node's pooled buffers are not aligned for 4-byte arrays.
    const aligned = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(aligned).set(bytes);
    return make(aligned);
  });
}

const float32 = decoder((buffer) => new Float32Array(buffer), 4);
const uint32 = decoder((buffer) => new Uint32Array(buffer), 4);
const uint16 = decoder((buffer) => new Uint16Array(buffer), 2);

const contextSchema = z.discriminatedUnion('type', [
  z.object({
    name: z.string(),
    type: z.literal('text'),
    values: z.array(z.object({ value: z.string(), synonyms: z.array(z.string()) })),
  }),
  z.object({ name: z.string(), type: z.literal('boolean') }),
  z.object({ name: z.string(), type: z.literal('categorical'), values: z.array(z.string()) }),
  z.object({ name: z.string(), type: z.literal('float'), min: z.number().optional(), max: z.number().optional() }),
]);

const artifactSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  language: z.string(),
  intents: z.array(z.string()).min(1),
  knownWords: z.array(z.string()),
  wordCounts: z.object({ words: z.array(z.string()), counts: z.array(z.number().int().positive()) }).optional(),
  vocabulary: z.array(z.string()),
  idf: float32,
  classifier: z.object({
    numClasses: z.number().int().positive(),
    bias: float32,
    offsets: uint32,
    classes: uint16,
    weights: float32,
  }),
  // Absent from artifacts written before background classes (and from models without one).
  background: z.boolean().optional(),
  backgroundMessages: z.number().int().nonnegative().optional(),
  references: z.object({ texts: z.array(z.string()), labels: z.array(z.number().int().nonnegative()) }),
  referenceSimilarity: z.number().positive().max(1),
  // Absent from artifacts written before calibration was chosen at load.
  similarityPercentiles: z.array(z.number().min(0).max(1)).max(SIMILARITY_PERCENTILES).optional(),
  contexts: z.array(contextSchema),
  regexes: z.array(z.object({ name: z.string(), pattern: z.string() })),
  annotations: z.array(z.object({ entity: z.string(), value: z.string(), text: z.string() })),
  crossValidation: z
    .object({
      folds: z.number().int().positive(),
      phrases: z.number().int().nonnegative(),
      thresholds: z.array(
        z.object({ threshold: z.number(), answeredRight: z.number(), answeredWrong: z.number(), fellBack: z.number() }),
      ),
      conflicts: z.array(
        z.object({
          intent: z.string(),
          confusedWith: z.string(),
          count: z.number().int().positive(),
          of: z.number().int().positive(),
          examples: z.array(z.object({ phrase: z.string(), nearest: z.string() })),
        }),
      ),
    })
    .optional(),
  // Absent from artifacts written before warnings existed.
  warnings: z.array(z.string()).default([]),
});

export function serialiseModel(model: NluModel): string {
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    language: model.language,
    intents: model.intents,
    knownWords: model.knownWords,
    wordCounts: model.wordCounts,
    vocabulary: model.vocabulary,
    idf: encode(model.idf),
    classifier: {
      numClasses: model.classifier.numClasses,
      bias: encode(model.classifier.bias),
      offsets: encode(model.classifier.offsets),
      classes: encode(model.classifier.classes),
      weights: encode(model.classifier.weights),
    },
    ...(model.background ? { background: true, backgroundMessages: model.backgroundMessages } : {}),
    references: model.references,
    referenceSimilarity: model.referenceSimilarity,
    similarityPercentiles: model.similarityPercentiles,
    contexts: model.contexts,
    regexes: model.regexes,
    annotations: model.annotations,
    crossValidation: model.crossValidation,
    warnings: model.warnings,
  });
}

/** Reads an artifact written by serialiseModel; throws an Error saying what is wrong with it. */
export function parseModel(artifact: string): NluModel {
  let json: unknown;
  try {
    json = JSON.parse(artifact);
  } catch (error: unknown) {
    throw new Error(`invalid NLU model artifact: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = artifactSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid NLU model artifact: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}`);
  }
  const model = parsed.data;
  const problem = findInconsistency(model);
  if (problem) throw new Error(`invalid NLU model artifact: ${problem}`);
  return model;
}

/** Index bounds the parser relies on, checked once here rather than on every parse. */
function findInconsistency(model: NluModel): string | undefined {
  const numFeatures = model.vocabulary.length;
  const K = model.intents.length;
  const { classifier, references } = model;
  const classes = K + (model.background ? 1 : 0);
  if (model.idf.length !== numFeatures) return 'idf does not match the vocabulary';
  if (classifier.numClasses !== classes || classifier.bias.length !== classes) return 'classifier does not match the intents';
  if (!validOffsets(classifier.offsets, numFeatures, classifier.weights.length)) return 'classifier offsets are corrupt';
  if (classifier.classes.length !== classifier.weights.length) return 'classifier weights are corrupt';
  if (classifier.classes.some((k) => k >= classes)) return 'classifier refers to an unknown intent';
  if (references.labels.length !== references.texts.length) return 'reference phrases are corrupt';
  if (model.wordCounts && model.wordCounts.words.length !== model.wordCounts.counts.length) return 'word counts are corrupt';
  if (references.labels.some((k) => k >= K)) return 'a reference phrase refers to an unknown intent';
  return undefined;
}

function validOffsets(offsets: Uint32Array, numFeatures: number, total: number): boolean {
  if (offsets.length !== numFeatures + 1 || offsets[0] !== 0 || offsets[numFeatures] !== total) return false;
  for (let f = 0; f < numFeatures; f++) if ((offsets[f] as number) > (offsets[f + 1] as number)) return false;
  return true;
}

export function loadModel(artifact: string, calibration?: NluCalibration): NluInterpreter {
  return new NluInterpreter(parseModel(artifact), calibration);
}
