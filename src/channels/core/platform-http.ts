// The one way the push channels call a platform's HTTP API: JSON in and out, a timeout, and an
// answer read only up to a size cap, so a slow or huge answer cannot hold a sender or the memory.
// A credential given as `secret` is cut out of any text that could reach a log or an error.
import { authorizationForms, echoedForms, hideEchoes } from '../../outbound/secret-echoes.js';
import { deliveryReason } from './delivery-reason.js';
import { PlatformCallError } from './platform-call-error.js';

export interface PlatformRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Removed from error texts (a token the platform might echo). */
  secret?: string;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface PlatformResponse {
  status: number;
  /** The answer's JSON, or null when it was empty or not JSON. */
  json: unknown;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A credential sent to a platform: the secret, and the user it goes with when it is sent as Basic auth (`user:secret`). */
export interface SentCredential {
  secret: string;
  basicUser?: string;
}

/**
 * Cuts a credential out of a text from the platform, in every form it was sent and may be echoed
 * (src/outbound/secret-echoes.ts): as it is, URL-encoded or JSON-escaped, `Bearer <secret>`, and
 * with `basicUser` the Basic credential's base64 of `user:secret` — then bounds the length.
 */
export function redact(text: string, credential: string | SentCredential | undefined, maxLength = 300): string {
  const { secret, basicUser } = typeof credential === 'string' ? { secret: credential, basicUser: undefined } : (credential ?? { secret: '', basicUser: undefined });
  if (!secret) return text.slice(0, maxLength);
  const out = hideEchoes(text, echoedForms(authorizationForms(secret, basicUser)), '[redacted]').replaceAll(secret, '[redacted]');
  return out.slice(0, maxLength);
}

/** Resolves with any HTTP answer; rejects with a PlatformCallError (status null) when there is none. */
export async function callPlatform(request: PlatformRequest): Promise<PlatformResponse> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error: unknown) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new PlatformCallError(null, null, null, timedOut ? 'timed out' : 'could not connect', null, deliveryReason(timedOut ? 'timeout' : 'unreachable'));
  }
  let text: string | null;
  try {
    text = await readCapped(response, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  } catch {
    throw new PlatformCallError(null, null, null, 'the answer was cut off', null, deliveryReason('answer_unreadable'));
  }
  if (text === null) throw new PlatformCallError(response.status, null, null, 'the answer was too large', null, deliveryReason('answer_unreadable', { status: response.status }));
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json };
}
