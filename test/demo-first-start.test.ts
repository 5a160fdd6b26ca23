// The demo assistant on a first start: imported once under a claim and trained once per language
// through the training queue, by a process that runs jobs, however many processes start at once on
// an empty store; a first start cut during its training, or between the import and the request of
// its trainings, is resumed by the next start.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { importAssistant } from '../src/admin-api/files/import-assistant.js';
import { DEMO_SERVER, FIRST_START, loadDemoAssistantOnFirstStart } from '../src/admin-api/files/load-demo-assistant.js';
import { demoAssistantFiles } from '../src/assistant/index.js';
import { loadConfig } from '../src/config/config.js';
import { openPlatform, type Platform } from '../src/platform.js';
import { createStore } from '../src/store/create-store.js';
import { storeVariants } from '../src/store/test-stores.js';
import { startTestPlatform } from './helpers/test-platform.js';

const LANGUAGES = ['pt', 'en'];
const silent = pino({ level: 'silent' });

async function open(location: { dataDir: string; databaseUrl?: string }): Promise<Platform> {
  return openPlatform(loadConfig({ HELPER_DATA_DIR: location.dataDir, ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}) }), silent);
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('three processes starting at once on an empty PostgreSQL', () => {
  const postgres = storeVariants().find((variant) => variant.name === 'postgres');
  afterAll(() => postgres?.cleanup());

  it('import the demo once and train each language once, in the process that runs jobs', async () => {
    if (!postgres) throw new Error('the PostgreSQL store variant is missing');
    const location = await postgres.location();
    const [webOne, webTwo, worker] = await Promise.all([open(location), open(location), open(location)]);
    try {
      // The worker's poller runs what a web process requested (started with its server in the app).
      worker.trainings.start();
      const imported = await Promise.all([
        loadDemoAssistantOnFirstStart(webOne, { train: false }),
        loadDemoAssistantOnFirstStart(webTwo, { train: false }),
        loadDemoAssistantOnFirstStart(worker, { train: true }),
      ]);
      expect(imported.filter(Boolean)).toHaveLength(1);
      const store = worker.store;
      expect((await store.servers.list()).map((server) => server.name)).toEqual([DEMO_SERVER]);
      for (const language of LANGUAGES) {
        const assistant = await store.assistants.get(DEMO_SERVER, language);
        expect(assistant, language).toBeDefined();
        await waitFor(async () => (await store.models.latestReady(assistant!.id)) !== undefined, `the ${language} demo's model`);
        const trainings = await store.trainings.list(assistant!.id);
        expect(trainings.map((training) => [training.requestedBy, training.status]), language).toEqual([[FIRST_START, 'succeeded']]);
        expect(trainings[0]?.claimedBy).toBe(worker.trainings.instanceId);
        // Imported once: one content version of the demo.
        expect(await store.versions.list(assistant!.id, { limit: 10 }), language).toHaveLength(1);
      }
    } finally {
      await Promise.all([webOne.close(), webTwo.close(), worker.close()]);
    }
  });
});

describe('a first start cut during the demo’s training (SQLite)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('is resumed by the next start: a crashed training is requested again, a given-back one is run, and the demo answers', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-demo-resume-'));
    dirs.push(dataDir);
    // The first start imported and requested the trainings, then died: pt's training was claimed by
    // the dead process and failed by the sweep; en's was given back (scheduled) by a SIGTERM.
    let first = await open({ dataDir });
    expect(await loadDemoAssistantOnFirstStart(first, { train: false })).toBe(true);
    const pt = (await first.store.assistants.get(DEMO_SERVER, 'pt'))!;
    const en = (await first.store.assistants.get(DEMO_SERVER, 'en'))!;
    const [ptTraining] = await first.store.trainings.list(pt.id);
    await first.store.trainings.claim(ptTraining!.id, Date.now() / 1000 - 3600, 'dead-process');
    await first.store.trainings.failAbandoned(Date.now() / 1000 - 60, 'the app process running this training stopped', Date.now() / 1000);
    const [enTraining] = await first.store.trainings.list(en.id);
    await first.store.trainings.claim(enTraining!.id, Date.now() / 1000, 'stopping-process');
    await first.store.trainings.release(enTraining!.id, 'stopping-process');
    await first.close();

    first = await open({ dataDir });
    try {
      expect(await loadDemoAssistantOnFirstStart(first)).toBe(false);
      for (const assistant of [pt, en]) {
        expect(await first.store.models.latestReady(assistant.id), assistant.language).toBeDefined();
      }
      expect((await first.store.trainings.list(pt.id)).map((training) => training.status)).toEqual(['succeeded', 'failed']);
      expect((await first.store.trainings.list(en.id)).map((training) => training.status)).toEqual(['succeeded']);
      // Trained: the demo answers.
      const loaded = await first.registry.get(pt.id);
      expect(loaded?.model).toBeDefined();
      // A later start changes nothing.
      expect(await loadDemoAssistantOnFirstStart(first)).toBe(false);
      expect(await first.store.trainings.list(pt.id)).toHaveLength(2);
    } finally {
      await first.close();
    }
  });
});

describe('a first start cut after the demo’s import, before its trainings were requested (SQLite)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** What the first start had done when it was killed: the demo server claimed and both languages imported, nothing requested. */
  async function cutAfterImport(dataDir: string, fileName: (path: string) => string = (path) => path): Promise<void> {
    const store = await createStore({ dataDir });
    try {
      await store.servers.create({ name: DEMO_SERVER });
      for (const demo of demoAssistantFiles()) {
        const result = await importAssistant(store, {
          text: await readFile(demo.path, 'utf8'),
          fileName: fileName(demo.path),
          target: { server: DEMO_SERVER, language: demo.language },
          mode: 'replace',
          createMissing: true,
        });
        expect(result.ok).toBe(true);
        const assistant = (await store.assistants.get(DEMO_SERVER, demo.language))!;
        expect(await store.trainings.list(assistant.id)).toEqual([]);
        expect(await store.models.latestReady(assistant.id)).toBeUndefined();
      }
    } finally {
      await store.close();
    }
  }

  it('is trained by the next start, once per language, and the demo answers', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-demo-cut-import-'));
    dirs.push(dataDir);
    await cutAfterImport(dataDir);

    const test = await startTestPlatform({ dataDir });
    try {
      const { store } = test.platform;
      for (const language of LANGUAGES) {
        const assistant = (await store.assistants.get(DEMO_SERVER, language))!;
        expect((await store.trainings.list(assistant.id)).map((training) => [training.requestedBy, training.status]), language).toEqual([[FIRST_START, 'succeeded']]);
        expect(await store.models.latestReady(assistant.id), language).toBeDefined();
      }
      const answer = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'cut-import', message: 'qual o horário de atendimento?' } });
      expect(answer.statusCode).toBe(200);
      expect(JSON.stringify(answer.json())).toContain('service desk');
      // A later start changes nothing.
      expect(await loadDemoAssistantOnFirstStart(test.platform)).toBe(false);
      const pt = (await store.assistants.get(DEMO_SERVER, 'pt'))!;
      expect(await store.trainings.list(pt.id)).toHaveLength(1);
    } finally {
      await test.close();
    }
  });

  it('leaves alone a "demo" server the first start did not import (someone else’s files, never trained)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-demo-cut-import-'));
    dirs.push(dataDir);
    await cutAfterImport(dataDir, (path) => path.replace(/[^/]+$/, 'our-own-assistant.yaml'));

    const test = await startTestPlatform({ dataDir });
    try {
      for (const language of LANGUAGES) {
        const assistant = (await test.platform.store.assistants.get(DEMO_SERVER, language))!;
        expect(await test.platform.store.trainings.list(assistant.id), language).toEqual([]);
      }
    } finally {
      await test.close();
    }
  });
});
