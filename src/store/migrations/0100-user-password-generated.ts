// A console user whose password is still the one the platform generated at the first start (the
// first administrator's, printed once to standard error): the console asks them to change it. Any
// new password clears the mark. Existing users were created with a password someone chose, or
// changed it since, as far as the platform can tell: they read 0.
import { sql, type Kysely, type Migration } from 'kysely';

export const userPasswordGenerated: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('password_generated', 'integer', (c) => c.notNull().defaultTo(sql`0`)).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('users').dropColumn('password_generated').execute();
  },
};
