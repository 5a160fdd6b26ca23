// A call to a messaging platform (Meta's Graph API, Telegram's Bot API) that did not succeed, as
// the platform described it: the HTTP status (null when it never answered: a timeout, a network
// error), its own error code and subcode, its message (with any credential cut out) and, for a
// rate limit, how long it asked us to wait; and the same as a stable code with parameters
// (`reasonCode`, ./delivery-reason.ts) for the recorded delivery. Never the request, never the credential.
import type { DeliveryReason } from '../../store/store.js';
import { deliveryReason } from './delivery-reason.js';

export class PlatformCallError extends Error {
  /** Why, coded: given by the caller that read the answer, else `unreachable` without an answer and `http_status` with one. */
  readonly reasonCode: DeliveryReason;

  constructor(
    readonly status: number | null,
    readonly code: number | null,
    readonly subcode: number | null,
    readonly detail: string,
    /** Telegram's `parameters.retry_after` on 429 (seconds). */
    readonly retryAfterSeconds: number | null = null,
    reasonCode?: DeliveryReason,
  ) {
    super(`${status === null ? 'unreachable' : `HTTP ${status}`}${code === null ? '' : ` code ${code}${subcode === null ? '' : `/${subcode}`}`}: ${detail}`);
    this.name = 'PlatformCallError';
    this.reasonCode = reasonCode ?? (status === null ? deliveryReason('unreachable') : deliveryReason('http_status', { status }));
  }

  /** The fields a log line carries. */
  get logFields(): { status: number | null; code: number | null; subcode: number | null; reason: string } {
    return { status: this.status, code: this.code, subcode: this.subcode, reason: this.detail };
  }
}
