// Human handoff (src/handoff): one row per handoff of a conversation to a person — waiting for an
// agent, taken by one, resolved — with the agents' internal notes beside it, and a skill's flag
// that hands the conversation off when it answers.
//
// At most one open (not resolved) handoff per conversation: a partial unique index, the same in
// SQLite and PostgreSQL, so two processes opening one at once cannot both succeed. Taking one is a
// conditional UPDATE (`… WHERE status = 'waiting'`), so two agents never both get it.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function humanHandoff(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  return {
    async up(db) {
      await db.schema
        .createTable('handoffs')
        .addColumn('id', 'integer', id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('sender_id', 'text', (c) => c.notNull())
        // The input channel the user wrote on last: where an agent's reply goes.
        .addColumn('channel', 'text')
        // waiting | taken | resolved
        .addColumn('status', 'text', (c) => c.notNull())
        // skill | fallbacks | agent | api
        .addColumn('reason', 'text', (c) => c.notNull())
        // The skill that handed off, when it was one.
        .addColumn('detail', 'text')
        .addColumn('outside_hours', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('agent_login', 'text')
        .addColumn('requested_at', 'double precision', (c) => c.notNull())
        .addColumn('taken_at', 'double precision')
        .addColumn('resolved_at', 'double precision')
        .addColumn('resolved_by', 'text')
        .addColumn('updated_at', 'double precision', (c) => c.notNull())
        .addColumn('last_user_message_at', 'double precision')
        // User messages the agent has not read yet.
        .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`create unique index handoffs_open_conversation on handoffs (assistant_id, sender_id) where status <> 'resolved'`.execute(db);
      await db.schema.createIndex('handoffs_assistant_status').on('handoffs').columns(['assistant_id', 'status', 'requested_at']).execute();

      await db.schema
        .createTable('handoff_notes')
        .addColumn('id', 'integer', id)
        .addColumn('handoff_id', 'integer', (c) => c.notNull().references('handoffs.id').onDelete('cascade'))
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('handoff_notes_handoff').on('handoff_notes').columns(['handoff_id', 'id']).execute();

      await db.schema.alterTable('skills').addColumn('handoff', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db) {
      await db.schema.alterTable('skills').dropColumn('handoff').execute();
      await db.schema.dropTable('handoff_notes').execute();
      await db.schema.dropTable('handoffs').execute();
    },
  };
}
