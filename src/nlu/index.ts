// The NLU engine's public API: train (in a worker thread, or synchronously), load, parse.
export { trainInWorker } from './train-in-worker.js';
export { trainModel } from './train.js';
export { NluTrainingError } from './training-error.js';
export { findTrainingWarnings, MIN_PHRASES_PER_INTENT } from './find-training-warnings.js';
export { SYSTEM_ENTITY_NAMES } from './entities/system-entities.js';
export { loadModel, parseModel, serialiseModel, type NluModel } from './model.js';
export { MAX_CROSS_VALIDATED_PHRASES, type CrossValidation, type IntentConflict, type ThresholdOutcome } from './cross-validate.js';
export { NluInterpreter } from './interpreter.js';
export type { NluTrainingData, ParseResult, ParsedEntity, IntentScore, TrainingProgress, TrainingProgressListener } from './types.js';
export { NLU_FALLBACK_INTENT } from './types.js';
export { SemanticIndex, type SerialisedSemanticIndex } from './semantic-index.js';
