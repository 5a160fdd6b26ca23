// Rasa's callback output channel: each bot message, in the REST shape (with recipient_id), is
// POSTed as its own JSON body to the assistant's callback URL, in order. The URL is per assistant,
// sealed at rest (it may carry a credential), and never logged. The URL is the operator's (set with
// `helper callback-url`), but what answers there is not ours to trust: a redirect is refused, not
// followed (it could point the platform's POST at an internal address, and the caller would read
// its status in the 502). Every POST to it, the webhook's own and the outbox's (./outbound.ts), is
// `postToCallback`: these rules are kept in one place.
import type { BotMessage } from '../../skills/bot-message.js';
import { renderForRest, type RestMessage } from '../rest/render-rest.js';

export const CALLBACK_URL_SECRET = 'callback_url';

/** How long one POST to the callback URL may take. */
export const CALLBACK_TIMEOUT_MS = 10_000;

export class CallbackDeliveryError extends Error {
  constructor(readonly status: number | null) {
    super(status === null ? 'the callback URL could not be reached' : `the callback URL answered HTTP ${status}`);
    this.name = 'CallbackDeliveryError';
  }
}

/** The JSON bodies of messages to one recipient, in order: the REST shape, each item its own POST. */
export function callbackItems(recipientId: string, messages: readonly BotMessage[]): RestMessage[] {
  return messages.flatMap((message) => renderForRest(recipientId, message));
}

/**
 * POSTs one body to the callback URL: no redirect followed, at most `timeoutMs`, the answer's body
 * not read. Rejects with a CallbackDeliveryError (the status, or null when there was no answer: a
 * timeout, a refused connection, a redirect), whose message never holds the URL.
 */
export async function postToCallback(url: string, item: unknown, timeoutMs = CALLBACK_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(item),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch {
    throw new CallbackDeliveryError(null);
  }
  await response.body?.cancel();
  if (!response.ok) throw new CallbackDeliveryError(response.status);
}

/** POSTs messages to the callback URL at once, one after another; the first failure rejects and stops the rest. */
export async function sendToCallback(url: string, recipientId: string, messages: readonly BotMessage[], timeoutMs = CALLBACK_TIMEOUT_MS): Promise<void> {
  for (const item of callbackItems(recipientId, messages)) await postToCallback(url, item, timeoutMs);
}
