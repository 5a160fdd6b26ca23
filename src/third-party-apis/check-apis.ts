// What is wrong with an assistant's third-party APIs, field by field: a duplicate name, an unknown
// `{context}` in the URL, a header or the body, a dependency on a missing API or in a cycle, an
// invalid response path, a bad status code or timeout. The admin API answers 400 with the first
// problem (naming the API and the field), an import refuses the file, and training reports them.
import { jsonBoundsProblem } from '../assistant/json-bounds.js';
import { BUILT_IN_VALUES, contextsNamedIn, replacePlaceholders } from '../assistant/placeholders.js';
import { BODY_VALUE_TYPES, HTTP_METHODS, MAPPING_TYPES, type ThirdPartyApi } from './api-definition.js';
import { pathProblem } from './response-path.js';

export interface ApiProblem {
  api: string;
  /** The field inside the API: `url`, `headers.0.value`, `body.2.value`, `mappings.1.path`, `dependsOn`… */
  field: string;
  message: string;
  /** A stable code with its parameters (src/admin-api/problem-codes.ts), for the console's words. */
  code: string;
  params?: Record<string, string | number>;
}

type Add = (field: string, message: string, code: string, params?: Record<string, string | number>) => void;

export const MAX_APIS = 200;
export const MAX_ROWS = 100;
const MAX_URL_LENGTH = 2000;
const NAME_PATTERN = /^[\p{L}\p{N}_ .-]{1,80}$/u;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** What a header's written text cannot hold (besides line breaks, `one_line`): Node refuses it (ERR_INVALID_CHAR). Tab is allowed. */
const UNSENDABLE_IN_HEADER = /[^\t\x20-\x7E\x80-\xFF]/u;

export function checkApis(apis: readonly ThirdPartyApi[], contextNames: ReadonlySet<string>): ApiProblem[] {
  const problems: ApiProblem[] = [];
  if (apis.length > MAX_APIS) problems.push({ api: '', field: 'apis', message: `at most ${MAX_APIS} APIs per assistant`, code: 'too_many', params: { max: MAX_APIS } });
  const names = new Map<string, ThirdPartyApi>();
  for (const api of apis) {
    const add: Add = (field, message, code, params) => problems.push({ api: api.name, field, message, code, ...(params ? { params } : {}) });
    if (!NAME_PATTERN.test(api.name)) add('name', 'a name is 1 to 80 letters, digits, spaces, "_", "." or "-"', 'api_name');
    if (names.has(api.name)) add('name', `another API is already named "${api.name}"`, 'duplicate_name', { name: api.name });
    else names.set(api.name, api);
    checkOne(api, contextNames, add);
  }
  for (const api of apis) {
    if (api.dependsOn === undefined) continue;
    if (!names.has(api.dependsOn)) problems.push({ api: api.name, field: 'dependsOn', message: `depends on "${api.dependsOn}", which is not an API of this assistant`, code: 'does_not_exist', params: { what: 'API', name: api.dependsOn } });
    else {
      const cycle = cycleFrom(api.name, names);
      if (cycle) problems.push({ api: api.name, field: 'dependsOn', message: `dependencies go round in a cycle: ${cycle.join(' → ')}`, code: 'dependency_cycle', params: { names: cycle.join(' → ') } });
    }
  }
  return problems;
}

/**
 * The problems of the APIs a replace import keeps (its file has no `apis`) once the content is the
 * file's: a `{context}` placeholder naming a context the replace removes (`placeholder_unknown`,
 * as checkApis says it). Only what the replace breaks: a placeholder that named no context before
 * is left to the API's editor, as check-merge.ts leaves a rule the content already broke.
 */
export function keptApiProblems(apis: readonly ThirdPartyApi[], before: ReadonlySet<string>, after: ReadonlySet<string>): ApiProblem[] {
  return checkApis(apis, after).filter((problem) => problem.code === 'placeholder_unknown' && before.has(String(problem.params?.['name'])));
}

function cycleFrom(start: string, apis: ReadonlyMap<string, ThirdPartyApi>): string[] | null {
  const seen: string[] = [start];
  let current = apis.get(start)?.dependsOn;
  while (current !== undefined) {
    seen.push(current);
    if (current === start) return seen;
    if (seen.indexOf(current) !== seen.length - 1) return null;
    current = apis.get(current)?.dependsOn;
  }
  return null;
}

/** The contexts an API fills from its answer, its dependencies' included. */
export function contextsFilledBy(api: ThirdPartyApi, apis: readonly ThirdPartyApi[]): Set<string> {
  const filled = new Set<string>();
  const byName = new Map(apis.map((item) => [item.name, item] as const));
  const seen = new Set<string>();
  for (let current: ThirdPartyApi | undefined = api; current && !seen.has(current.name); current = current.dependsOn === undefined ? undefined : byName.get(current.dependsOn)) {
    seen.add(current.name);
    for (const mapping of current.mappings) filled.add(mapping.context);
  }
  return filled;
}

function checkOne(api: ThirdPartyApi, contextNames: ReadonlySet<string>, add: Add): void {
  const knownPlaceholders = (field: string, text: string) => {
    for (const name of contextsNamedIn(text)) {
      if (!contextNames.has(name)) add(field, `{${name}} is not a context of this assistant (built-in values: ${BUILT_IN_VALUES.join(', ')})`, 'placeholder_unknown', { name });
    }
  };
  if (!(HTTP_METHODS as readonly string[]).includes(api.method)) add('method', `the method must be one of ${HTTP_METHODS.join(', ')}`, 'not_one_of', { allowed: HTTP_METHODS.join(', ') });
  if (api.url.length > MAX_URL_LENGTH) add('url', `a URL has at most ${MAX_URL_LENGTH} characters`, 'too_long', { max: MAX_URL_LENGTH });
  const sample = api.url.replace(/\{[^}]*\}/g, 'x');
  if (!/^https?:\/\//i.test(api.url) || !URL.canParse(sample)) add('url', 'the URL must be an http:// or https:// address, e.g. https://itsm.example/4biz/services/login', 'not_url');
  else if (new URL(sample).username !== '') add('url', 'credentials in a URL are refused: use a (secret) header', 'url_credentials');
  // The conversation must not choose where the request, and the secrets it carries, go.
  else if (placeholderInHost(api.url)) add('url', "a context placeholder cannot be in the URL's host: only in its path or query", 'url_placeholder_in_host');
  knownPlaceholders('url', api.url);
  if (api.headers.length > MAX_ROWS) add('headers', `at most ${MAX_ROWS} headers`, 'too_many', { max: MAX_ROWS });
  api.headers.forEach((header, index) => {
    if (!HEADER_NAME.test(header.name)) add(`headers.${index}.name`, `"${header.name}" is not a header name`, 'header_name', { name: header.name });
    if (header.secret && (header.value ?? '') === '') add(`headers.${index}.value`, 'a secret header needs its value (written once, never shown again)', 'secret_needs_value');
    if (header.value !== undefined && !header.secret) {
      if (/[\r\n]/.test(header.value)) add(`headers.${index}.value`, 'a header value is one line', 'one_line');
      else if (UNSENDABLE_IN_HEADER.test(replacePlaceholders(header.value, () => ''))) {
        add(`headers.${index}.value`, `header "${header.name}": the value holds a control character or a character outside Latin-1 (an emoji, for one), which HTTP cannot carry; a value from a context is sent as UTF-8`, 'header_value_chars', { name: header.name });
      }
      knownPlaceholders(`headers.${index}.value`, header.value);
    }
  });
  if (api.body.length > MAX_ROWS) add('body', `at most ${MAX_ROWS} body fields`, 'too_many', { max: MAX_ROWS });
  const bodyNames = new Set<string>();
  api.body.forEach((field, index) => {
    const at = `body.${index}`;
    if (field.name.trim() === '' || field.name.length > 100 || field.name.split('.').some((part) => part === '' || part === '__proto__')) {
      add(`${at}.name`, 'a body field needs a name of at most 100 characters; dots nest it (sourceRequest.description), with no empty part', 'body_field_name');
    }
    if (bodyNames.has(field.name)) add(`${at}.name`, `the body already has a field "${field.name}"`, 'duplicate_name', { name: field.name });
    bodyNames.add(field.name);
    if (!(BODY_VALUE_TYPES as readonly string[]).includes(field.type)) {
      add(`${at}.type`, `the type must be one of ${BODY_VALUE_TYPES.join(', ')}`, 'not_one_of', { allowed: BODY_VALUE_TYPES.join(', ') });
      return;
    }
    if (field.secret) {
      if (field.type !== 'text') add(`${at}.secret`, 'only a text field can be secret', 'secret_text_only');
      else if (field.value !== undefined && field.value !== null && typeof field.value !== 'string') add(`${at}.value`, "a secret field's value must be text (a string), written once and never shown again", 'body_value', { type: 'text' });
      else if (typeof field.value !== 'string' || field.value === '') add(`${at}.value`, 'a secret field needs its value (written once, never shown again)', 'secret_needs_value');
      return;
    }
    const bounds = jsonBoundsProblem(field.value);
    const problem = bounds === undefined ? bodyValueProblem(field.type, field.value, contextNames) : null;
    if (bounds !== undefined) add(`${at}.value`, bounds.message, bounds.code, { max: bounds.max });
    else if (problem) add(`${at}.value`, problem, 'body_value', { type: field.type });
    if (field.type === 'text' && typeof field.value === 'string') knownPlaceholders(`${at}.value`, field.value);
  });
  if (api.responseFormat !== 'json' && api.responseFormat !== 'text') add('responseFormat', 'the response format is json or text', 'not_one_of', { allowed: 'json, text' });
  if (api.mappings.length > MAX_ROWS) add('mappings', `at most ${MAX_ROWS} mappings`, 'too_many', { max: MAX_ROWS });
  api.mappings.forEach((mapping, index) => {
    const problem = pathProblem(mapping.path);
    if (problem) add(`mappings.${index}.path`, `invalid path ${problem}`, 'invalid_path');
    else if (api.responseFormat === 'text' && !['', '$'].includes(mapping.path.trim())) add(`mappings.${index}.path`, 'a text answer is read whole: its path is $', 'text_path_whole');
    if (!contextNames.has(mapping.context)) add(`mappings.${index}.context`, `"${mapping.context}" is not a context of this assistant`, 'not_a_context', { name: mapping.context });
    if (mapping.type !== undefined && !(MAPPING_TYPES as readonly string[]).includes(mapping.type)) add(`mappings.${index}.type`, `the type must be one of ${MAPPING_TYPES.join(', ')}`, 'not_one_of', { allowed: MAPPING_TYPES.join(', ') });
  });
  for (const key of ['success', 'unauthorized', 'notFound'] as const) {
    const codes = api.status[key];
    if (codes.some((code) => !Number.isInteger(code) || code < 100 || code > 599)) add(`status.${key}`, 'status codes are whole numbers from 100 to 599', 'between', { min: 100, max: 599 });
  }
  if (api.status.success.length === 0) add('status.success', 'at least one status code means success', 'success_status_required');
  const overlap = api.status.success.find((code) => api.status.unauthorized.includes(code) || api.status.notFound.includes(code));
  if (overlap !== undefined) add('status.success', `${overlap} cannot mean success and also unauthorised or not found`, 'status_overlap', { code: overlap });
  if (api.timeoutMs !== undefined && (!Number.isInteger(api.timeoutMs) || api.timeoutMs < 1000 || api.timeoutMs > 30_000)) add('timeoutMs', 'the timeout is 1000 to 30000 milliseconds', 'between', { min: 1000, max: 30000 });
  for (const key of ['notFoundMessage', 'failureMessage'] as const) {
    const text = api[key];
    if (text !== undefined) {
      if (text.length > 2000) add(key, 'a message has at most 2000 characters', 'too_long', { max: 2000 });
      knownPlaceholders(key, text);
    }
  }
}

function bodyValueProblem(type: string, value: unknown, contextNames: ReadonlySet<string>): string | null {
  switch (type) {
    case 'text':
      return typeof value === 'string' ? null : 'a text field needs a text value';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'a number field needs a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'a boolean field needs true or false';
    case 'list':
      return Array.isArray(value) ? null : 'a list field needs a JSON list';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : 'an object field needs a JSON object';
    case 'context':
      return typeof value === 'string' && contextNames.has(value) ? null : `"${String(value)}" is not a context of this assistant`;
    default:
      return value === undefined || value === null || value === '' ? null : `a ${type} field takes no value`;
  }
}

/** Whether a `{context}` placeholder sits in the URL's scheme-and-host part (it could choose where the call goes). */
export function placeholderInHost(url: string): boolean {
  return /^https?:\/\/[^/?#]*\{/i.test(url);
}
