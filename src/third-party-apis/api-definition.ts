// A third-party API as the "APIs de terceiros" screen defines it (per assistant): what to call, how
// to build the request from the conversation, how to read the answer into contexts, which status
// codes mean success, "unauthorised" and "not found", and what the assistant says when nothing is
// found or the call fails. The same shape is stored, sent by the admin API and written to
// assistant files; a secret header's value is sealed at rest and never sent back.

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * The 11 body value types: a literal (text — `{context}` placeholders filled —, number, boolean,
 * list, object), a context's current value (`value` names it), this session's chat history (user
 * and bot messages, oldest first, at most CHAT_HISTORY_LIMIT), the last user message, the user
 * identification (the sender id), undefined (the field is left out) and empty (an empty string).
 */
export const BODY_VALUE_TYPES = ['text', 'number', 'boolean', 'list', 'object', 'context', 'chatHistory', 'lastMessage', 'userId', 'undefined', 'empty'] as const;
export type BodyValueType = (typeof BODY_VALUE_TYPES)[number];

export const CHAT_HISTORY_LIMIT = 50;

export interface BodyField {
  name: string;
  type: BodyValueType;
  /** text: a string with `{context}` placeholders; number, boolean, list, object: the literal; context: the context's name. */
  value?: unknown;
  /** A text field whose value is sealed at rest and write-only, like a secret header (a login's password). */
  secret?: boolean;
}

export interface ApiHeader {
  name: string;
  /** May hold `{context}` placeholders. Absent when read back for a secret header (write-only). */
  value?: string;
  /** Sealed at rest, never sent back by the admin API, masked in logs and in "testar". */
  secret?: boolean;
}

export const MAPPING_TYPES = ['text', 'number', 'boolean', 'list', 'object'] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

/** A field of the answer (response-path.ts syntax) stored in a context. */
export interface ResponseMapping {
  path: string;
  context: string;
  /** What the value must be; a value of another type makes the call fail ("odd answer"). Any type when absent. */
  type?: MappingType;
}

export interface StatusCodes {
  success: number[];
  unauthorized: number[];
  notFound: number[];
}

export const DEFAULT_STATUS: StatusCodes = { success: [200, 201, 202, 204], unauthorized: [401], notFound: [404] };

/** The fixed list the console offers for the three status settings. */
export const STATUS_CHOICES: readonly number[] = [200, 201, 202, 204, 400, 401, 403, 404, 406, 409, 410, 412, 422, 500, 502, 503];

export interface ThirdPartyApi {
  name: string;
  /** Another API that runs first (e.g. a login); its mapped contexts are then available here. */
  dependsOn?: string;
  method: HttpMethod;
  /** `{context}` placeholders are URL-encoded. */
  url: string;
  headers: ApiHeader[];
  body: BodyField[];
  responseFormat: 'json' | 'text';
  mappings: ResponseMapping[];
  status: StatusCodes;
  /** Said when the API answers a not-found status, or a mapped field is missing. */
  notFoundMessage?: string;
  /** Said when the call fails (network, timeout, 5xx, an answer of the wrong shape). */
  failureMessage?: string;
  /**
   * An authentication API (a login): its mapped contexts (e.g. `sessionID`) are kept in the
   * conversation, so it runs only when they are missing, and once more when an API that depends
   * on it answers "unauthorised".
   */
  authentication: boolean;
  /** 1 000–30 000 ms; 10 000 when absent. */
  timeoutMs?: number;
}

/** Where a secret header's sealed value is bound (src/secrets/secret-box.ts): its API and header name. */
export function secretHeaderPlace(assistantId: number, api: string, header: string): { assistantId: number; name: string } {
  return { assistantId, name: `third-party-api/${api}/${header.toLowerCase()}` };
}

/** Where a secret body field's sealed value is bound (a header name has no "/", so the two never meet). */
export function secretBodyPlace(assistantId: number, api: string, field: string): { assistantId: number; name: string } {
  return { assistantId, name: `third-party-api/${api}/body/${field}` };
}

/** Which secret an API opens: a header's or a body field's. */
export type SecretRef = { header: string } | { body: string };
