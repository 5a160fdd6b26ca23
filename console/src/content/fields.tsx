// Form fields of the content forms: a label, the control, an optional hint and the API's message
// for that field right under it (linked with aria-describedby).
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { useResource } from '../use-resource';
import { contentPath, type ContentList } from './content-types';
import { FieldError, isAbout, type FormProblem } from './form-problem';

interface Common {
  label: string;
  field: string;
  problem: FormProblem | null;
  hint?: ReactNode;
  optional?: boolean;
  disabled?: boolean;
}

function Frame({ id, label, field, problem, hint, optional, children }: Common & { id: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
        {optional ? <span className="optional"> {t('common.optional')}</span> : null}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <FieldError problem={problem} field={field} id={`${id}-error`} />
    </div>
  );
}

function described(id: string, problem: FormProblem | null, field: string, hint: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', isAbout(problem, field) ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function TextField(props: Common & { value: string; onChange: (value: string) => void; multiline?: boolean; type?: string; inputMode?: 'decimal' | 'text' }) {
  const id = useId();
  const { value, onChange, multiline, problem, field, hint, disabled } = props;
  const shared = {
    id,
    name: field,
    value,
    disabled,
    'aria-invalid': isAbout(problem, field) ? true : undefined,
    'aria-describedby': described(id, problem, field, hint),
  } as const;
  return (
    <Frame {...props} id={id}>
      {multiline ? (
        <textarea {...shared} className="input textarea" rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...shared} className="input" type={props.type ?? 'text'} inputMode={props.inputMode} autoComplete="off" onChange={(event) => onChange(event.target.value)} />
      )}
    </Frame>
  );
}

export function SelectField(props: Common & { value: string; onChange: (value: string) => void; options: Array<{ value: string; label: string }>; empty?: string }) {
  const id = useId();
  const { value, onChange, options, empty, problem, field, hint, disabled } = props;
  return (
    <Frame {...props} id={id}>
      <select
        id={id}
        name={field}
        className="select"
        value={value}
        disabled={disabled}
        aria-invalid={isAbout(problem, field) ? true : undefined}
        aria-describedby={described(id, problem, field, hint)}
        onChange={(event) => onChange(event.target.value)}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** The names of a list of the assistant, for the selects that refer to its items. */
export function useNames<T extends { name: string }>(assistant: Assistant, list: ContentList): T[] {
  const items = useResource<T[]>(() => request('GET', contentPath(assistant, list)), `${assistant.server}/${assistant.language}/${list}`);
  return items.data ?? [];
}

/** Options of a select from item names. */
export function nameOptions(items: ReadonlyArray<{ name: string }>): Array<{ value: string; label: string }> {
  return items.map((item) => ({ value: item.name, label: item.name }));
}

/**
 * A select inside a row of fields (a slot, a condition), labelled by `for`/`id`: a label wrapped
 * around a select would take the chosen option into its accessible name.
 */
export function RowSelect(props: {
  id: string;
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  empty?: string;
  invalid?: boolean;
  className?: string;
}) {
  const { id, label, name, value, onChange, options, empty, invalid, className } = props;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" name={name} value={value} aria-invalid={invalid ? true : undefined} onChange={(event) => onChange(event.target.value)}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
