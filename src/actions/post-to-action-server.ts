// One POST to an action server: JSON in, JSON (or nothing) out, with a deadline for the whole
// exchange, a cap on the answer's size, no redirects followed (a 3xx is a failure, as in Rasa), and
// the SSRF guard on the address connected to. The token travels as Rasa's EndpointConfig sends it,
// `?token=` (what a Rasa-style server or proxy checks), and in `Authorization: Bearer`; the URL
// with the token is made here only for the request: no error, log or event holds it. The answer
// is handed on with every echo of the token masked (an error body quoting the URL or the header it
// got), since what the engine takes from it is stored on the conversation and logged.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { authorizationForms, echoedForms, hideEchoes } from '../outbound/secret-echoes.js';
import { guardedLookup, OutboundAllowList, OutboundRefusedError, refusalOfAddress } from './outbound-address-guard.js';

/** What replaces an echoed token in the answer (as the third-party APIs mask theirs). */
export const TOKEN_MASK = '••••••';

export interface ActionServerLimits {
  timeoutMs: number;
  maxResponseBytes: number;
  allow: OutboundAllowList;
}

export interface ActionServerReply {
  status: number;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
}

/** Why a call got no HTTP answer: said to the admin (recorded on the conversation), never a secret. */
export class ActionServerUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ActionServerUnreachableError';
  }
}

export function postToActionServer(url: URL, body: unknown, token: string | undefined, limits: ActionServerLimits): Promise<ActionServerReply> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refusal = isIP(host) === 0 ? null : refusalOfAddress(host, host, limits.allow);
  if (refusal !== null) return Promise.reject(new OutboundRefusedError(refusal));
  const payload = Buffer.from(JSON.stringify(body));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const target = new URL(url.href);
  if (token !== undefined) target.searchParams.set('token', token);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = send(
      target,
      {
        method: 'POST',
        lookup: guardedLookup(limits.allow),
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': String(payload.length),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxResponseBytes) {
            fail(new ActionServerUnreachableError(`the action server's answer is larger than ${Math.round(limits.maxResponseBytes / 1024)} KB`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', (error: Error) => fail(new ActionServerUnreachableError(`the action server's answer broke off: ${error.message}`, { cause: error })));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text.trim() === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: response.statusCode ?? 0, body: token === undefined ? parsed : withoutEchoes(parsed, echoedForms(authorizationForms(token))) });
        });
      },
    );
    const timer = setTimeout(() => fail(new ActionServerUnreachableError(`the action server did not answer within ${limits.timeoutMs / 1000} s`)), limits.timeoutMs);
    request.on('error', (error: Error) => {
      if (error instanceof OutboundRefusedError) fail(error);
      else fail(new ActionServerUnreachableError(`the action server could not be reached: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { cause: error }));
    });
    request.end(payload);
  });
}

/**
 * `value` (a parsed JSON answer) with every string and key in it masked where it echoes the token:
 * as sent, JSON-escaped, URL- or form-encoded (the `?token=` it got), `Bearer <token>`
 * (src/outbound/secret-echoes.ts). Walked without recursion — an answer up to the size cap can nest
 * deeper than the stack — and changed in place (it was just parsed).
 */
export function withoutEchoes(value: unknown, forms: readonly string[]): unknown {
  if (forms.length === 0) return value;
  const mask = (text: string) => hideEchoes(text, forms, TOKEN_MASK);
  if (typeof value === 'string') return mask(value);
  const pending: unknown[] = [value];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length; index += 1) {
        const element: unknown = item[index];
        if (typeof element === 'string') item[index] = mask(element);
        else if (typeof element === 'object' && element !== null) pending.push(element);
      }
    } else if (typeof item === 'object' && item !== null) {
      const object = item as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        const element = object[key];
        const shownKey = mask(key);
        if (shownKey !== key) {
          delete object[key];
          Object.defineProperty(object, shownKey, { value: element, enumerable: true, writable: true, configurable: true });
        }
        if (typeof element === 'string') object[shownKey] = mask(element);
        else if (typeof element === 'object' && element !== null) pending.push(element);
      }
    }
  }
  return value;
}
