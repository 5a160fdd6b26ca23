// A call to a messaging platform (Meta's Graph API, Telegram's Bot API) that did not succeed, as
// the platform described it: the HTTP status (null when it never answered: a timeout, a network
// error), its own error code and subcode, its message (with any credential cut out) and, for a
// rate limit, how long it asked us to wait. Never the request, never the credential.
export class PlatformCallError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: number | null,
    readonly subcode: number | null,
    readonly detail: string,
    /** Telegram's `parameters.retry_after` on 429 (seconds). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`${status === null ? 'unreachable' : `HTTP ${status}`}${code === null ? '' : ` code ${code}${subcode === null ? '' : `/${subcode}`}`}: ${detail}`);
    this.name = 'PlatformCallError';
  }

  /** The fields a log line carries. */
  get logFields(): { status: number | null; code: number | null; subcode: number | null; reason: string } {
    return { status: this.status, code: this.code, subcode: this.subcode, reason: this.detail };
  }
}
