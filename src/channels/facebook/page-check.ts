// "Check connection" for the Integrações panel: asks the Graph API who the Page access token
// belongs to (GET {graph}/{version}/me?fields=id,name). As with the Send API, the token travels as
// `access_token` in the query, and never comes back in a message.
import { callGraphApi, graphCheckFailure, type CheckFailure, type GraphApi } from '../core/graph-api.js';

export type PageCheck =
  | { ok: true; page: { id: string; name: string } }
  | (CheckFailure & { /** Meta refused the token itself (error 190). */ invalidToken: boolean });

export async function checkPage(graph: GraphApi, pageAccessToken: string, timeoutMs = 10_000): Promise<PageCheck> {
  try {
    const body = (await callGraphApi(graph, pageAccessToken, { method: 'GET', path: '/me?fields=id,name', timeoutMs, tokenIn: 'query' })) as { id?: unknown; name?: unknown } | null;
    if (typeof body?.id === 'string' && typeof body.name === 'string') return { ok: true, page: { id: body.id, name: body.name } };
    return { ok: false, message: 'the Graph API answered without the Page', code: 'check_no_page', invalidToken: false };
  } catch (error: unknown) {
    return graphCheckFailure(error, 'Page access token');
  }
}
