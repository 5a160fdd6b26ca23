// The one HTTP client for calls to systems we do not control (third-party APIs, 4biz). Each call:
// - goes only to addresses the policy allows (outbound-policy.ts), checked on the address actually
//   connected to, after DNS resolution, for the first request and for every redirect;
// - follows at most 3 redirects, and only to the same scheme, host and port;
// - has one deadline for the whole call (default 10 s, at most 30 s), redirects and retries included;
// - reads at most `maxBytes` of the response (default 1 MiB), then gives up;
// - is retried once, only when the method is idempotent and the connection failed before any
//   answer (a refused or reset connection, a DNS failure): a POST is never sent twice.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusalOf, type OutboundPolicy } from './outbound-policy.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export type OutboundFailure = 'refused' | 'timeout' | 'network' | 'too-large' | 'redirect' | 'bad-url' | 'bad-request';

export class OutboundError extends Error {
  constructor(
    readonly failure: OutboundFailure,
    message: string,
    /** A refused address a name resolved to: for the operator's log, never in the message (a tenant's administrator reads that). */
    readonly address?: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /**
   * `refuse`: a redirect is not followed, the call fails (`redirect`) — for a URL whose answers are
   * not ours to trust at all (the callback URL). By default same-origin redirects are followed.
   */
  redirects?: 'follow' | 'refuse';
  /** The answer's body is not read: the call resolves with the status and headers, and that connection is closed. */
  discardBody?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The URL that answered (after redirects). */
  url: string;
}

export class OutboundClient {
  // Kept-alive connections: each was checked by the guard when it was opened (the lookup below
  // runs per new socket), and sockets are pooled per host and port, so reuse reaches no new address.
  private readonly agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 256, timeout: MAX_TIMEOUT_MS }), https: new HttpsAgent({ keepAlive: true, maxSockets: 256, timeout: MAX_TIMEOUT_MS }) };

  constructor(private readonly policy: OutboundPolicy) {}

  /** Closes the kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async send(request: OutboundRequest): Promise<OutboundResponse> {
    const timeoutMs = Math.min(Math.max(request.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1), MAX_TIMEOUT_MS);
    const deadline = AbortSignal.timeout(timeoutMs);
    const method = request.method.toUpperCase();
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        return await this.follow({ ...request, method }, deadline, timeoutMs);
      } catch (error: unknown) {
        const retry = error instanceof OutboundError && error.failure === 'network' && IDEMPOTENT.has(method) && attempt < 2 && !deadline.aborted;
        if (!retry) throw error;
      }
    }
  }

  private async follow(request: OutboundRequest & { method: string }, deadline: AbortSignal, timeoutMs: number): Promise<OutboundResponse> {
    let url = parseUrl(request.url);
    const origin = url.origin;
    let method = request.method;
    let body = request.body;
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.once(url, method, request.headers ?? {}, body, deadline, timeoutMs, request.discardBody ? null : (request.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES));
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || response.status === 304 || location === undefined) return response;
      if (request.redirects === 'refuse') throw new OutboundError('redirect', 'a redirect was refused (redirects are not followed for this call)');
      if (redirects >= MAX_REDIRECTS) throw new OutboundError('redirect', `more than ${MAX_REDIRECTS} redirects`);
      const next = parseUrl(new URL(location, url).toString());
      if (next.origin !== origin) throw new OutboundError('redirect', `a redirect to another host (${next.host}) was refused`);
      if (response.status !== 307 && response.status !== 308) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  private once(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    deadline: AbortSignal,
    timeoutMs: number,
    /** null: the body is not read (`discardBody`). */
    maxBytes: number | null,
  ): Promise<OutboundResponse> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) {
      const refusal = refusalOf(host, host, this.policy);
      if (refusal) return Promise.reject(new OutboundError('refused', refusal));
    }
    if (deadline.aborted) return Promise.reject(new OutboundError('timeout', `no answer within ${timeoutMs} ms`));
    const lookup = guardedLookup(host, this.policy);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing: Record<string, string> = { ...headers };
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    return new Promise<OutboundResponse>((resolve, reject) => {
      let settled = false;
      // Assigned once `send` returns: it throws synchronously on a request Node refuses to build
      // (a header value outside Latin-1 or with a control character, ERR_INVALID_CHAR), and then
      // there is no request to destroy.
      let req: ClientRequest | undefined;
      const settle = () => {
        if (settled) return false;
        settled = true;
        deadline.removeEventListener('abort', onAbort);
        return true;
      };
      const fail = (error: OutboundError) => {
        if (!settle()) return;
        reject(error);
        req?.destroy();
      };
      const onAbort = () => fail(new OutboundError('timeout', `no answer within ${timeoutMs} ms`));
      deadline.addEventListener('abort', onAbort, { once: true });
      try {
        req = send(url, { method, headers: outgoing, lookup, agent: url.protocol === 'https:' ? this.agents.https : this.agents.http }, (res) => {
          if (maxBytes === null) {
            // Closed rather than drained: a body that never ends would hold the socket past the deadline.
            if (settle()) resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', url: url.toString() });
            res.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              fail(new OutboundError('too-large', `the answer is larger than ${maxBytes} bytes`));
              res.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (!settle()) return;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), url: url.toString() });
          });
          res.on('error', (error: Error) => fail(new OutboundError('network', `the answer broke off: ${networkReason(error)}`)));
        });
        req.on('error', (error: Error) => {
          if (error instanceof OutboundError) fail(error);
          else fail(new OutboundError('network', `${url.host}: ${networkReason(error)}`));
        });
        if (body !== undefined) req.write(body);
        req.end();
      } catch (error: unknown) {
        fail(new OutboundError('bad-request', `the request could not be sent: ${unsendableReason(error)}`));
      }
    });
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundError('bad-url', `"${text.slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('bad-url', `only http and https URLs are called, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new OutboundError('bad-url', 'credentials in a URL are refused: use a header');
  return url;
}

/** DNS resolution that refuses the whole host when any address it resolves to is refused. */
function guardedLookup(host: string, policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const entry of addresses) {
        const refusal = refusalOf(host, entry.address, policy);
        if (refusal) return callback(new OutboundError('refused', refusal, entry.address), '', 0);
      }
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      if (options.all) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * Why Node refused to build a request, in words that hold no header value (a value may be a
 * secret): Node's own message for these names only the header ("Invalid character in header
 * content [\"X-Apelido\"]").
 */
function unsendableReason(error: unknown): string {
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : undefined;
  const header = error instanceof Error ? /\["([^"]{1,200})"\]/.exec(error.message)?.[1] : undefined;
  if (code === 'ERR_INVALID_CHAR') return `header ${header ?? '(unnamed)'} holds a character HTTP cannot carry (a control character or one outside Latin-1)`;
  if (code === 'ERR_INVALID_HTTP_TOKEN') return `${header === undefined ? 'a header name' : `header name "${header}"`} is not a valid HTTP token`;
  if (code === 'ERR_UNESCAPED_CHARACTERS') return 'the path holds unescaped characters';
  return code === undefined ? 'invalid request' : `invalid request (${code})`;
}

/**
 * A network error in words that name no address: Node's message ("connect ECONNREFUSED
 * 10.0.0.7:443") would tell a tenant's administrator where an allowed host resolves inside the
 * network; its code says what happened.
 */
function networkReason(error: Error & { code?: unknown }): string {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved now',
    EPIPE: 'connection closed',
  };
  if (code === undefined) return 'network error';
  return `${words[code] ?? 'network error'} (${code})`;
}
