// The third-party APIs ("APIs de terceiros") as the admin API shows them
// (src/admin-api/apis/api-routes.ts): a secret header or body field comes back without its value,
// only `hasValue`. Also what "testar" answers, and the paths of the routes.
import { assistantPath } from '../api/client';
import type { Assistant } from '../api/types';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The 11 body value types (src/third-party-apis/api-definition.ts). */
export const BODY_VALUE_TYPES = ['text', 'number', 'boolean', 'list', 'object', 'context', 'chatHistory', 'lastMessage', 'userId', 'undefined', 'empty'] as const;
export type BodyValueType = (typeof BODY_VALUE_TYPES)[number];

export const MAPPING_TYPES = ['text', 'number', 'boolean', 'list', 'object'] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

/** The fixed list offered for the three status settings (the server's STATUS_CHOICES). */
export const STATUS_CHOICES: readonly number[] = [200, 201, 202, 204, 400, 401, 403, 404, 406, 409, 410, 412, 422, 500, 502, 503];
export const STATUS_KINDS = ['success', 'unauthorized', 'notFound'] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];
export const DEFAULT_STATUS: Record<StatusKind, number[]> = { success: [200, 201, 202, 204], unauthorized: [401], notFound: [404] };

export interface ApiHeader {
  name: string;
  value?: string;
  secret?: boolean;
  hasValue?: boolean;
}

export interface BodyField {
  name: string;
  type: BodyValueType;
  value?: unknown;
  secret?: boolean;
  hasValue?: boolean;
}

export interface ResponseMapping {
  path: string;
  context: string;
  type?: MappingType;
}

export interface ThirdPartyApi {
  name: string;
  dependsOn?: string;
  method: HttpMethod;
  url: string;
  headers: ApiHeader[];
  body: BodyField[];
  responseFormat: 'json' | 'text';
  mappings: ResponseMapping[];
  status: Record<StatusKind, number[]>;
  notFoundMessage?: string;
  failureMessage?: string;
  authentication: boolean;
  timeoutMs?: number;
}

export interface ApiTestStep {
  api: string;
  request: { method: string; url: string; headers?: Record<string, string>; body?: string };
  status?: number;
  response?: string;
  outcome: 'success' | 'unauthorized' | 'notFound' | 'failure';
  /** English, for the API's readers; the console says `reasonCode` with `reasonParams`. */
  reason?: string;
  reasonCode?: string;
  reasonParams?: Record<string, string | number>;
  extracted: Array<{ path: string; context: string; value?: unknown; problem?: string; problemCode?: string; problemParams?: Record<string, string | number> }>;
}

export interface ApiTestResult {
  outcome: 'success' | 'notFound' | 'failure';
  reason?: string;
  /** The reason's code; `reasonParams.api` names the API that failed. */
  reasonCode?: string;
  reasonParams?: Record<string, string | number>;
  /** What the assistant would say when nothing is found or the call fails. */
  message?: string;
  contexts: Record<string, unknown>;
  steps: ApiTestStep[];
}

/** `…/apis` or `…/apis/{name}` of the assistant. */
export function apisPath(assistant: Assistant, name?: string, rest = ''): string {
  return assistantPath(assistant.server, assistant.language, `/apis${name === undefined ? '' : `/${encodeURIComponent(name)}`}${rest}`);
}

/** The chain "testar" runs for `name`: its dependencies first (a cycle stops it). */
export function chainOf(apis: readonly ThirdPartyApi[], name: string): ThirdPartyApi[] {
  const chain: ThirdPartyApi[] = [];
  for (let current = apis.find((api) => api.name === name); current !== undefined && !chain.includes(current); current = apis.find((api) => api.name === current?.dependsOn)) chain.unshift(current);
  return chain;
}

const PLACEHOLDER = /\{(\$?[A-Za-z_][\w.-]*)(?::[A-Za-z]+(?::[A-Za-z]+)?)?\}/g;

/**
 * The contexts a chain reads that no earlier step fills: the sample values "testar" asks for.
 * Placeholders in the URL, plain headers, text body fields and messages; body fields of type
 * context. Built-in values (`{$today}`) are left out.
 */
export function contextsRead(chain: readonly ThirdPartyApi[]): string[] {
  const read: string[] = [];
  const filled = new Set<string>();
  const add = (name: string) => {
    if (!name.startsWith('$') && !filled.has(name) && !read.includes(name)) read.push(name);
  };
  for (const api of chain) {
    const texts = [api.url, ...api.headers.filter((header) => !header.secret).map((header) => header.value ?? ''), ...api.body.filter((field) => field.type === 'text' && !field.secret && typeof field.value === 'string').map((field) => field.value as string)];
    for (const text of texts) for (const match of text.matchAll(PLACEHOLDER)) add(match[1] as string);
    for (const field of api.body) if (field.type === 'context' && typeof field.value === 'string') add(field.value);
    for (const mapping of api.mappings) filled.add(mapping.context);
  }
  return read;
}
