// The analytics part of the store (./analytics-store.ts) on Kysely, for SQLite and PostgreSQL.
// Every query of the analytics pages runs on an index of migration 0025; bucket numbers are
// computed in SQL from literals (numbers the caller validated), so both dialects group on the same
// expression.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { AnalyticsMessagesTable, AnalyticsSessionsTable, Database } from '../database-schema.js';
import { isSessionStartAction } from '../conversations/session-start.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { StoreDialect } from '../store-config.js';
import type { StoredEvent } from '../store.js';
import type {
  AnalyticsSettingsRecord,
  AnalyticsStore,
  BucketQuery,
  ErasedCounts,
  ListedSession,
  MessageRecord,
  ProjectionWrites,
  ProjectorEvent,
  Review,
  ReviewStatus,
  SenderPrior,
  SessionQuery,
  SessionRecord,
  StoredMessage,
} from './analytics-store.js';
import { DEFAULT_TIME_ZONE } from './default-time-zone.js';

const CURSOR = 'projector';
/** Message rows per INSERT: 15 columns each, far below both dialects' limits on parameters. */
const MESSAGES_PER_INSERT = 200;
const SESSIONS_PER_INSERT = 300;
/** Senders per query of `#latestSessions`: three parameters each. */
const SENDERS_PER_PRIORS_QUERY = 300;

type Event = StoredEvent['event'];
type Filters = Omit<SessionQuery, 'sort' | 'direction' | 'limit' | 'after'>;

export class AnalyticsRepository implements AnalyticsStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async refreshStatistics(): Promise<void> {
    // SQLite: sample a bounded number of rows per index, so this stays short under the write lock.
    if (this.#dialect === 'sqlite') await sql`pragma analysis_limit = 2000`.execute(this.#db);
    await sql`analyze analytics_sessions`.execute(this.#db);
    await sql`analyze analytics_messages`.execute(this.#db);
  }

  async cursor(): Promise<number> {
    const row = await this.#db.selectFrom('analytics_cursor').select('last_event_id').where('name', '=', CURSOR).executeTakeFirst();
    return Number(row?.last_event_id ?? 0);
  }

  async latestEventId(): Promise<number> {
    const row = await this.#db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  async project(options: Parameters<AnalyticsStore['project']>[0]): Promise<{ read: number; cursor: number } | null> {
    return this.#db.transaction().execute(async (trx) => {
      // One projector at a time: on PostgreSQL the cursor row is locked (another process holding
      // it skips this round); SQLite's write transactions run one at a time already.
      const cursor = await this.#lockCursor(trx, true);
      if (cursor === undefined) return null;
      const latest = await trx.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      const bound = Math.min(options.upToId ?? Number.POSITIVE_INFINITY, Number(latest?.id ?? 0));
      if (bound <= cursor) return { read: 0, cursor };
      const rows = await trx
        .selectFrom('events')
        .select(['id', 'assistant_id', 'sender_id', 'type', 'timestamp', 'data'])
        .where('id', '>', cursor)
        .where('id', '<=', bound)
        .where('type', 'in', [...options.types])
        .orderBy('id')
        .limit(options.limit)
        .execute();
      const events: ProjectorEvent[] = rows.map((row) => ({
        id: Number(row.id),
        assistantId: row.assistant_id,
        senderId: row.sender_id,
        type: row.type,
        timestamp: row.timestamp,
        event: JSON.parse(row.data) as Event,
      }));
      const next = events.length === options.limit ? (events[events.length - 1]?.id ?? bound) : bound;
      if (events.length > 0) {
        const writes = options.build(events, await this.#priors(trx, events));
        await this.#write(trx, writes);
      }
      await trx.updateTable('analytics_cursor').set({ last_event_id: next, updated_at: epochSeconds() }).where('name', '=', CURSOR).execute();
      return { read: events.length, cursor: next };
    });
  }

  /** The cursor, locked for this transaction; undefined when another transaction holds it and `skip`. */
  async #lockCursor(trx: Transaction<Database>, skip: boolean): Promise<number | undefined> {
    let query = trx.selectFrom('analytics_cursor').select('last_event_id').where('name', '=', CURSOR);
    if (this.#dialect === 'postgres') query = skip ? query.forUpdate().skipLocked() : query.forUpdate();
    const row = await query.executeTakeFirst();
    return row === undefined ? undefined : Number(row.last_event_id);
  }

  async #priors(trx: Transaction<Database>, events: ProjectorEvent[]): Promise<Map<string, SenderPrior>> {
    const first = new Map<string, ProjectorEvent>();
    for (const event of events) {
      const key = senderKey(event.assistantId, event.senderId);
      if (!first.has(key)) first.set(key, event);
    }
    const priors = new Map<string, SenderPrior>();
    // A sender whose events here begin with a new session needs nothing of the earlier ones.
    const continuing: ProjectorEvent[] = [];
    for (const [key, event] of first) {
      priors.set(key, { previousWasSessionAction: false });
      if (isSessionStartAction(event.event)) continue;
      continuing.push(event);
    }
    for (let start = 0; start < continuing.length; start += SENDERS_PER_PRIORS_QUERY) {
      const chunk = continuing.slice(start, start + SENDERS_PER_PRIORS_QUERY);
      for (const row of await this.#latestSessions(trx, chunk)) {
        const prior = priors.get(senderKey(Number(row.assistant_id), row.sender_id));
        if (prior === undefined) continue;
        prior.session = { id: Number(row.session_id), lastEventId: Number(row.last_event_id) };
        if (row.message_id !== null) {
          prior.lastMessage = { id: Number(row.message_id), skill: row.skill, fallback: Number(row.fallback) === 1 };
        }
      }
    }
    for (const event of continuing) {
      if (event.type !== 'session_started') continue;
      // Does it join an `action_session_start` stored just before it (in an earlier batch)? Rare:
      // only a session whose first events a batch boundary split.
      const previous = await trx
        .selectFrom('events')
        .select(['type', 'data'])
        .where('assistant_id', '=', event.assistantId)
        .where('sender_id', '=', event.senderId)
        .where('id', '<', event.id)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const prior = priors.get(senderKey(event.assistantId, event.senderId));
      if (prior) prior.previousWasSessionAction = previous?.type === 'action' && isSessionStartAction(JSON.parse(previous.data) as Event);
    }
    return priors;
  }

  /**
   * Each sender's latest projected session before its first event of the batch, with that
   * session's latest message, in one statement for many senders: a batch of the chat's traffic
   * holds a turn or two of each of dozens of senders, and one query per sender made the projector
   * spend most of its time building queries. Both dialects run it on the indexes
   * `analytics_sessions_sender` and `analytics_messages_session`; the casts type the VALUES
   * rows for PostgreSQL.
   */
  async #latestSessions(trx: Transaction<Database>, senders: ProjectorEvent[]) {
    const wanted = sql.join(
      senders.map((event) => sql`(cast(${event.assistantId} as integer), cast(${event.senderId} as text), cast(${event.id} as bigint))`),
    );
    const { rows } = await sql<{
      assistant_id: number;
      sender_id: string;
      session_id: number | string;
      last_event_id: number | string;
      message_id: number | string | null;
      skill: string | null;
      fallback: number | null;
    }>`with wanted (assistant_id, sender_id, before_id) as (values ${wanted}),
  latest as (
    select w.assistant_id, w.sender_id,
      (select s.id from analytics_sessions s
        where s.assistant_id = w.assistant_id and s.sender_id = w.sender_id and s.id < w.before_id
        order by s.id desc limit 1) as session_id
    from wanted w)
select l.assistant_id, l.sender_id, s.id as session_id, s.last_event_id, m.id as message_id, m.skill, m.fallback
from latest l
join analytics_sessions s on s.id = l.session_id
left join analytics_messages m on m.id = (select max(m2.id) from analytics_messages m2 where m2.session_id = l.session_id)`.execute(trx);
    return rows;
  }

  async #write(trx: Transaction<Database>, writes: ProjectionWrites): Promise<void> {
    for (let start = 0; start < writes.sessions.length; start += SESSIONS_PER_INSERT) {
      const chunk = writes.sessions.slice(start, start + SESSIONS_PER_INSERT);
      await trx
        .insertInto('analytics_sessions')
        .values(
          chunk.map((session) => ({
            id: session.id,
            assistant_id: session.assistantId,
            sender_id: session.senderId,
            started_at: session.startedAt,
            last_event_at: session.lastEventAt,
            last_event_id: session.lastEventId,
            channel: session.channel,
            model_id: session.modelId,
            user_messages: session.userMessages,
            fallbacks: session.fallbacks,
            handed_off: session.handedOff ? 1 : 0,
          })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            last_event_at: sql`excluded.last_event_at`,
            last_event_id: sql`excluded.last_event_id`,
            channel: sql`coalesce(analytics_sessions.channel, excluded.channel)`,
            model_id: sql`coalesce(analytics_sessions.model_id, excluded.model_id)`,
            user_messages: sql`analytics_sessions.user_messages + excluded.user_messages`,
            fallbacks: sql`analytics_sessions.fallbacks + excluded.fallbacks`,
            handed_off: sql`analytics_sessions.handed_off | excluded.handed_off`,
          }),
        )
        .execute();
    }
    for (let start = 0; start < writes.messages.length; start += MESSAGES_PER_INSERT) {
      const chunk = writes.messages.slice(start, start + MESSAGES_PER_INSERT);
      await trx.insertInto('analytics_messages').values(chunk.map(toMessageRow)).onConflict((oc) => oc.column('id').doNothing()).execute();
    }
    for (const update of writes.messageUpdates) {
      await trx
        .updateTable('analytics_messages')
        .set({ skill: update.skill, fallback: update.fallback ? 1 : 0 })
        .where('id', '=', update.id)
        .execute();
    }
  }

  async listSessions(query: SessionQuery): Promise<ListedSession[]> {
    const descending = query.direction === 'desc';
    const { select, order } = this.#sortedSessions(query);
    let page = select;
    if (query.after) {
      const { value, id } = query.after;
      const op = descending ? '<' : '>';
      page = page.where((eb) => eb.or([eb(order, op, value), eb.and([eb(order, '=', value), eb('analytics_sessions.id', op, id)])]));
    }
    const rows = await page
      .orderBy(order, descending ? 'desc' : 'asc')
      .orderBy('analytics_sessions.id', descending ? 'desc' : 'asc')
      .limit(query.limit)
      .execute();
    return rows.map(toListedSession);
  }

  async firstPageWithTotal(query: Omit<SessionQuery, 'after'>): Promise<{ sessions: ListedSession[]; total: number }> {
    const direction = query.direction === 'desc' ? 'desc' : 'asc';
    const { select, order } = this.#sortedSessions(query);
    const rows = await select
      .select(sql<number>`count(*) over ()`.as('total_count'))
      .orderBy(order, direction)
      .orderBy('analytics_sessions.id', direction)
      .limit(query.limit)
      .execute();
    return { sessions: rows.map(toListedSession), total: Number(rows[0]?.total_count ?? 0) };
  }

  /**
   * The sessions of a list query with the value they are sorted on. With `asOf`, a counter is
   * sorted on as it was at that event: the counts of the session's messages projected since are
   * taken off (read from the messages after `asOf`, on the primary key: the few of the last
   * minutes), so a conversation that goes on while the list is paged keeps its place.
   */
  #sortedSessions(query: Omit<SessionQuery, 'after'>) {
    const base = this.#sessionsQuery(query);
    if (query.sort === 'started_at' || query.asOf === undefined) {
      const order = sql<number>`${sql.ref(sortColumn(query.sort))}`;
      return { select: base.select(order.as('sort_value')), order };
    }
    const newer = this.#db
      .selectFrom('analytics_messages')
      .select(['session_id', (eb) => eb.fn.countAll<number>().as('messages'), (eb) => eb.fn.sum<number>('fallback').as('fallbacks')])
      .where('assistant_id', '=', query.assistantId)
      .where('id', '>', query.asOf)
      .groupBy('session_id')
      .as('newer');
    const order =
      query.sort === 'user_messages'
        ? sql<number>`(analytics_sessions.user_messages - coalesce(newer.messages, 0))`
        : sql<number>`(analytics_sessions.fallbacks - coalesce(newer.fallbacks, 0))`;
    return { select: base.leftJoin(newer, 'newer.session_id', 'analytics_sessions.id').select(order.as('sort_value')), order };
  }

  async countSessions(query: Filters): Promise<number> {
    const row = await this.#db
      .selectFrom('analytics_sessions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where(this.#conditions(query))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async sessionsForExport(query: Filters, afterId: number, limit: number): Promise<SessionRecord[]> {
    const rows = await this.#sessionsQuery(query).where('analytics_sessions.id', '>', afterId).orderBy('analytics_sessions.id').limit(limit).execute();
    return rows.map(toSessionRecord);
  }

  #sessionsQuery(query: Filters) {
    return this.#db
      .selectFrom('analytics_sessions')
      .leftJoin('models', 'models.model_id', 'analytics_sessions.model_id')
      .selectAll('analytics_sessions')
      .select('models.version as model_version')
      .where(this.#conditions(query) as never);
  }

  /** The filters of a session query, as one condition on analytics_sessions. */
  #conditions(query: Filters) {
    return (eb: ExpressionBuilder<Database, 'analytics_sessions'>): Expression<SqlBool> => {
      const conditions: Array<Expression<SqlBool>> = [
        eb('analytics_sessions.assistant_id', '=', query.assistantId),
        eb('analytics_sessions.started_at', '>=', query.from),
        eb('analytics_sessions.started_at', '<', query.to),
      ];
      // A list's snapshot: the sessions that had begun by then.
      if (query.asOf !== undefined) conditions.push(eb('analytics_sessions.id', '<=', query.asOf));
      if (query.channel !== undefined) conditions.push(eb('analytics_sessions.channel', '=', query.channel));
      if (query.senderId !== undefined) conditions.push(eb('analytics_sessions.sender_id', '=', query.senderId));
      if (query.fallbackOnly) conditions.push(eb('analytics_sessions.fallbacks', '>', 0));
      if (query.handedOffOnly) conditions.push(eb('analytics_sessions.handed_off', '=', 1));
      if (query.intent !== undefined || query.skill !== undefined || query.text !== undefined) {
        let messages = eb
          .selectFrom('analytics_messages')
          .select('analytics_messages.session_id')
          .where('analytics_messages.assistant_id', '=', query.assistantId)
          // In the period, as the rankings count them (a message is never older than its session).
          .where('analytics_messages.timestamp', '>=', query.from)
          .where('analytics_messages.timestamp', '<', query.to);
        if (query.intent !== undefined) messages = messages.where('analytics_messages.intent', '=', query.intent);
        if (query.skill !== undefined) messages = messages.where('analytics_messages.skill', '=', query.skill);
        if (query.text !== undefined) {
          messages = messages.where(sql<SqlBool>`analytics_messages.search_text like ${`%${escapeLike(query.text)}%`} escape '\\'`);
          // PostgreSQL: grouped, the matching sessions are gathered once (from the index of
          // migration 0070) and joined by hash; as a plain IN, the planner, misled by the page's
          // LIMIT beside the count, probed every session of the period for a message one by one.
          if (this.#dialect === 'postgres') messages = messages.groupBy('analytics_messages.session_id');
        }
        conditions.push(eb('analytics_sessions.id', 'in', messages));
      }
      return eb.and(conditions);
    };
  }

  async getSession(assistantId: number, id: number): Promise<SessionRecord | undefined> {
    const row = await this.#db
      .selectFrom('analytics_sessions')
      .leftJoin('models', 'models.model_id', 'analytics_sessions.model_id')
      .selectAll('analytics_sessions')
      .select('models.version as model_version')
      .where('analytics_sessions.assistant_id', '=', assistantId)
      .where('analytics_sessions.id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toSessionRecord(row);
  }

  async nextSessionId(assistantId: number, senderId: string, id: number): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('analytics_sessions')
      .select('id')
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .where('id', '>', id)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.id);
  }

  async events(assistantId: number, senderId: string, fromId: number, beforeId: number | undefined, limit: number): Promise<StoredEvent[]> {
    let query = this.#db
      .selectFrom('events')
      .select(['id', 'data'])
      .where('assistant_id', '=', assistantId)
      .where('sender_id', '=', senderId)
      .where('id', '>=', fromId);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: Number(row.id), event: JSON.parse(row.data) as Event }));
  }

  async messages(assistantId: number, ids: readonly number[]): Promise<StoredMessage[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db.selectFrom('analytics_messages').selectAll().where('assistant_id', '=', assistantId).where('id', 'in', [...ids]).execute();
    return rows.map(toStoredMessage);
  }

  async message(assistantId: number, id: number): Promise<StoredMessage | undefined> {
    return (await this.messages(assistantId, [id]))[0];
  }

  async rankingCounts(query: BucketQuery, dimension: 'intent' | 'skill', fallbackOnly = false): Promise<Array<{ name: string | null; bucket: number; count: number }>> {
    const bucket = this.#bucket('timestamp', query);
    let select = this.#db
      .selectFrom('analytics_messages')
      .select([sql.ref<string | null>(dimension).as('name'), bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('count')])
      .where('assistant_id', '=', query.assistantId)
      .where('timestamp', '>=', query.from)
      .where('timestamp', '<', query.to);
    if (fallbackOnly) select = select.where('fallback', '=', 1);
    const rows = await select.groupBy([sql.ref(dimension), bucket]).execute();
    return rows.map((row) => ({ name: row.name, bucket: Number(row.bucket), count: Number(row.count) }));
  }

  async messageBuckets(query: BucketQuery): Promise<Array<{ bucket: number; messages: number; fallbacks: number }>> {
    const bucket = this.#bucket('timestamp', query);
    const rows = await this.#db
      .selectFrom('analytics_messages')
      .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('messages'), (eb) => eb.fn.sum<number>('fallback').as('fallbacks')])
      .where('assistant_id', '=', query.assistantId)
      .where('timestamp', '>=', query.from)
      .where('timestamp', '<', query.to)
      .groupBy(bucket)
      .execute();
    return rows.map((row) => ({ bucket: Number(row.bucket), messages: Number(row.messages), fallbacks: Number(row.fallbacks ?? 0) }));
  }

  async sessionBuckets(query: BucketQuery): Promise<Array<{ bucket: number; sessions: number; handedOff: number }>> {
    const bucket = this.#bucket('started_at', query);
    const rows = await this.#db
      .selectFrom('analytics_sessions')
      .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('sessions'), (eb) => eb.fn.sum<number>('handed_off').as('handed_off')])
      .where('assistant_id', '=', query.assistantId)
      .where('started_at', '>=', query.from)
      .where('started_at', '<', query.to)
      .groupBy(bucket)
      .execute();
    return rows.map((row) => ({ bucket: Number(row.bucket), sessions: Number(row.sessions), handedOff: Number(row.handed_off ?? 0) }));
  }

  async confidenceHistogram(query: Omit<BucketQuery, 'bucketSeconds' | 'origin'>): Promise<Array<{ percent: number; count: number }>> {
    const percent = sql<number>`floor(confidence * 100)`;
    const rows = await this.#db
      .selectFrom('analytics_messages')
      .select([percent.as('percent'), (eb) => eb.fn.countAll<number>().as('count')])
      .where('assistant_id', '=', query.assistantId)
      .where('timestamp', '>=', query.from)
      .where('timestamp', '<', query.to)
      .where('confidence', 'is not', null)
      .groupBy(percent)
      .execute();
    return rows.map((row) => ({ percent: Math.min(100, Number(row.percent)), count: Number(row.count) }));
  }

  async confidenceAt(query: Omit<BucketQuery, 'bucketSeconds' | 'origin'>, percent: number, offset: number): Promise<number | null> {
    const bucket = sql<number>`floor(confidence * 100)`;
    const row = await this.#db
      .selectFrom('analytics_messages')
      .select('confidence')
      .where('assistant_id', '=', query.assistantId)
      .where('timestamp', '>=', query.from)
      .where('timestamp', '<', query.to)
      .where('confidence', 'is not', null)
      // The histogram's bucket (its top one holds anything above 100 %).
      .where(percent >= 100 ? sql<SqlBool>`${bucket} >= 100` : sql<SqlBool>`${bucket} = ${percent}`)
      .orderBy('confidence')
      .limit(1)
      .offset(offset)
      .executeTakeFirst();
    return row?.confidence ?? null;
  }

  async answersAfterSkill(query: Omit<BucketQuery, 'bucketSeconds' | 'origin'>, skill: string, limit: number): Promise<Array<{ answer: string; count: number }>> {
    const rows = await this.#db
      .selectFrom('analytics_messages')
      .select(['search_text', (eb) => eb.fn.countAll<number>().as('count')])
      .where('assistant_id', '=', query.assistantId)
      .where('previous_skill', '=', skill)
      .where('timestamp', '>=', query.from)
      .where('timestamp', '<', query.to)
      .groupBy('search_text')
      .orderBy('count', 'desc')
      .orderBy('search_text')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ answer: row.search_text, count: Number(row.count) }));
  }

  async inbox(assistantId: number, threshold: number, limit: number, beforeId?: number): Promise<StoredMessage[]> {
    let query = this.#db
      .selectFrom('analytics_messages')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .where('review_status', 'is', null)
      .where((eb) => eb.or([eb('fallback', '=', 1), eb.and([eb('fallback', '=', 0), eb('confidence', '<', threshold)])]));
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toStoredMessage);
  }

  async inboxCount(assistantId: number, threshold: number): Promise<number> {
    // Two range scans of the inbox's partial index rather than one scan of every unreviewed row.
    const count = async (fallback: 0 | 1) => {
      let query = this.#db
        .selectFrom('analytics_messages')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('assistant_id', '=', assistantId)
        .where('fallback', '=', fallback)
        .where('review_status', 'is', null);
      if (fallback === 0) query = query.where('confidence', '<', threshold);
      return Number((await query.executeTakeFirst())?.count ?? 0);
    };
    return (await count(1)) + (await count(0));
  }

  async setReview(assistantId: number, messageId: number, review: Review | null): Promise<StoredMessage | undefined> {
    await this.#db
      .updateTable('analytics_messages')
      .set({
        review_status: review?.status ?? null,
        review_intent: review?.intent ?? null,
        reviewed_by: review?.by ?? null,
        reviewed_at: review?.at ?? null,
      })
      .where('assistant_id', '=', assistantId)
      .where('id', '=', messageId)
      .execute();
    return this.message(assistantId, messageId);
  }

  async phrasesAddedSince(assistantId: number, since: number): Promise<Array<{ intent: string; phrases: number }>> {
    const rows = await this.#db
      .selectFrom('analytics_messages')
      .select(['review_intent', (eb) => eb.fn.countAll<number>().as('phrases')])
      .where('assistant_id', '=', assistantId)
      .where('review_status', '=', 'phrase_added')
      .where('reviewed_at', '>', since)
      .groupBy('review_intent')
      .orderBy('review_intent')
      .execute();
    return rows.flatMap((row) => (row.review_intent === null ? [] : [{ intent: row.review_intent, phrases: Number(row.phrases) }]));
  }

  async settings(assistantId: number): Promise<AnalyticsSettingsRecord> {
    const row = await this.#db.selectFrom('analytics_settings').selectAll().where('assistant_id', '=', assistantId).executeTakeFirst();
    if (row === undefined) return { timeZone: DEFAULT_TIME_ZONE, retentionDays: null, satisfactionSkill: null };
    return { timeZone: row.time_zone, retentionDays: row.retention_days, satisfactionSkill: row.satisfaction_skill };
  }

  async updateSettings(assistantId: number, changes: Partial<AnalyticsSettingsRecord>): Promise<AnalyticsSettingsRecord> {
    const merged = { ...(await this.settings(assistantId)), ...changes };
    const values = {
      time_zone: merged.timeZone,
      retention_days: merged.retentionDays,
      satisfaction_skill: merged.satisfactionSkill,
      updated_at: epochSeconds(),
    };
    await this.#db
      .insertInto('analytics_settings')
      .values({ assistant_id: assistantId, ...values })
      .onConflict((oc) => oc.column('assistant_id').doUpdateSet(values))
      .execute();
    return merged;
  }

  async retentionPolicies(): Promise<Array<{ assistantId: number; retentionDays: number }>> {
    const rows = await this.#db.selectFrom('analytics_settings').select(['assistant_id', 'retention_days']).where('retention_days', 'is not', null).execute();
    return rows.map((row) => ({ assistantId: row.assistant_id, retentionDays: Number(row.retention_days) }));
  }

  async deleteExpired(assistantId: number, before: number, limit: number): Promise<{ sessions: number; events: number; conversations: number }> {
    return this.#db.transaction().execute(async (trx) => {
      // Waits for a projector batch in progress, so that it cannot write rows of what is deleted here.
      await this.#lockCursor(trx, false);
      const sessions = await trx
        .selectFrom('analytics_sessions')
        .select(['id', 'sender_id', 'last_event_id'])
        .where('assistant_id', '=', assistantId)
        .where('last_event_at', '<', before)
        .orderBy('last_event_at')
        .limit(limit)
        .execute();
      if (sessions.length === 0) return { sessions: 0, events: 0, conversations: 0 };
      let events = 0;
      for (const session of sessions) {
        // A session's events are those from its first id up to the next session's first id.
        const next = await trx
          .selectFrom('analytics_sessions')
          .select('id')
          .where('assistant_id', '=', assistantId)
          .where('sender_id', '=', session.sender_id)
          .where('id', '>', session.id)
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        const end = next === undefined ? Number(session.last_event_id) + 1 : Number(next.id);
        const deleted = await trx
          .deleteFrom('events')
          .where('assistant_id', '=', assistantId)
          .where('sender_id', '=', session.sender_id)
          .where('id', '>=', Number(session.id))
          .where('id', '<', end)
          .executeTakeFirst();
        events += Number(deleted.numDeletedRows);
      }
      const ids = sessions.map((session) => Number(session.id));
      await trx.deleteFrom('analytics_messages').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('analytics_sessions').where('id', 'in', ids).execute();
      // The senders of these sessions left without any event: their conversation goes, and with it
      // the agents' replies kept for their web chat session (they would otherwise reach the user
      // after the conversation they belong to was deleted).
      const senders = [...new Set(sessions.map((session) => session.sender_id))];
      const stillTalking = new Set(
        (await trx.selectFrom('events').select('sender_id').distinct().where('assistant_id', '=', assistantId).where('sender_id', 'in', senders).execute()).map((row) => row.sender_id),
      );
      const gone = senders.filter((sender) => !stillTalking.has(sender));
      if (gone.length === 0) return { sessions: sessions.length, events, conversations: 0 };
      const emptied = await trx.deleteFrom('conversations').where('assistant_id', '=', assistantId).where('sender_id', 'in', gone).executeTakeFirst();
      await trx.deleteFrom('outbound_messages').where('channel', '=', 'socketio').where('assistant_id', '=', assistantId).where('recipient', 'in', gone).execute();
      return { sessions: sessions.length, events, conversations: Number(emptied.numDeletedRows) };
    });
  }

  async pendingSends(assistantId: number, senderId: string): Promise<Array<{ channel: string; payload: unknown; createdAt: number }>> {
    const rows = await this.#db
      .selectFrom('outbound_messages')
      .select(['channel', 'payload', 'created_at'])
      .where('assistant_id', '=', assistantId)
      .where('recipient', '=', senderId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ channel: row.channel, payload: JSON.parse(row.payload) as unknown, createdAt: row.created_at }));
  }

  async pendingMessages(assistantId: number, senderId: string): Promise<Array<{ channel: string; message: unknown; createdAt: number }>> {
    const rows = await this.#db
      .selectFrom('inbound_pending')
      .select(['channel', 'turn', 'created_at'])
      .where('assistant_id', '=', assistantId)
      .where('sender', '=', senderId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ channel: row.channel, message: JSON.parse(row.turn) as unknown, createdAt: Number(row.created_at) }));
  }

  async eraseSender(assistantId: number, senderId: string): Promise<ErasedCounts> {
    return this.#db.transaction().execute(async (trx) => {
      await this.#lockCursor(trx, false);
      const events = await trx.deleteFrom('events').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId).executeTakeFirst();
      const { messages } = await deleteSenderProjection(trx, assistantId, senderId);
      const outbound = await trx.deleteFrom('outbound_messages').where('assistant_id', '=', assistantId).where('recipient', '=', senderId).executeTakeFirst();
      const inbound = await trx.deleteFrom('inbound_pending').where('assistant_id', '=', assistantId).where('sender', '=', senderId).executeTakeFirst();
      const conversations = await trx.deleteFrom('conversations').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId).executeTakeFirst();
      // What people and the channels kept of the user: hand-offs with the agents' notes about them,
      // the channels' record of the contact and of each delivery to them.
      const theirHandoffs = trx.selectFrom('handoffs').select('id').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId);
      await trx.deleteFrom('handoff_notes').where('handoff_id', 'in', theirHandoffs).execute();
      const handoffs = await trx.deleteFrom('handoffs').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId).executeTakeFirst();
      const contacts = await trx.deleteFrom('channel_contacts').where('assistant_id', '=', assistantId).where('recipient', '=', senderId).executeTakeFirst();
      const deliveries = await trx.deleteFrom('channel_deliveries').where('assistant_id', '=', assistantId).where('recipient', '=', senderId).executeTakeFirst();
      return {
        conversations: Number(conversations.numDeletedRows),
        events: Number(events.numDeletedRows),
        messages,
        outbound: Number(outbound.numDeletedRows),
        inbound: Number(inbound.numDeletedRows),
        handoffs: Number(handoffs.numDeletedRows),
        contacts: Number(contacts.numDeletedRows),
        deliveries: Number(deliveries.numDeletedRows),
      };
    });
  }

  /** `floor((column - origin) / bucketSeconds)` with the two numbers as literals. */
  #bucket(column: 'timestamp' | 'started_at', query: BucketQuery) {
    if (!Number.isFinite(query.origin) || query.origin > query.from || !Number.isFinite(query.bucketSeconds) || query.bucketSeconds <= 0) {
      throw new RangeError('bucket bounds must be finite numbers, the origin at or before the interval');
    }
    return sql<number>`floor((${sql.ref(column)} - ${sql.lit(query.origin)}) / ${sql.lit(query.bucketSeconds)})`;
  }
}

/**
 * Deletes a sender's analytics rows (its messages through its sessions, on their index), inside
 * the caller's transaction: an erasure, or a conversation whose history is replaced.
 */
export async function deleteSenderProjection(trx: Transaction<Database>, assistantId: number, senderId: string): Promise<{ messages: number }> {
  const sessions = trx.selectFrom('analytics_sessions').select('id').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId);
  const messages = await trx.deleteFrom('analytics_messages').where('session_id', 'in', sessions).executeTakeFirst();
  await trx.deleteFrom('analytics_sessions').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId).execute();
  return { messages: Number(messages.numDeletedRows) };
}

function senderKey(assistantId: number, senderId: string): string {
  return `${assistantId}\u0000${senderId}`;
}

/** The projector's key for a sender in `priors`. */
export { senderKey as analyticsSenderKey };

function sortColumn(sort: SessionQuery['sort']) {
  return `analytics_sessions.${sort}` as const;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toMessageRow(message: MessageRecord) {
  return {
    id: message.id,
    assistant_id: message.assistantId,
    session_id: message.sessionId,
    sender_id: message.senderId,
    timestamp: message.timestamp,
    channel: message.channel,
    text: message.text,
    search_text: message.searchText,
    intent: message.intent,
    confidence: message.confidence,
    candidate_intent: message.candidateIntent,
    skill: message.skill,
    previous_skill: message.previousSkill,
    fallback: message.fallback ? 1 : 0,
  };
}

function toSessionRecord(row: Selectable<AnalyticsSessionsTable> & { model_version: number | null }): SessionRecord {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    senderId: row.sender_id,
    startedAt: row.started_at,
    lastEventAt: row.last_event_at,
    lastEventId: Number(row.last_event_id),
    channel: row.channel,
    modelId: row.model_id,
    modelVersion: row.model_version === null ? null : Number(row.model_version),
    userMessages: Number(row.user_messages),
    fallbacks: Number(row.fallbacks),
    handedOff: Number(row.handed_off) === 1,
  };
}

function toListedSession(row: Selectable<AnalyticsSessionsTable> & { model_version: number | null; sort_value: number | string }): ListedSession {
  return { ...toSessionRecord(row), sortValue: Number(row.sort_value) };
}

function toStoredMessage(row: Selectable<AnalyticsMessagesTable>): StoredMessage {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    sessionId: Number(row.session_id),
    senderId: row.sender_id,
    timestamp: row.timestamp,
    channel: row.channel,
    text: row.text,
    searchText: row.search_text,
    intent: row.intent,
    confidence: row.confidence,
    candidateIntent: row.candidate_intent,
    skill: row.skill,
    previousSkill: row.previous_skill,
    fallback: row.fallback === 1,
    review:
      row.review_status === null
        ? null
        : { status: row.review_status as ReviewStatus, intent: row.review_intent, by: row.reviewed_by ?? '', at: row.reviewed_at ?? 0 },
  };
}
