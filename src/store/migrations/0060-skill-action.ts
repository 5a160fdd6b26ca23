// The custom action an `action` skill runs on the assistant's action server (Rasa's
// `next_action`), e.g. `action_check_order`; null for every other kind of skill.
import type { Kysely, Migration } from 'kysely';

export const skillAction: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('skills').addColumn('action', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('skills').dropColumn('action').execute();
  },
};
