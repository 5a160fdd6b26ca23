// IBM Watson Assistant's v1 API, as much as a migration needs: list the workspaces of an instance
// and export one (`GET /v1/workspaces`, `GET /v1/workspaces/{id}?export=true`). The API key is sent
// as Basic auth with the user `apikey`, as IBM Cloud accepts, never in a URL, and cut out of any
// text that could reach a log or an error. The calls go through the platform's SSRF-guarded client
// (src/outbound), which checks the address of each connection it opens: the URL is an
// administrator's, and a check made before the call could be passed by a name that resolves to
// another address when the call is made (DNS rebinding).
import { STATUS_CODES } from 'node:http';
import { redact } from '../../channels/core/platform-http.js';
import type { OutboundClient } from '../../outbound/outbound-client.js';
import { basicCredential } from '../../outbound/secret-echoes.js';
import { isWatsonWorkspace } from '../../assistant/other-platforms/read-watson-workspace.js';

export interface WatsonCredentials {
  apiKey: string;
  /** The instance's URL, e.g. https://api.us-south.assistant.watson.cloud.ibm.com/instances/… */
  url: string;
  /** The API version date, e.g. 2021-06-14. */
  version: string;
}

export interface WatsonWorkspaceSummary {
  workspaceId: string;
  name: string;
  language: string;
  description: string;
  updated?: string;
}

/** The user of the Basic credential IBM Cloud takes with an API key as its password. */
const WATSON_USER = 'apikey';

/** A workspace export is the size of an assistant file at most. */
const MAX_WORKSPACE_BYTES = 10 * 1024 * 1024;

/** What went wrong, in English for API clients, and as a code with params for the console. */
export class WatsonApiError extends Error {
  constructor(
    message: string,
    readonly code: 'watson_failed' | 'watson_unreachable' | 'watson_key_refused' | 'watson_not_found' | 'watson_answered' = 'watson_failed',
    readonly params?: Record<string, string>,
  ) {
    super(message);
  }
}

function endpoint(credentials: WatsonCredentials, path: string, query: Record<string, string>): string {
  const base = credentials.url.replace(/\/+$/, '');
  return `${base}/v1${path}?${new URLSearchParams({ version: credentials.version, ...query }).toString()}`;
}

async function get(client: OutboundClient, credentials: WatsonCredentials, path: string, query: Record<string, string>): Promise<unknown> {
  const authorization = `Basic ${basicCredential(WATSON_USER, credentials.apiKey)}`;
  // Echoed back (a 4xx quoting the request's headers), the key may be in any form it was sent in.
  const sent = { secret: credentials.apiKey, basicUser: WATSON_USER };
  let answer;
  try {
    answer = await client.send({ method: 'GET', url: endpoint(credentials, path, query), headers: { authorization, accept: 'application/json' }, maxBytes: MAX_WORKSPACE_BYTES, timeoutMs: 30_000 });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WatsonApiError(`Watson did not answer: ${redact(reason, sent)}`, 'watson_unreachable');
  }
  let json: unknown = null;
  try {
    json = answer.body === '' ? null : (JSON.parse(answer.body) as unknown);
  } catch {
    json = null;
  }
  const response = { status: answer.status, json };
  const status = `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) throw new WatsonApiError(`Watson refused the API key (${status})`, 'watson_key_refused', { status });
  if (response.status === 404) throw new WatsonApiError(`Watson has no ${path.startsWith('/workspaces/') ? 'such workspace' : 'workspaces API'} at this URL (${status}); check the URL`, 'watson_not_found', { status });
  if (response.status >= 400) {
    const message = (response.json as { error?: unknown } | null)?.error;
    const detail = typeof message === 'string' ? redact(message, sent).slice(0, 300) : (STATUS_CODES[response.status] ?? '');
    throw new WatsonApiError(`Watson answered ${status}${detail ? `: ${detail}` : ''}`, 'watson_answered', { status, detail });
  }
  if (response.json === null) throw new WatsonApiError('Watson answered something that is not JSON (or larger than 10 MB)');
  return response.json;
}

/** Pages of the workspace list read at most (Watson's `next_cursor`), 200 workspaces each. */
const MAX_WORKSPACE_PAGES = 10;

export async function listWatsonWorkspaces(client: OutboundClient, credentials: WatsonCredentials): Promise<WatsonWorkspaceSummary[]> {
  const all: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_WORKSPACE_PAGES; page++) {
    const body = (await get(client, credentials, '/workspaces', { page_limit: '200', ...(cursor === undefined ? {} : { cursor }) })) as { workspaces?: unknown; pagination?: { next_cursor?: unknown } };
    if (!Array.isArray(body.workspaces)) throw new WatsonApiError('Watson answered without a list of workspaces');
    all.push(...(body.workspaces as unknown[]));
    const next = body.pagination?.next_cursor;
    if (typeof next !== 'string' || next === '' || next === cursor) break;
    cursor = next;
  }
  return all.flatMap((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const workspace = raw as Record<string, unknown>;
    const id = workspace['workspace_id'];
    if (typeof id !== 'string') return [];
    const text = (key: string) => (typeof workspace[key] === 'string' ? (workspace[key] as string) : '');
    return [{ workspaceId: id, name: text('name'), language: text('language'), description: text('description'), ...(text('updated') ? { updated: text('updated') } : {}) }];
  });
}

/** Watson's workspace: its keys, and intents as Watson writes them (`intent`, not a Helper file's `name`). */
function isWatsonExport(value: unknown): boolean {
  if (!isWatsonWorkspace(value)) return false;
  const workspace = value as { intents: unknown[]; dialog_nodes?: unknown };
  const intentsOk = workspace.intents.every((intent) => typeof intent === 'object' && intent !== null && typeof (intent as { intent?: unknown }).intent === 'string');
  return intentsOk && (workspace.dialog_nodes === undefined || Array.isArray(workspace.dialog_nodes));
}

/**
 * The workspace as its export (what the Watson console downloads), as text for the importer. An
 * answer that is not a workspace (a Helper assistant file, a proxy's JSON) is Watson failing, never
 * read as whatever file it looks like.
 */
export async function exportWatsonWorkspace(client: OutboundClient, credentials: WatsonCredentials, workspaceId: string): Promise<string> {
  const workspace = await get(client, credentials, `/workspaces/${encodeURIComponent(workspaceId)}`, { export: 'true' });
  if (!isWatsonExport(workspace)) throw new WatsonApiError('Watson answered JSON that is not a workspace (an object with "intents" and "dialog_nodes")');
  return JSON.stringify(workspace);
}
