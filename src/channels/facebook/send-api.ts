// Messenger's Send API: POST {graph}/{version}/me/messages?access_token=… (reference/messenger.md
// §4), through the Graph API client the Meta channels share.
import { callGraphApi, type GraphApi } from '../core/graph-api.js';
import type { MessengerMessage } from './render-messenger.js';

/**
 * Why a message may be sent (reference/messenger.md §5): `RESPONSE` answers the user within 24
 * hours of their message; `UPDATE` is what the platform sends on its own within them; after them a
 * `MESSAGE_TAG` — `HUMAN_AGENT`, a person's reply, up to 7 days (needs Meta's App Review).
 */
export type MessagingType = { messaging_type: 'RESPONSE' | 'UPDATE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

export type SendBody =
  | ({ recipient: { id: string }; message: MessengerMessage } & MessagingType)
  | { recipient: { id: string }; sender_action: 'typing_on' | 'typing_off' | 'mark_seen' };

export async function callSendApi(graph: GraphApi, pageAccessToken: string, body: SendBody): Promise<unknown> {
  return callGraphApi(graph, pageAccessToken, { method: 'POST', path: '/me/messages', body, tokenIn: 'query' });
}
