// Kysely's SQLite dialect, tuned for a chat store: statements are prepared once and reused,
// write transactions take the write lock up front, and migrations run in a transaction.
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect } from 'kysely';
import type { DialectAdapter, SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every distinct query the store builds; multi-row inserts vary with their size. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's driver prepares every query anew. Preparing costs about as much as running a small
 * insert, so on the append path (every chat message) a cache of prepared statements halves the
 * work. Kysely holds its single connection for one query at a time, so a cached statement is
 * never run twice at once.
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
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export function createSqliteDialect(database: BetterSqlite3.Database): SqliteDialect {
  return new HelperSqliteDialect({ database: new StatementCache(database) });
}
