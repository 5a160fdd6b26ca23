// Third-party APIs and custom skills in the assistant file (YAML, src/assistant): the file's keys
// are snake_case like the rest of the format (`depends_on`, `response_format`, `not_found_message`,
// `failure_message`, `timeout_ms`, `status.not_found`, `list_buttons`). A secret header or body
// field is exported without its value (`secret: true`); importing it keeps the value the assistant
// already has, or must give one.
import type { CustomSkill } from '../assistant/content.js';
import { DEFAULT_STATUS, type ApiHeader, type BodyField, type ThirdPartyApi } from './api-definition.js';

type Entry = Record<string, unknown>;

/** A problem of an entry: the field in it, the English message, and its stable code and params (src/admin-api/problem-codes.ts). */
export type EntryProblem = (field: string, message: string, code: string, params?: Record<string, string | number>) => void;

/** What a value is, as a `found` param says it (mapping, list, text, number, boolean, nothing, other). */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number' || typeof value === 'boolean') return typeof value;
  return isEntry(value) ? 'mapping' : 'other';
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file's key for each field of an API whose name differs (check-apis.ts names the fields as the API does). */
const FILE_KEYS: Readonly<Record<string, string>> = { dependsOn: 'depends_on', responseFormat: 'response_format', notFoundMessage: 'not_found_message', failureMessage: 'failure_message', timeoutMs: 'timeout_ms', notFound: 'not_found' };

/**
 * A field of an API as check-apis.ts names it (`headers.0.value`, `dependsOn`, `status.notFound`)
 * as its path in the file under the API's (`headers[0].value`, `depends_on`, `status.not_found`).
 */
export function fileFieldOf(field: string): string {
  return field
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${Object.hasOwn(FILE_KEYS, part) ? FILE_KEYS[part] : part}`))
    .join('')
    .replace(/^\./, '');
}

export function apiEntry(api: ThirdPartyApi): Entry {
  return {
    name: api.name,
    depends_on: api.dependsOn,
    method: api.method,
    url: api.url,
    authentication: api.authentication ? true : undefined,
    headers: api.headers.length > 0 ? api.headers.map((header) => (header.secret ? { name: header.name, secret: true } : { name: header.name, value: header.value ?? '' })) : undefined,
    body: api.body.length > 0 ? api.body.map((field) => (field.secret ? { name: field.name, type: field.type, secret: true } : { name: field.name, type: field.type, value: field.value })) : undefined,
    response_format: api.responseFormat === 'json' ? undefined : api.responseFormat,
    mappings: api.mappings.length > 0 ? api.mappings.map((mapping) => ({ path: mapping.path, context: mapping.context, type: mapping.type })) : undefined,
    status: { success: api.status.success, unauthorized: api.status.unauthorized, not_found: api.status.notFound },
    not_found_message: api.notFoundMessage,
    failure_message: api.failureMessage,
    timeout_ms: api.timeoutMs,
  };
}

export function customEntry(custom: CustomSkill): Entry {
  const list = custom.listButtons;
  return { api: custom.api, list_buttons: list === undefined ? undefined : { path: list.path, title: list.title, payload: list.payload, max: list.max } };
}

/** Reads one `apis` item; problems are reported as (field, message, code, params) and the item is then skipped. */
export function apiFromEntry(value: unknown, problem: EntryProblem): ThirdPartyApi | undefined {
  if (!isEntry(value)) {
    problem('', 'an API is a map with name, method and url', 'file_api_not_mapping', { found: kindOf(value) });
    return undefined;
  }
  const known = ['name', 'depends_on', 'method', 'url', 'authentication', 'headers', 'body', 'response_format', 'mappings', 'status', 'not_found_message', 'failure_message', 'timeout_ms'];
  for (const key of Object.keys(value)) if (!known.includes(key)) problem(key, `unknown key "${key}" (keys: ${known.join(', ')})`, 'file_unknown_key', { key, keys: known.join(', ') });
  const text = (key: string, required = false): string | undefined => {
    const item = value[key];
    if (item === undefined || item === null) {
      if (required) problem(key, `"${key}" is required`, 'file_needs_key', { key });
      return undefined;
    }
    if (typeof item !== 'string') problem(key, `"${key}" must be text`, 'file_not_text', { found: kindOf(item) });
    return typeof item === 'string' ? item : undefined;
  };
  const list = (key: string): Entry[] => {
    const item = value[key];
    if (item === undefined || item === null) return [];
    if (!Array.isArray(item) || !item.every(isEntry)) {
      problem(key, `"${key}" must be a list of maps`, 'file_list_of_mappings', { key });
      return [];
    }
    return item;
  };
  const codes = (status: Entry | undefined, key: string, fallback: number[]): number[] => {
    const item = status?.[key];
    if (item === undefined) return fallback;
    if (!Array.isArray(item) || !item.every((code) => Number.isInteger(code))) {
      problem(`status.${key}`, 'status codes are a list of whole numbers', 'file_status_codes');
      return fallback;
    }
    return item as number[];
  };
  const name = text('name', true);
  const method = text('method', true)?.toUpperCase();
  const url = text('url', true);
  if (name === undefined || method === undefined || url === undefined) return undefined;
  const status = isEntry(value['status']) ? value['status'] : undefined;
  const headers: ApiHeader[] = list('headers').map((header) => ({ name: String(header['name'] ?? ''), ...(header['value'] === undefined ? {} : { value: String(header['value']) }), ...(header['secret'] === true ? { secret: true } : {}) }));
  const body: BodyField[] = list('body').map((field) => ({ name: String(field['name'] ?? ''), type: String(field['type'] ?? 'text') as BodyField['type'], ...(field['value'] === undefined ? {} : { value: field['value'] }), ...(field['secret'] === true ? { secret: true } : {}) }));
  const dependsOn = text('depends_on');
  const format = text('response_format');
  const notFound = text('not_found_message');
  const failure = text('failure_message');
  const timeout = value['timeout_ms'];
  return {
    name,
    ...(dependsOn === undefined ? {} : { dependsOn }),
    method: method as ThirdPartyApi['method'],
    url,
    headers,
    body,
    responseFormat: format === 'text' ? 'text' : 'json',
    mappings: list('mappings').map((mapping) => ({ path: String(mapping['path'] ?? ''), context: String(mapping['context'] ?? ''), ...(typeof mapping['type'] === 'string' ? { type: mapping['type'] as 'text' } : {}) })),
    status: { success: codes(status, 'success', DEFAULT_STATUS.success), unauthorized: codes(status, 'unauthorized', DEFAULT_STATUS.unauthorized), notFound: codes(status, 'not_found', DEFAULT_STATUS.notFound) },
    ...(notFound === undefined ? {} : { notFoundMessage: notFound }),
    ...(failure === undefined ? {} : { failureMessage: failure }),
    authentication: value['authentication'] === true,
    ...(typeof timeout === 'number' ? { timeoutMs: timeout } : {}),
  };
}

export function customFromEntry(value: unknown, problem: EntryProblem): CustomSkill | undefined {
  if (!isEntry(value) || typeof value['api'] !== 'string' || value['api'].trim() === '') {
    problem('api', 'a custom skill needs "custom: {api: NAME}", the third-party API it runs', 'file_custom_needs_api');
    return undefined;
  }
  const list = value['list_buttons'];
  if (list === undefined) return { api: value['api'] };
  if (!isEntry(list) || typeof list['path'] !== 'string' || typeof list['title'] !== 'string' || typeof list['payload'] !== 'string') {
    problem('list_buttons', '"list_buttons" needs path, title and payload (texts)', 'file_custom_list_buttons');
    return { api: value['api'] };
  }
  return { api: value['api'], listButtons: { path: list['path'], title: list['title'], payload: list['payload'], ...(typeof list['max'] === 'number' ? { max: list['max'] } : {}) } };
}
