import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundClient } from '../../outbound/outbound-client.js';
import { parseOutboundAllow } from '../../outbound/outbound-policy.js';
import { listWatsonWorkspaces, WatsonApiError } from './watson-api.js';

let server: Server;
let url: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ workspaces: [{ workspace_id: 'w1', name: 'Suporte', language: 'pt-br' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/instances/abc`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("the Watson API's calls", () => {
  const credentials = () => ({ url, apiKey: 'chave-watson', version: '2021-06-14' });

  it('are checked by the SSRF guard on the connection itself, not only before (a name may resolve elsewhere then)', async () => {
    const guarded = new OutboundClient(parseOutboundAllow(''));
    try {
      const refused = await listWatsonWorkspaces(guarded, credentials()).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WatsonApiError);
      expect(refused).toMatchObject({ code: 'watson_unreachable', message: expect.stringMatching(/127\.0\.0\.1 is not a public address .*refused unless HELPER_OUTBOUND_ALLOW/) });
      expect((refused as Error).message).not.toContain('chave-watson');
      // A name that resolves inside: the host as given, never the address it resolved to.
      const byName = await listWatsonWorkspaces(guarded, { ...credentials(), url: url.replace('127.0.0.1', 'localhost') }).catch((error: unknown) => error);
      expect(byName).toMatchObject({ code: 'watson_unreachable', message: expect.stringMatching(/localhost resolves to an address that is not public .*HELPER_OUTBOUND_ALLOW/) as unknown });
      expect((byName as Error).message).not.toMatch(/127\.0\.0\.1|::1/);
      expect(requests).toEqual([]);
    } finally {
      guarded.close();
    }
  });

  it('reach an address the allow-list names', async () => {
    const allowed = new OutboundClient(parseOutboundAllow('127.0.0.1'));
    try {
      expect(await listWatsonWorkspaces(allowed, credentials())).toEqual([{ workspaceId: 'w1', name: 'Suporte', language: 'pt-br', description: '' }]);
      expect(requests).toEqual(['/instances/abc/v1/workspaces?version=2021-06-14&page_limit=200']);
    } finally {
      allowed.close();
    }
  });
});
