// Per-assistant access: the client addresses allowed to call the conversations API without a
// token, and sealed secrets (the API token, later the channels' secrets). The store keeps secrets
// sealed as given: encryption happens above it (src/secrets).
import { sql, type Kysely, type Migration } from 'kysely';

export const assistantAccess: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('assistants').addColumn('api_allowed_cidrs', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema
      .createTable('assistant_secrets')
      .addColumn('assistant_id', 'integer', (c) => c.notNull().references('assistants.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sealed_value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'double precision', (c) => c.notNull().defaultTo(sql`0`))
      .addPrimaryKeyConstraint('assistant_secrets_pk', ['assistant_id', 'name'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('assistant_secrets').ifExists().execute();
    await db.schema.alterTable('assistants').dropColumn('api_allowed_cidrs').execute();
  },
};
