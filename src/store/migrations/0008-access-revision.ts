// One number that grows with every change of servers, assistants and their secrets (tokens, keys,
// the API allow-list, enabled flags), kept by triggers in the database itself: every app process
// polls it cheaply and drops what it cached about access when it moves, whichever process (or
// tool, or plain SQL) made the change.
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../store-config.js';

const WATCHED_TABLES = ['servers', 'assistants', 'assistant_secrets'] as const;
const OPERATIONS = ['insert', 'update', 'delete'] as const;

export function accessRevision(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('revisions')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`insert into revisions (name, value) values ('access', 0)`.execute(db);
      if (dialect === 'postgres') {
        // Resolved through the caller's search_path, like every other table of the schema.
        await sql`
          create function bump_access_revision() returns trigger language plpgsql as $$
          begin
            update revisions set value = value + 1 where name = 'access';
            return null;
          end
          $$`.execute(db);
        for (const table of WATCHED_TABLES) {
          await sql`
            create trigger ${sql.raw(`${table}_access_revision`)}
            after insert or update or delete on ${sql.table(table)}
            for each row execute function bump_access_revision()`.execute(db);
        }
        return;
      }
      for (const table of WATCHED_TABLES) {
        for (const operation of OPERATIONS) {
          await sql`
            create trigger ${sql.raw(`${table}_${operation}_access_revision`)}
            after ${sql.raw(operation)} on ${sql.table(table)}
            begin
              update revisions set value = value + 1 where name = 'access';
            end`.execute(db);
        }
      }
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        for (const table of WATCHED_TABLES) await sql`drop trigger if exists ${sql.raw(`${table}_access_revision`)} on ${sql.table(table)}`.execute(db);
        await sql`drop function if exists bump_access_revision()`.execute(db);
      } else {
        for (const table of WATCHED_TABLES) {
          for (const operation of OPERATIONS) await sql`drop trigger if exists ${sql.raw(`${table}_${operation}_access_revision`)}`.execute(db);
        }
      }
      await db.schema.dropTable('revisions').ifExists().execute();
    },
  };
}
