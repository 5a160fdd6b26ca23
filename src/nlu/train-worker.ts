// The worker thread's side of trainInWorker: trains on workerData, posts back the artifact or
// what went wrong.
import { parentPort, workerData } from 'node:worker_threads';
import { serialiseModel } from './model.js';
import { trainModel } from './train.js';
import { NluTrainingError } from './training-error.js';
import type { NluTrainingData, TrainingProgress } from './types.js';

export type TrainWorkerReply =
  | { ok: true; artifact: string }
  | { ok: false; problems: readonly string[] };

/** What the worker posts: progress while training, then one reply. */
export type TrainWorkerMessage = { progress: TrainingProgress } | { reply: TrainWorkerReply };

function train(data: NluTrainingData): TrainWorkerReply {
  try {
    const onProgress = (progress: TrainingProgress) => parentPort?.postMessage({ progress } satisfies TrainWorkerMessage);
    return { ok: true, artifact: serialiseModel(trainModel(data, { onProgress })) };
  } catch (error: unknown) {
    if (error instanceof NluTrainingError) return { ok: false, problems: error.problems };
    // An Error object does not survive postMessage as a class; its message is what matters.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`unexpected error while training: ${reason}`] };
  }
}

parentPort?.postMessage({ reply: train(workerData as NluTrainingData) } satisfies TrainWorkerMessage);
