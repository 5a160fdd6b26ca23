// A form's problems as the API reported them: every problem at once, each translated from its
// code (../api/problem-text.ts) with the field path it belongs to (`phrases.2.text`). Each field
// shows the problems of its path; what no field of the form shows is listed once above the
// buttons, so no message is ever lost. Every form uses these (through useSave or problemFrom).
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { problemsOf, problemText } from '../api/problem-text';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';

export interface FieldMessage {
  message: string;
  field?: string;
}

/** The first problem (`message`, `field`) and, in `all`, every one. */
export interface FormProblem extends FieldMessage {
  all?: FieldMessage[];
}

export function problemFrom(error: unknown, t: Parameters<typeof errorText>[1]): FormProblem {
  if (error instanceof ApiError && error.status === 400) {
    // A problem of another item (`item`) has a field of that item: it is listed above the buttons.
    const all = problemsOf(error).map((problem) => ({ message: problemText(t, problem), ...(problem.field && !problem.item ? { field: problem.field } : {}) }));
    const first = all[0];
    if (first) return { ...first, all };
  }
  return { message: errorText(error, t), ...(error instanceof ApiError && error.field ? { field: error.field } : {}) };
}

/** Every problem of a form problem. */
export function allOf(problem: FormProblem | null): FieldMessage[] {
  if (!problem) return [];
  return problem.all ?? [problem];
}

function about(message: FieldMessage, field: string, exact?: boolean): boolean {
  const at = message.field;
  return at !== undefined && (at === field || (!exact && at.startsWith(`${field}.`)));
}

/** Whether a problem is about `field` or something inside it (`phrases.2` holds `phrases.2.text`). */
export function isAbout(problem: FormProblem | null, field: string): boolean {
  return allOf(problem).some((message) => about(message, field));
}

/** The problems about `field` (or inside it), translated. */
export function problemsAt(problem: FormProblem | null, field: string, exact?: boolean): FieldMessage[] {
  return allOf(problem).filter((message) => about(message, field, exact));
}

/** The messages next to a field; `id` is what the input's aria-describedby names. */
export function FieldError({ problem, field, id, exact }: { problem: FormProblem | null; field: string; id?: string; exact?: boolean }) {
  const here = problemsAt(problem, field, exact);
  if (here.length === 0) return null;
  if (here.length === 1) {
    return (
      <p id={id} className="field-error" data-field={here[0]?.field}>
        {here[0]?.message}
      </p>
    );
  }
  return (
    <ul id={id} className="field-error problem-list">
      {here.map((message, index) => (
        <li key={index} data-field={message.field}>
          {message.message}
        </li>
      ))}
    </ul>
  );
}

/** The problems none of `fields` shows (no field, or a field this form has no place for). */
export function FormProblemNotice({ problem, fields }: { problem: FormProblem | null; fields: readonly string[] }) {
  const { t } = useTranslation();
  const elsewhere = allOf(problem).filter((message) => !fields.some((field) => about(message, field)));
  if (elsewhere.length === 0) return null;
  return (
    <Notice tone="error" title={t('content.notSaved')}>
      {elsewhere.length === 1 ? (
        elsewhere[0]?.message
      ) : (
        <ul className="problem-list">
          {elsewhere.map((message, index) => (
            <li key={index}>{message.message}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
