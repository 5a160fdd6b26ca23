// The admin API's problems in the user's language. Each error carries a stable code and its params
// (src/admin-api/problem-codes.ts); its English `message` is for API clients and is never shown.
// A code this console has no text for reads as a generic sentence, so no English reaches a
// pt-BR screen.
import type { TFunction } from 'i18next';
import { inItemParams, problemParams } from '../../../src/admin-api/problem-params';
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

/**
 * The sentence of a code with its params (the names in them translated as the training e-mails
 * translate them: `problemParams`), or the generic one when this console does not know the code.
 */
export function problemText(t: TFunction, problem: ApiProblem): string {
  const key = `problems.${problem.code}`;
  const word = (name: string) => t(`problems.${name}`);
  const params = problemParams(problem.params, word);
  // A rule broken once an import is merged: the rule's own sentence inside the merge's.
  const rule = params['rule'];
  if (problem.code === 'import_merge_problem' && typeof rule === 'string' && rule !== 'import_merge_problem') {
    const { rule: _rule, ...ruleParams } = problem.params ?? {};
    params['text'] = problemText(t, { code: rule, params: ruleParams });
  }
  const text = !/^\w+$/.test(problem.code) || !t(key, { defaultValue: '' }) ? t('problems.unknown') : t(key, { ...params, interpolation: { escapeValue: false } });
  if (!problem.item) return text;
  return t('problems.inItem', { ...inItemParams(problem.item, text, word), interpolation: { escapeValue: false } });
}

/** One problem of an imported file (the API's `fileProblems` and `fileWarnings`): where it is, and its code. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  place?: string;
  code: string;
  params?: Record<string, string | number>;
  /** The English line (the CLI's words): kept for logs and tests, not shown. */
  message?: string;
}

export function isFileProblem(value: unknown): value is FileProblem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return typeof item['file'] === 'string' && typeof item['line'] === 'number' && typeof item['column'] === 'number' && typeof item['code'] === 'string';
}

/** `pt.yaml:3:11 intents[0].name — O nome …`: the place as the file has it, the sentence in the user's language. */
export function fileProblemText(t: TFunction, problem: FileProblem): string {
  const place = `${problem.file}:${problem.line}:${problem.column}${problem.place ? ` ${problem.place}` : ''}`;
  return `${place} — ${problemText(t, { code: problem.code, ...(problem.params ? { params: problem.params } : {}) })}`;
}
