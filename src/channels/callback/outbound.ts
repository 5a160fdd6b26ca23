// What the callback channel sends on its own — a fired reminder's answer, trigger_intent's and
// execute's with output_channel=callback, posted bot events sent with execute_side_effects — goes
// through the push channels' one delivery mechanism (../core/outbox-sender.ts): rendered as outbox
// rows (one per JSON body) stored in the turn's own transaction, then POSTed one after another per
// recipient, retried, exactly once but for a call in flight when its process died. This file says
// how one POST is made and how the callback URL's answers are read:
// - the URL is read (sealed, per assistant) at delivery time: the one set now, not the one set when
//   the answer was stored; none set → the answer is given up and recorded (`failed`);
// - each POST is `postToCallback` (./callback-output.ts): through the SSRF-guarded client
//   (src/outbound), a redirect refused, 10 s at most, the URL never in a log line or a recorded
//   delivery;
// - an address the guard refuses (not public, and HELPER_OUTBOUND_ALLOW does not name it) or a URL
//   it will not call (credentials in it): not called, given up at once and recorded as `failed`
//   with the refusal (which names the variable, not the host); sending again would change nothing;
// - no answer (a refused connection, a timeout, a redirect), 5xx, 408 and 429: retried with the
//   channels' backoff (HELPER_CHANNEL_SEND_ATTEMPTS, …_RETRY_DELAY_MS, …_RETRY_MAX_DELAY_MS), then
//   given up and recorded as `failed`;
// - any other answer that is not 2xx (400, 401, 403, 404, 410…): the client's server will not take
//   it as it is, so it is given up at once and recorded as `failed`, and the recipient's next
//   answer goes.
import type { OutboundClient } from '../../outbound/outbound-client.js';
import { OUTBOUND_ALLOW_VARIABLE } from '../../outbound/outbound-policy.js';
import type { OutboundMessage } from '../../store/store.js';
import { deliveryReason } from '../core/delivery-reason.js';
import type { ChannelTransport, FailureHandling } from '../core/outbox-sender.js';
import { PlatformCallError } from '../core/platform-call-error.js';
import { CallbackDeliveryError, postToCallback } from './callback-output.js';

export const CALLBACK = 'callback';
/** Why an answer for the callback URL was not sent, in a recorded delivery's `detail` (code `no_callback_url`). */
export const NO_CALLBACK_URL = 'no callback URL is set';

/** A POST the outbound guard did not make (./callback-output.ts `CallbackDeliveryError.refusal`): the URL itself, or its host's address. */
export class CallbackRefusedError extends PlatformCallError {
  constructor(refusal: string, refused: 'address' | 'url' = 'address') {
    super(null, null, null, refusal, null, refused === 'url' ? deliveryReason('url_refused') : deliveryReason('address_refused', { variable: OUTBOUND_ALLOW_VARIABLE }));
    this.name = 'CallbackRefusedError';
  }
}

/** Whether a failed POST is worth another: no answer, the server's failure, or its "later" (408, 429); never the guard's refusal. */
export function classifyCallbackFailure(error: PlatformCallError): FailureHandling {
  if (error instanceof CallbackRefusedError) return { retry: false, status: 'failed' };
  if (error.status === null || error.status >= 500 || error.status === 408 || error.status === 429) return { retry: true };
  return { retry: false, status: 'failed' };
}

export function callbackTransport(options: { client: OutboundClient; url(assistantId: number): Promise<string | undefined>; timeoutMs?: number }): ChannelTransport {
  return {
    channel: CALLBACK,
    credential: options.url,
    missingCredential: { reason: NO_CALLBACK_URL, remedy: 'helper callback-url', code: 'no_callback_url' },
    async send(item: OutboundMessage, url: string) {
      try {
        await postToCallback(options.client, url, item.payload, options.timeoutMs);
      } catch (error: unknown) {
        // Its message names the status or the refusal only, never the URL.
        if (error instanceof CallbackDeliveryError) throw error.refusal === undefined ? new PlatformCallError(error.status, null, null, error.message) : new CallbackRefusedError(error.refusal, error.refused);
        throw new PlatformCallError(null, null, null, 'the callback URL could not be reached');
      }
      return undefined;
    },
    classify: classifyCallbackFailure,
  };
}
