// Rasa's reminders (src/reminders): `reminder` events an action server returns (or a client posts
// with execute_side_effects) wait here until due, then one job-running process claims each and
// triggers its intent in its conversation. A row goes with its conversation (an erasure, the
// retention, a deleted assistant) through the foreign key, as the events do.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function reminders(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  const bigId = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db) {
      await db.schema
        .createTable('reminders')
        .addColumn('id', bigId, id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull())
        .addColumn('sender_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('intent', 'text', (c) => c.notNull())
        // JSON of the event's entities (a list, an object or null), given back to the intent.
        .addColumn('entities', 'text')
        .addColumn('due_at', 'double precision', (c) => c.notNull())
        .addColumn('kill_on_user_msg', 'integer', (c) => c.notNull().defaultTo(1))
        // Where the answer goes: null for the conversation's latest input channel when it fires.
        .addColumn('output_channel', 'text')
        .addColumn('scheduled_at', 'double precision', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', 'double precision', (c) => c.notNull().defaultTo(0))
        .addForeignKeyConstraint('reminders_conversation_fk', ['assistant_id', 'sender_id'], 'conversations', ['assistant_id', 'sender_id'], (c) => c.onDelete('cascade'))
        .addUniqueConstraint('reminders_conversation_name', ['assistant_id', 'sender_id', 'name'])
        .execute();
      // The job's look-up of due reminders.
      await db.schema.createIndex('reminders_due').on('reminders').columns(['due_at', 'id']).execute();
    },
    async down(db) {
      await db.schema.dropTable('reminders').ifExists().execute();
    },
  };
}
