// Tells constraint failures from other database errors, in either dialect, so that they reach
// callers as the store's own errors (a race between "does it exist?" and "insert" included).

/** A unique index or primary key refused a duplicate. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  // 23505 is PostgreSQL's unique_violation; better-sqlite3 reports SQLite's extended codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A row referred to a parent that does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

function errorCode(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return error.code;
}
