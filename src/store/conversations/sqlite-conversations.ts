// The conversation hot path on SQLite: every chat message reads its conversation's row and
// appends its events. Kysely builds and compiles each query anew (more time than SQLite takes to
// run it), so here the statements are prepared once and run synchronously on Kysely's own
// connection, taking its gate (./sqlite-dialect.ts) so as never to land inside a Kysely
// transaction.
//
// Group commit: appends that arrive in the same turn of the event loop (the concurrent chat
// messages of different senders) are written in one transaction, each in a savepoint of its own.
// Each append still resolves only after the COMMIT that holds its events, and rejects with its
// own error (its savepoint rolled back, the others kept) or with the COMMIT's error, which then
// reaches every append of the batch. The writes are those of the Kysely repository
// (conversation-repository.ts), which PostgreSQL keeps using, with the upsert's RETURNING replaced
// by a read and an update (#appendNow says why).
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import { toConversationRecord, type EventRow } from './conversation-rows.js';
import type { ConversationsTable } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import { findSessionStart, isSessionStartAction } from './session-start.js';
import type { SqliteAccess, SqliteGate } from '../sqlite-dialect.js';
import type { ConversationRecord, NewOutboundMessage, StoredEvent } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type Event = StoredEvent['event'];
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** Rows per INSERT: one prepared statement per size up to this, longer appends in chunks. */
const EVENTS_PER_INSERT = 32;
/** Appends per transaction; more wait for the next one (bounds the time the loop is blocked). */
const APPENDS_PER_TRANSACTION = 256;

interface PendingAppend {
  assistantId: number;
  senderId: string;
  events: Event[];
  rows: EventRow[];
  /** The answer's sends, stored with the events (ConversationRepository.append). */
  outbox: readonly NewOutboundMessage[];
  resolve: (revision: number) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; revision: number } | { ok: false; error: unknown };

export class SqliteConversations {
  readonly #database: BetterSqlite3.Database;
  readonly #gate: SqliteGate;
  #statements: Statements | undefined;
  #pending: PendingAppend[] = [];
  /** A batch is waiting for its transaction: new appends join it. */
  #flushing = false;

  constructor(access: SqliteAccess) {
    this.#database = access.database;
    this.#gate = access.gate;
  }

  get(assistantId: number, senderId: string): Promise<ConversationRecord | undefined> {
    return this.#read(() => this.#getNow(assistantId, senderId));
  }

  /** The revision alone: one integer column, no record built (what the engine's state cache checks each turn). */
  revision(assistantId: number, senderId: string): Promise<number | undefined> {
    return this.#read(() => this.#prepared().revision.get(assistantId, senderId) as number | undefined);
  }

  /** Runs a synchronous read at once when the connection is free, else in turn. */
  #read<T>(work: () => T): Promise<T> {
    if (this.#gate.isFree) {
      try {
        return Promise.resolve(work());
      } catch (error: unknown) {
        return Promise.reject(error);
      }
    }
    return this.#gate.run(work);
  }

  /** `rows` are `events` validated and serialised (eventRows); `events` is not empty. */
  append(assistantId: number, senderId: string, events: Event[], rows: EventRow[], outbox: readonly NewOutboundMessage[] = []): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.#pending.push({ assistantId, senderId, events, rows, outbox, resolve, reject });
      if (this.#flushing) return;
      this.#flushing = true;
      // The first append of a batch takes its place in line for the connection at once, so that
      // whatever is asked later (a read, a Kysely query) comes after the batch, as it would after
      // a transaction of its own. Holding the connection, it waits for the end of the current
      // turn of the event loop, so that the appends of the other requests it runs join the batch.
      void this.#gate.lock().then(() =>
        setImmediate(() => {
          try {
            this.#writeAll();
          } finally {
            this.#gate.unlock();
          }
        }),
      );
    });
  }

  #writeAll(): void {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, APPENDS_PER_TRANSACTION);
      this.#writeBatch(batch);
    }
    this.#flushing = false;
  }

  #writeBatch(batch: PendingAppend[]): void {
    let outcomes: Outcome[];
    try {
      outcomes = this.#transaction(batch);
    } catch (error: unknown) {
      // BEGIN or COMMIT failed, or the transaction was lost: nothing of the batch is stored.
      for (const append of batch) append.reject(assistantCheck(append.assistantId, error));
      return;
    }
    batch.forEach((append, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) append.resolve(outcome.revision);
      else append.reject(assistantCheck(append.assistantId, outcome?.error));
    });
  }

  /** Runs the batch in one transaction; throws when the transaction as a whole failed. */
  #transaction(batch: PendingAppend[]): Outcome[] {
    const statements = this.#prepared();
    const single = batch.length === 1;
    statements.begin.run();
    const outcomes: Outcome[] = [];
    try {
      for (const append of batch) {
        // A batch of one needs no savepoint: its failure rolls back the transaction below.
        if (!single) statements.savepoint.run();
        try {
          outcomes.push({ ok: true, revision: this.#appendNow(statements, append) });
          if (!single) statements.release.run();
        } catch (error: unknown) {
          // Some errors (a full disk, I/O) end the whole transaction: then the batch fails.
          if (single || !this.#database.inTransaction) throw error;
          statements.rollbackToSavepoint.run();
          statements.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      statements.commit.run();
    } catch (error: unknown) {
      if (this.#database.inTransaction) statements.rollback.run();
      throw error;
    }
    return outcomes;
  }

  /**
   * What ConversationRepository.append writes, on SQLite, inside a transaction. Not its upsert:
   * on SQLite a statement with RETURNING costs about 8 µs more than the same statement without it
   * (the result is gathered in a temporary table first), several times the row's read and update
   * together; the transaction holds the write lock, so reading the row first is as safe.
   */
  #appendNow(statements: Statements, append: PendingAppend): number {
    const { assistantId, senderId, events, rows, outbox } = append;
    const last = events[events.length - 1] as Event;
    const before = statements.state.get(assistantId, senderId) as { ends_with_session_action: number; revision: number } | undefined;
    // The row exists before its events (their foreign key); the update below completes it.
    if (before === undefined) statements.insertConversation.run(assistantId, senderId, epochSeconds(), last.timestamp);
    const endsBefore = before?.ends_with_session_action ?? 0;
    const revision = (before?.revision ?? 0) + 1;
    const start = findSessionStart(events, endsBefore === 1);
    const ids = this.#insertEvents(rows, start >= 0);
    const sessionStartId = start >= 0 ? (ids[start] ?? null) : null;
    const endsWithSessionAction = isSessionStartAction(last) ? 1 : 0;
    statements.update.run(last.timestamp, revision, sessionStartId, endsWithSessionAction, assistantId, senderId);
    // In the append's own savepoint: the answer's sends commit (or roll back) with its events,
    // one row at a time so that the ids follow their order.
    if (outbox.length > 0) {
      const createdAt = epochSeconds();
      for (const item of outbox) statements.insertOutbound.run(item.assistantId, item.channel, item.recipient, JSON.stringify(item.payload), createdAt);
    }
    return revision;
  }

  /**
   * Inserts in order; with `withIds`, returns the new ids in the same order: one INSERT … VALUES
   * numbers its rows one after another in the order given (AUTOINCREMENT, the transaction holds
   * the write lock), so they end at the statement's last rowid (no RETURNING: see #appendNow).
   */
  #insertEvents(rows: EventRow[], withIds: boolean): number[] {
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += EVENTS_PER_INSERT) {
      const chunk = rows.slice(start, start + EVENTS_PER_INSERT);
      const values: unknown[] = [];
      for (const row of chunk) values.push(row.assistant_id, row.sender_id, row.type, row.timestamp, row.data);
      const { lastInsertRowid } = this.#insertStatement(chunk.length).run(values);
      if (withIds) {
        const lastId = Number(lastInsertRowid);
        for (let index = chunk.length - 1; index >= 0; index--) ids.push(lastId - index);
      }
    }
    return ids;
  }

  #insertStatement(count: number): Statement {
    const statements = this.#prepared();
    let statement = statements.insert[count];
    if (statement === undefined) {
      const values = Array.from({ length: count }, () => '(?, ?, ?, ?, ?)').join(', ');
      statement = this.#database.prepare(`insert into "events" ("assistant_id", "sender_id", "type", "timestamp", "data") values ${values}`);
      statements.insert[count] = statement;
    }
    return statement;
  }

  #getNow(assistantId: number, senderId: string): ConversationRecord | undefined {
    const row = this.#prepared().select.get(assistantId, senderId) as Selectable<ConversationsTable> | undefined;
    return row === undefined ? undefined : toConversationRecord(row);
  }

  /** Prepared on first use: the tables exist once the store's migrations have run. */
  #prepared(): Statements {
    this.#statements ??= prepareStatements(this.#database);
    return this.#statements;
  }
}

interface Statements {
  begin: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackToSavepoint: Statement;
  select: Statement;
  revision: Statement;
  state: Statement;
  insertConversation: Statement;
  update: Statement;
  insertOutbound: Statement;
  insert: (Statement | undefined)[];
}

function prepareStatements(database: BetterSqlite3.Database): Statements {
  const where = 'where "assistant_id" = ? and "sender_id" = ?';
  return {
    // IMMEDIATE: take the write lock up front, so that busy_timeout waits for another process.
    begin: database.prepare('begin immediate'),
    commit: database.prepare('commit'),
    rollback: database.prepare('rollback'),
    savepoint: database.prepare('savepoint "append"'),
    release: database.prepare('release savepoint "append"'),
    rollbackToSavepoint: database.prepare('rollback to savepoint "append"'),
    select: database.prepare(`select * from "conversations" ${where}`),
    revision: database.prepare(`select "revision" from "conversations" ${where}`).pluck(),
    state: database.prepare(`select "ends_with_session_action", "revision" from "conversations" ${where}`),
    insertConversation: database.prepare(
      'insert into "conversations" ("assistant_id", "sender_id", "created_at", "latest_event_time", "revision") values (?, ?, ?, ?, 1)',
    ),
    // The session pointer moves only when the events start a session (null keeps it).
    update: database.prepare(
      'update "conversations" set "latest_event_time" = ?, "revision" = ?, "session_start_event_id" = coalesce(?, "session_start_event_id"), ' +
        `"ends_with_session_action" = ? ${where}`,
    ),
    insertOutbound: database.prepare('insert into "outbound_messages" ("assistant_id", "channel", "recipient", "payload", "created_at") values (?, ?, ?, ?, ?)'),
    insert: [],
  };
}

/** A conversation of an assistant that does not exist fails on the foreign key; say so. */
function assistantCheck(assistantId: number, error: unknown): unknown {
  if (isForeignKeyViolation(error)) return new StoreNotFoundError(`Assistant ${assistantId} does not exist`, { cause: error });
  return error;
}
