// Third-party APIs per assistant ("APIs de terceiros", src/third-party-apis): one row per API, its
// definition as JSON text (a secret header's value sealed, src/secrets), in the order saved; and
// the custom skill's settings (which API it runs, the buttons built from a list) on skills.
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';

export const thirdPartyApis: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('third_party_apis')
      .addColumn('assistant_id', 'integer', (c: ColumnDefinitionBuilder) => c.notNull().references('assistants.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('third_party_apis_pk', ['assistant_id', 'name'])
      .execute();
    await db.schema.alterTable('skills').addColumn('custom', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('skills').dropColumn('custom').execute();
    await db.schema.dropTable('third_party_apis').execute();
  },
};
