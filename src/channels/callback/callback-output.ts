// Rasa's callback output channel: each bot message, in the REST shape (with recipient_id), is
// POSTed as its own JSON body to the assistant's callback URL, in order. The URL is per assistant,
// sealed at rest (it may carry a credential), and never logged. What answers there is not ours to
// trust, and the URL itself may point inside the operator's network (cloud metadata, an internal
// service): every POST goes through the SSRF-guarded client (src/outbound), so an address that is
// not public is refused unless HELPER_OUTBOUND_ALLOW names it, checked on the address connected to;
// a redirect is refused, not followed (it could point the platform's POST elsewhere, and the caller
// would read its status in the 502). Every POST to it, the webhook's own, an agent's reply and the
// outbox's (./outbound.ts), is `postToCallback`: these rules are kept in one place.
import { OutboundError, type OutboundClient } from '../../outbound/outbound-client.js';
import type { BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord } from '../../store/store.js';
import { secretStates, type SecretState, type SettingsAccess } from '../core/channel-secrets.js';
import { renderForRest, type RestMessage } from '../rest/render-rest.js';

export const CALLBACK_URL_SECRET = 'callback_url';

/** Whether the assistant's callback URL is set (Integrações shows the channel's failures then); never the URL. */
export async function callbackUrlState(access: SettingsAccess, assistant: AssistantRecord): Promise<SecretState> {
  return (await secretStates(access, assistant, { url: CALLBACK_URL_SECRET })).url;
}

/** How long one POST to the callback URL may take. */
export const CALLBACK_TIMEOUT_MS = 10_000;

export class CallbackDeliveryError extends Error {
  constructor(
    readonly status: number | null,
    /** Why it was not called at all, when the outbound guard refused the URL (a private address, credentials in it): sending it again changes nothing. */
    readonly refusal?: string,
    /** What the guard refused: the address the host is (or resolves to), or the URL itself (not http(s), a user or password in it). */
    readonly refused?: 'address' | 'url',
  ) {
    super(refusal ?? (status === null ? 'the callback URL could not be reached' : `the callback URL answered HTTP ${status}`));
    this.name = 'CallbackDeliveryError';
  }
}

/** The JSON bodies of messages to one recipient, in order: the REST shape, each item its own POST. */
export function callbackItems(recipientId: string, messages: readonly BotMessage[]): RestMessage[] {
  return messages.flatMap((message) => renderForRest(recipientId, message));
}

/**
 * The guard's refusal in words that hold no part of the URL: its message names the host as given,
 * which here is the callback URL's, a write-only setting (a viewer reads the recorded failure).
 */
function refusalOfUrl(error: OutboundError, url: string): string {
  if (error.failure === 'bad-url') return 'the callback URL is refused: it must be an http(s) URL without a user or password in it';
  const host = URL.canParse(url) ? new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase() : '';
  return host !== '' && error.message.startsWith(host) ? `the callback URL's host${error.message.slice(host.length)}` : 'the callback URL is refused by the outbound guard (HELPER_OUTBOUND_ALLOW)';
}

/**
 * POSTs one body to the callback URL through the guarded client: no redirect followed, at most
 * `timeoutMs`, the answer's body not read. Rejects with a CallbackDeliveryError (the status; null
 * when there was no answer: a timeout, a refused connection, a redirect; or the guard's refusal),
 * whose message never holds the URL.
 */
export async function postToCallback(client: OutboundClient, url: string, item: unknown, timeoutMs = CALLBACK_TIMEOUT_MS): Promise<void> {
  let status: number;
  try {
    ({ status } = await client.send({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(item), timeoutMs, redirects: 'refuse', discardBody: true }));
  } catch (error: unknown) {
    if (error instanceof OutboundError && (error.failure === 'refused' || error.failure === 'bad-url')) throw new CallbackDeliveryError(null, refusalOfUrl(error, url), error.failure === 'bad-url' ? 'url' : 'address');
    throw new CallbackDeliveryError(null);
  }
  if (status < 200 || status >= 300) throw new CallbackDeliveryError(status);
}

/** POSTs messages to the callback URL at once, one after another; the first failure rejects and stops the rest. */
export async function sendToCallback(client: OutboundClient, url: string, recipientId: string, messages: readonly BotMessage[], timeoutMs = CALLBACK_TIMEOUT_MS): Promise<void> {
  for (const item of callbackItems(recipientId, messages)) await postToCallback(client, url, item, timeoutMs);
}
