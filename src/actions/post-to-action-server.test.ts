import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundAllowList, OutboundRefusedError } from './outbound-address-guard.js';
import { ActionServerUnreachableError, postToActionServer, TOKEN_MASK, withoutEchoes } from './post-to-action-server.js';

describe('one POST to an action server', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ url: string; authorization: string | undefined; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ url: request.url ?? '', authorization: request.headers.authorization, body });
        if (request.url?.startsWith('/echo') === true) {
          // An error body quoting what the server got: the token as sent, URL-encoded (the query), and the Bearer header.
          const raw = decodeURIComponent(new URL(request.url, 'http://x').searchParams.get('token') ?? '');
          const status = request.url.startsWith('/echo-rejected') ? 400 : request.url.startsWith('/echo-ok') ? 200 : 500;
          const error = `boom with token ${raw}; url ${request.url}; header ${request.headers.authorization ?? ''}`;
          response.writeHead(status, { 'content-type': 'application/json' });
          const answer =
            status === 400
              ? { error, action_name: 'action_x' }
              : status === 200
                ? { events: [{ event: 'slot', name: 'nota', value: error }], responses: [{ text: error, [raw]: 'key' }] }
                : { error, nested: [[{ deep: error }]] };
          response.end(JSON.stringify(answer));
        } else if (request.url === '/redirect') {
          response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
          response.end();
        } else if (request.url?.startsWith('/big') === true) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ responses: [{ text: 'x'.repeat(5000) }] }));
        } else {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"events":[],"responses":[]}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const limits = (allow: string) => ({ allow: OutboundAllowList.parse(allow), timeoutMs: 2_000, maxResponseBytes: 1024 });

  it('refuses a name that resolves to loopback, and an address given as such, unless allowed', async () => {
    const byName = await postToActionServer(new URL(`http://localhost:${port}/webhook`), {}, undefined, limits('')).catch((error: unknown) => error);
    expect(byName).toBeInstanceOf(OutboundRefusedError);
    // The host as given, not the address it resolved to (that is apart, for the operator's log).
    expect((byName as OutboundRefusedError).message).toMatch(/^localhost resolves to an address that is not public .*HELPER_OUTBOUND_ALLOW/);
    expect((byName as OutboundRefusedError).message).not.toMatch(/127\.0\.0\.1|::1/);
    expect((byName as OutboundRefusedError).address).toMatch(/^(127\.0\.0\.1|::1)$/);
    await expect(postToActionServer(new URL(`http://127.0.0.1:${port}/webhook`), {}, undefined, limits(''))).rejects.toThrow(/HELPER_OUTBOUND_ALLOW/);
    await expect(postToActionServer(new URL(`http://[::ffff:127.0.0.1]:${port}/webhook`), {}, undefined, limits(''))).rejects.toThrow(OutboundRefusedError);
    expect(seen).toHaveLength(0);
    expect(await postToActionServer(new URL(`http://localhost:${port}/webhook`), { next_action: 'a' }, 's3cret', limits('localhost'))).toEqual({ status: 200, body: { events: [], responses: [] } });
    // The token travels as Rasa sends it, `?token=` (kept with the URL's own parameters), and in a header.
    expect(seen.at(-1)).toEqual({ url: '/webhook?token=s3cret', authorization: 'Bearer s3cret', body: '{"next_action":"a"}' });
    await postToActionServer(new URL(`http://localhost:${port}/webhook?tenant=7`), {}, 'a&b c', limits('localhost'));
    expect(seen.at(-1)?.url).toBe('/webhook?tenant=7&token=a%26b+c');
    await postToActionServer(new URL(`http://localhost:${port}/webhook`), {}, undefined, limits('localhost'));
    expect(seen.at(-1)).toMatchObject({ url: '/webhook', authorization: undefined });
  });

  it('does not follow a redirect, and stops reading past the size cap', async () => {
    expect(await postToActionServer(new URL(`http://127.0.0.1:${port}/redirect`), {}, undefined, limits('127.0.0.1'))).toEqual({ status: 302, body: undefined });
    await expect(postToActionServer(new URL(`http://127.0.0.1:${port}/big`), {}, undefined, limits('127.0.0.1'))).rejects.toThrow(ActionServerUnreachableError);
  });

  it('masks every echo of the token in the answer (raw, JSON-escaped, URL-encoded, Bearer): a 500, a rejection (400), a 200', async () => {
    const token = 'ACT/TOKEN+secret&x=1"q';
    for (const path of ['/echo', '/echo-rejected', '/echo-ok']) {
      const reply = await postToActionServer(new URL(`http://127.0.0.1:${port}${path}`), {}, token, limits('127.0.0.1'));
      const shown = JSON.stringify(reply);
      for (const form of ['ACT/TOKEN', 'ACT%2FTOKEN', 'TOKEN+secret', 'secret']) expect(shown, `${path}: ${form}`).not.toContain(form);
      expect(shown, path).toContain(`boom with token ${TOKEN_MASK}; url ${path}?token=${TOKEN_MASK}; header ${TOKEN_MASK}`);
    }
    expect((await postToActionServer(new URL(`http://127.0.0.1:${port}/echo-ok`), {}, token, limits('127.0.0.1'))).body).toMatchObject({ responses: [{ [TOKEN_MASK]: 'key' }] });
    // No token, nothing masked.
    expect(JSON.stringify(await postToActionServer(new URL(`http://127.0.0.1:${port}/echo`), {}, undefined, limits('127.0.0.1')))).toContain('boom with token ;');
  });

  it('masks the token in an answer nested deeper than the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}"tok-SECRET"${']'.repeat(200_000)}`) as unknown;
    let inner = withoutEchoes(deep, ['tok-SECRET']);
    for (let depth = 0; depth < 200_000; depth += 1) inner = (inner as unknown[])[0];
    expect(inner).toBe(TOKEN_MASK);
  });

  it('says a refused connection plainly', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(postToActionServer(new URL(`http://127.0.0.1:${closedPort}/webhook`), {}, undefined, limits('127.0.0.1'))).rejects.toThrow(/could not be reached: ECONNREFUSED/);
  });

  it('never says the token in an error: refused, unreachable, too slow, too large', async () => {
    const slow = createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowPort = (slow.address() as AddressInfo).port;
    const closedPort = await new Promise<number>((resolve) => {
      const closed = createServer();
      closed.listen(0, '127.0.0.1', () => {
        const free = (closed.address() as AddressInfo).port;
        closed.close(() => resolve(free));
      });
    });
    try {
      const errors = await Promise.all([
        postToActionServer(new URL(`http://127.0.0.1:${port}/webhook`), {}, 'tok-SECRET', limits('')),
        postToActionServer(new URL(`http://127.0.0.1:${closedPort}/webhook`), {}, 'tok-SECRET', limits('127.0.0.1')),
        postToActionServer(new URL(`http://127.0.0.1:${slowPort}/webhook`), {}, 'tok-SECRET', { ...limits('127.0.0.1'), timeoutMs: 200 }),
        postToActionServer(new URL(`http://127.0.0.1:${port}/big`), {}, 'tok-SECRET', limits('127.0.0.1')),
      ].map((call) => call.then(() => new Error('answered'), (error: unknown) => error as Error)));
      for (const error of errors) {
        expect(error.message).not.toBe('answered');
        expect(JSON.stringify({ message: error.message, stack: error.stack, cause: String(error.cause) })).not.toContain('SECRET');
      }
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});
