// The first schema. One migration for both dialects: only the auto-increment ids differ.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

export function initialSchema(dialect: StoreDialect): Migration {
  // SQLite needs exactly INTEGER PRIMARY KEY to alias the rowid; AUTOINCREMENT keeps ids from
  // being reused after deletes, so an id never points at a newer row than it used to.
  const id = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres'
      ? column.primaryKey().generatedByDefaultAsIdentity()
      : column.primaryKey().autoIncrement();
  // Events outgrow 2^31 rows in a busy deployment; SQLite's rowid is 64-bit already.
  const bigId = dialect === 'postgres' ? 'bigint' : 'integer';

  return {
    async up(db) {
      await db.schema
        .createTable('servers')
        .addColumn('id', 'integer', id)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('assistants')
        .addColumn('id', 'integer', id)
        .addColumn('server_id', 'integer', (c) => c.notNull().references('servers.id').onDelete('cascade'))
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .addUniqueConstraint('assistants_server_language_unique', ['server_id', 'language'])
        .execute();

      // Named content: unique by name per assistant, listed by position.
      const contentTables = ['themes', 'intents', 'contexts', 'skills', 'dialogues'] as const;
      for (const table of contentTables) {
        let builder = db.schema
          .createTable(table)
          .addColumn('id', 'integer', id)
          .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull());
        switch (table) {
          case 'themes':
            builder = builder.addColumn('description', 'text');
            break;
          case 'intents':
            builder = builder.addColumn('theme', 'text');
            break;
          case 'contexts':
            builder = builder
              .addColumn('type', 'text', (c) => c.notNull())
              .addColumn('description', 'text')
              .addColumn('details', 'text', (c) => c.notNull());
            break;
          case 'skills':
            builder = builder
              .addColumn('theme', 'text')
              .addColumn('fallback', 'integer', (c) => c.notNull())
              .addColumn('kind', 'text', (c) => c.notNull())
              .addColumn('texts', 'text', (c) => c.notNull())
              .addColumn('buttons', 'text')
              .addColumn('image', 'text')
              .addColumn('attachment', 'text');
            break;
          case 'dialogues':
            builder = builder
              .addColumn('theme', 'text')
              .addColumn('intents', 'text', (c) => c.notNull())
              .addColumn('skill', 'text', (c) => c.notNull())
              .addColumn('follow_up_of', 'text');
            break;
        }
        await builder.addUniqueConstraint(`${table}_assistant_name_unique`, ['assistant_id', 'name']).execute();
      }

      await db.schema
        .createTable('phrases')
        .addColumn('id', 'integer', id)
        .addColumn('intent_id', 'integer', (c) => c.notNull().references('intents.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('entities', 'text')
        .execute();
      await db.schema.createIndex('phrases_intent_position').on('phrases').columns(['intent_id', 'position']).execute();

      await db.schema
        .createTable('regexes')
        .addColumn('id', 'integer', id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('pattern', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('regexes_assistant_position').on('regexes').columns(['assistant_id', 'position']).execute();

      await db.schema
        .createTable('models')
        .addColumn('id', 'integer', id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('model_id', 'text', (c) => c.notNull().unique())
        .addColumn('artifact', 'text')
        .addColumn('error', 'text')
        .addColumn('started_at', 'double precision', (c) => c.notNull())
        .addColumn('finished_at', 'double precision')
        .addUniqueConstraint('models_assistant_version_unique', ['assistant_id', 'version'])
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
        .addColumn('sender_id', 'text', (c) => c.notNull())
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'double precision', (c) => c.notNull())
        .addColumn('latest_event_time', 'double precision')
        .addColumn('session_start_event_id', bigId)
        .addColumn('ends_with_session_action', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('conversations_pk', ['assistant_id', 'sender_id'])
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', bigId, id)
        .addColumn('assistant_id', 'integer', (c) => c.notNull())
        .addColumn('sender_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'double precision', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addForeignKeyConstraint(
          'events_conversation_fk',
          ['assistant_id', 'sender_id'],
          'conversations',
          ['assistant_id', 'sender_id'],
          (c) => c.onDelete('cascade'),
        )
        .execute();
      // Every tracker read and the session pointer walk one conversation in id order.
      await db.schema.createIndex('events_conversation_id').on('events').columns(['assistant_id', 'sender_id', 'id']).execute();
    },

    async down(db) {
      const tables = ['events', 'conversations', 'models', 'regexes', 'phrases', 'dialogues', 'skills', 'contexts', 'intents', 'themes', 'assistants', 'servers'];
      for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
