// Meta's Graph API, as Messenger's Send API and WhatsApp's Cloud API use it, with the access token
// where each product's documentation puts it: WhatsApp's Cloud API in the `Authorization: Bearer`
// header, Messenger's Send API in `?access_token=` (reference/messenger.md §4; the Graph API takes
// either). The URL is never logged, and any text of an answer or a failure that could reach a log
// or an error has the token cut out (./platform-http.ts). A failure carries Meta's error code and
// subcode and its message.
import { deliveryReason } from './delivery-reason.js';
import { PlatformCallError } from './platform-call-error.js';
import { callPlatform, redact } from './platform-http.js';

export interface GraphApi {
  /** Base URL without a trailing slash (HELPER_GRAPH_API_URL). */
  url: string;
  /** The pinned version, e.g. v21.0 (HELPER_GRAPH_API_VERSION). */
  version: string;
}

/** Calls `{graph}/{version}{path}`; resolves with the answer's JSON, rejects with a PlatformCallError. */
export async function callGraphApi(
  graph: GraphApi,
  token: string,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown; timeoutMs?: number; /** Where the token goes: the header (default) or the query. */ tokenIn?: 'header' | 'query' },
): Promise<unknown> {
  const inQuery = request.tokenIn === 'query';
  const separator = request.path.includes('?') ? '&' : '?';
  const response = await callPlatform({
    method: request.method,
    url: `${graph.url}/${graph.version}${request.path}${inQuery ? `${separator}access_token=${encodeURIComponent(token)}` : ''}`,
    headers: inQuery ? {} : { authorization: `Bearer ${token}` },
    ...(request.body === undefined ? {} : { body: request.body }),
    secret: token,
    ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
  });
  if (response.status >= 200 && response.status < 300) return response.json;
  const error = (response.json as { error?: { message?: unknown; code?: unknown; error_subcode?: unknown; error_data?: { details?: unknown } } } | null)?.error;
  const details = typeof error?.error_data?.details === 'string' ? ` (${error.error_data.details})` : '';
  const message = typeof error?.message === 'string' ? redact(`${error.message}${details}`, token) : 'no error body';
  const code = typeof error?.code === 'number' ? error.code : null;
  const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : null;
  // Meta's own error, its message quoted as Meta wrote it; an answer without one is only its status.
  const reason = typeof error?.message === 'string' || code !== null ? deliveryReason('graph_error', { status: response.status, code, subcode, message: typeof error?.message === 'string' ? message : null }) : undefined;
  throw new PlatformCallError(response.status, code, subcode, message, null, reason);
}

/** A "check connection" that failed, in words for the Integrações panel; 190 means the token itself was refused. */
/** A check's failure: `message` in English (the CLI), `code` and `params` for the console's words (src/admin-api/problem-codes.ts). */
export interface CheckFailure {
  ok: false;
  message: string;
  code: string;
  params?: Record<string, string | number>;
}

export function graphCheckFailure(error: unknown, tokenName: string): CheckFailure & { invalidToken: boolean } {
  if (!(error instanceof PlatformCallError)) throw error;
  const service = 'Graph API';
  if (error.status === null) {
    return error.detail === 'timed out'
      ? { ok: false, message: 'the Graph API did not answer in time', code: 'check_timeout', params: { service }, invalidToken: false }
      : { ok: false, message: 'the Graph API could not be reached', code: 'check_unreachable', params: { service }, invalidToken: false };
  }
  // The status in the platform's own notation (`#190`, `HTTP 502`: no words of a language) and its
  // message, which the console quotes as Meta's words (with any credential already cut out).
  const detail = error.detail.slice(0, 300);
  if (error.code === 190) return { ok: false, message: `Meta refused the ${tokenName} (code 190: ${error.detail}); set a new one`, code: 'check_token_refused', params: { service: 'Meta', status: '#190', detail }, invalidToken: true };
  const status = error.code === null ? `HTTP ${error.status}` : `#${error.code}`;
  return { ok: false, message: `the Graph API answered ${error.code === null ? status : `code ${error.code}`}: ${error.detail}`, code: 'check_answered', params: { service, status, detail }, invalidToken: false };
}
