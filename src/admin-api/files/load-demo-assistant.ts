// On the very first start (an empty store) the demo assistant is loaded and trained, in Portuguese
// and English, so that `npm ci && npm start` answers at once. The import is done once under a claim
// (the demo server's row: a unique name, so of several processes starting at once on an empty store
// one imports); its trainings go through the training queue, each requested once (`createIfIdle`),
// and run by a process that runs jobs — this one before it listens (`train`), else a worker's poller.
// A first start cut during its training (a stop, a crash) is resumed by the next start: a demo
// assistant with no ready model, only first-start trainings and none scheduled or running is
// requested again. So is one cut between the import and the request (a kill -9 there left the demo
// imported and never trained, answering nothing): a demo assistant with no model and no training
// at all whose content is still the first start's import of our demo file, untouched since.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { demoAssistantFiles, type DemoAssistantFile } from '../../assistant/index.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord, Store, TrainingRecord } from '../../store/store.js';
import { importAssistant } from './import-assistant.js';

export const DEMO_SERVER = 'demo';
/** Who asked for the demo's first training, in the history (the console names it). */
export const FIRST_START = 'first-start';
/** First-start trainings after which the demo is no longer retried at start (it fails for a reason of its own). */
const MAX_FIRST_START_TRAININGS = 3;

export interface DemoLoadOptions {
  /** Run the demo's requested trainings in this process and wait for them (a process that runs jobs). */
  train?: boolean;
}

/** Takes the one-time import: true for the one process that created the demo server. */
async function claimImport(store: Store): Promise<boolean> {
  try {
    await store.servers.create({ name: DEMO_SERVER });
    return true;
  } catch (error: unknown) {
    if (await store.servers.get(DEMO_SERVER)) return false;
    throw error;
  }
}

/**
 * Whether the assistant's content is a first start's import of the demo file and nothing since: one
 * content version, an import of that file by the system — not a "demo" server someone built, nor
 * a demo edited since.
 */
async function onlyTheDemoImport(store: Store, assistant: AssistantRecord, demo: DemoAssistantFile): Promise<boolean> {
  const versions = await store.versions.list(assistant.id, { limit: 2 });
  const [version] = versions;
  return versions.length === 1 && version !== undefined && version.action === 'import' && version.actor === 'system' && version.items > 0 && version.details.importName === basename(demo.path);
}

/** The demo's training to run: the one scheduled, or a new one when it needs one and none is in flight. */
async function pendingTraining(store: Store, assistant: AssistantRecord, demo: DemoAssistantFile, importedNow: boolean): Promise<TrainingRecord | undefined> {
  if (await store.models.latestReady(assistant.id)) return undefined;
  const history = await store.trainings.list(assistant.id);
  // Only a first start's demo: requested by this import, or by an earlier first start cut short —
  // during its training, or before requesting it (imported, never trained, untouched since).
  const firstStartOnly = history.every((training) => training.requestedBy === FIRST_START);
  if (!firstStartOnly || history.length >= MAX_FIRST_START_TRAININGS) return undefined;
  if (!importedNow && history.length === 0 && !(await onlyTheDemoImport(store, assistant, demo))) return undefined;
  const scheduled = history.find((training) => training.status === 'scheduled');
  if (scheduled) return scheduled;
  if (history.some((training) => training.status === 'running')) return undefined;
  return store.trainings.createIfIdle({ assistantId: assistant.id, scope: 'complete', scheduledFor: Date.now() / 1000, requestedBy: FIRST_START });
}

/**
 * Loads the demo when the store has no server yet (once across processes), and requests (with
 * `train`, runs) its first trainings, also those a cut first start left; returns whether it imported.
 */
export async function loadDemoAssistantOnFirstStart(platform: Platform, options: DemoLoadOptions = {}): Promise<boolean> {
  const { store, logger } = platform;
  const train = options.train ?? true;
  const imported = (await store.servers.list()).length === 0 && (await claimImport(store));
  for (const demo of demoAssistantFiles()) {
    let assistant = await store.assistants.get(DEMO_SERVER, demo.language);
    if (imported) {
      // Our own files: read here, without a worker thread's start-up on every first start.
      const result = await importAssistant(store, {
        text: await readFile(demo.path, 'utf8'),
        fileName: demo.path,
        target: { server: DEMO_SERVER, language: demo.language },
        mode: 'replace',
        createMissing: true,
      });
      if (!result.ok) throw new Error(`the demo assistant (${demo.language}) is invalid:\n${result.errors.join('\n')}`);
      assistant = result.assistant;
    }
    if (!assistant) continue;
    // Through the training history, so that it lists the version that answers from the first start.
    const training = await pendingTraining(store, assistant, demo, imported);
    if (!training) continue;
    if (!train) {
      logger.info({ assistant: `${DEMO_SERVER}/${demo.language}`, trainingId: training.id }, 'demo assistant’s first training requested: a process that runs jobs trains it');
      continue;
    }
    const finished = await platform.trainings.runRequested(training);
    if (finished.status === 'failed') throw new Error(`the demo assistant (${demo.language}) did not train: ${finished.problems.map((problem) => problem.message).join('; ')}`);
    if (finished.status === 'succeeded') logger.info({ assistant: `${DEMO_SERVER}/${demo.language}`, version: finished.modelVersion }, 'demo assistant loaded and trained');
  }
  return imported;
}
