import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundClient } from '../outbound/outbound-client.js';
import { parseOutboundAllow } from '../outbound/outbound-policy.js';
import { DEFAULT_STATUS, type SecretRef, type ThirdPartyApi } from './api-definition.js';
import { MASK, type RequestValues } from './build-request.js';
import { checkApis } from './check-apis.js';
import { readPath, pathProblem } from './response-path.js';
import { runApi } from './run-api.js';

let server: Server;
let base: string;
const received: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];
let validSession = 'S1';
let logins = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/login') {
        logins += 1;
        return json(200, { sessionID: validSession });
      }
      if (req.url?.startsWith('/tickets/')) {
        const parsed = JSON.parse(body || '{}') as { sessionID?: string };
        if (parsed.sessionID !== validSession) return json(412, { error: { code: 'E1', description: 'invalid session' } });
        const id = decodeURIComponent(req.url.slice('/tickets/'.length));
        if (id === '404') return json(404, { error: 'unknown' });
        return json(200, { request: { number: id, status: { name: 'Em andamento' } }, items: [{ n: 1 }, { n: 2 }] });
      }
      if (req.url === '/echo') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad request', headers: req.headers, body }));
        return;
      }
      if (req.url?.startsWith('/echo-ok')) {
        // An API that answers with what it was sent (a debugging endpoint, httpbin's /anything).
        const parsed = JSON.parse(body || '{}') as { pin?: string };
        json(200, { headers: req.headers, url: req.url, body, json: parsed, pin: Number(parsed.pin), echoed: [{ title: `key ${String(req.headers['x-token'])}`, payload: 'ok' }] });
        return;
      }
      if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.url === '/text') {
        res.end('plain words');
        return;
      }
      if (req.url === '/html') {
        res.end('<html>');
        return;
      }
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const client = new OutboundClient(parseOutboundAllow('127.0.0.1'));
const options = { client, openSecret: () => 'top-secret' };

function api(fields: Partial<ThirdPartyApi> & Pick<ThirdPartyApi, 'name' | 'url'>): ThirdPartyApi {
  return { method: 'POST', headers: [], body: [], responseFormat: 'json', mappings: [], status: DEFAULT_STATUS, authentication: false, ...fields };
}

function values(slots: Record<string, unknown>): RequestValues {
  return { slots, sender: 'joao', lastMessage: 'status do 7', history: async () => [{ from: 'user', text: 'oi' }] };
}

function apis(): ThirdPartyApi[] {
  return [
    api({ name: 'login', url: `${base}/login`, authentication: true, headers: [{ name: 'x-key', value: 'v2:sealed', secret: true }], mappings: [{ path: 'sessionID', context: 'session' }] }),
    api({
      name: 'ticket',
      dependsOn: 'login',
      url: `${base}/tickets/{ticket}`,
      body: [
        { name: 'sessionID', type: 'context', value: 'session' },
        { name: 'who', type: 'userId' },
        { name: 'said', type: 'lastMessage' },
        { name: 'history', type: 'chatHistory' },
        { name: 'note', type: 'text', value: 'about {ticket}' },
        { name: 'gone', type: 'undefined' },
        { name: 'blank', type: 'empty' },
        { name: 'n', type: 'number', value: 3 },
      ],
      status: { success: [200], unauthorized: [401, 412], notFound: [404] },
      mappings: [
        { path: 'request.status.name', context: 'status', type: 'text' },
        { path: 'items[*].n', context: 'numbers', type: 'list' },
      ],
    }),
  ];
}

describe('running an API', () => {
  it('logs in first, sends every body type, fills contexts, and keeps the session for the next call', async () => {
    received.length = 0;
    const first = await runApi(apis(), 'ticket', values({ ticket: 'a/7' }), options);
    expect(first.outcome).toBe('success');
    expect(first.slots).toEqual({ session: 'S1', status: 'Em andamento', numbers: [1, 2] });
    expect(received[0]?.headers['x-key']).toBe('top-secret');
    expect(first.steps[0]?.request.headers['x-key']).toBe(MASK);
    expect(received[1]?.url).toBe('/tickets/a%2F7');
    expect(JSON.parse(received[1]?.body ?? '')).toEqual({ sessionID: 'S1', who: 'joao', said: 'status do 7', history: [{ from: 'user', text: 'oi' }], note: 'about a/7', blank: '', n: 3 });
    const before = logins;
    const second = await runApi(apis(), 'ticket', values({ ticket: '8', session: 'S1' }), options);
    expect(second.outcome).toBe('success');
    expect(logins).toBe(before);
  });

  it('never hands a secret back in clear when the API echoes the request', async () => {
    const echo = api({
      name: 'echo',
      url: `${base}/echo`,
      headers: [{ name: 'authorization', secret: true }, { name: 'x-token', secret: true }],
      body: [
        { name: 'password', type: 'text', secret: true },
        { name: 'user', type: 'text', value: 'joao' },
      ],
    });
    const secrets: Record<string, string> = { authorization: 'Basic dXNlcjpzM2NyZXQ=', 'x-token': 'tok-0123456789', password: 'p@ss/wörd"1' };
    const opened = { client, openSecret: (_: ThirdPartyApi, ref: SecretRef) => secrets['header' in ref ? ref.header : ref.body] ?? '' };
    const result = await runApi([echo], 'echo', values({}), opened);
    const response = result.steps[0]?.response ?? '';
    expect(response).toContain('bad request');
    expect(response).toContain('joao');
    // The body comes back as a string inside the JSON: the password escaped twice.
    for (const secret of ['dXNlcjpzM2NyZXQ=', 'tok-0123456789', 'p@ss/wörd']) expect(response).not.toContain(secret);
    expect(response).toContain(MASK);
  });

  it('masks a value mapped from an answer that echoes a secret, as the preview is masked (contexts, "testar", buttons)', async () => {
    const echo = api({
      name: 'echo',
      url: `${base}/echo-ok`,
      headers: [{ name: 'authorization', secret: true }, { name: 'x-token', secret: true }],
      body: [
        { name: 'password', type: 'text', secret: true },
        { name: 'pin', type: 'text', secret: true },
        { name: 'user', type: 'text', value: 'joao' },
      ],
      mappings: [
        { path: 'headers.authorization', context: 'auth', type: 'text' },
        { path: 'headers["x-token"]', context: 'token' },
        { path: 'json.password', context: 'password', type: 'text' },
        { path: 'json.user', context: 'user', type: 'text' },
        { path: 'body', context: 'raw', type: 'text' },
        { path: 'json', context: 'sent', type: 'object' },
        { path: 'pin', context: 'pin' },
      ],
    });
    const secrets: Record<string, string> = { authorization: 'Bearer tok-abcdef123456', 'x-token': 'tok-0123456789', password: 'p@ss/wörd"1', pin: '98765' };
    const opened = { client, openSecret: (_: ThirdPartyApi, ref: SecretRef) => secrets['header' in ref ? ref.header : ref.body] ?? '' };
    const result = await runApi([echo], 'echo', values({}), opened);
    expect(result.outcome).toBe('success');
    expect(result.slots).toMatchObject({ auth: MASK, token: MASK, password: MASK, user: 'joao', pin: MASK });
    expect(result.slots['sent']).toEqual({ password: MASK, pin: MASK, user: 'joao' });
    const stored = JSON.stringify(result.slots);
    for (const secret of ['tok-abcdef123456', 'tok-0123456789', 'p@ss/wörd', '98765']) expect(stored).not.toContain(secret);
    // What "testar" shows of each extraction, and the answer buttons are built from.
    expect(JSON.stringify(result.steps[0]?.extracted)).not.toMatch(/tok-|p@ss|98765/);
    expect(JSON.stringify(result.answer)).not.toMatch(/tok-|p@ss|98765/);
    expect((result.answer as { echoed: Array<{ title: string }> }).echoed[0]?.title).toBe(`key ${MASK}`);
  });

  it('sends a secret byte for byte, braces included (never templated), and masks exactly what it sent', async () => {
    const echo = api({
      name: 'echo',
      url: `${base}/echo-ok`,
      headers: [{ name: 'x-token', secret: true }, { name: 'x-note', value: 'for {user_id}' }],
      body: [
        { name: 'password', type: 'text', secret: true },
        { name: 'user', type: 'text', value: '{user_id}' },
      ],
      mappings: [
        { path: 'headers["x-token"]', context: 'token', type: 'text' },
        { path: 'json.password', context: 'password', type: 'text' },
        { path: 'json.user', context: 'user', type: 'text' },
      ],
    });
    const secrets: Record<string, string> = { 'x-token': 'S3cret{Pass}!', password: 'P@ss{word}x{user_id}' };
    const opened = { client, openSecret: (_: ThirdPartyApi, ref: SecretRef) => secrets['header' in ref ? ref.header : ref.body] ?? '' };
    received.length = 0;
    const result = await runApi([echo], 'echo', values({ user_id: 'joao', word: 'W', Pass: '' }), opened);
    expect(result.outcome).toBe('success');
    expect(received[0]?.headers['x-token']).toBe('S3cret{Pass}!');
    expect(received[0]?.headers['x-note']).toBe('for joao');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ password: 'P@ss{word}x{user_id}', user: 'joao' });
    expect(result.slots).toEqual({ token: MASK, password: MASK, user: 'joao' });
    const shown = JSON.stringify([result.steps, result.answer]);
    for (const secret of ['S3cret', 'P@ss']) expect(shown).not.toContain(secret);
  });

  it("sends a secret header pasted with a line break (a token's trailing newline) without it, instead of failing the call", async () => {
    const echo = api({ name: 'echo', url: `${base}/echo-ok`, headers: [{ name: 'x-token', secret: true }], mappings: [{ path: 'headers["x-token"]', context: 'token', type: 'text' }] });
    const opened = { client, openSecret: () => 'Bearer abc123token\r\n' };
    received.length = 0;
    const result = await runApi([echo], 'echo', values({}), opened);
    expect(result.outcome).toBe('success');
    expect(received[0]?.headers['x-token']).toBe('Bearer abc123token');
    expect(result.slots).toEqual({ token: MASK });
  });

  it("sends a context's value in a header as its UTF-8 bytes, control characters removed; a stored header HTTP cannot carry fails the call at once", async () => {
    const echo = api({ name: 'echo', url: `${base}/echo-ok`, headers: [{ name: 'x-apelido', value: 'Olá {apelido}!' }] });
    received.length = 0;
    const result = await runApi([echo], 'echo', values({ apelido: 'Zé 😀\u0000\u0007\u007f\r\nfim' }), { client, openSecret: () => '' });
    expect(result.outcome).toBe('success');
    // The written "Olá" goes as Latin-1 (as Node sends it), the context's value as UTF-8 bytes.
    const sent = Buffer.from(String(received[0]?.headers['x-apelido']), 'latin1');
    expect(sent.subarray(0, 4)).toEqual(Buffer.from('Olá ', 'latin1'));
    expect(sent.subarray(4).toString('utf8')).toBe('Zé 😀 fim!');
    // "Testar" shows the value as read.
    expect(result.steps[0]?.request.headers['x-apelido']).toBe('Olá Zé 😀 fim!');

    // Saved before the check: Node refuses to build the request; the call fails with a reason, nothing crashes later.
    const stored = api({ name: 'stored', url: `${base}/echo-ok`, headers: [{ name: 'X-Apelido', value: 'Olá 😀' }], timeoutMs: 1000 });
    const started = Date.now();
    const failed = await runApi([stored], 'stored', values({}), { client, openSecret: () => '' });
    expect(Date.now() - started).toBeLessThan(500);
    expect(failed.outcome).toBe('failure');
    expect(failed.steps[0]?.reasonCode).toBe('api_bad_request');
    expect(failed.steps[0]?.reason).toContain('X-Apelido');
  });

  it("sends a GET's secret query row as it is, and masks it as the query carries it (form-encoded)", async () => {
    const echo = api({
      name: 'echo',
      method: 'GET',
      url: `${base}/echo-ok`,
      body: [
        { name: 'key', type: 'text', secret: true },
        { name: 'user', type: 'text', value: '{user_id}' },
      ],
      mappings: [{ path: 'url', context: 'url', type: 'text' }],
    });
    const opened = { client, openSecret: () => "S3cret{Pass}! (it's)" };
    received.length = 0;
    const result = await runApi([echo], 'echo', values({ user_id: 'joao', Pass: '' }), opened);
    expect(result.outcome).toBe('success');
    expect(new URL(received[0]?.url ?? '', base).searchParams.get('key')).toBe("S3cret{Pass}! (it's)");
    expect(result.slots['url']).toBe(`/echo-ok?key=${MASK}&user=joao`);
    expect(result.steps[0]?.request.url).toBe(`${base}/echo-ok?key=${encodeURIComponent(MASK)}&user=joao`);
    expect(JSON.stringify([result.steps, result.answer])).not.toMatch(/S3cret/);
  });

  it('reads an empty answer (204) to an API with mappings as nothing found, not as a failure', async () => {
    const empty = api({ name: 'empty', url: `${base}/empty`, mappings: [{ path: 'n', context: 'n', type: 'number' }] });
    const result = await runApi([empty], 'empty', values({}), options);
    expect(result.outcome).toBe('notFound');
  });

  it("never calls a stored API whose URL has a context in its host (saved before that was refused)", async () => {
    const requestsBefore = received.length;
    const stored = api({ name: 'hosted', url: 'http://{ticket}/echo' });
    const result = await runApi([stored], 'hosted', values({ ticket: `127.0.0.1:${new URL(base).port}` }), options);
    expect(result.outcome).toBe('failure');
    expect(result.steps[0]).toMatchObject({ reasonCode: 'url_placeholder_in_host' });
    expect(received.length).toBe(requestsBefore);
  });

  it('logs in again once when the session expired (412 listed as unauthorised)', async () => {
    validSession = 'S2';
    const before = logins;
    const result = await runApi(apis(), 'ticket', values({ ticket: '8', session: 'S1' }), options);
    expect(result.outcome).toBe('success');
    expect(result.slots['session']).toBe('S2');
    expect(logins).toBe(before + 1);
  });

  it('answers not found, and fails on a non-JSON answer, an unknown status or a wrong type', async () => {
    expect((await runApi(apis(), 'ticket', values({ ticket: '404', session: 'S2' }), options)).outcome).toBe('notFound');
    const odd = [api({ name: 'html', url: `${base}/html`, mappings: [{ path: '$', context: 'x' }] })];
    expect((await runApi(odd, 'html', values({}), options)).reason).toContain('not JSON');
    const broken = [api({ name: 'broken', url: `${base}/nowhere` })];
    expect((await runApi(broken, 'broken', values({}), options)).outcome).toBe('failure');
    const wrongType = apis().map((item) => (item.name === 'ticket' ? { ...item, mappings: [{ path: 'request.status', context: 'status', type: 'text' as const }] } : item));
    const wrong = await runApi(wrongType, 'ticket', values({ ticket: '1', session: 'S2' }), options);
    expect(wrong.outcome).toBe('failure');
    expect(wrong.steps.at(-1)?.extracted[0]?.problem).toContain('not a text');
  });

  it('says a refused address without the address the host resolved to ("testar", the failure recorded on the conversation)', async () => {
    const guarded = new OutboundClient(parseOutboundAllow(''));
    try {
      const inside = [api({ name: 'inside', method: 'GET', url: base.replace('127.0.0.1', 'localhost') + '/text', responseFormat: 'text' })];
      const result = await runApi(inside, 'inside', values({}), { client: guarded, openSecret: () => '' });
      expect(result.outcome).toBe('failure');
      expect(result.reasonCode).toBe('api_refused');
      expect(result.reason).toMatch(/^refused: localhost resolves to an address that is not public .*HELPER_OUTBOUND_ALLOW/);
      expect(JSON.stringify(result.steps)).not.toMatch(/127\.0\.0\.1|::1/);
    } finally {
      guarded.close();
    }
  });

  it('reads a text answer whole', async () => {
    const text = [api({ name: 'text', method: 'GET', url: `${base}/text`, responseFormat: 'text', mappings: [{ path: '$', context: 'said' }] })];
    expect((await runApi(text, 'text', values({}), options)).slots).toEqual({ said: 'plain words' });
  });
});

describe('response paths', () => {
  it('reads fields, indexes, every element and quoted names', () => {
    const doc = { a: { b: [{ c: 1 }, { c: 2 }] }, 'odd key': { v: true } };
    expect(readPath(doc, 'a.b[0].c')).toBe(1);
    expect(readPath(doc, '$.a.b[-1].c')).toBe(2);
    expect(readPath(doc, 'a.b[*].c')).toEqual([1, 2]);
    expect(readPath(doc, '["odd key"].v')).toBe(true);
    expect(readPath(doc, 'a.missing.c')).toBeUndefined();
    expect(readPath(doc, '$')).toBe(doc);
    expect(pathProblem('a..b')).not.toBeNull();
    expect(pathProblem('a[x]')).not.toBeNull();
    expect(pathProblem('a[0')).not.toBeNull();
  });
});

describe('checking APIs', () => {
  it('names the field of an unknown context, a cycle, a bad path and a duplicate', () => {
    const contexts = new Set(['ticket', 'session', 'status', 'numbers']);
    expect(checkApis(apis(), contexts)).toEqual([]);
    const bad = [
      api({ name: 'a', dependsOn: 'b', url: 'https://x.example/{nope}', headers: [{ name: 'h', value: '{other}' }], mappings: [{ path: 'a..b', context: 'status' }] }),
      api({ name: 'b', dependsOn: 'a', url: 'https://x.example/', body: [{ name: 'q', type: 'context', value: 'missing' }] }),
      api({ name: 'b', url: 'ftp://x.example/' }),
    ];
    const fields = checkApis(bad, contexts).map((problem) => `${problem.api}:${problem.field}`);
    expect(fields).toEqual(expect.arrayContaining(['a:url', 'a:headers.0.value', 'a:mappings.0.path', 'a:dependsOn', 'b:body.0.value', 'b:name', 'b:url']));
  });

  it('says a secret body field given a value that is not text must be a string, and one given none needs its value', () => {
    const problems = (value: unknown) => checkApis([api({ name: 'a', url: 'https://x.example/', body: [{ name: 'pin', type: 'text', value, secret: true }] })], new Set()).map(({ field, code, message }) => ({ field, code, message }));
    for (const value of [5, true, ['x'], { a: 1 }]) {
      expect(problems(value), JSON.stringify(value)).toEqual([{ field: 'body.0.value', code: 'body_value', message: "a secret field's value must be text (a string), written once and never shown again" }]);
    }
    for (const value of ['', undefined]) expect(problems(value).map((problem) => problem.code)).toEqual(['secret_needs_value']);
    expect(problems('1234')).toEqual([]);
  });

  it('refuses a written header value with a control character or a character outside Latin-1, naming the header; a context in it is fine', () => {
    const contexts = new Set(['apelido']);
    for (const value of ['Olá 😀', 'Zé\u0000', 'a\u001bb', 'del\u007f', '😀 {apelido}']) {
      expect(checkApis([api({ name: 'a', url: 'https://x.example/', headers: [{ name: 'X-Apelido', value }] })], contexts), value).toEqual([
        expect.objectContaining({ field: 'headers.0.value', code: 'header_value_chars', params: { name: 'X-Apelido' }, message: expect.stringContaining('header "X-Apelido"') }),
      ]);
    }
    for (const value of ['Olá {apelido}', 'a\tb', 'ÿ plain']) expect(checkApis([api({ name: 'a', url: 'https://x.example/', headers: [{ name: 'X-Apelido', value }] })], contexts), value).toEqual([]);
  });

  it("refuses a context in the URL's scheme or host (the conversation would choose where secrets go), not in its path or query", () => {
    const contexts = new Set(['ticket']);
    for (const url of ['https://{ticket}/x', 'https://{ticket}.example/x', 'http://user-{ticket}.example?q=1']) {
      expect(checkApis([api({ name: 'a', url })], contexts).map((problem) => problem.code)).toEqual(['url_placeholder_in_host']);
    }
    for (const url of ['https://x.example/{ticket}', 'https://x.example/t?id={ticket}', 'https://x.example#{ticket}']) expect(checkApis([api({ name: 'a', url })], contexts)).toEqual([]);
  });
});
