// Messenger answers through the push channels' one delivery mechanism (../core/outbox-sender.ts:
// durable, ordered per user, retried, restart-safe); this file says how one Send API call is made
// and how Meta's errors are read (reference/messenger.md §4).
//
// Retried with backoff: Meta's temporary errors (codes 1200, 2, HTTP 5xx, timeouts and network
// errors). Rate limits (codes 4, 17, 32, 613, and HTTP 429) pause every send of the assistant's
// Page for a growing time (../core/outbox-sender.ts `throttled`), not counted as attempts: nothing
// is given up to a rate limit. Never retried: 10/2018278, 100, 190, 200, 551
// and any other 4xx; 190 (an invalid or expired Page access token) also marks the integration as
// needing a new token; 551 ("this person isn't available right now": blocked or deactivated) is
// recorded as `blocked` and marks the user unreachable, so what is pending for them is dropped
// without a call until they write again (../core/unreachable-contacts.ts).
//
// The 24-hour window: a proactive message (`UPDATE`: trigger_intent, a reminder, posted bot events)
// to a user whose last message is more than 24 hours old is not sent and is recorded as `refused`
// (reason `outside_window`), as WhatsApp's window refusal; Meta would refuse it (10 / 2018278).
import type { FastifyBaseLogger } from 'fastify';
import type { OutboundMessage, Store } from '../../store/store.js';
import { deliveryReason } from '../core/delivery-reason.js';
import type { GraphApi } from '../core/graph-api.js';
import { OutboxSender, type DeliveryOutcome, type FailureHandling, type TransportRefusal } from '../core/outbox-sender.js';
import { PlatformCallError } from '../core/platform-call-error.js';
import type { RetryPolicy } from '../core/retry-policy.js';
import { unreachableRefusal } from '../core/unreachable-contacts.js';
import { callSendApi, type SendBody } from './send-api.js';

export const MESSENGER_OUTBOX_CHANNEL = 'facebook';
/** Meta takes `UPDATE` (and `RESPONSE`) only within 24 hours of the user's last message (reference/messenger.md §5). */
export const UPDATE_WINDOW_SECONDS = 24 * 60 * 60;
/** The reason recorded with an `UPDATE` refused outside that window (the handoff API's word for it too). */
export const OUTSIDE_WINDOW_REASON = 'outside_window';

const TEMPORARY_CODES = new Set([1200, 2]);
/** App, user, Page and custom rate limits (Graph API rate limiting). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
// What no retry mends, whatever the HTTP status it comes with.
const PERMANENT_CODES = new Set([10, 100, 190, 200, 551]);
export const INVALID_TOKEN_CODE = 190;
const UNAVAILABLE_PERSON_CODE = 551;

/** Whether a failed Send API call may succeed if tried again. */
export function isTemporary(error: unknown): boolean {
  if (!(error instanceof PlatformCallError)) return true; // not Meta's answer: a fault on our side of the wire
  if (error.status === null) return true; // timeout or network error
  if (error.code !== null && (TEMPORARY_CODES.has(error.code) || RATE_LIMIT_CODES.has(error.code))) return true;
  if (error.code !== null && PERMANENT_CODES.has(error.code)) return false;
  // A 5xx or 429 is Meta's trouble whatever code it carries (500 with code 1, "An unknown error
  // has occurred"); any other 4xx is the request's.
  return error.status >= 500 || error.status === 429;
}

export function classifyMessengerFailure(error: PlatformCallError): FailureHandling {
  if ((error.code !== null && RATE_LIMIT_CODES.has(error.code)) || (error.status === 429 && !(error.code !== null && PERMANENT_CODES.has(error.code)))) return { retry: true, throttled: 'sender' };
  if (isTemporary(error)) return { retry: true };
  if (error.code === UNAVAILABLE_PERSON_CODE) return { retry: false, status: 'blocked' };
  return { retry: false, status: 'failed', invalidToken: error.code === INVALID_TOKEN_CODE };
}

export interface MessengerSenderOptions {
  outbox: Store['outbox'];
  /** Where users marked unreachable are looked up. */
  contacts: Pick<Store['channels'], 'contact'>;
  /** How long a claim on a recipient's items lasts unrenewed (../core/outbox-sender.ts). */
  claimMs?: number;
  graph: GraphApi;
  retry: RetryPolicy;
  log: FastifyBaseLogger;
  /** The assistant's Page access token, in plaintext; undefined when none is set. */
  pageAccessToken(assistantId: number): Promise<string | undefined>;
  /** Meta answered 190 to `token`: flag the integration as needing a new Page access token. */
  markNeedsNewToken(assistantId: number, reason: string, token: string): Promise<void>;
  /** Records failures (the channel's deliveries). */
  record?(outcome: DeliveryOutcome): Promise<void>;
  /** An answer item was given up: the metrics count it. */
  onGivenUp?(): void;
  /** Epoch seconds, for the 24-hour window. */
  now?: () => number;
}

/**
 * A proactive message (`UPDATE`: trigger_intent, a reminder) to a user whose last message is more
 * than 24 hours old: Meta would refuse it (10 / 2018278), so it is not sent and is recorded as
 * refused, as WhatsApp's window refusal. Unknown (no message recorded): sent. Answers (`RESPONSE`)
 * and a person's tagged replies (`HUMAN_AGENT`) are not checked here.
 */
async function outsideWindowRefusal(contacts: Pick<Store['channels'], 'contact'>, item: OutboundMessage, now: () => number): Promise<TransportRefusal | undefined> {
  if ((item.payload as Partial<{ messaging_type: string }> | null)?.messaging_type !== 'UPDATE') return undefined;
  const last = (await contacts.contact(item.assistantId, MESSENGER_OUTBOX_CHANNEL, item.recipient))?.lastInboundAt;
  if (last === null || last === undefined || now() - last <= UPDATE_WINDOW_SECONDS) return undefined;
  return { status: 'refused', reason: OUTSIDE_WINDOW_REASON, reasonCode: deliveryReason('outside_window'), record: true };
}

/** The outbox sender of Messenger's Send API bodies. */
export class MessengerSender extends OutboxSender {
  constructor(options: MessengerSenderOptions) {
    const { graph, pageAccessToken, contacts, now = () => Date.now() / 1000, ...rest } = options;
    super({
      ...rest,
      transport: {
        channel: MESSENGER_OUTBOX_CHANNEL,
        credential: pageAccessToken,
        refusal: async (item) => (await unreachableRefusal(contacts, MESSENGER_OUTBOX_CHANNEL, item)) ?? (await outsideWindowRefusal(contacts, item, now)),
        send: async (item, token) => {
          await callSendApi(graph, token, item.payload as SendBody);
          return undefined;
        },
        classify: classifyMessengerFailure,
      },
    });
  }
}
