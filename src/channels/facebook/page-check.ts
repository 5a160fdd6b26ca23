// "Check connection" for the Integrações panel: asks the Graph API who the Page access token
// belongs to (GET {graph}/{version}/me?fields=id,name). As with the Send API, the token travels in
// the Authorization header, never in the URL, and never comes back in a message.
import type { GraphApi } from './send-api.js';
import { INVALID_TOKEN_CODE } from './outbound.js';

export type PageCheck =
  | { ok: true; page: { id: string; name: string } }
  | { ok: false; message: string; /** Meta refused the token itself (error 190). */ invalidToken: boolean };

export async function checkPage(graph: GraphApi, pageAccessToken: string, timeoutMs = 10_000): Promise<PageCheck> {
  let response: Response;
  try {
    response = await fetch(`${graph.url}/${graph.version}/me?fields=id,name`, {
      headers: { authorization: `Bearer ${pageAccessToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error: unknown) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { ok: false, message: timedOut ? 'the Graph API did not answer in time' : 'the Graph API could not be reached', invalidToken: false };
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  const body = (typeof json === 'object' && json !== null ? json : {}) as { id?: unknown; name?: unknown; error?: { message?: unknown; code?: unknown } };
  if (response.ok && typeof body.id === 'string' && typeof body.name === 'string') return { ok: true, page: { id: body.id, name: body.name } };
  const code = typeof body.error?.code === 'number' ? body.error.code : null;
  const detail = typeof body.error?.message === 'string' ? body.error.message.replaceAll(pageAccessToken, '[redacted]').slice(0, 300) : `HTTP ${response.status}`;
  if (code === INVALID_TOKEN_CODE) {
    return { ok: false, message: `Meta refused the Page access token (code 190: ${detail}); set a new one`, invalidToken: true };
  }
  return { ok: false, message: `the Graph API answered ${code === null ? `HTTP ${response.status}` : `code ${code}`}: ${detail}`, invalidToken: false };
}
