// A trained model as text (the artifact stored with a model version) and back. Typed arrays are
// stored as base64 of their little-endian bytes, so a model of thousands of phrases stays a few
// megabytes and loads without parsing millions of numbers.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
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

interface ArrayKind<T extends TypedArray> {
  make: (buffer: ArrayBuffer) => T;
  bytesPerElement: number;
}
const float32: ArrayKind<Float32Array> = { make: (buffer) => new Float32Array(buffer), bytesPerElement: 4 };
const uint32: ArrayKind<Uint32Array> = { make: (buffer) => new Uint32Array(buffer), bytesPerElement: 4 };
const uint16: ArrayKind<Uint16Array> = { make: (buffer) => new Uint16Array(buffer), bytesPerElement: 2 };

/** The typed array whose bytes `text` is in base64 (at `path` in the artifact, for the error). */
function decode<T extends TypedArray>(text: string, kind: ArrayKind<T>, path: string): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % kind.bytesPerElement !== 0) throw new Error(`invalid NLU model artifact: ${path}: typed array of a wrong length`);
  // Copied into a fresh buffer: Node's pooled buffers are not aligned for 4-byte arrays.
  const aligned = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(aligned).set(bytes);
  return kind.make(aligned);
}

// The artifact's shape. Typed arrays are base64 text here, decoded once it holds. Keys the shape
// does not name are dropped on reading (Ajv's removeAdditional), so a model loaded holds what one
// trained holds, whatever an artifact carries besides.
const base64 = Type.String();
/** A whole number from `minimum`, within the safe range (JSON numbers beyond it are not exact). */
const whole = (minimum: number) => Type.Integer({ minimum, maximum: Number.MAX_SAFE_INTEGER });

const contextKinds = [
  Type.Object({
    name: Type.String(),
    type: Type.Literal('text'),
    values: Type.Array(Type.Object({ value: Type.String(), synonyms: Type.Array(Type.String()) })),
  }),
  Type.Object({ name: Type.String(), type: Type.Literal('boolean') }),
  Type.Object({ name: Type.String(), type: Type.Literal('categorical'), values: Type.Array(Type.String()) }),
  Type.Object({ name: Type.String(), type: Type.Literal('float'), min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) }),
];
/** One of contextKinds, chosen by its `type` (Ajv's discriminator: only that kind is checked, and its problem told). */
const contextSchema = discriminated<Static<(typeof contextKinds)[number]>>('type', contextKinds);

const artifactSchema = Type.Object({
  format: Type.Literal(FORMAT),
  version: Type.Literal(VERSION),
  language: Type.String(),
  intents: Type.Array(Type.String(), { minItems: 1 }),
  knownWords: Type.Array(Type.String()),
  wordCounts: Type.Optional(Type.Object({ words: Type.Array(Type.String()), counts: Type.Array(whole(1)) })),
  vocabulary: Type.Array(Type.String()),
  idf: base64,
  classifier: Type.Object({
    numClasses: whole(1),
    bias: base64,
    offsets: base64,
    classes: base64,
    weights: base64,
  }),
  // Absent from artifacts written before background classes (and from models without one).
  background: Type.Optional(Type.Boolean()),
  backgroundMessages: Type.Optional(whole(0)),
  references: Type.Object({ texts: Type.Array(Type.String()), labels: Type.Array(whole(0)) }),
  referenceSimilarity: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  // Absent from artifacts written before calibration was chosen at load.
  similarityPercentiles: Type.Optional(Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { maxItems: SIMILARITY_PERCENTILES })),
  contexts: Type.Array(contextSchema),
  regexes: Type.Array(Type.Object({ name: Type.String(), pattern: Type.String() })),
  annotations: Type.Array(Type.Object({ entity: Type.String(), value: Type.String(), text: Type.String() })),
  crossValidation: Type.Optional(
    Type.Object({
      folds: whole(1),
      phrases: whole(0),
      thresholds: Type.Array(Type.Object({ threshold: Type.Number(), answeredRight: Type.Number(), answeredWrong: Type.Number(), fellBack: Type.Number() })),
      conflicts: Type.Array(
        Type.Object({
          intent: Type.String(),
          confusedWith: Type.String(),
          count: whole(1),
          of: whole(1),
          examples: Type.Array(Type.Object({ phrase: Type.String(), nearest: Type.String() })),
        }),
      ),
    }),
  ),
  // Absent from artifacts written before warnings existed.
  warnings: Type.Optional(Type.Array(Type.String())),
});

/** A schema for one of `kinds`, objects told apart by their `tag` (a literal in each). */
function discriminated<T>(tag: string, kinds: TSchema[]) {
  return Type.Unsafe<T>({ type: 'object', required: [tag], discriminator: { propertyName: tag }, oneOf: kinds });
}

let validateArtifact: ValidateFunction<Static<typeof artifactSchema>> | undefined;

/** The artifact's validator, compiled the first time a model is read. */
function artifactValidator(): ValidateFunction<Static<typeof artifactSchema>> {
  // Without checking the schema against JSON Schema's own (Ajv compiles that one, about 140 kB of
  // heap, for nothing: strict mode still refuses an unknown keyword).
  validateArtifact ??= new Ajv({ discriminator: true, removeAdditional: 'all', validateSchema: false }).compile(artifactSchema);
  return validateArtifact;
}

/** Where a problem is (`classifier.numClasses`, `contexts.2`, the missing key included) and what it is. */
function describeProblem(error: ErrorObject | undefined): string {
  if (!error) return 'unreadable';
  const path = error.instancePath.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (error.keyword === 'required') return `${[...path, String(error.params['missingProperty'])].join('.')}: is missing`;
  if (error.keyword === 'discriminator') return `${[...path, String(error.params['tag'])].join('.')}: ${error.message ?? 'is not a known kind'}`;
  if (error.keyword === 'const') return `${path.join('.')}: must be ${JSON.stringify(error.params['allowedValue'])}`;
  return `${path.join('.')}: ${error.message ?? 'is not valid'}`;
}

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
  const validate = artifactValidator();
  if (!validate(json)) throw new Error(`invalid NLU model artifact: ${describeProblem(validate.errors?.[0])}`);
  const { classifier } = json;
  const model: NluModel = {
    ...json,
    idf: decode(json.idf, float32, 'idf'),
    classifier: {
      ...classifier,
      bias: decode(classifier.bias, float32, 'classifier.bias'),
      offsets: decode(classifier.offsets, uint32, 'classifier.offsets'),
      classes: decode(classifier.classes, uint16, 'classifier.classes'),
      weights: decode(classifier.weights, float32, 'classifier.weights'),
    },
    warnings: json.warnings ?? [],
  };
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
