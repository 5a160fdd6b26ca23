// Conversations (Rasa's trackers) and their events. `append` runs for every chat message, so it
// is a handful of statements in one transaction, and the current session is found through a
// pointer on the conversation row rather than by reading the history.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { deleteSenderProjection } from '../analytics/analytics-repository.js';
import { eventRows, toConversationRecord } from './conversation-rows.js';
import type { ConversationsTable, Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import { findSessionStart, isSessionStartAction } from './session-start.js';
import type { SqliteAccess } from '../sqlite-dialect.js';
import { SqliteConversations } from './sqlite-conversations.js';
import { insertOutboundMessages } from '../outbox/outbox-repository.js';
import type { AppendOptions, ConversationRecord, NewOutboundMessage, Store, StoredEvent } from '../store.js';
import { StoreNotFoundError, StoreValidationError } from '../store-errors.js';

type ConversationStore = Store['conversations'];

/** The upsert's update side: one more than the stored revision. */
const nextRevision = sql<number>`conversations.revision + 1`;
type Event = StoredEvent['event'];

/** Five columns per event: far below both dialects' limits on bound parameters. */
const EVENTS_PER_INSERT = 500;

export class ConversationRepository implements ConversationStore {
  readonly #db: Kysely<Database>;
  /** SQLite's hot path (get and append) on prepared statements; undefined on PostgreSQL. */
  readonly #sqlite: SqliteConversations | undefined;

  constructor(db: Kysely<Database>, sqlite?: SqliteAccess) {
    this.#db = db;
    this.#sqlite = sqlite ? new SqliteConversations(sqlite) : undefined;
  }

  async ensure(assistantId: number, senderId: string, now: number): Promise<ConversationRecord> {
    await withAssistantCheck(assistantId, () =>
      this.#db
        .insertInto('conversations')
        .values({ assistant_id: assistantId, sender_id: senderId, created_at: now })
        .onConflict((oc) => oc.columns(['assistant_id', 'sender_id']).doNothing())
        .execute(),
    );
    const record = await this.get(assistantId, senderId);
    if (record === undefined) throw new Error(`Conversation ${senderId} of assistant ${assistantId} vanished`);
    return record;
  }

  async get(assistantId: number, senderId: string): Promise<ConversationRecord | undefined> {
    if (this.#sqlite) return this.#sqlite.get(assistantId, senderId);
    const row = await this.#db
      .selectFrom('conversations')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .executeTakeFirst();
    return row === undefined ? undefined : toConversationRecord(row);
  }

  async revision(assistantId: number, senderId: string): Promise<number | undefined> {
    if (this.#sqlite) return this.#sqlite.revision(assistantId, senderId);
    const row = await this.#db
      .selectFrom('conversations')
      .select('revision')
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .executeTakeFirst();
    return row?.revision;
  }

  async append(assistantId: number, senderId: string, events: Event[], outbox: readonly NewOutboundMessage[] = [], options: AppendOptions = {}): Promise<number> {
    const last = events[events.length - 1];
    if (last === undefined) {
      if (outbox.length > 0) throw new StoreValidationError('An answer to store needs the events of its turn');
      return (await this.get(assistantId, senderId))?.revision ?? 0;
    }
    const posted = options.posted === true;
    const rows = eventRows(assistantId, senderId, events, posted);
    // Posted events (the tracker events API, not a chat turn) take the general path below, which
    // writes every column of the rows; the hot paths write the engine's rows.
    if (this.#sqlite && !posted) return this.#sqlite.append(assistantId, senderId, events, rows, outbox);
    const single = outbox.length === 0 && rows.length <= EVENTS_PER_INSERT && !posted ? singleStatementAppend(events) : undefined;
    if (single !== undefined) {
      const revision = await withAssistantCheck(assistantId, () => this.#appendInOneStatement(assistantId, senderId, rows, last, single));
      if (revision !== undefined) return revision;
    }
    return withAssistantCheck(assistantId, () =>
      this.#db.transaction().execute(async (trx) => {
        // The upsert also locks the row on PostgreSQL, so appends to one conversation from
        // several processes take turns and the session pointer stays right.
        const before = await trx
          .insertInto('conversations')
          .values({ assistant_id: assistantId, sender_id: senderId, created_at: epochSeconds(), latest_event_time: last.timestamp, revision: 1 })
          .onConflict((oc) =>
            oc.columns(['assistant_id', 'sender_id']).doUpdateSet({ latest_event_time: last.timestamp, revision: nextRevision }),
          )
          .returning(['ends_with_session_action', 'revision'])
          .executeTakeFirstOrThrow();

        const start = findSessionStart(events, before.ends_with_session_action === 1);
        const changes: Partial<Insertable<ConversationsTable>> = {};
        if (start >= 0) {
          const ids = await insertEvents(trx, rows);
          changes.session_start_event_id = ids[start];
        } else {
          // The common turn: no ids needed, so no RETURNING.
          await trx.insertInto('events').values(rows).execute();
        }
        const endsWithSessionAction = isSessionStartAction(last) ? 1 : 0;
        if (endsWithSessionAction !== before.ends_with_session_action) changes.ends_with_session_action = endsWithSessionAction;
        if (Object.keys(changes).length > 0) await updateConversation(trx, assistantId, senderId, changes);
        // The answer's sends commit with the turn: a recorded turn never lacks its answer.
        if (outbox.length > 0) await insertOutboundMessages(trx, outbox);
        return before.revision;
      }),
    );
  }

  /**
   * PostgreSQL's append in one statement (one round trip instead of the transaction's five), for
   * the two kinds of turn that need no event id back:
   * - `continue`: no event starts a session. The upsert locks the conversation's row (or creates
   *   it), and the events are inserted from its result, so after it: appends to one conversation
   *   from several processes still take turns.
   * - `new`: the events start a session at their first event and the conversation does not exist
   *   yet. Its row is created with no session pointer, which reads as "from the first event" —
   *   the same, since events cannot outlive their conversation (the foreign key). When the row
   *   exists after all, nothing is written and this answers undefined: the transaction runs.
   */
  async #appendInOneStatement(assistantId: number, senderId: string, rows: Insertable<Database['events']>[], last: Event, kind: 'continue' | 'new'): Promise<number | undefined> {
    const values = sql.join(rows.map((row, index) => sql`(${index}::integer, ${row.type}::text, ${row.timestamp}::double precision, ${row.data}::text)`));
    const endsWithSessionAction = isSessionStartAction(last) ? 1 : 0;
    const conversation =
      kind === 'continue'
        ? sql`insert into conversations (assistant_id, sender_id, created_at, latest_event_time, revision, ends_with_session_action)
            values (${assistantId}, ${senderId}, ${epochSeconds()}, ${last.timestamp}, 1, 0)
            on conflict (assistant_id, sender_id) do update set latest_event_time = excluded.latest_event_time, revision = conversations.revision + 1, ends_with_session_action = 0
            returning revision`
        : sql`insert into conversations (assistant_id, sender_id, created_at, latest_event_time, revision, ends_with_session_action)
            values (${assistantId}, ${senderId}, ${epochSeconds()}, ${last.timestamp}, 1, ${endsWithSessionAction})
            on conflict (assistant_id, sender_id) do nothing
            returning revision`;
    const result = await sql<{ revision: number }>`
      with c as (${conversation}),
      e as (
        insert into events (assistant_id, sender_id, type, timestamp, data)
        select ${assistantId}, ${senderId}, v.type, v.ts, v.data from c cross join (values ${values}) as v(ord, type, ts, data)
        order by v.ord
      )
      select revision from c`.execute(this.#db);
    return result.rows[0]?.revision;
  }

  async replace(assistantId: number, senderId: string, events: Event[]): Promise<void> {
    const rows = eventRows(assistantId, senderId, events, true);
    const last = events[events.length - 1];
    await withAssistantCheck(assistantId, () =>
      this.#db.transaction().execute(async (trx) => {
        const latestEventTime = last?.timestamp ?? null;
        // An upsert that updates, unlike DO NOTHING, locks the row on PostgreSQL: an append to
        // this conversation waits instead of adding events the delete below cannot see.
        await trx
          .insertInto('conversations')
          .values({ assistant_id: assistantId, sender_id: senderId, created_at: epochSeconds(), latest_event_time: latestEventTime, revision: 1 })
          .onConflict((oc) =>
            oc.columns(['assistant_id', 'sender_id']).doUpdateSet({ latest_event_time: latestEventTime, revision: nextRevision }),
          )
          .execute();
        await trx.deleteFrom('events').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId).execute();
        // The analytics projection of the old history goes with it; the new events are projected anew.
        await deleteSenderProjection(trx, assistantId, senderId);
        const ids = await insertEvents(trx, rows);
        const start = findSessionStart(events, false);
        await updateConversation(trx, assistantId, senderId, {
          session_start_event_id: start >= 0 ? (ids[start] ?? null) : null,
          ends_with_session_action: last !== undefined && isSessionStartAction(last) ? 1 : 0,
        });
      }),
    );
  }

  async events(assistantId: number, senderId: string): Promise<StoredEvent[]> {
    const rows = await this.#db
      .selectFrom('events')
      .select(['id', 'data', 'posted'])
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .orderBy('id')
      .execute();
    return rows.map(toStoredEvent);
  }

  async sessionEvents(assistantId: number, senderId: string): Promise<StoredEvent[]> {
    // One statement, so the pointer and the events it points at are read together.
    const rows = await this.#db
      .selectFrom('events')
      .select(['id', 'data', 'posted'])
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .where((eb) =>
        eb(
          'id',
          '>=',
          eb.fn.coalesce(
            eb
              .selectFrom('conversations')
              .select('session_start_event_id')
              .where('assistant_id', '=', assistantId)
              .where('sender_id', '=', senderId),
            eb.lit(0),
          ),
        ),
      )
      .orderBy('id')
      .execute();
    return rows.map(toStoredEvent);
  }

  async setPaused(assistantId: number, senderId: string, paused: boolean): Promise<void> {
    const value = paused ? 1 : 0;
    await withAssistantCheck(assistantId, () =>
      this.#db
        .insertInto('conversations')
        .values({ assistant_id: assistantId, sender_id: senderId, created_at: epochSeconds(), paused: value, revision: 1 })
        .onConflict((oc) => oc.columns(['assistant_id', 'sender_id']).doUpdateSet({ paused: value, revision: nextRevision }))
        .execute(),
    );
  }

  async hasMessage(assistantId: number, senderId: string, messageId: string): Promise<boolean> {
    // Events are JSON text in both dialects: a portable LIKE narrows the conversation's user
    // events to those mentioning the id, and the parsed event decides.
    const needle = `"message_id":${JSON.stringify(messageId)}`.replace(/[\\%_]/g, (char) => `\\${char}`);
    const rows = await this.#db
      .selectFrom('events')
      .select(['id', 'data'])
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .where('type', '=', 'user')
      .where(sql<boolean>`data like ${`%${needle}%`} escape '\\'`)
      .execute();
    return rows.some((row) => toStoredEvent(row).event['message_id'] === messageId);
  }
}

/** Which one-statement append fits these events on PostgreSQL (ConversationRepository#appendInOneStatement), if any. */
function singleStatementAppend(events: readonly Event[]): 'continue' | 'new' | undefined {
  const start = findSessionStart(events, false);
  if (start < 0 && findSessionStart(events, true) < 0) return 'continue';
  // A first turn (the engine's session start first); for an existing conversation this costs one
  // round trip more than the transaction alone, once per session.
  if (start === 0 && isSessionStartAction(events[0] as Event)) return 'new';
  return undefined;
}

/**
 * Inserts in order and returns the new ids in the same order. Both dialects number the rows of
 * one INSERT … VALUES in the order given (SQLite's rowid, PostgreSQL's identity default per
 * row), and appends to one conversation take turns, so ascending ids follow the events.
 */
async function insertEvents(trx: Transaction<Database>, rows: Insertable<Database['events']>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += EVENTS_PER_INSERT) {
    const inserted = await trx.insertInto('events').values(rows.slice(start, start + EVENTS_PER_INSERT)).returning('id').execute();
    ids.push(...inserted.map((row) => row.id).sort((a, b) => a - b));
  }
  return ids;
}

async function updateConversation(
  trx: Transaction<Database>,
  assistantId: number,
  senderId: string,
  changes: Partial<Insertable<ConversationsTable>>,
): Promise<void> {
  await trx.updateTable('conversations').set(changes).where('assistant_id', '=', assistantId).where('sender_id', '=', senderId).execute();
}

/** A conversation of an assistant that does not exist fails on the foreign key; say so. */
async function withAssistantCheck<T>(assistantId: number, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error: unknown) {
    if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`Assistant ${assistantId} does not exist`, { cause: error });
    throw error;
  }
}

function toStoredEvent(row: { id: number; data: string; posted?: number }): StoredEvent {
  // Written by eventRows from a validated event, so the shape holds.
  const stored: StoredEvent = { id: row.id, event: JSON.parse(row.data) as Event };
  if (row.posted === 1) stored.posted = true;
  return stored;
}
