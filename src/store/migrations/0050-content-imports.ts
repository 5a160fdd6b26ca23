// The "Histórico de importações": one row per import from a file, a Rasa project or the Watson
// API — imported or failed — with its summary of changes and its report, so that an administrator
// can see later what came in and what was left out, and download it.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function contentImports(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  return {
    async up(db) {
      await db.schema
        .createTable('content_imports')
        .addColumn('id', 'integer', id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('format', 'text')
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        // JSON: {intentsAdded: 3, …}; the report's and the errors' lines.
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('report', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.createIndex('content_imports_assistant').on('content_imports').columns(['assistant_id', 'id']).execute();
    },
    async down(db) {
      await db.schema.dropTable('content_imports').ifExists().execute();
    },
  };
}
