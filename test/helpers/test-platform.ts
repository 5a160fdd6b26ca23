// A real platform for tests: the real store (SQLite in a temp folder, or PostgreSQL), the real
// engine and NLU, the real HTTP app driven through Fastify's inject.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { loadDemoAssistantOnFirstStart } from '../../src/admin-api/load-demo-assistant.js';
import { loadConfig } from '../../src/config/config.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { buildApp } from '../../src/server/app.js';

export interface TestPlatform {
  platform: Platform;
  app: FastifyInstance;
  dataDir: string;
  close(): Promise<void>;
}

/** A new, empty PostgreSQL database on the machine's server, dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.HELPER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `helper_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
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
  const database = options.postgres ? await createTestDatabase() : undefined;
  const config = loadConfig({
    HELPER_DATA_DIR: dataDir,
    HELPER_LOG_LEVEL: 'silent',
    ...(database ? { DATABASE_URL: database.url } : {}),
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
      await database?.drop();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
