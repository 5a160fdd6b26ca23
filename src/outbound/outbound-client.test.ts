import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundClient, OutboundError } from './outbound-client.js';
import { parseOutboundAllow, refusalOf } from './outbound-policy.js';

let server: Server;
let base: string;
let postCount = 0;
let getCount = 0;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    if (path === '/ok') return void res.end('fine');
    if (path === '/redirect-same') {
      res.writeHead(302, { location: '/ok' });
      return void res.end();
    }
    if (path === '/redirect-other') {
      res.writeHead(302, { location: 'http://example.com/ok' });
      return void res.end();
    }
    if (path === '/redirect-loopback-name') {
      res.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/ok` });
      return void res.end();
    }
    if (path === '/big') return void res.end('x'.repeat(5000));
    if (path === '/slow') return void setTimeout(() => res.end('late'), 3000);
    if (path === '/reset') {
      if (req.method === 'POST') postCount += 1;
      else getCount += 1;
      req.socket.destroy();
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowed = new OutboundClient(parseOutboundAllow('127.0.0.1'));
const guarded = new OutboundClient(parseOutboundAllow(''));

async function failureOf(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('the SSRF guard', () => {
  it('refuses loopback, private, link-local and metadata addresses, naming the variable that allows them', () => {
    const policy = parseOutboundAllow('');
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1']) {
      const refusal = refusalOf('api.example', address, policy);
      expect(refusal, address).toContain('HELPER_OUTBOUND_ALLOW');
      // The host as given, never the address it resolved to: a tenant's administrator reads it.
      expect(refusal, address).toMatch(/^api\.example resolves to an address that is not public/);
      expect(refusal, address).not.toContain(address);
    }
    expect(refusalOf('10.1.2.3', '10.1.2.3', policy)).toMatch(/^10\.1\.2\.3 is not a public address/);
    expect(refusalOf('api.example', '93.184.215.14', policy)).toBeNull();
    expect(refusalOf('api.example', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', policy)).toBeNull();
  });

  it('lets the allow-list name hosts, addresses and CIDRs', () => {
    const policy = parseOutboundAllow('itsm.intranet, 10.0.0.0/8 ,127.0.0.1');
    expect(refusalOf('itsm.intranet', '192.168.0.5', policy)).toBeNull();
    expect(refusalOf('other.intranet', '10.20.30.40', policy)).toBeNull();
    expect(refusalOf('other.intranet', '192.168.0.5', policy)).not.toBeNull();
    expect(() => parseOutboundAllow('not a host!')).toThrow(/neither a host name/);
  });

  it('refuses a call to a literal loopback address, and to a name that resolves to one', async () => {
    expect((await failureOf(guarded.send({ method: 'GET', url: `${base}/ok` }))).failure).toBe('refused');
    const port = (server.address() as AddressInfo).port;
    const byName = await failureOf(guarded.send({ method: 'GET', url: `http://localhost:${port}/ok` }));
    expect(byName.failure).toBe('refused');
    expect(byName.message).toContain('HELPER_OUTBOUND_ALLOW');
    expect(byName.message).toMatch(/^localhost resolves to an address that is not public/);
    expect(byName.message).not.toMatch(/127\.0\.0\.1|::1/);
    // The address stays apart, for the operator's log.
    expect(byName.address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('checks every redirect: another host is refused, the same host is followed', async () => {
    expect((await allowed.send({ method: 'GET', url: `${base}/redirect-same` })).body).toBe('fine');
    expect((await failureOf(allowed.send({ method: 'GET', url: `${base}/redirect-other` }))).failure).toBe('redirect');
    expect((await failureOf(allowed.send({ method: 'GET', url: `${base}/redirect-loopback-name` }))).failure).toBe('redirect');
  });

  it('follows no redirect at all when the call refuses them, not even to the same host', async () => {
    const refused = await failureOf(allowed.send({ method: 'POST', url: `${base}/redirect-same`, body: '{}', redirects: 'refuse' }));
    expect(refused.failure).toBe('redirect');
    expect(refused.message).not.toContain('127.0.0.1');
  });
});

describe('the outbound client', () => {
  it('gives up on an answer larger than the cap', async () => {
    expect((await failureOf(allowed.send({ method: 'GET', url: `${base}/big`, maxBytes: 1000 }))).failure).toBe('too-large');
  });

  it('does not read a body it was told to discard: an answer over any cap still resolves with its status', async () => {
    const answer = await allowed.send({ method: 'GET', url: `${base}/big`, maxBytes: 1000, discardBody: true });
    expect(answer).toMatchObject({ status: 200, body: '' });
    expect((await allowed.send({ method: 'GET', url: `${base}/missing`, discardBody: true })).status).toBe(404);
  });

  it('gives up at the deadline', async () => {
    expect((await failureOf(allowed.send({ method: 'GET', url: `${base}/slow`, timeoutMs: 200 }))).failure).toBe('timeout');
  });

  it('retries a GET once after a network error, never a POST', async () => {
    await failureOf(allowed.send({ method: 'GET', url: `${base}/reset` }));
    await failureOf(allowed.send({ method: 'POST', url: `${base}/reset`, body: '{}' }));
    expect(getCount).toBe(2);
    expect(postCount).toBe(1);
  });

  it('says what a network error was by its code, never by the address it reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failureOf(allowed.send({ method: 'POST', url: `http://localhost:${port}/x`, body: '{}' }));
    expect(error.failure).toBe('network');
    expect(error.message).toBe(`localhost:${port}: connection refused (ECONNREFUSED)`);
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    expect((await failureOf(allowed.send({ method: 'GET', url: 'file:///etc/passwd' }))).failure).toBe('bad-url');
    expect((await failureOf(allowed.send({ method: 'GET', url: 'http://user:pw@127.0.0.1/' }))).failure).toBe('bad-url');
  });
});

describe('a request Node refuses to build', () => {
  it('fails at once with the header named, and nothing fires at the deadline (no uncaught exception)', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const started = Date.now();
      // Node throws ERR_INVALID_CHAR synchronously for a header value outside Latin-1.
      const caught = await allowed.send({ method: 'GET', url: `${base}/ok`, headers: { 'X-Apelido': 'Zé 😀' }, timeoutMs: 150 }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(Date.now() - started).toBeLessThan(100);
      // Past the deadline: its abort listener was removed, so it touches no request.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(uncaught).toEqual([]);
      expect(caught).toBeInstanceOf(OutboundError);
      expect((caught as OutboundError).failure).toBe('bad-request');
      expect((caught as OutboundError).message).toBe('the request could not be sent: header X-Apelido holds a character HTTP cannot carry (a control character or one outside Latin-1)');
      const badName = await failureOf(allowed.send({ method: 'POST', url: `${base}/ok`, headers: { 'X Apelido': 'a' }, body: '{}', timeoutMs: 150 }));
      expect(badName.failure).toBe('bad-request');
      expect(badName.message).toContain('"X Apelido" is not a valid HTTP token');
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
