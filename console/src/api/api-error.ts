/** An error answered by the admin API: `{"error": {"code", "message", "field"?}}`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds to wait, from Retry-After (throttled sign-in). */
    readonly retryAfterSeconds?: number,
    /** The rest of the error body, e.g. `usedBy` of a 409 `in_use`, `problems` of a 400. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads the admin API's error body; anything else becomes a generic error with the status. */
export function apiErrorFrom(status: number, body: unknown, retryAfter: string | null): ApiError {
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : undefined;
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, field, ...details } = error as Record<string, unknown>;
    return new ApiError(
      status,
      typeof code === 'string' ? code : 'error',
      typeof message === 'string' ? message : `HTTP ${status}`,
      typeof field === 'string' ? field : undefined,
      seconds,
      details,
    );
  }
  return new ApiError(status, status === 0 ? 'network' : 'error', `HTTP ${status}`, undefined, seconds);
}
