// Opens the database the configuration names: PostgreSQL for a postgres:// URL, otherwise an
// SQLite file in the data directory. Schema changes belong to ./migrations, not here.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { createRequire } from 'node:module';
// pg (about 3 MB of heap) is loaded only when a PostgreSQL store is opened.
import type pg from 'pg';
import type { Database } from './database-schema.js';
import { storeDialect } from './store-config.js';
import type { StoreConfig } from './store-config.js';
import { createSqliteDialect, SqliteGate, type SqliteAccess } from './sqlite-dialect.js';

export type { Database } from './database-schema.js';

const SQLITE_FILE_NAME = 'helper.sqlite';
/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const PG_INT8_OID = 20;
/**
 * Pages in the WAL before a commit copies them into the database file (SQLite's default: 1000).
 * Every turn rewrites a few hot pages (the conversation's rows, the events' last page); a longer
 * WAL copies each of them once per checkpoint instead of many times, which on the chat path costs
 * about a third less per commit. The WAL file grows to about this many pages (16 MiB at 4 KiB).
 * Once the WAL first reaches this size, a thread takes the checkpoints over and the connection's
 * own are switched off (./sqlite-checkpointer.ts); a process that writes less keeps SQLite's own.
 */
const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 4000;

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** SQLite only: the connection Kysely uses, for the conversation hot path's own statements. */
  sqlite?: SqliteAccess;
}

/** What is said about a lost PostgreSQL connection: never the connection string (it holds the password). */
export interface ConnectionErrorSummary {
  message: string;
  /** PostgreSQL's SQLSTATE (57P01: terminated by an administrator) or Node's (ECONNRESET), when known. */
  code?: string;
}

export interface DatabaseOptions {
  /**
   * PostgreSQL only: a connection was lost (a server restart, a failover, an idle-connection killer,
   * a network drop). Called once per outage: again only after a new connection has opened since.
   */
  onConnectionError?: (error: ConnectionErrorSummary) => void;
}

export function openDatabase(config: StoreConfig, options: DatabaseOptions = {}): Kysely<Database> {
  return openStoreDatabase(config, options).db;
}

export function openStoreDatabase(config: StoreConfig, options: DatabaseOptions = {}): OpenedDatabase {
  if (storeDialect(config) === 'postgres') return { db: openPostgres(config.databaseUrl ?? '', options) };
  return openSqlite(config.dataDir);
}

function openSqlite(dataDir: string): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const database = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME));
  try {
    // First, so that the pragmas below wait for a process that is migrating instead of failing.
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // WAL lets readers (the console) run while the bot writes; NORMAL is durable across an app
    // crash and only risks the last commits on a power loss, which WAL keeps consistent.
    setWalMode(database);
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // Each append of a group commit runs in a savepoint, whose journal of the pages it changes
    // would otherwise spill to a temporary file once past 64 KiB: system calls on every commit.
    database.pragma('temp_store = MEMORY');
    database.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
  } catch (error: unknown) {
    database.close();
    throw error;
  }
  const gate = new SqliteGate();
  return { db: new Kysely<Database>({ dialect: createSqliteDialect(database, gate) }), sqlite: { database, gate } };
}

/**
 * Switching to WAL needs the database to itself for a moment, and SQLite answers SQLITE_BUSY at
 * once (without its busy handler) while another process opening the same new file holds it: retry
 * for as long as the busy timeout, sleeping briefly between tries.
 */
function setWalMode(database: SqliteDatabase.Database): void {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (error: unknown) {
      const busy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.random() * 20);
    }
  }
}

function openPostgres(connectionString: string, options: DatabaseOptions): Kysely<Database> {
  const { Pool, types } = createRequire(import.meta.url)('pg') as typeof pg;
  const pool = new Pool({
    connectionString,
    types: {
      // Event ids are bigint, which pg returns as strings; ids stay far below 2^53.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
    },
  });
  // A client whose connection is lost emits 'error', which crashes the process when nobody
  // listens. The pool listens only while the client is idle (and then re-emits on the pool): a
  // client checked out (a query running, a transaction open) emits on itself alone. So each
  // client gets a listener of its own for its whole life. The query that was running fails where
  // it was made (its caller reports or retries as it does for any store failure); the pool drops
  // the client when it comes back, and the next query opens a new connection.
  let saidThisOutage = false;
  pool.on('connect', (client) => {
    saidThisOutage = false;
    let said = false;
    client.on('error', (error: unknown) => {
      // A lost connection can emit twice (the server's message, then the socket's end).
      if (said) return;
      said = true;
      if (saidThisOutage) return;
      saidThisOutage = true;
      options.onConnectionError?.(summarizeConnectionError(error));
    });
  });
  // The pool's own re-emission for an idle client: the client's listener above has said it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function summarizeConnectionError(error: unknown): ConnectionErrorSummary {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  return {
    message: typeof message === 'string' ? message : 'connection error',
    ...(typeof code === 'string' ? { code } : {}),
  };
}
