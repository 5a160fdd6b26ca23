// Trains in a worker thread, so that a server keeps answering while a model trains (training a
// large assistant takes seconds of CPU).
import { Worker } from 'node:worker_threads';
import type { TrainWorkerMessage, TrainWorkerReply } from './train-worker.js';
import { NluTrainingError } from './training-error.js';
import type { NluTrainingData, TrainingProgressListener } from './types.js';

/**
 * The worker's module: compiled JavaScript next to this module in dist/, or, when this module
 * runs from TypeScript sources (vitest, tsx), a small bootstrap that loads train-worker.ts
 * through tsx (see train-worker-tsx.mjs for why `execArgv: ['--import', 'tsx']` is not enough).
 */
function workerUrl(): URL {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './train-worker-tsx.mjs' : './train-worker.js', import.meta.url);
}

/**
 * Resolves with the serialised model (see model.ts); `onProgress` hears the worker's phases and
 * passes over the data. Rejects with NluTrainingError, its message
 * naming every problem of the data, when it cannot be trained.
 */
export async function trainInWorker(data: NluTrainingData, options: { onProgress?: TrainingProgressListener } = {}): Promise<string> {
  const worker = new Worker(workerUrl(), { workerData: data });
  try {
    const reply = await new Promise<TrainWorkerReply>((resolve, reject) => {
      worker.on('message', (message: TrainWorkerMessage) => {
        if ('reply' in message) resolve(message.reply);
        else options.onProgress?.(message.progress);
      });
      worker.once('error', (error: Error) => {
        reject(new NluTrainingError([`the training worker failed: ${error.message}`]));
      });
      worker.once('exit', (code) => {
        reject(new NluTrainingError([`the training worker stopped (exit code ${code}) before answering`]));
      });
    });
    if (!reply.ok) throw new NluTrainingError(reply.problems);
    return reply.artifact;
  } finally {
    await worker.terminate();
  }
}
