// Trains in a child process, so that a server keeps answering while a model trains (training a
// large assistant takes seconds of CPU) and never keeps the training's memory: a worker thread's
// heap is freed when it ends, but the malloc arenas it grew stay with the process (about 15 MB of
// RSS after the two demo assistants' first training); a process returns all of it when it exits.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TrainWorkerJob, TrainWorkerMessage, TrainWorkerReply } from './train-worker.js';
import { NluTrainingError } from './training-error.js';
import type { NluTrainingData, TrainingProgressListener } from './types.js';

/**
 * The child's module and Node options: compiled JavaScript next to this module in dist/, or,
 * when this module runs from TypeScript sources (vitest, tsx), train-worker.ts through tsx. The
 * parent's own options (an inspector port, a heap size) are not passed on.
 */
function childModule(): { path: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(new URL(fromSources ? './train-worker.ts' : './train-worker.js', import.meta.url));
  // tsx as this module finds it, whatever the working directory of the process.
  const tsx = () => pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { path, execArgv: fromSources ? ['--import', tsx()] : [] };
}

/**
 * Resolves with the serialised model (see model.ts); `onProgress` hears the child's phases and
 * passes over the data. Rejects with NluTrainingError, its message
 * naming every problem of the data, when it cannot be trained.
 */
export async function trainInWorker(data: NluTrainingData, options: { onProgress?: TrainingProgressListener; signal?: AbortSignal } = {}): Promise<string> {
  // An aborted training (a stopping process) ends its child and rejects with the signal's reason.
  options.signal?.throwIfAborted();
  const { path, execArgv } = childModule();
  // 'advanced': the data and the artifact cross as structured clones (as to a worker thread), not JSON.
  const child = fork(path, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // Ended, or never started (no 'exit' follows an 'error' of a process that could not be spawned).
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => {
      if (child.pid === undefined) resolve();
    });
  });
  try {
    const reply = await new Promise<TrainWorkerReply>((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
      child.on('message', (message: TrainWorkerMessage) => {
        if ('reply' in message) resolve(message.reply);
        else options.onProgress?.(message.progress);
      });
      child.once('error', (error: Error) => {
        reject(new NluTrainingError([`the training process failed: ${error.message}`]));
      });
      child.once('exit', (code, signal) => {
        reject(new NluTrainingError([`the training process stopped (${signal ? `signal ${signal}` : `exit code ${code}`}) before answering`]));
      });
      child.send({ data } satisfies TrainWorkerJob, (error) => {
        if (error) reject(new NluTrainingError([`the training process failed: ${error.message}`]));
      });
    });
    if (!reply.ok) throw new NluTrainingError(reply.problems);
    return reply.artifact;
  } finally {
    // Wait for the process to end, so that its memory is free before the caller goes on.
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  }
}
