// Events written as a client posted them (Rasa's PUT and POST …/tracker/events) are marked, so
// readers leave them as they were posted: the engine does not store Rasa's `user_featurization`
// after an answered message and readers put it back (withUserFeaturization), which a posted
// history must not get (Rasa keeps a PUT history exactly). Existing rows were the engine's or
// were posted before this mark; they read as before (0).
import { sql, type Kysely, type Migration } from 'kysely';

export const eventsPosted: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('events').addColumn('posted', 'integer', (c) => c.notNull().defaultTo(sql`0`)).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('events').dropColumn('posted').execute();
  },
};
