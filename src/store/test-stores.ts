// Isolated stores for tests, on SQLite and on PostgreSQL, so every store test (ours and other
// parts') runs against both. Each `open()` gives an empty, migrated store of its own: a fresh
// temporary data directory, or a fresh PostgreSQL schema selected through the connection's
// search_path. `cleanup()` closes what was opened and removes those directories and schemas.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStore } from './create-store.js';
import type { AssistantRecord, Store } from './store.js';
import type { StoreConfig } from './store-config.js';

export interface StoreVariant {
  name: 'sqlite' | 'postgres';
  /** An empty, migrated store in isolation. */
  open(): Promise<Store>;
  /** A new isolated location, for tests that open it themselves (reopening, two at once). */
  location(): Promise<StoreConfig>;
  /** Closes every store opened through `open()` and removes every location. */
  cleanup(): Promise<void>;
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA_PREFIX = 'helper_test_';
/** Schemas left behind by runs that were killed are dropped once they are this old. */
const STALE_SCHEMA_SECONDS = 24 * 60 * 60;

export function storeVariants(): StoreVariant[] {
  return [sqliteVariant(), postgresVariant(process.env['HELPER_TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL)];
}

function sqliteVariant(): StoreVariant {
  const directories: string[] = [];
  const stores: Store[] = [];
  const location = async (): Promise<StoreConfig> => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-store-test-'));
    directories.push(dataDir);
    return { dataDir };
  };
  return {
    name: 'sqlite',
    location,
    async open() {
      const store = await createStore(await location());
      stores.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
    },
  };
}

function postgresVariant(baseUrl: string): StoreVariant {
  const schemas: string[] = [];
  const stores: Store[] = [];
  let admin: Promise<pg.Client> | undefined;

  const adminClient = (): Promise<pg.Client> => {
    admin ??= (async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      // A lost connection fails the next query here rather than crashing the test process.
      client.on('error', () => undefined);
      await client.connect();
      await dropStaleSchemas(client);
      return client;
    })();
    return admin;
  };

  const location = async (): Promise<StoreConfig> => {
    // The creation time in the name lets a later run recognise schemas a killed run left.
    const schema = `${SCHEMA_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(6).toString('hex')}`;
    const client = await adminClient();
    await client.query(`create schema ${schema}`);
    schemas.push(schema);
    const url = new URL(baseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return { databaseUrl: url.toString(), dataDir: join(tmpdir(), 'helper-store-test-unused') };
  };

  return {
    name: 'postgres',
    location,
    async open() {
      const store = await createStore(await location());
      stores.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      if (admin === undefined) return;
      const client = await admin;
      for (const schema of schemas.splice(0)) await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      admin = undefined;
    },
  };
}

async function dropStaleSchemas(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>(
    'select nspname from pg_namespace where nspname like $1',
    [`${SCHEMA_PREFIX.replace(/_/g, '\\_')}%`],
  );
  const now = Date.now() / 1000;
  for (const { nspname } of rows) {
    const created = Number(/^helper_test_(\d+)_/.exec(nspname)?.[1]);
    if (Number.isFinite(created) && now - created > STALE_SCHEMA_SECONDS) {
      await client.query(`drop schema if exists ${nspname} cascade`);
    }
  }
}

/** A fresh store holding server `acme` and its Portuguese assistant: the set-up most store tests share. */
export async function openWithAssistant(variant: StoreVariant): Promise<{ store: Store; assistant: AssistantRecord }> {
  const store = await variant.open();
  await store.servers.create({ name: 'acme' });
  const assistant = await store.assistants.create({ serverName: 'acme', language: 'pt' });
  return { store, assistant };
}

/**
 * Ends (pg_terminate_backend) the PostgreSQL backends of this database that run, or last ran, a
 * query containing `marker`, or that wait for a lock the backend `blockedBy` holds; never the
 * connection it opens for this. Waits up to 5 s for one; returns how many were ended.
 */
export async function terminateBackends(databaseUrl: string, which: { marker: string } | { blockedBy: number }): Promise<number> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const condition = 'marker' in which ? 'strpos(query, $1::text) > 0' : '$1::int = any(pg_blocking_pids(pid))';
    const value = 'marker' in which ? which.marker : which.blockedBy;
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await admin.query<{ terminated: boolean }>(
        `select pg_terminate_backend(pid) as terminated from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and ${condition}`,
        [value],
      );
      const ended = rows.filter((row) => row.terminated).length;
      if (ended > 0) return ended;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no backend to terminate');
  } finally {
    await admin.end();
  }
}
