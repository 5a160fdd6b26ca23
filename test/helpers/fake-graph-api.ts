// A local stand-in for Meta's Graph API (HTTP on 127.0.0.1), enough for the console's "check
// connection": GET /{version}/me answers the Page of a known Page access token (sent as a Bearer
// header or ?access_token=), and Meta's error 190 for any other token.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGraphApi {
  url: string;
  /** Paths of the calls received, without their query. */
  calls: string[];
  close(): Promise<void>;
}

export async function startFakeGraphApi(pages: Record<string, { id: string; name: string }>): Promise<FakeGraphApi> {
  const calls: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    calls.push(url.pathname);
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token') ?? '';
    const page = pages[token];
    response.setHeader('content-type', 'application/json');
    if (request.method === 'GET' && /^\/v\d+\.\d+\/me$/.test(url.pathname) && page) {
      response.end(JSON.stringify(page));
      return;
    }
    response.statusCode = 400;
    response.end(JSON.stringify({ error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'Afake' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
