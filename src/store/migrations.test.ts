import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from './create-store.js';
import { openDatabase } from './database.js';
import { storeDialect } from './store-config.js';
import type { StoreConfig } from './store-config.js';
import { storeVariants } from './test-stores.js';

const run = promisify(execFile);
const createStoreModule = fileURLToPath(new URL('./create-store.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

async function executedMigrations(config: StoreConfig): Promise<string[]> {
  const db = openDatabase(config);
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return rows.map((row) => row.name);
  } finally {
    await db.destroy();
  }
}

/**
 * Opens the store in a separate Node process, as a second app process would. The process waits
 * for `startAt` (epoch ms) after loading, so that processes started together migrate together.
 */
async function openInChildProcess(config: StoreConfig, serverName: string, startAt: number): Promise<string> {
  const script = `
    const { createStore } = await import(${JSON.stringify(createStoreModule)});
    await new Promise((resolve) => setTimeout(resolve, Number(process.argv[3]) - Date.now()));
    const store = await createStore(JSON.parse(process.argv[1]));
    await store.servers.create({ name: process.argv[2] });
    console.log((await store.servers.list()).length > 0 ? 'ok' : 'empty');
    await store.close();
  `;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(config), serverName, String(startAt)], {
    cwd: projectRoot,
  });
  return stdout.trim();
}

describe.each(storeVariants())('$name store: opening and migrations', (variant) => {
  afterAll(() => variant.cleanup());

  it('migrates once and reopens an existing database with its data', async () => {
    const location = await variant.location();
    const first = await createStore(location);
    await first.servers.create({ name: 'acme' });
    const assistant = await first.assistants.create({ serverName: 'acme', language: 'pt' });
    await first.conversations.append(assistant.id, 'u1', [{ event: 'session_started', timestamp: 1 }, { event: 'user', timestamp: 2, text: 'oi' }]);
    await first.close();
    const migrations = await executedMigrations(location);
    expect(migrations.length).toBeGreaterThan(0);

    const second = await createStore(location);
    expect(await second.assistants.get('acme', 'pt')).toEqual(assistant);
    expect(await second.conversations.sessionEvents(assistant.id, 'u1')).toHaveLength(2);
    await second.close();
    const third = await createStore(location);
    await third.close();
    expect(await executedMigrations(location)).toEqual(migrations);
  });

  it('lets two processes open a new database at once', async () => {
    const location = await variant.location();
    const startAt = Date.now() + 3_000;
    const results = await Promise.all([openInChildProcess(location, 'first', startAt), openInChildProcess(location, 'second', startAt)]);
    expect(results).toEqual(['ok', 'ok']);
    const store = await createStore(location);
    expect((await store.servers.list()).map((server) => server.name)).toEqual(['first', 'second']);
    await store.close();
    expect(await executedMigrations(location)).toEqual(['0001-initial-schema', '0002-conversation-revision', '0003-assistant-access', '0004-outbound-messages', '0005-console-users', '0006-skill-preset', '0007-trainings', '0008-access-revision', '0011-dialogue-flows', '0015-phrase-embeddings', '0020-channel-records', '0025-analytics', '0035-human-handoff', '0045-third-party-apis', '0050-content-imports', '0055-outbox-claims', '0060-skill-action', '0070-analytics-text-search', '0075-content-versions', '0080-inbound-pending', '0085-events-posted', '0090-analytics-spoken-skills', '0095-reminders', '0100-user-password-generated', '0105-training-embeddings-reason', '0110-delivery-reason-codes']);
  });

  it('isolates stores opened by the test helper', async () => {
    const one = await variant.open();
    const two = await variant.open();
    await one.servers.create({ name: 'onlyhere' });
    expect(await two.servers.list()).toEqual([]);
    expect(await one.servers.list()).toHaveLength(1);
  });

  it('closing twice is harmless', async () => {
    const store = await createStore(await variant.location());
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe('SQLite database file', () => {
  const [sqlite] = storeVariants();
  afterAll(() => sqlite?.cleanup());

  it('creates the data directory and sets WAL, foreign keys and a busy timeout', async () => {
    if (sqlite === undefined) throw new Error('no sqlite variant');
    const { dataDir } = await sqlite.location();
    const nested = join(dataDir, 'a', 'b');
    const db = openDatabase({ dataDir: nested });
    try {
      const pragma = async (name: string): Promise<unknown> => {
        const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(db);
        return Object.values(rows[0] ?? {})[0];
      };
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('synchronous')).toBe(1);
      expect(Number(await pragma('busy_timeout'))).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });
});

describe('storeDialect', () => {
  it('chooses PostgreSQL for postgres URLs and SQLite otherwise', () => {
    expect(storeDialect({ dataDir: 'x', databaseUrl: 'postgres://u@h/db' })).toBe('postgres');
    expect(storeDialect({ dataDir: 'x', databaseUrl: 'postgresql://u@h:5432/db?sslmode=require' })).toBe('postgres');
    expect(storeDialect({ dataDir: 'x' })).toBe('sqlite');
    expect(storeDialect({ dataDir: 'x', databaseUrl: '' })).toBe('sqlite');
    expect(storeDialect({ dataDir: 'x', databaseUrl: 'mysql://u@h/db' })).toBe('sqlite');
  });
});
