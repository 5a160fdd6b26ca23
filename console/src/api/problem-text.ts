// The admin API's problems in the user's language. Each error carries a stable code and its params
// (src/admin-api/problem-codes.ts); its English `message` is for API clients and is never shown.
// A code this console has no text for reads as a generic sentence, so no English reaches a
// pt-BR screen.
import type { TFunction } from 'i18next';
import { ApiError } from './api-error';

export interface ApiProblem {
  field?: string;
  code: string;
  params?: Record<string, string | number>;
  /** The API's English message: kept for logs and tests, not shown. */
  message?: string;
  /** Another item than the one the form edits (a rename that breaks it): its field is not this form's. */
  item?: { list: string; name: string };
}

/** The kinds of items a `what` param names: translated before it goes into a sentence. */
const WHATS = ['theme', 'intent', 'context', 'skill', 'dialogue', 'api'] as const;

/** JSON types a `type` param names. */
const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];

/** Every problem of an error: its `problems`, or one made of its `field` and code. */
export function problemsOf(error: ApiError): ApiProblem[] {
  const listed = error.details['problems'];
  const objects = Array.isArray(listed) ? listed.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];
  if (objects.length > 0) {
    return objects.map((item) => ({
      ...(typeof item['field'] === 'string' && item['field'] !== '' ? { field: item['field'] } : {}),
      code: typeof item['code'] === 'string' ? item['code'] : 'invalid_value',
      ...(typeof item['params'] === 'object' && item['params'] !== null ? { params: item['params'] as ApiProblem['params'] } : {}),
      ...(typeof item['message'] === 'string' ? { message: item['message'] } : {}),
      ...(typeof item['item'] === 'object' && item['item'] !== null ? { item: item['item'] as ApiProblem['item'] } : {}),
    }));
  }
  const params = error.details['params'];
  return [{ ...(error.field ? { field: error.field } : {}), code: error.code, ...(typeof params === 'object' && params !== null ? { params: params as ApiProblem['params'] } : {}), message: error.message }];
}

/** The sentence of a code with its params, or the generic one when this console does not know it. */
export function problemText(t: TFunction, problem: ApiProblem): string {
  const key = `problems.${problem.code}`;
  const params: Record<string, string | number> = { ...problem.params };
  const what = params['what'];
  if (typeof what === 'string' && (WHATS as readonly string[]).includes(what)) params['what'] = t(`problems.what.${what}`);
  const type = params['type'];
  if (typeof type === 'string') params['type'] = type.split(', ').map((name) => (TYPES.includes(name) ? t(`problems.typeNames.${name}`) : name)).join(', ');
  const text = !/^\w+$/.test(problem.code) || !t(key, { defaultValue: '' }) ? t('problems.unknown') : t(key, { ...params, interpolation: { escapeValue: false } });
  if (!problem.item) return text;
  const list = problem.item.list.replace(/s$/, '');
  const itemWhat = (WHATS as readonly string[]).includes(list) ? t(`problems.what.${list}`) : problem.item.list;
  return t('problems.inItem', { what: itemWhat, name: problem.item.name, text, interpolation: { escapeValue: false } });
}
