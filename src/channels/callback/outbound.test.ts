// The callback channel's transport for the outbox: one POST per item to the URL read at delivery,
// its failures read as the outbox retries or gives up, and the URL never in what it reports.
// Against a local HTTP server on 127.0.0.1, reached through the SSRF-guarded client that allows it
// (HELPER_OUTBOUND_ALLOW=127.0.0.1), and refused by one that does not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboundClient } from '../../outbound/outbound-client.js';
import { parseOutboundAllow } from '../../outbound/outbound-policy.js';
import type { OutboundMessage } from '../../store/store.js';
import { PlatformCallError } from '../core/platform-call-error.js';
import { CallbackRefusedError, callbackTransport, classifyCallbackFailure } from './outbound.js';

let server: Server;
let base = '';
let answer = 200;
let bodies: unknown[] = [];
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      paths.push(request.url ?? '');
      if (request.url?.startsWith('/moved')) return void response.writeHead(307, { location: `${base}/internal` }).end();
      if (request.url?.startsWith('/slow')) return void setTimeout(() => response.writeHead(200).end(), 500);
      bodies.push(JSON.parse(body));
      response.writeHead(answer).end('x'.repeat(10));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  answer = 200;
  bodies = [];
  paths.length = 0;
});

const client = new OutboundClient(parseOutboundAllow('127.0.0.1'));
const guarded = new OutboundClient(parseOutboundAllow(''));
afterAll(() => {
  client.close();
  guarded.close();
});

const item = (payload: unknown): OutboundMessage => ({ id: 1, assistantId: 7, channel: 'callback', recipient: 'joao', payload, createdAt: 0 }) as unknown as OutboundMessage;
const failureOf = async (promise: Promise<unknown>): Promise<PlatformCallError> => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PlatformCallError);
  return error as PlatformCallError;
};

describe('the callback transport', () => {
  it('reads the URL per assistant when it sends, and POSTs the item as its JSON body', async () => {
    const asked: number[] = [];
    const transport = callbackTransport({ client, url: async (assistantId) => (asked.push(assistantId), `${base}/in?key=s3cret`) });
    const url = await transport.credential(7);
    expect(asked).toEqual([7]);
    await expect(transport.send(item({ recipient_id: 'joao', text: 'Olá' }), url!)).resolves.toBeUndefined();
    expect(bodies).toEqual([{ recipient_id: 'joao', text: 'Olá' }]);
    expect(paths).toEqual(['/in?key=s3cret']);
    expect(transport.missingCredential).toEqual({ reason: 'no callback URL is set', remedy: 'helper callback-url', code: 'no_callback_url' });
  });

  it('reports an HTTP failure with its status, and a redirect (not followed) or a timeout as no answer, never with the URL', async () => {
    const transport = callbackTransport({ client, url: async () => undefined, timeoutMs: 100 });
    answer = 503;
    const failed = await failureOf(transport.send(item({ text: 'a' }), `${base}/in?key=s3cret`));
    expect(failed.status).toBe(503);
    expect(failed.reasonCode).toEqual({ code: 'http_status', params: { status: 503 } });
    const moved = await failureOf(transport.send(item({ text: 'b' }), `${base}/moved?key=s3cret`));
    expect(moved.status).toBeNull();
    expect(paths).not.toContain('/internal');
    const slow = await failureOf(transport.send(item({ text: 'c' }), `${base}/slow?key=s3cret`));
    expect(slow.status).toBeNull();
    for (const error of [moved, slow]) expect(error.reasonCode).toEqual({ code: 'unreachable', params: {} });
    for (const error of [failed, moved, slow]) {
      expect(`${error.message} ${JSON.stringify(error.logFields)}`).not.toMatch(/s3cret|127\.0\.0\.1|moved|slow/);
    }
  });

  it('does not call an address the guard refuses (not allowed by the operator): gives it up at once, naming the refusal and the variable, never the URL', async () => {
    const transport = callbackTransport({ client: guarded, url: async () => undefined });
    for (const url of [`${base}/in?key=s3cret`, 'http://169.254.169.254/latest/meta-data?key=s3cret', 'http://[::ffff:10.0.0.1]:8080/in?key=s3cret']) {
      const refused = await failureOf(transport.send(item({ text: 'a' }), url));
      expect(refused).toBeInstanceOf(CallbackRefusedError);
      expect(refused.status).toBeNull();
      expect(refused.detail).toBe("the callback URL's host is not a public address (loopback, private, link-local or reserved): calls there are refused unless HELPER_OUTBOUND_ALLOW names the host or the address");
      expect(`${refused.message} ${JSON.stringify(refused.logFields)}`).not.toMatch(/s3cret|127\.0\.0\.1|169\.254|10\.0\.0\.1|meta-data/);
      expect(classifyCallbackFailure(refused)).toEqual({ retry: false, status: 'failed' });
      expect(refused.reasonCode).toEqual({ code: 'address_refused', params: { variable: 'HELPER_OUTBOUND_ALLOW' } });
    }
    expect(paths).toEqual([]);
    const named = await failureOf(transport.send(item({ text: 'b' }), `http://localhost:${new URL(base).port}/in?key=s3cret`));
    expect(named.detail).toMatch(/^the callback URL's host resolves to an address that is not public .*HELPER_OUTBOUND_ALLOW/);
    const credentials = await failureOf(transport.send(item({ text: 'c' }), 'https://user:s3cret@hooks.example/in'));
    expect(credentials).toBeInstanceOf(CallbackRefusedError);
    expect(credentials.detail).toBe('the callback URL is refused: it must be an http(s) URL without a user or password in it');
    expect(credentials.reasonCode).toEqual({ code: 'url_refused', params: {} });
    expect(paths).toEqual([]);
  });

  it('retries no answer, 5xx, 408 and 429; gives up at once on any other refusal', () => {
    const handling = (status: number | null) => classifyCallbackFailure(new PlatformCallError(status, null, null, 'x'));
    for (const status of [null, 500, 502, 503, 504, 408, 429]) expect(handling(status)).toEqual({ retry: true });
    for (const status of [400, 401, 403, 404, 410, 413, 422, 304]) expect(handling(status)).toEqual({ retry: false, status: 'failed' });
  });
});
