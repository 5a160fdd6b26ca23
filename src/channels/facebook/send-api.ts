// Messenger's Send API: POST {graph}/{version}/me/messages?access_token=… (reference/messenger.md
// §4), through the Graph API client the Meta channels share.
import { callGraphApi, type GraphApi } from '../core/graph-api.js';
import type { MessengerMessage } from './render-messenger.js';

export type SendBody =
  | { recipient: { id: string }; messaging_type: 'RESPONSE' | 'UPDATE'; message: MessengerMessage }
  | { recipient: { id: string }; sender_action: 'typing_on' | 'typing_off' | 'mark_seen' };

export async function callSendApi(graph: GraphApi, pageAccessToken: string, body: SendBody): Promise<unknown> {
  return callGraphApi(graph, pageAccessToken, { method: 'POST', path: '/me/messages', body, tokenIn: 'query' });
}
