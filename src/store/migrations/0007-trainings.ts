// Trainings: one row per training asked for (now, scheduled, or by `helper train`), its status,
// progress and outcome. Scheduled rows are the scheduler's queue: they survive a restart, and an
// app process claims a due one with a conditional update, so two processes never run one twice.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function trainings(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  return {
    async up(db) {
      await db.schema
        .createTable('trainings')
        .addColumn('id', 'integer', id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .addColumn('scheduled_for', 'double precision', (c) => c.notNull())
        .addColumn('started_at', 'double precision')
        .addColumn('finished_at', 'double precision')
        .addColumn('heartbeat_at', 'double precision')
        .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('phase', 'text')
        .addColumn('model_version', 'integer')
        .addColumn('model_id', 'text')
        // JSON of [{level: 'error' | 'warning', message}].
        .addColumn('problems', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('claimed_by', 'text')
        .execute();
      await db.schema.createIndex('trainings_assistant').on('trainings').columns(['assistant_id', 'id']).execute();
      await db.schema.createIndex('trainings_due').on('trainings').columns(['status', 'scheduled_for']).execute();
    },
    async down(db) {
      await db.schema.dropTable('trainings').ifExists().execute();
    },
  };
}
