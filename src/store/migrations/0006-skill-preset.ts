// A skill's optional preset ("preset the assistant's behaviour from the last interaction"): the
// context value it sets and the dialogue the conversation continues from, as JSON text.
import type { Kysely, Migration } from 'kysely';

export const skillPreset: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('skills').addColumn('preset', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('skills').dropColumn('preset').execute();
  },
};
