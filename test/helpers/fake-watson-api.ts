// A local stand-in for IBM Watson Assistant's v1 API (HTTP on 127.0.0.1) under an instance path,
// as IBM Cloud serves it: GET {instance}/v1/workspaces and {instance}/v1/workspaces/{id}?export=true,
// both needing `version` and Basic auth `apikey:<key>`; 401 in Watson's error shape otherwise.
// Every request's URL and Authorization are kept, so a test can check where the key travelled.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWatsonApi {
  /** The instance's URL, as the Watson console shows it. */
  url: string;
  requests: Array<{ url: string; authorization: string | undefined }>;
  /** While true, an authorized request is answered 400 with an error quoting its Authorization header (as a proxy or a debug build may). */
  echoAuthorization: boolean;
  close(): Promise<void>;
}

export async function startFakeWatsonApi(apiKey: string, workspaces: Array<Record<string, unknown>>, options: {
    /** The most a page holds, whatever page_limit asks. */ pageSize?: number;
    /** An export answered as given for this id (not a workspace of the list: anything a broken or impostor server may send). */
    exports?: Record<string, unknown>;
  } = {}): Promise<FakeWatsonApi> {
  const requests: FakeWatsonApi['requests'] = [];
  const instance = '/instances/7d3c2a1b-0000-4f00-9e00-000000000abc';
  const expected = `Basic ${Buffer.from(`apikey:${apiKey}`).toString('base64')}`;
  const fake: FakeWatsonApi = {
    url: '',
    requests,
    echoAuthorization: false,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    const url = new URL(request.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== expected) return send(401, { code: 401, error: 'Unauthorized' });
    if (fake.echoAuthorization) return send(400, { code: 400, error: `Invalid request headers: Authorization: ${request.headers.authorization ?? ''}` });
    if (!url.searchParams.get('version')) return send(400, { code: 400, error: 'Missing required query parameter: version' });
    if (url.pathname === `${instance}/v1/workspaces`) {
      // Pages as Watson's: `page_limit`, and `cursor` = the previous page's `next_cursor`.
      const limit = Math.min(Number(url.searchParams.get('page_limit') ?? 100), options.pageSize ?? Infinity);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const page = workspaces.slice(start, start + limit);
      const more = start + limit < workspaces.length;
      return send(200, {
        workspaces: page.map((workspace) => ({
          name: workspace['name'],
          language: workspace['language'],
          description: workspace['description'],
          workspace_id: workspace['workspace_id'],
          updated: '2026-11-30T10:00:00.000Z',
        })),
        pagination: {
          refresh_url: `/v1/workspaces?version=${url.searchParams.get('version') ?? ''}`,
          ...(more ? { next_cursor: String(start + limit), next_url: `/v1/workspaces?version=${url.searchParams.get('version') ?? ''}&cursor=${start + limit}` } : {}),
        },
      });
    }
    const match = new RegExp(`^${instance}/v1/workspaces/([^/]+)$`).exec(url.pathname);
    const given = match ? options.exports?.[decodeURIComponent(match[1] ?? '')] : undefined;
    if (given !== undefined) return send(200, given);
    const workspace = match ? workspaces.find((candidate) => candidate['workspace_id'] === decodeURIComponent(match[1] ?? '')) : undefined;
    if (!workspace) return send(404, { code: 404, error: 'Resource not found' });
    // Without export=true Watson leaves out intents' examples and dialog nodes.
    if (url.searchParams.get('export') !== 'true') return send(200, { ...workspace, intents: [], entities: [], dialog_nodes: [] });
    return send(200, workspace);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}${instance}`;
  return fake;
}
