// Durable outbound work: what a channel must still send to a platform (Messenger's Send API calls),
// stored before the platform's webhook is acknowledged and deleted once sent or given up, so an
// acknowledged message is answered even if the process restarts in between.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function outboundMessages(dialect: StoreDialect): Migration {
  // As 0001: ids only grow (AUTOINCREMENT on SQLite), so the id order is the sending order.
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  const bigId = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db) {
      await db.schema
        .createTable('outbound_messages')
        .addColumn('id', bigId, id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbound_messages_recipient').on('outbound_messages').columns(['channel', 'assistant_id', 'recipient', 'id']).execute();
    },
    async down(db) {
      await db.schema.dropTable('outbound_messages').ifExists().execute();
    },
  };
}
