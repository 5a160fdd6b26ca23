// Where the store lives. The same two settings the app reads from its environment
// (DATABASE_URL and HELPER_DATA_DIR), so tests and the server open a store the same way.

export interface StoreConfig {
  /** `postgres://…` or `postgresql://…` selects PostgreSQL; anything else, or nothing, SQLite. */
  databaseUrl?: string;
  /** SQLite's file is `${dataDir}/helper.sqlite`. */
  dataDir: string;
}

export type StoreDialect = 'sqlite' | 'postgres';

export function storeDialect(config: StoreConfig): StoreDialect {
  const url = config.databaseUrl?.trim() ?? '';
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}
