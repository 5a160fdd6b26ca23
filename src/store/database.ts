// Opens the database the configuration names: PostgreSQL for a postgres:// URL, otherwise an
// SQLite file in the data directory. Schema changes belong to ./migrations, not here.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.js';
import { storeDialect } from './store-config.js';
import type { StoreConfig } from './store-config.js';
import { createSqliteDialect } from './sqlite-dialect.js';

export type { Database } from './database-schema.js';

const SQLITE_FILE_NAME = 'helper.sqlite';
/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const PG_INT8_OID = 20;

export function openDatabase(config: StoreConfig): Kysely<Database> {
  if (storeDialect(config) === 'postgres') return openPostgres(config.databaseUrl ?? '');
  return openSqlite(config.dataDir);
}

function openSqlite(dataDir: string): Kysely<Database> {
  mkdirSync(dataDir, { recursive: true });
  const database = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME));
  try {
    // First, so that the pragmas below wait for a process that is migrating instead of failing.
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // WAL lets readers (the console) run while the bot writes; NORMAL is durable across an app
    // crash and only risks the last commits on a power loss, which WAL keeps consistent.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error: unknown) {
    database.close();
    throw error;
  }
  return new Kysely<Database>({ dialect: createSqliteDialect(database) });
}

function openPostgres(connectionString: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString,
    types: {
      // Event ids are bigint, which pg returns as strings; ids stay far below 2^53.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection (a database restart, a network drop) emits 'error'
  // on the pool, which would crash the process when nobody listens. The pool drops that client
  // and the next query opens a new one or reports the failure to its caller.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
