// A real platform for tests: the real store (SQLite in a temp folder, or PostgreSQL), the real
// engine and NLU, the real HTTP app driven through Fastify's inject.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { importAssistant } from '../../src/admin-api/files/import-assistant.js';
import { loadDemoAssistantOnFirstStart } from '../../src/admin-api/files/load-demo-assistant.js';
import { demoAssistantFiles } from '../../src/assistant/demo-files.js';
import { loadConfig } from '../../src/config/config.js';
import { openPlatform, type Platform, type PlatformOptions } from '../../src/platform.js';
import { buildApp } from '../../src/server/app.js';
import { storeVariants } from '../../src/store/test-stores.js';
import { parseAssistantFile } from '../../src/assistant/index.js';
import type { AssistantRecord } from '../../src/store/store.js';

export interface TestPlatform {
  platform: Platform;
  app: FastifyInstance;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestPlatform(
  options: {
    /** The demo assistants as a first start loads them (default), or only the Portuguese one, trained once (the default assistant: half the trainings). */
    demo?: boolean | 'pt';
    env?: Record<string, string>;
    postgres?: boolean;
    /** Collects every log line (level debug) instead of silence. */
    logLines?: string[];
    /** Opens this data folder (a restart) instead of a new one; `close()` then leaves it in place. */
    dataDir?: string;
    platform?: PlatformOptions;
  } = {},
): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'helper-test-')));
  // PostgreSQL isolation is the store suite's: a fresh schema, dropped by the variant's cleanup.
  const postgres = options.postgres ? storeVariants().find((variant) => variant.name === 'postgres') : undefined;
  const databaseUrl = postgres ? (await postgres.location()).databaseUrl : undefined;
  const config = loadConfig({
    HELPER_DATA_DIR: dataDir,
    HELPER_LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const lines = options.logLines;
  const logger = lines ? pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }) : pino({ level: 'silent' });
  const platform = await openPlatform(config, logger, options.platform);
  if (options.demo === 'pt') await platform.trainer.train(await importDemoAssistant(platform));
  else if (options.demo ?? true) await loadDemoAssistantOnFirstStart(platform);
  const app = await buildApp(platform);
  await app.ready();
  return {
    platform,
    app,
    dataDir,
    async close() {
      await app.close();
      await platform.close();
      await postgres?.cleanup();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Imports the Portuguese demo as the default assistant (demo/pt), as a first start does, without training it. */
export async function importDemoAssistant(platform: Platform): Promise<AssistantRecord> {
  const demo = demoAssistantFiles().find((file) => file.language === 'pt')!;
  const imported = await importAssistant(platform.store, { text: await readFile(demo.path, 'utf8'), fileName: demo.path, target: platform.config.defaultAssistant, mode: 'replace', createMissing: true });
  if (!imported.ok) throw new Error(imported.errors.join('\n'));
  return imported.assistant;
}

/** Puts an assistant file's content (YAML or JSON) in place of the default assistant's, without training: the assistant's record, read before the save. */
export async function replaceDefaultAssistantContent(test: TestPlatform, file: string): Promise<AssistantRecord> {
  const assistant = await test.platform.defaultAssistant();
  const parsed = parseAssistantFile(file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await test.platform.store.content.save(assistant.id, parsed.file.content, 'replace');
  return assistant;
}

/** Puts an assistant file (YAML or JSON) in place of the default assistant's content, and trains it. */
export async function trainDefaultAssistantOn(test: TestPlatform, file: string): Promise<void> {
  await test.platform.trainer.train(await replaceDefaultAssistantContent(test, file));
}

/** A conversation over the REST channel: each message's answer texts, in order. */
export function restConversation(test: TestPlatform, sender: string): (message: string) => Promise<Array<string | undefined>> {
  return async (message) => {
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
    if (response.statusCode !== 200) throw new Error(`the REST channel answered ${response.statusCode}: ${response.body}`);
    return (response.json() as Array<{ text?: string }>).map((reply) => reply.text);
  };
}
