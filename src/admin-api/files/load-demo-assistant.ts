// On the very first start (an empty store) the demo assistant is loaded and trained, in Portuguese
// and English, so that `npm ci && npm start` answers at once.
import { readFile } from 'node:fs/promises';
import { demoAssistantFiles } from '../../assistant/index.js';
import type { Platform } from '../../platform.js';
import { importAssistant } from './import-assistant.js';

export const DEMO_SERVER = 'demo';

/** Loads and trains the demo when the store has no server yet; returns whether it did. */
export async function loadDemoAssistantOnFirstStart(platform: Platform): Promise<boolean> {
  const { store, logger } = platform;
  if ((await store.servers.list()).length > 0) return false;
  for (const demo of demoAssistantFiles()) {
    const result = await importAssistant(store, {
      text: await readFile(demo.path, 'utf8'),
      fileName: demo.path,
      target: { server: DEMO_SERVER, language: demo.language },
      mode: 'replace',
      createMissing: true,
    });
    if (!result.ok) throw new Error(`the demo assistant (${demo.language}) is invalid:\n${result.errors.join('\n')}`);
    const model = await platform.trainer.train(result.assistant);
    logger.info({ assistant: `${DEMO_SERVER}/${demo.language}`, version: model.version }, 'demo assistant loaded and trained');
  }
  return true;
}
