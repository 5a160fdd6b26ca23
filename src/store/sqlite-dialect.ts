// Kysely's SQLite dialect, tuned for a chat store: statements are prepared once and reused,
// write transactions take the write lock up front, and migrations run in a transaction. The
// connection is shared with the conversation hot path (./sqlite-conversation-writer.ts), which
// runs prepared statements on it directly; a gate keeps the two from interleaving.
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect } from 'kysely';
import type {
  DatabaseConnection,
  DialectAdapter,
  Driver,
  QueryCompiler,
  SqliteDatabase,
  SqliteStatement,
  TransactionSettings,
} from 'kysely';

/** Enough for every distinct query the store builds; multi-row inserts vary with their size. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Who holds SQLite's one connection. Kysely holds it across awaits (a query, a whole
 * transaction); direct users run synchronously, so they only need it to be free when they start,
 * and wait for it otherwise. Waiters are served in arrival order and the gate is handed over
 * directly, so nobody overtakes a waiter.
 */
export class SqliteGate {
  #held = false;
  readonly #waiters: (() => void)[] = [];

  get isFree(): boolean {
    return !this.#held;
  }

  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }

  /** Runs synchronous work on the connection: at once when it is free, else in turn. */
  async run<T>(work: () => T): Promise<T> {
    await this.lock();
    try {
      return work();
    } finally {
      this.unlock();
    }
  }
}

/** The raw connection and its gate, for code that runs prepared statements on it directly. */
export interface SqliteAccess {
  database: BetterSqlite3.Database;
  gate: SqliteGate;
}

/**
 * Kysely's driver prepares every query anew. Preparing costs about as much as running a small
 * insert, so a cache of prepared statements halves the work of small queries. Kysely holds its
 * single connection for one query at a time, so a cached statement is never run twice at once.
 */
class StatementCache implements SqliteDatabase {
  readonly #database: BetterSqlite3.Database;
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(database: BetterSqlite3.Database) {
    this.#database = database;
  }

  prepare(sql: string): SqliteStatement {
    // A deferred BEGIN that later writes fails at once with SQLITE_BUSY when another process
    // holds the write lock (busy_timeout cannot help an upgrade). Every store transaction
    // writes, so take the lock when the transaction begins and let busy_timeout wait for it.
    const text = sql === 'begin' ? 'begin immediate' : sql;
    const cached = this.#statements.get(text);
    if (cached !== undefined) {
      // Re-insert so the Map's order is least recently used first.
      this.#statements.delete(text);
      this.#statements.set(text, cached);
      return cached;
    }
    const statement = this.#database.prepare(text);
    this.#statements.set(text, statement);
    if (this.#statements.size > STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
  }
}

/** Kysely's SQLite driver, taking the gate for as long as Kysely holds the connection. */
class GatedDriver implements Driver {
  readonly #inner: Driver;
  readonly #gate: SqliteGate;

  constructor(inner: Driver, gate: SqliteGate) {
    this.#inner = inner;
    this.#gate = gate;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#gate.lock();
    try {
      return await this.#inner.acquireConnection();
    } catch (error: unknown) {
      this.#gate.unlock();
      throw error;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.savepoint?.(connection, name, compileQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(connection, name, compileQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.releaseSavepoint?.(connection, name, compileQuery);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection);
    } finally {
      this.#gate.unlock();
    }
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/**
 * SQLite has transactional DDL; Kysely's adapter just does not claim it. Claiming it makes the
 * migrator run pending migrations in one transaction, which with BEGIN IMMEDIATE also makes two
 * processes opening the same file take turns instead of both migrating.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class HelperSqliteDialect extends SqliteDialect {
  readonly #gate: SqliteGate;

  constructor(database: BetterSqlite3.Database, gate: SqliteGate) {
    super({ database: new StatementCache(database) });
    this.#gate = gate;
  }

  override createDriver(): Driver {
    return new GatedDriver(super.createDriver(), this.#gate);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Kysely's dialect for `database`; `gate` is shared with whoever else uses the connection. */
export function createSqliteDialect(database: BetterSqlite3.Database, gate: SqliteGate = new SqliteGate()): SqliteDialect {
  return new HelperSqliteDialect(database, gate);
}
