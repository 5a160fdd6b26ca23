// On the very first start (an empty store) the demo assistant is loaded and trained, in Portuguese
// and English, so that `npm ci && npm start` answers at once.
import { readFile } from 'node:fs/promises';
import { demoAssistantFiles } from '../../assistant/index.js';
import type { Platform } from '../../platform.js';
import { importAssistant } from './import-assistant.js';

export const DEMO_SERVER = 'demo';
/** Who asked for the demo's first training, in the history (the console names it). */
export const FIRST_START = 'first-start';

/** Loads and trains the demo when the store has no server yet; returns whether it did. */
export async function loadDemoAssistantOnFirstStart(platform: Platform): Promise<boolean> {
  const { store, logger } = platform;
  if ((await store.servers.list()).length > 0) return false;
  for (const demo of demoAssistantFiles()) {
    // Our own files: read here, without a worker thread's start-up on every first start.
    const result = await importAssistant(store, {
      text: await readFile(demo.path, 'utf8'),
      fileName: demo.path,
      target: { server: DEMO_SERVER, language: demo.language },
      mode: 'replace',
      createMissing: true,
    });
    if (!result.ok) throw new Error(`the demo assistant (${demo.language}) is invalid:\n${result.errors.join('\n')}`);
    // Through the training history, so that it lists the version that answers from the first start.
    const training = await platform.trainings.runNow(result.assistant, 'complete', FIRST_START);
    if (training.status !== 'succeeded') throw new Error(`the demo assistant (${demo.language}) did not train: ${training.problems.map((problem) => problem.message).join('; ')}`);
    logger.info({ assistant: `${DEMO_SERVER}/${demo.language}`, version: training.modelVersion }, 'demo assistant loaded and trained');
  }
  return true;
}
