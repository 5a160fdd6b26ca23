// Human handoffs (Store['handoffs']). Two rules hold across any number of app processes, on SQLite
// and on PostgreSQL alike: a conversation has at most one open handoff (the partial unique index
// of migration 0035 refuses a second insert, and the loser reads the winner's row), and every
// change of status is one conditional UPDATE whose WHERE names the status it leaves, so of two
// agents taking one handoff exactly one row is updated — the other gets undefined.
//
// "status <> 'resolved'" is written as a literal, never a bound parameter: SQLite uses that partial
// index only when the query's condition is the index's own, so with a parameter every paused
// conversation's message scanned all the assistant's handoffs, resolved ones included.
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, HandoffNotesTable, HandoffsTable } from '../database-schema.js';
import { isForeignKeyViolation, isUniqueViolation } from '../database-errors.js';
import type { HandoffNoteRecord, HandoffReason, HandoffRecord, HandoffStatus, Store } from '../store.js';
import type { SqliteAccess } from '../sqlite-dialect.js';
import { StoreNotFoundError } from '../store-errors.js';

type HandoffStore = Store['handoffs'];

const NOT_RESOLVED = sql.lit('resolved');

/**
 * userMessage's statement, the same as its Kysely query: it runs on every message of a paused
 * conversation, where building and compiling the query took longer than SQLite runs it.
 */
const USER_MESSAGE_SQL =
  'update "handoffs" set "unread" = "unread" + 1, "last_user_message_at" = ?, "channel" = coalesce(?, "channel"), "updated_at" = ? ' +
  'where "assistant_id" = ? and "sender_id" = ? and "status" <> \'resolved\' returning *';

export class HandoffRepository implements HandoffStore {
  readonly #db: Kysely<Database>;
  /** SQLite only: the connection Kysely uses, for userMessage's prepared statement. */
  readonly #sqlite: SqliteAccess | undefined;
  #userMessage: BetterSqlite3.Statement<unknown[], unknown> | undefined;

  constructor(db: Kysely<Database>, sqlite?: SqliteAccess) {
    this.#db = db;
    this.#sqlite = sqlite;
  }

  async open(input: Parameters<HandoffStore['open']>[0]): Promise<{ handoff: HandoffRecord; created: boolean }> {
    const existing = await this.current(input.assistantId, input.senderId);
    if (existing) return { handoff: existing, created: false };
    const taken = input.agent !== undefined;
    try {
      const row = await this.#db
        .insertInto('handoffs')
        .values({
          assistant_id: input.assistantId,
          sender_id: input.senderId,
          channel: input.channel,
          status: taken ? 'taken' : 'waiting',
          reason: input.reason,
          detail: input.detail ?? null,
          outside_hours: input.outsideHours ? 1 : 0,
          agent_login: input.agent ?? null,
          requested_at: input.now,
          taken_at: taken ? input.now : null,
          updated_at: input.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { handoff: toRecord(row), created: true };
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`Assistant ${input.assistantId} does not exist`, { cause: error });
      if (!isUniqueViolation(error)) throw error;
      // Another process opened one at the same moment: theirs is the conversation's handoff.
      const winner = await this.current(input.assistantId, input.senderId);
      if (!winner) throw error;
      return { handoff: winner, created: false };
    }
  }

  async get(id: number): Promise<HandoffRecord | undefined> {
    const row = await this.#db.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async current(assistantId: number, senderId: string): Promise<HandoffRecord | undefined> {
    const row = await this.#db
      .selectFrom('handoffs')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .where('status', '<>', NOT_RESOLVED)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async list(assistantIds: readonly number[], filter: { status?: HandoffStatus | 'open'; agent?: string; limit?: number } = {}): Promise<HandoffRecord[]> {
    if (assistantIds.length === 0) return [];
    let query = this.#db.selectFrom('handoffs').selectAll().where('assistant_id', 'in', [...assistantIds]);
    const status = filter.status ?? 'open';
    query = status === 'open' ? query.where('status', '<>', NOT_RESOLVED) : query.where('status', '=', status);
    if (filter.agent !== undefined) query = query.where('agent_login', '=', filter.agent);
    // Resolved ones newest first (a history); open ones oldest first (who waited longest).
    const order = status === 'resolved' ? 'desc' : 'asc';
    const rows = await query.orderBy('requested_at', order).orderBy('id', order).limit(filter.limit ?? 200).execute();
    return rows.map(toRecord);
  }

  async take(id: number, agent: string, now: number): Promise<HandoffRecord | undefined> {
    const row = await this.#db
      .updateTable('handoffs')
      .set({ status: 'taken', agent_login: agent, taken_at: now, updated_at: now, unread: 0 })
      .where('id', '=', id)
      .where('status', '=', 'waiting')
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async transfer(id: number, to: string, now: number, from?: string): Promise<HandoffRecord | undefined> {
    let query = this.#db.updateTable('handoffs').set({ agent_login: to, updated_at: now }).where('id', '=', id).where('status', '=', 'taken');
    if (from !== undefined) query = query.where('agent_login', '=', from);
    const row = await query.returningAll().executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async resolve(id: number, by: string, now: number): Promise<HandoffRecord | undefined> {
    const row = await this.#db
      .updateTable('handoffs')
      .set({ status: 'resolved', resolved_at: now, resolved_by: by, updated_at: now, unread: 0 })
      .where('id', '=', id)
      .where('status', '<>', NOT_RESOLVED)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async userMessage(assistantId: number, senderId: string, channel: string | null, at: number): Promise<HandoffRecord | undefined> {
    const sqlite = this.#sqlite;
    if (sqlite) {
      // Prepared on first use: the table exists once the store's migrations have run.
      const run = (): Selectable<HandoffsTable> | undefined =>
        (this.#userMessage ??= sqlite.database.prepare(USER_MESSAGE_SQL)).all(at, channel, at, assistantId, senderId)[0] as Selectable<HandoffsTable> | undefined;
      const row = sqlite.gate.isFree ? run() : await sqlite.gate.run(run);
      return row === undefined ? undefined : toRecord(row);
    }
    const row = await this.#db
      .updateTable('handoffs')
      .set((eb) => ({ unread: eb('unread', '+', 1), last_user_message_at: at, channel: channel === null ? eb.ref('channel') : channel, updated_at: at }))
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .where('status', '<>', NOT_RESOLVED)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async markRead(id: number): Promise<void> {
    await this.#db.updateTable('handoffs').set({ unread: 0 }).where('id', '=', id).execute();
  }

  async addNote(input: { handoffId: number; author: string; text: string; now: number }): Promise<HandoffNoteRecord> {
    try {
      const row = await this.#db
        .insertInto('handoff_notes')
        .values({ handoff_id: input.handoffId, author: input.author, text: input.text, created_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toNote(row);
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`Handoff ${input.handoffId} does not exist`, { cause: error });
      throw error;
    }
  }

  async notes(handoffId: number): Promise<HandoffNoteRecord[]> {
    const rows = await this.#db.selectFrom('handoff_notes').selectAll().where('handoff_id', '=', handoffId).orderBy('id').execute();
    return rows.map(toNote);
  }

  async ofSender(assistantId: number, senderId: string): Promise<Array<HandoffRecord & { notes: HandoffNoteRecord[] }>> {
    const rows = await this.#db
      .selectFrom('handoffs')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .orderBy('requested_at')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const theirs = this.#db.selectFrom('handoffs').select('id').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId);
    const notes = await this.#db.selectFrom('handoff_notes').selectAll().where('handoff_id', 'in', theirs).orderBy('id').execute();
    const notesOf = new Map<number, HandoffNoteRecord[]>();
    for (const note of notes.map(toNote)) {
      const list = notesOf.get(note.handoffId);
      if (list) list.push(note);
      else notesOf.set(note.handoffId, [note]);
    }
    return rows.map((row) => ({ ...toRecord(row), notes: notesOf.get(Number(row.id)) ?? [] }));
  }
}

function toRecord(row: Selectable<HandoffsTable>): HandoffRecord {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    senderId: row.sender_id,
    channel: row.channel,
    status: row.status as HandoffStatus,
    reason: row.reason as HandoffReason,
    detail: row.detail,
    outsideHours: row.outside_hours === 1,
    agentLogin: row.agent_login,
    requestedAt: row.requested_at,
    takenAt: row.taken_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    updatedAt: row.updated_at,
    lastUserMessageAt: row.last_user_message_at,
    unread: Number(row.unread),
  };
}

function toNote(row: Selectable<HandoffNotesTable>): HandoffNoteRecord {
  return { id: Number(row.id), handoffId: Number(row.handoff_id), author: row.author, text: row.text, createdAt: row.created_at };
}
