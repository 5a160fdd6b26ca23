// Content versions (Histórico): one row per change of an assistant's content — an edit of an
// item (and what it cascades to), an import, a restore — with who made it and when, and one row
// per item it changed with the item's JSON before and after (null when absent). Rows go with
// their assistant; the store keeps only the newest versions of each assistant (MAX_VERSIONS).
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function contentVersions(dialect: StoreDialect): Migration {
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
  return {
    async up(db) {
      await db.schema
        .createTable('content_versions')
        .addColumn('id', 'integer', id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        // A console login, `operator` (an API token), `cli`, `system`.
        .addColumn('actor', 'text', (c) => c.notNull())
        // edit | delete | import | restore | save
        .addColumn('action', 'text', (c) => c.notNull())
        // JSON: [{list, change, name, previousName?}], the first few only; `items` counts them all.
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
        // JSON: {importName} for an import, {restoredVersion} for a restore.
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('content_versions_assistant').on('content_versions').columns(['assistant_id', 'id']).execute();
      await db.schema
        .createTable('content_version_items')
        .addColumn('id', 'integer', id)
        .addColumn('version_id', 'integer', (c) => c.notNull().references('content_versions.id').onDelete('cascade'))
        .addColumn('assistant_id', 'integer', (c) => c.notNull())
        .addColumn('list', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('previous_name', 'text')
        // JSON of the item (for regexes: the patterns of that name), null when it did not exist.
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      await db.schema.createIndex('content_version_items_version').on('content_version_items').columns(['version_id']).execute();
      await db.schema.createIndex('content_version_items_item').on('content_version_items').columns(['assistant_id', 'list', 'name', 'version_id']).execute();
      await db.schema
        .createIndex('content_version_items_previous')
        .on('content_version_items')
        .columns(['assistant_id', 'list', 'previous_name', 'version_id'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('content_version_items').ifExists().execute();
      await db.schema.dropTable('content_versions').ifExists().execute();
    },
  };
}
