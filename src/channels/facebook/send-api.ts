// Messenger's Send API: POST {graph}/{version}/me/messages. The Page access token goes in the
// `Authorization: Bearer` header, which the Graph API accepts as well as the `access_token` query
// parameter Meta's examples use, so it never sits in a URL that a log, a proxy or an error could
// print. Errors carry Meta's code and message (never the token, never the request).
import type { MessengerMessage } from './render-messenger.js';

export interface GraphApi {
  url: string;
  version: string;
}

export class SendApiError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: number | null,
    readonly subcode: number | null,
    detail: string,
  ) {
    super(`Send API ${status === null ? 'unreachable' : `HTTP ${status}`}${code === null ? '' : ` code ${code}${subcode === null ? '' : `/${subcode}`}`}: ${detail}`);
    this.name = 'SendApiError';
  }
}

export type SendBody =
  | { recipient: { id: string }; messaging_type: 'RESPONSE'; message: MessengerMessage }
  | { recipient: { id: string }; sender_action: 'typing_on' | 'typing_off' | 'mark_seen' };

export async function callSendApi(graph: GraphApi, pageAccessToken: string, body: SendBody, timeoutMs = 15_000): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${graph.url}/${graph.version}/me/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pageAccessToken}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error: unknown) {
    throw new SendApiError(null, null, null, error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not connect');
  }
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (response.ok) return json;
  const error = (json as { error?: { message?: unknown; code?: unknown; error_subcode?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message.replaceAll(pageAccessToken, '[redacted]').slice(0, 300) : 'no error body';
  throw new SendApiError(
    response.status,
    typeof error?.code === 'number' ? error.code : null,
    typeof error?.error_subcode === 'number' ? error.error_subcode : null,
    message,
  );
}
