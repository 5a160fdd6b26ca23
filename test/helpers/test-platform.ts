// A real platform for tests: the real store (SQLite in a temp folder, or PostgreSQL), the real
// engine and NLU, the real HTTP app driven through Fastify's inject.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { loadDemoAssistantOnFirstStart } from '../../src/admin-api/files/load-demo-assistant.js';
import { loadConfig } from '../../src/config/config.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { buildApp } from '../../src/server/app.js';
import { storeVariants } from '../../src/store/test-stores.js';

export interface TestPlatform {
  platform: Platform;
  app: FastifyInstance;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestPlatform(
  options: {
    demo?: boolean;
    env?: Record<string, string>;
    postgres?: boolean;
    /** Collects every log line (level debug) instead of silence. */
    logLines?: string[];
    /** Opens this data folder (a restart) instead of a new one; `close()` then leaves it in place. */
    dataDir?: string;
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
  const platform = await openPlatform(config, logger);
  if (options.demo ?? true) await loadDemoAssistantOnFirstStart(platform);
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
