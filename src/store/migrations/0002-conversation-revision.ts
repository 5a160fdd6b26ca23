// A conversation's revision grows with every write to it, so a process can tell in one row read
// whether the conversation state it keeps in memory is still current.
import type { Kysely, Migration } from 'kysely';

export const conversationRevision: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('conversations').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('conversations').dropColumn('revision').execute();
  },
};
