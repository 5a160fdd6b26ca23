// Dialogues that ask, remember and forget: a context's lifetime, a skill's text variants chosen by
// conditions, and a dialogue's slot filling (the contexts it asks for, its confirmation and its
// message for leaving). JSON as text, null when absent, as the other content columns.
import type { Kysely, Migration } from 'kysely';

export const dialogueFlows: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('contexts').addColumn('lifetime', 'text').execute();
    await db.schema.alterTable('skills').addColumn('variants', 'text').execute();
    await db.schema.alterTable('dialogues').addColumn('slots', 'text').execute();
    await db.schema.alterTable('dialogues').addColumn('confirm', 'text').execute();
    await db.schema.alterTable('dialogues').addColumn('cancel', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('dialogues').dropColumn('cancel').execute();
    await db.schema.alterTable('dialogues').dropColumn('confirm').execute();
    await db.schema.alterTable('dialogues').dropColumn('slots').execute();
    await db.schema.alterTable('skills').dropColumn('variants').execute();
    await db.schema.alterTable('contexts').dropColumn('lifetime').execute();
  },
};
