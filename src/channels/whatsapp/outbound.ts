// WhatsApp answers through the push channels' one delivery mechanism (../core/outbox-sender.ts);
// this file says how one Cloud API call is made and how Meta's errors are read
// (reference/whatsapp-cloud.md §3–5).
//
// - Calls: `POST {graph}/{version}/{phone-number-id}/messages`, either a message to the user or
//   "mark as read" of their message (with the typing indicator when an answer follows). The
//   phone number id is the one the user wrote to, kept in the outbox item.
// - The 24-hour window: a message (not a read receipt) to a user whose last message is more than
//   24 hours old is not sent, and recorded as refused with the reason; Meta's own 131047 is read
//   the same way. Templates, the only messages allowed outside the window, are not supported yet.
// - Rate limits are waited out, never counted as attempts (../core/outbox-sender.ts `throttled`):
//   130429 (throughput), 4 and 80007 (API rate limits) pause every send of the assistant for a
//   growing time; 131056 (pair rate limit: this user too fast) delays only that user's next message
//   (at least 6 s, growing).
// - Retried with backoff: 1 and 2 (temporary), HTTP 5xx and 429 without a code, timeouts and
//   network errors. Never retried: everything else; 190 (the access token expired or is invalid)
//   also flags the integration as needing a new token.
// - The wamid Meta gives each sent message is recorded, so the statuses Meta sends later line up.
import type { OutboundMessage, Store } from '../../store/store.js';
import { deliveryReason } from '../core/delivery-reason.js';
import { callGraphApi, type GraphApi } from '../core/graph-api.js';
import type { ChannelTransport, FailureHandling } from '../core/outbox-sender.js';
import type { PlatformCallError } from '../core/platform-call-error.js';
import type { WhatsAppMessageBody } from './render-whatsapp.js';
import { WHATSAPP } from './whatsapp-settings.js';

export const CUSTOMER_SERVICE_WINDOW_SECONDS = 24 * 60 * 60;
export const OUTSIDE_WINDOW_CODE = 131047;
export const INVALID_TOKEN_CODE = 190;
export const OUTSIDE_WINDOW_REASON =
  "outside WhatsApp's 24-hour customer service window (the user's last message is older): only an approved template may be sent, and templates are not supported yet";
const PAIR_RATE_LIMIT_CODE = 131056;
const RATE_LIMIT_CODES = new Set([130429, 4, 80007]);
const TEMPORARY_CODES = new Set([1, 2]);

/** Codes no retry mends (reference/whatsapp-cloud.md): 0, 10 and 200–299, 100, 131026, 131048, 368. */
function isPermanent(code: number): boolean {
  return code === 0 || code === 10 || (code >= 200 && code <= 299) || code === 100 || code === 131026 || code === 131048 || code === 368;
}

/** What the outbox holds for one call (never a credential). */
export type WhatsAppCall =
  | { kind: 'read'; phoneNumberId: string; messageId: string; typing: boolean }
  | { kind: 'message'; phoneNumberId: string; message: WhatsAppMessageBody };

export function classifyWhatsAppFailure(error: PlatformCallError): FailureHandling {
  if (error.status === null) return { retry: true };
  if (error.code === PAIR_RATE_LIMIT_CODE) return { retry: true, atLeastMs: 6_000, throttled: 'recipient' };
  if (error.code !== null && RATE_LIMIT_CODES.has(error.code)) return { retry: true, throttled: 'sender' };
  if (error.code !== null && TEMPORARY_CODES.has(error.code)) return { retry: true };
  if (error.code === OUTSIDE_WINDOW_CODE) return { retry: false, status: 'refused', reasonCode: deliveryReason('outside_window', { code: OUTSIDE_WINDOW_CODE }) };
  if (error.code === INVALID_TOKEN_CODE) return { retry: false, status: 'failed', invalidToken: true };
  // A 5xx or 429 is Meta's trouble (131000 "Something went wrong"), unless its code says no retry
  // mends it (auth and permission, bad parameters, undeliverable, policy).
  if ((error.status >= 500 || error.status === 429) && !(error.code !== null && isPermanent(error.code))) return { retry: true };
  return { retry: false, status: 'failed' };
}

export function whatsAppTransport(options: {
  graph: GraphApi;
  contacts: Pick<Store['channels'], 'contact'>;
  accessToken(assistantId: number): Promise<string | undefined>;
  now?: () => number;
}): ChannelTransport {
  const now = options.now ?? (() => Date.now() / 1000);
  return {
    channel: WHATSAPP,
    credential: options.accessToken,
    async refusal(item: OutboundMessage) {
      if ((item.payload as WhatsAppCall).kind !== 'message') return undefined;
      const contact = await options.contacts.contact(item.assistantId, WHATSAPP, item.recipient);
      const last = contact?.lastInboundAt;
      if (last === null || last === undefined || now() - last <= CUSTOMER_SERVICE_WINDOW_SECONDS) return undefined;
      return {
        status: 'refused',
        reason: OUTSIDE_WINDOW_REASON,
        reasonCode: deliveryReason('outside_window'),
        record: true,
      };
    },
    async send(item: OutboundMessage, token: string) {
      const call = item.payload as WhatsAppCall;
      const path = `/${encodeURIComponent(call.phoneNumberId)}/messages`;
      if (call.kind === 'read') {
        const body = { messaging_product: 'whatsapp', status: 'read', message_id: call.messageId, ...(call.typing ? { typing_indicator: { type: 'text' } } : {}) };
        await callGraphApi(options.graph, token, { method: 'POST', path, body });
        return undefined;
      }
      const body = { messaging_product: 'whatsapp', recipient_type: 'individual', to: item.recipient, ...call.message };
      const answer = (await callGraphApi(options.graph, token, { method: 'POST', path, body })) as { messages?: Array<{ id?: unknown }> } | null;
      const id = answer?.messages?.[0]?.id;
      return typeof id === 'string' ? id : undefined;
    },
    classify: classifyWhatsAppFailure,
  };
}
