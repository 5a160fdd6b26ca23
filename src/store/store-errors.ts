// Errors callers can tell apart without parsing messages: the admin API maps them to 409, 404
// and 400. Anything else thrown by the store is unexpected (a 5xx).

/** Something with the same identity already exists (a server name, a server's language, …). */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}

/** The server, assistant or model named does not exist. */
export class StoreNotFoundError extends Error {
  override readonly name = 'StoreNotFoundError';
}

/** The input breaks a rule the store guards (a name's shape, duplicate names in one save, …). */
export class StoreValidationError extends Error {
  override readonly name = 'StoreValidationError';
  /** The input field at fault, when the store can name it (e.g. `login`, `email`). */
  field?: string;
}
