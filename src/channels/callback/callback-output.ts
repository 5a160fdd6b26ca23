// Rasa's callback output channel: each bot message, in the REST shape (with recipient_id), is
// POSTed as its own JSON body to the assistant's callback URL, in order. The URL is per assistant,
// sealed at rest (it may carry a credential), and never logged. The URL is the operator's (set with
// `helper callback-url`), but what answers there is not ours to trust: a redirect is refused, not
// followed (it could point the platform's POST at an internal address, and the caller would read
// its status in the 502).
import type { BotMessage } from '../../skills/bot-message.js';
import { renderForRest } from '../rest/render-rest.js';

export const CALLBACK_URL_SECRET = 'callback_url';

export class CallbackDeliveryError extends Error {
  constructor(status: number | null) {
    super(status === null ? 'the callback URL could not be reached' : `the callback URL answered HTTP ${status}`);
    this.name = 'CallbackDeliveryError';
  }
}

export async function sendToCallback(url: string, recipientId: string, messages: readonly BotMessage[], timeoutMs = 10_000): Promise<void> {
  for (const item of messages.flatMap((message) => renderForRest(recipientId, message))) {
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
}
