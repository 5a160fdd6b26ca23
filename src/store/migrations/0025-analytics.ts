// Analytics (src/analytics): a projection of the tracker events that the console's pages query on
// indexes, per-assistant analytics settings, and the audit log of privacy actions.
//
// The projection is written by a background projector that tails the events table by id (the
// cursor row), never by the chat path: a turn's transaction is unchanged. One row per session
// ("conversation" in the console: the events from a session start to the next) and one row per
// user message, each keyed by the id of the event it comes from.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function analytics(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  // Event ids, as in 0001: bigint on PostgreSQL, SQLite's 64-bit integer.
  const bigId = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db) {
      // Where the projector is: every event with a smaller or equal id has been projected.
      await db.schema
        .createTable('analytics_cursor')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('last_event_id', bigId, (c) => c.notNull())
        .addColumn('updated_at', 'double precision', (c) => c.notNull())
        .execute();
      await db.insertInto('analytics_cursor' as never).values({ name: 'projector', last_event_id: 0, updated_at: 0 } as never).execute();

      await db.schema
        .createTable('analytics_sessions')
        // The id of the session's first event.
        .addColumn('id', bigId, (c) => c.primaryKey())
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('sender_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'double precision', (c) => c.notNull())
        .addColumn('last_event_at', 'double precision', (c) => c.notNull())
        .addColumn('last_event_id', bigId, (c) => c.notNull())
        .addColumn('channel', 'text')
        .addColumn('model_id', 'text')
        .addColumn('user_messages', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fallbacks', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('handed_off', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // The conversation list (an interval, newest first, keyset on (started_at, id)).
      await db.schema.createIndex('analytics_sessions_started').on('analytics_sessions').columns(['assistant_id', 'started_at', 'id']).execute();
      // One user's sessions (erasure, the projector's look-up of a sender's current session).
      await db.schema.createIndex('analytics_sessions_sender').on('analytics_sessions').columns(['assistant_id', 'sender_id', 'id']).execute();
      // Retention: sessions whose last event is older than the assistant's period.
      await db.schema.createIndex('analytics_sessions_last_event').on('analytics_sessions').columns(['assistant_id', 'last_event_at']).execute();

      await db.schema
        .createTable('analytics_messages')
        // The id of the user event.
        .addColumn('id', bigId, (c) => c.primaryKey())
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('session_id', bigId, (c) => c.notNull())
        .addColumn('sender_id', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'double precision', (c) => c.notNull())
        .addColumn('channel', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        // Lowercase, without accents: what the text search matches.
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('intent', 'text')
        .addColumn('confidence', 'double precision')
        // The best intent of the ranking when `intent` is the fallback (what the message was closest to).
        .addColumn('candidate_intent', 'text')
        // The first skill that answered the message, and the skill that spoke just before it.
        .addColumn('skill', 'text')
        .addColumn('previous_skill', 'text')
        .addColumn('fallback', 'integer', (c) => c.notNull().defaultTo(0))
        // Curation: null (to review), phrase_added, out_of_scope, reviewed.
        .addColumn('review_status', 'text')
        .addColumn('review_intent', 'text')
        .addColumn('reviewed_by', 'text')
        .addColumn('reviewed_at', 'double precision')
        .execute();
      // Rankings and KPIs of an interval, read from the index alone.
      await db.schema
        .createIndex('analytics_messages_time')
        .on('analytics_messages')
        .columns(['assistant_id', 'timestamp', 'fallback', 'intent', 'skill', 'confidence'])
        .execute();
      await db.schema.createIndex('analytics_messages_intent').on('analytics_messages').columns(['assistant_id', 'intent', 'timestamp']).execute();
      await db.schema.createIndex('analytics_messages_skill').on('analytics_messages').columns(['assistant_id', 'skill', 'timestamp']).execute();
      await db.schema.createIndex('analytics_messages_previous_skill').on('analytics_messages').columns(['assistant_id', 'previous_skill', 'timestamp']).execute();
      await db.schema.createIndex('analytics_messages_session').on('analytics_messages').columns(['session_id', 'id']).execute();
      // The curation inbox: messages not yet reviewed, newest first, and their counts.
      await db.schema
        .createIndex('analytics_messages_inbox')
        .on('analytics_messages')
        .columns(['assistant_id', 'fallback', 'id'])
        .where(sql.ref('review_status'), 'is', null)
        .execute();
      await db.schema
        .createIndex('analytics_messages_inbox_confidence')
        .on('analytics_messages')
        .columns(['assistant_id', 'fallback', 'confidence'])
        .where(sql.ref('review_status'), 'is', null)
        .execute();

      await db.schema
        .createTable('analytics_settings')
        .addColumn('assistant_id', 'integer', (c) => c.primaryKey().references('assistants.id').onDelete('cascade'))
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('retention_days', 'integer')
        .addColumn('satisfaction_skill', 'text')
        .addColumn('updated_at', 'double precision', (c) => c.notNull())
        .execute();

      // Who did what to personal data (export, erasure, retention runs) and to curation.
      await db.schema
        .createTable('audit_log')
        .addColumn('id', bigId, id)
        .addColumn('server_id', 'integer', (c) => c.notNull().references('servers.id').onDelete('cascade'))
        .addColumn('assistant_id', 'integer')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_server').on('audit_log').columns(['server_id', 'id']).execute();
    },
    async down(db) {
      for (const table of ['audit_log', 'analytics_settings', 'analytics_messages', 'analytics_sessions', 'analytics_cursor']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
