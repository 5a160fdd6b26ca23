// Brings the schema up to date when a store opens. Safe when several processes open the same
// database at once: on PostgreSQL Kysely's migrator holds an advisory lock, on SQLite the
// migration transaction holds the write lock (see ../sqlite-dialect.ts).
import { Migrator, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { StoreDialect } from '../store-config.js';
import { InCodeMigrationProvider } from './migration-provider.js';

export async function migrateToLatest(db: Kysely<Database>, dialect: StoreDialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(dialect),
    // Kysely looks for its own tables in every schema of the database; naming ours keeps a
    // database with several schemas (tests, several deployments) from seeing another's table.
    ...(dialect === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    const what = failed === undefined ? 'Database migration' : `Database migration ${failed}`;
    throw new Error(`${what} failed: ${reason}`, { cause: error });
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === null || schema === undefined) {
    throw new Error('PostgreSQL has no current schema: the search_path names no existing schema');
  }
  return schema;
}
