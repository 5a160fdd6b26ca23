// The request an API sends for one conversation: `{context}` placeholders filled (URL-encoded in
// the URL), secret headers opened, the JSON body built from its rows. A secret (header, body or
// query row) is sent byte for byte as it was given, never templated: `{…}` in a password is part of
// the password, and what is sent is exactly what the masking looks for. `masked` is the same
// request with every secret value replaced, for "testar", events and logs.
import { replacePlaceholders } from '../assistant/placeholders.js';
import type { BodyField, SecretRef, ThirdPartyApi } from './api-definition.js';

export const MASK = '••••••';

export interface ChatLine {
  from: 'user' | 'bot';
  text: string;
}

/** What an API's request is built from. */
export interface RequestValues {
  slots: Readonly<Record<string, unknown>>;
  sender: string;
  lastMessage: string;
  /** This session's user and bot messages, oldest first (loaded only when a body asks for it). */
  history: () => Promise<ChatLine[]>;
  /** {$random}, {$today}, {$now} fixed for a whole run (builtInValues): a call retried sends the same ones. */
  builtIns?: Readonly<Record<string, string>>;
}

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function placeholderText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function fillText(text: string, slots: Readonly<Record<string, unknown>>, encode = false): string {
  return replacePlaceholders(text, (placeholder) => {
    const value = placeholderText(slots[placeholder.name]);
    return encode ? encodeURIComponent(value) : value;
  });
}

/** `sourceRequest.contact.name` builds the nested objects it names (4biz's bodies nest). */
function setField(target: Record<string, unknown>, name: string, value: unknown): void {
  const parts = name.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) at = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      at[part] = created;
      at = created;
    }
  }
  at[parts[parts.length - 1] ?? name] = value;
}

/** {$random} (six digits), {$today}, {$now} (ISO, UTC), drawn once for a run of an API's chain. */
export function builtInValues(): Record<string, string> {
  const now = new Date().toISOString();
  return { $random: String(100000 + Math.floor(Math.random() * 900000)), $today: now.slice(0, 10), $now: now };
}

/** The built-in values a request may use: {$conversation} (the sender id) and builtInValues. */
function withBuiltIns(values: RequestValues): Record<string, unknown> {
  return { ...values.slots, $conversation: values.sender, ...(values.builtIns ?? builtInValues()) };
}

async function bodyValue(field: BodyField, values: RequestValues, openSecret: (ref: SecretRef) => string): Promise<unknown> {
  switch (field.type) {
    case 'text':
      return field.secret ? openSecret({ body: field.name }) : fillText(String(field.value ?? ''), values.slots);
    case 'context':
      return values.slots[String(field.value)] ?? null;
    case 'chatHistory':
      return await values.history();
    case 'lastMessage':
      return values.lastMessage;
    case 'userId':
      return values.sender;
    case 'empty':
      return '';
    case 'undefined':
      return undefined;
    default:
      return field.value;
  }
}

/**
 * A context's value as a header carries it: line breaks and tabs as spaces, other control characters (NUL,
 * the rest of C0, DEL) removed, and the text as its UTF-8 bytes, one Latin-1 character a byte —
 * what curl sends for a UTF-8 header. Node refuses a header character outside Latin-1, so "Zé 😀"
 * from a conversation would otherwise fail the call.
 */
export function headerValueFromContext(value: string): string {
  return Buffer.from(readableHeaderValue(value), 'utf8').toString('latin1');
}

/** A context's value as "testar" shows it in a header: one line (a line break or a tab a space), no other control character. */
function readableHeaderValue(value: string): string {
  return value.replace(/\r\n|[\r\n\t]/g, ' ').replace(/[\x00-\x08\x0B-\x1F\x7F]/g, '');
}

/** A secret header's value as sent: without line breaks at its ends, and those inside as spaces. */
export function secretHeaderValue(secret: string): string {
  return secret.replace(/^[\r\n]+|[\r\n]+$/g, '').replace(/[\r\n]/g, ' ');
}

/**
 * Builds the request; `openSecret` gives a secret header's or body row's value, used as it is. GET sends no body: its rows
 * become query parameters (text as is, other values as JSON).
 */
export async function buildRequest(api: ThirdPartyApi, given: RequestValues, openSecret: (ref: SecretRef) => string): Promise<{ request: BuiltRequest; masked: BuiltRequest }> {
  const values = { ...given, slots: withBuiltIns(given) };
  let url = fillText(api.url, values.slots, true);
  let maskedUrl: string | undefined;
  const headers: Record<string, string> = {};
  const masked: Record<string, string> = {};
  for (const header of api.headers) {
    // A secret is never templated; a header cannot hold a line break, so a pasted token's trailing
    // newline goes (and one inside becomes a space, as in other headers) rather than fail the call.
    // A literal value was checked when saved (Latin-1, no control character: check-apis.ts) and is
    // sent as written; a context's value is made sendable (headerValueFromContext). "Testar" shows
    // the value as read, not its bytes.
    if (header.secret) {
      headers[header.name] = secretHeaderValue(openSecret({ header: header.name }));
      masked[header.name] = MASK;
      continue;
    }
    const template = (header.value ?? '').replace(/[\r\n]/g, ' ');
    headers[header.name] = replacePlaceholders(template, (placeholder) => headerValueFromContext(placeholderText(values.slots[placeholder.name])));
    masked[header.name] = replacePlaceholders(template, (placeholder) => readableHeaderValue(placeholderText(values.slots[placeholder.name])));
  }
  let body: string | undefined;
  let maskedBody: string | undefined;
  if (api.body.length > 0) {
    const object: Record<string, unknown> = {};
    const shown: Record<string, unknown> = {};
    for (const field of api.body) {
      const value = await bodyValue(field, values, openSecret);
      if (value === undefined) continue;
      setField(object, field.name, value);
      setField(shown, field.name, field.secret ? MASK : value);
    }
    if (api.method === 'GET') {
      const target = new URL(url);
      const shownTarget = new URL(url);
      for (const [name, value] of Object.entries(object)) target.searchParams.append(name, typeof value === 'string' ? value : JSON.stringify(value));
      for (const [name, value] of Object.entries(shown)) shownTarget.searchParams.append(name, typeof value === 'string' ? value : JSON.stringify(value));
      url = target.toString();
      maskedUrl = shownTarget.toString();
    } else {
      body = JSON.stringify(object);
      maskedBody = JSON.stringify(shown);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
        masked['content-type'] = 'application/json';
      }
    }
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept')) {
    headers['accept'] = api.responseFormat === 'json' ? 'application/json' : 'text/plain, */*';
    masked['accept'] = headers['accept'];
  }
  const request: BuiltRequest = { method: api.method, url, headers, ...(body === undefined ? {} : { body }) };
  return { request, masked: { ...request, url: maskedUrl ?? url, headers: masked, ...(maskedBody === undefined ? {} : { body: maskedBody }) } };
}
