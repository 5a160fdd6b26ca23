// Push channels' messages acknowledged before their turn was recorded: a webhook answers its
// platform within HELPER_WEBHOOK_ACK_MS (Meta gives 5 s), so a turn still running then (its skill
// waits for a third-party API) is stored here first, claimed by the process running it, and
// deleted once recorded. A crashed process's rows are replayed by another once their claim ends
// (src/channels/core/inbound-replay.ts).
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function inboundPending(dialect: StoreDialect): Migration {
  // As 0004: ids only grow, so the id order is the order the messages arrived in.
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  const bigId = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db) {
      await db.schema
        .createTable('inbound_pending')
        .addColumn('id', bigId, id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('turn', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claimed_by', 'text', (c) => c.notNull())
        .addColumn('claimed_until', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inbound_pending_claim').on('inbound_pending').columns(['channel', 'claimed_until', 'id']).execute();
      // A conversation's earlier messages, looked up by every push channel turn (one user's order).
      await db.schema.createIndex('inbound_pending_conversation').on('inbound_pending').columns(['channel', 'assistant_id', 'sender', 'id']).execute();
    },
    async down(db) {
      await db.schema.dropTable('inbound_pending').ifExists().execute();
    },
  };
}
