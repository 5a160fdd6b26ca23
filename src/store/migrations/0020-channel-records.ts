// What the push channels (WhatsApp, Telegram, Messenger) keep beside the outbox:
// - channel_settings: each channel's own small record per assistant (Chatwoot's channel record):
//   its non-secret settings as JSON, and its address on the platform (WhatsApp's phone_number_id),
//   unique per channel, by which an inbound notification finds its assistant;
// - channel_contacts: per user of a channel, when they last wrote (WhatsApp's 24-hour window) and
//   whether the platform said they cannot be reached (Telegram: the user blocked the bot);
// - channel_deliveries: what became of the answers: the platform's statuses (sent, delivered,
//   read, failed), sends refused or given up; unique per (message id, status), so a redelivered
//   status is recorded once;
// - channel_button_payloads: button payloads too long for a platform's limit (Telegram's 64-byte
//   callback_data), kept under a short id that the button carries instead.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function channelRecords(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  const bigId = dialect === 'postgres' ? 'bigint' : 'integer';
  const assistant = (c: ColumnDefinitionBuilder) => c.notNull().references('assistants.id').onDelete('cascade');
  return {
    async up(db) {
      await db.schema
        .createTable('channel_settings')
        .addColumn('assistant_id', 'integer', assistant)
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_settings_pk', ['assistant_id', 'channel'])
        .addUniqueConstraint('channel_settings_address_unique', ['channel', 'address'])
        .execute();
      await db.schema
        .createTable('channel_contacts')
        .addColumn('assistant_id', 'integer', assistant)
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('last_inbound_at', 'double precision')
        .addColumn('unreachable_since', 'double precision')
        .addColumn('unreachable_reason', 'text')
        .addPrimaryKeyConstraint('channel_contacts_pk', ['assistant_id', 'channel', 'recipient'])
        .execute();
      await db.schema
        .createTable('channel_deliveries')
        .addColumn('id', bigId, id)
        .addColumn('assistant_id', 'integer', assistant)
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('occurred_at', 'double precision', (c) => c.notNull())
        .addColumn('recorded_at', 'double precision', (c) => c.notNull())
        .execute();
      // NULL message ids (a refused send) never conflict: both dialects treat NULLs as distinct.
      await db.schema.createIndex('channel_deliveries_status_once').unique().on('channel_deliveries').columns(['assistant_id', 'channel', 'message_id', 'status']).execute();
      await db.schema.createIndex('channel_deliveries_recent').on('channel_deliveries').columns(['assistant_id', 'channel', 'id']).execute();
      await db.schema.createIndex('channel_deliveries_recorded').on('channel_deliveries').column('recorded_at').execute();
      await db.schema
        .createTable('channel_button_payloads')
        .addColumn('assistant_id', 'integer', assistant)
        .addColumn('short_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_button_payloads_pk', ['assistant_id', 'short_id'])
        .execute();
    },
    async down(db) {
      for (const table of ['channel_button_payloads', 'channel_deliveries', 'channel_contacts', 'channel_settings']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
