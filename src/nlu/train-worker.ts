// The child process's side of trainInWorker: receives the training data over IPC, trains, sends
// back progress and then the artifact or what went wrong, and exits — so that every byte the
// training used (V8 heap, malloc arenas) goes back to the system with the process.
import { serialiseModel } from './model.js';
import { trainModel } from './train.js';
import { NluTrainingError } from './training-error.js';
import type { NluTrainingData, TrainingProgress } from './types.js';

export type TrainWorkerReply =
  | { ok: true; artifact: string }
  | { ok: false; problems: readonly string[] };

/** What the parent sends: the data, once. */
export type TrainWorkerJob = { data: NluTrainingData };

/** What the child sends: progress while training, then one reply. */
export type TrainWorkerMessage = { progress: TrainingProgress } | { reply: TrainWorkerReply };

/** Sends to the parent; a parent that is gone ends this process (at the next progress at the latest). */
function send(message: TrainWorkerMessage, then?: () => void): void {
  if (!process.connected) process.exit(0);
  process.send?.(message, undefined, {}, (error: Error | null) => {
    if (error) process.exit(0);
    then?.();
  });
}

function train(data: NluTrainingData): TrainWorkerReply {
  try {
    return { ok: true, artifact: serialiseModel(trainModel(data, { onProgress: (progress) => send({ progress }) })) };
  } catch (error: unknown) {
    if (error instanceof NluTrainingError) return { ok: false, problems: error.problems };
    // An Error object does not survive IPC as a class; its message is what matters.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`unexpected error while training: ${reason}`] };
  }
}

// The parent gone (it stopped, or ended the training), nothing is left to train for. A parent
// that goes while a model trains is noticed at the next progress message (training never yields).
if (!process.connected) process.exit(0);
process.once('disconnect', () => process.exit(0));
process.once('message', (job: TrainWorkerJob) => {
  const reply = train(job.data);
  // Once the reply is written, the channel is closed and the process ends on its own.
  send({ reply }, () => process.disconnect());
});
