// Errors callers can tell apart without parsing messages: the admin API maps them to 409, 404
// and 400. Anything else thrown by the store is unexpected (a 5xx).

/** Something with the same identity already exists (a server name, a server's language, …). */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  /** A stable code of the conflict (src/admin-api/problem-codes.ts), and the values it names. */
  code?: string;
  params?: Record<string, string | number>;
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
  /** A stable code of the problem (src/admin-api/problem-codes.ts), and the values it names. */
  code?: string;
  params?: Record<string, string | number>;
}

/** A StoreValidationError naming its field and code. */
export function storeValidationError(message: string, field: string | undefined, code: string, params?: Record<string, string | number>): StoreValidationError {
  const error = new StoreValidationError(message);
  error.field = field;
  error.code = code;
  if (params !== undefined) error.params = params;
  return error;
}

/** A StoreConflictError with its code. */
export function storeConflictError(message: string, code: string, params?: Record<string, string | number>, options?: ErrorOptions): StoreConflictError {
  const error = new StoreConflictError(message, options);
  error.code = code;
  if (params !== undefined) error.params = params;
  return error;
}
