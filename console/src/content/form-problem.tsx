// A form's problem as the API reported it: the message, and the field path it belongs to
// (`phrases.2.text`). Each field shows the problems of its path; what no field of the form shows
// is shown once above the buttons, so no message is ever lost.
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';

export interface FormProblem {
  message: string;
  field?: string;
}

export function problemFrom(error: unknown, t: Parameters<typeof errorText>[1]): FormProblem {
  return { message: errorText(error, t), ...(error instanceof ApiError && error.field ? { field: error.field } : {}) };
}

/** Whether the problem is about `field` or something inside it (`phrases.2` holds `phrases.2.text`). */
export function isAbout(problem: FormProblem | null, field: string): boolean {
  const at = problem?.field;
  return at !== undefined && (at === field || at.startsWith(`${field}.`));
}

/** The message next to a field; `id` is what the input's aria-describedby names. */
export function FieldError({ problem, field, id, exact }: { problem: FormProblem | null; field: string; id?: string; exact?: boolean }) {
  if (!problem || !(exact ? problem.field === field : isAbout(problem, field))) return null;
  return (
    <p id={id} className="field-error" data-field={problem.field}>
      {problem.message}
    </p>
  );
}

/** The problem when none of `fields` shows it (no field, or a field this form has no place for). */
export function FormProblemNotice({ problem, fields }: { problem: FormProblem | null; fields: readonly string[] }) {
  const { t } = useTranslation();
  if (!problem || fields.some((field) => isAbout(problem, field))) return null;
  return (
    <Notice tone="error" title={t('content.notSaved')}>
      {problem.message}
    </Notice>
  );
}
