// Runs an API for one conversation: its dependencies first (a login, then the call that needs its
// `sessionID`), each answer read into contexts by its mappings. An authentication API whose
// contexts the conversation already holds is not called again; when a later call answers
// "unauthorised" (its status list, e.g. 401 or 4biz's 412) on values held from an earlier turn,
// the authentication API runs once more and the call is retried once, with the same built-in values. The result says what each step sent (secrets masked), got and
// extracted — what "testar" shows and what a failure's event records.
import { OutboundError, type OutboundClient } from '../outbound/outbound-client.js';
import type { MappingType, SecretRef, ThirdPartyApi } from './api-definition.js';
import { echoedForms, headerCredentials, hideEchoes } from '../outbound/secret-echoes.js';
import { buildRequest, builtInValues, MASK, type BuiltRequest, type RequestValues } from './build-request.js';
import { placeholderInHost } from './check-apis.js';
import { readPath } from './response-path.js';

export type StepOutcome = 'success' | 'unauthorized' | 'notFound' | 'failure';

export interface Extraction {
  path: string;
  context: string;
  value?: unknown;
  /** Why nothing was taken. */
  problem?: string;
  /** The same as a stable code with its params (src/admin-api/problem-codes.ts): the console's words. */
  problemCode?: string;
  problemParams?: Record<string, string | number>;
}

/** A reason as the console says it: a code and its params; `reason` stays the English sentence. */
export interface CodedReason {
  reasonCode?: string;
  reasonParams?: Record<string, string | number>;
}

export interface ApiStep {
  api: string;
  request: BuiltRequest;
  status?: number;
  /** The answer's text, cut at RESPONSE_PREVIEW characters. */
  response?: string;
  outcome: StepOutcome;
  reason?: string;
  reasonCode?: string;
  reasonParams?: Record<string, string | number>;
  extracted: Extraction[];
}

export interface ApiRunResult {
  outcome: 'success' | 'notFound' | 'failure';
  /** The contexts the answers set (the conversation's slots to change). */
  slots: Record<string, unknown>;
  steps: ApiStep[];
  /** The API whose message applies (the one that failed or found nothing; the one asked for otherwise). */
  api: ThirdPartyApi;
  reason?: string;
  /** The reason's code and params; `reasonParams.api` names the API that failed. */
  reasonCode?: string;
  reasonParams?: Record<string, string | number>;
  /** The parsed answer of the API asked for (for buttons built from a list). */
  answer?: unknown;
}

export const RESPONSE_PREVIEW = 4000;

export class ApiRunError extends Error {}

/** The chain to run for `name`: its dependencies first, then it. */
export function apiChain(apis: readonly ThirdPartyApi[], name: string): ThirdPartyApi[] {
  const byName = new Map(apis.map((api) => [api.name, api] as const));
  const chain: ThirdPartyApi[] = [];
  for (let current = byName.get(name); current !== undefined; current = current.dependsOn === undefined ? undefined : byName.get(current.dependsOn)) {
    if (chain.includes(current)) throw new ApiRunError(`the dependencies of "${name}" go round in a cycle`);
    chain.unshift(current);
  }
  if (chain.length === 0) throw new ApiRunError(`there is no API named "${name}"`);
  return chain;
}

export interface RunApiOptions {
  client: OutboundClient;
  /** A secret header's or body field's value, opened. */
  openSecret: (api: ThirdPartyApi, ref: SecretRef) => string;
  /** Call every API of the chain, authentication ones included ("testar"). */
  fresh?: boolean;
}

export async function runApi(apis: readonly ThirdPartyApi[], name: string, values: RequestValues, options: RunApiOptions): Promise<ApiRunResult> {
  const chain = apiChain(apis, name);
  const target = chain[chain.length - 1] as ThirdPartyApi;
  const slots: Record<string, unknown> = {};
  // One draw of {$random} and the dates for the run: a call retried after a re-login sends the
  // request it sent (4biz's numberOrigin, unique per ticket, stays the same: 4biz refuses a second one).
  const builtIns = values.builtIns ?? builtInValues();
  const current = () => ({ ...values, builtIns, slots: { ...values.slots, ...slots } });
  /** The authentication APIs called in this run: the values they just gave are not stale. */
  const loggedIn = new Set<string>();
  const steps: ApiStep[] = [];
  let answer: unknown;
  const fail = (api: ThirdPartyApi, reason: string, step: ApiStep, outcome: 'failure' | 'notFound' = 'failure'): ApiRunResult => ({
    outcome,
    slots,
    steps,
    api,
    reason,
    reasonCode: step.reasonCode ?? (outcome === 'notFound' ? 'api_found_nothing' : 'api_failed'),
    reasonParams: { ...step.reasonParams, api: step.api },
  });

  for (let index = 0; index < chain.length; index += 1) {
    const api = chain[index] as ThirdPartyApi;
    const isTarget = index === chain.length - 1;
    const held = api.authentication && !isTarget && !options.fresh && api.mappings.length > 0 && api.mappings.every((mapping) => isSet(current().slots[mapping.context]));
    if (held) continue;
    let step = await callOnce(api, current(), options);
    steps.push(step);
    if (api.authentication && step.outcome === 'success') loggedIn.add(api.name);
    if (step.outcome === 'unauthorized') {
      // Logging in again helps only a session held from an earlier turn, which may have expired.
      // One the login has just given is not stale: its "unauthorised" is the call's own answer
      // (4biz answers 412 to every error, a refused ticket's included), not to be sent twice.
      const login = chain.slice(0, index).findLast((candidate) => candidate.authentication);
      if (login && !loggedIn.has(login.name)) {
        const again = await callOnce(login, current(), options);
        steps.push(again);
        if (again.outcome !== 'success') return fail(login, `${login.name}: ${again.reason ?? again.outcome}`, again);
        loggedIn.add(login.name);
        apply(again, slots);
        step = await callOnce(api, current(), options);
        steps.push(step);
      }
    }
    if (step.outcome === 'unauthorized') return fail(api, `${api.name} answered ${step.status}: unauthorised`, step);
    if (step.outcome === 'notFound') return fail(api, step.reason ?? `${api.name} found nothing`, step, isTarget ? 'notFound' : 'failure');
    if (step.outcome === 'failure') return fail(api, step.reason ?? `${api.name} failed`, step);
    apply(step, slots);
    if (isTarget) answer = step.response === undefined ? undefined : parsedAnswer(api, step);
  }
  return { outcome: 'success', slots, steps, api: target, answer };
}

function coded(step: ApiStep, code: string, params?: Record<string, string | number>): void {
  step.reasonCode = code;
  if (params) step.reasonParams = params;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function apply(step: ApiStep, slots: Record<string, unknown>): void {
  for (const extraction of step.extracted) if (extraction.problem === undefined) slots[extraction.context] = extraction.value;
}

/**
 * What of a request is secret, in the forms an answer may echo it (src/outbound/secret-echoes.ts):
 * each opened value (a secret header or body field, sent as it is: build-request.ts never templates
 * one), each secret header's part after its scheme (a "Basic …" or "Bearer …" credential), each also
 * JSON-escaped (once and twice), URL-encoded and form-encoded (a GET's query rows). Values under 4
 * characters are left: a secret that short would mask half the answer and protects nothing.
 */
function secretsSent(request: BuiltRequest, masked: BuiltRequest, opened: readonly string[]): string[] {
  const values = new Set<string>(opened);
  for (const [name, value] of Object.entries(request.headers)) {
    if (masked.headers[name] !== MASK) continue;
    for (const credential of headerCredentials(value)) values.add(credential);
  }
  return echoedForms(values);
}

function hideSecrets(text: string, secrets: readonly string[]): string {
  return hideEchoes(text, secrets, MASK);
}

/**
 * A copy of a parsed answer with `hideSecrets` applied to every text in it, keys included (a number
 * holding a secret becomes the mask): what the mappings read and the list the buttons are built
 * from, so a value mapped from an echoed secret is stored and shown masked, as the answer's preview
 * is. Iterative, so no answer is too deep for it.
 */
function hideSecretsIn(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  const hidden = (item: unknown): unknown => {
    if (typeof item === 'string') return hideSecrets(item, secrets);
    // A number that reads as a secret (a numeric key echoed) is masked as the preview masks it.
    if (typeof item === 'number' && hideSecrets(String(item), secrets) !== String(item)) return MASK;
    if (Array.isArray(item)) return [...(item as unknown[])];
    if (typeof item === 'object' && item !== null) return Object.fromEntries(Object.entries(item).map(([key, inner]) => [hideSecrets(key, secrets), inner]));
    return item;
  };
  const root = hidden(value);
  const pending: unknown[] = [root];
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    if (typeof container !== 'object' || container === null) continue;
    const record = container as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const inner = hidden(record[key]);
      record[key] = inner;
      if (typeof inner === 'object' && inner !== null) pending.push(inner);
    }
  }
  return root;
}

const parsedAnswers = new WeakMap<ApiStep, unknown>();

function parsedAnswer(api: ThirdPartyApi, step: ApiStep): unknown {
  return api.responseFormat === 'json' ? parsedAnswers.get(step) : step.response;
}

async function callOnce(api: ThirdPartyApi, values: RequestValues, options: RunApiOptions): Promise<ApiStep> {
  const opened: string[] = [];
  const { request, masked } = await buildRequest(api, values, (ref) => {
    const value = options.openSecret(api, ref);
    opened.push(value);
    return value;
  });
  const step: ApiStep = { api: api.name, request: masked, outcome: 'failure', extracted: [] };
  if (placeholderInHost(api.url)) {
    // Refused when saved (checkApis); one stored before that check never runs: a user's words
    // would choose the host the call goes to.
    step.reason = "refused: a context placeholder cannot be in the URL's host: only in its path or query";
    step.reasonCode = 'url_placeholder_in_host';
    return step;
  }
  let status: number;
  let text: string;
  try {
    const response = await options.client.send({ ...request, ...(api.timeoutMs === undefined ? {} : { timeoutMs: api.timeoutMs }) });
    status = response.status;
    text = response.body;
  } catch (error: unknown) {
    step.reason = error instanceof OutboundError ? `${error.failure}: ${error.message}` : `failed: ${error instanceof Error ? error.message : String(error)}`;
    step.reasonCode = error instanceof OutboundError ? `api_${error.failure.replace('-', '_')}` : 'api_failed';
    return step;
  }
  step.status = status;
  // An API that echoes the request (many do on errors) must not hand a secret back in clear: not in
  // the preview, nor in a value its mappings take (below).
  const secrets = secretsSent(request, masked, opened);
  const shown = hideSecrets(text, secrets);
  step.response = shown.length > RESPONSE_PREVIEW ? `${shown.slice(0, RESPONSE_PREVIEW)}…` : shown;
  if (api.status.unauthorized.includes(status)) {
    step.outcome = 'unauthorized';
    step.reason = `answered ${status}: unauthorised`;
    coded(step, 'api_unauthorised', { status });
    return step;
  }
  if (api.status.notFound.includes(status)) {
    step.outcome = 'notFound';
    step.reason = `answered ${status}: not found`;
    coded(step, 'api_not_found', { status });
    return step;
  }
  if (!api.status.success.includes(status)) {
    step.reason = `answered ${status}, which is not a success status (${api.status.success.join(', ')})`;
    coded(step, 'api_not_success', { status, success: api.status.success.join(', ') });
    return step;
  }
  let document: unknown = shown;
  if (api.responseFormat === 'json') {
    // An empty answer (a 204) is no document: the mappings find nothing (not found), not a failure.
    if (text.trim() === '') document = null;
    else {
      try {
        document = JSON.parse(text) as unknown;
      } catch {
        step.reason = 'the answer is not JSON, and JSON was declared';
        coded(step, 'api_not_json');
        return step;
      }
      // Masked once parsed: a secret may stand where a mask in the text would not be JSON.
      document = hideSecretsIn(document, secrets);
    }
  }
  parsedAnswers.set(step, document);
  let missing = false;
  for (const mapping of api.mappings) {
    const found = api.responseFormat === 'json' ? readPath(document, mapping.path) : shown;
    const typed = found === undefined ? undefined : asType(found, mapping.type);
    if (found === undefined || (Array.isArray(found) && found.length === 0)) {
      missing = true;
      step.extracted.push({ path: mapping.path, context: mapping.context, problem: found === undefined ? 'not in the answer' : 'an empty list', problemCode: found === undefined ? 'extract_missing' : 'extract_empty_list' });
    } else if (typed === undefined) {
      const type = mapping.type ?? 'value';
      const shown = JSON.stringify(found).slice(0, 80);
      step.extracted.push({ path: mapping.path, context: mapping.context, problem: `not a ${type}: ${shown}`, problemCode: 'extract_not_type', problemParams: { type, value: shown } });
      step.reason = `${mapping.path} is not a ${type}`;
      coded(step, 'api_value_not_type', { path: mapping.path, type });
      return step;
    } else step.extracted.push({ path: mapping.path, context: mapping.context, value: typed });
  }
  if (missing) {
    step.outcome = 'notFound';
    const paths = step.extracted.filter((item) => item.problem).map((item) => item.path).join(', ');
    step.reason = `nothing found at ${paths}`;
    coded(step, 'api_nothing_found', { paths });
    return step;
  }
  step.outcome = 'success';
  return step;
}

/** The value as the mapping's type wants it, or undefined when it is of another kind. */
function asType(value: unknown, type: MappingType | undefined): unknown {
  switch (type) {
    case undefined:
      return value;
    case 'text':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    case 'number':
      if (typeof value === 'number') return value;
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'list':
      return Array.isArray(value) ? value : undefined;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  }
}
