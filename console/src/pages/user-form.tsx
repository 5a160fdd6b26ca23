// Adding or editing a console user: login (fixed once created), e-mail, names, password (required
// to add, optional to edit), role and active. The API's field errors show beside their field.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { useUser } from '../session';
import { FieldError, FormProblemNotice, isAbout, problemFrom, type FormProblem } from '../content/form-problem';
import { useFormGuard } from '../components/unsaved-guard';

export interface UserDraft {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  role: Role;
  active: boolean;
}

type TextField = 'login' | 'email' | 'firstName' | 'lastName' | 'password';

const ROLES: readonly Role[] = ['administrator', 'agent', 'viewer', 'operator'];

export function UserForm({ editing, onSubmit, onCancel }: { editing: User | null; onSubmit: (draft: UserDraft) => Promise<void>; onCancel: () => void }) {
  const me = useUser();
  const { t } = useTranslation();
  const formId = useId();
  const [draft, setDraft] = useState<UserDraft>(() => ({
    login: editing?.login ?? '',
    email: editing?.email ?? '',
    firstName: editing?.firstName ?? '',
    lastName: editing?.lastName ?? '',
    password: '',
    role: editing?.role ?? 'viewer',
    active: editing?.active ?? true,
  }));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const guard = useFormGuard(editing?.login ?? 'new', onCancel);

  const fields: Array<{ name: TextField; type: string; autoComplete: string; required: boolean }> = [
    { name: 'login', type: 'text', autoComplete: 'off', required: true },
    { name: 'email', type: 'email', autoComplete: 'off', required: true },
    { name: 'firstName', type: 'text', autoComplete: 'off', required: true },
    { name: 'lastName', type: 'text', autoComplete: 'off', required: false },
    { name: 'password', type: 'password', autoComplete: 'new-password', required: editing === null },
  ];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const missing = fields.filter((field) => field.required && !draft[field.name].trim()).map((field) => ({ field: field.name, message: t('users.required', { field: t(`users.fields.${field.name}`) }) }));
    if (missing[0]) return setProblem({ ...missing[0], all: missing });
    setBusy(true);
    try {
      await onSubmit(draft);
      guard.saved();
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={guard.ref} className="card form user-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`} className="card-title">
        {editing ? t('users.editTitle', { login: editing.login }) : t('users.addTitle')}
      </h2>
      <div className="form-grid">
        {fields.map((field) => {
          const id = `${formId}-${field.name}`;
          const error = isAbout(problem, field.name);
          return (
            <div className="field" key={field.name}>
              <label htmlFor={id} className="field-label">
                {t(`users.fields.${field.name}`)}
                {field.required ? null : <span className="optional"> {t('common.optional')}</span>}
              </label>
              <input
                id={id}
                name={field.name}
                className="input"
                type={field.type}
                autoComplete={field.autoComplete}
                value={draft[field.name]}
                disabled={field.name === 'login' && editing !== null}
                onChange={(event) => setDraft((current) => ({ ...current, [field.name]: event.target.value }))}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : field.name === 'password' && editing ? `${id}-hint` : undefined}
              />
              {field.name === 'password' && editing ? (
                <p id={`${id}-hint`} className="field-hint">
                  {t('users.passwordKeep')}
                </p>
              ) : null}
              <FieldError problem={problem} field={field.name} id={`${id}-error`} />
            </div>
          );
        })}
        <div className="field">
          <label htmlFor={`${formId}-role`} className="field-label">
            {t('users.fields.role')}
          </label>
          <select id={`${formId}-role`} name="role" className="select" value={draft.role} onChange={(event) => setDraft((current) => ({ ...current, role: ROLES.find((role) => role === event.target.value) ?? 'viewer' }))}>
            <option value="administrator">{t('roles.administrator')}</option>
            <option value="agent">{t('roles.agent')}</option>
            <option value="viewer">{t('roles.viewer')}</option>
            {/* Only the platform's operator gives this role (the API refuses it to administrators). */}
            {me.role === 'operator' || draft.role === 'operator' ? <option value="operator">{t('roles.operator')}</option> : null}
          </select>
          <FieldError problem={problem} field="role" />
        </div>
        <div className="field field-checkbox">
          <input id={`${formId}-active`} name="active" type="checkbox" checked={draft.active} onChange={(event) => setDraft((current) => ({ ...current, active: event.target.checked }))} />
          <label htmlFor={`${formId}-active`}>{t('users.fields.active')}</label>
        </div>
      </div>
      <FormProblemNotice problem={problem} fields={[...fields.map((field) => field.name), 'role']} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {editing ? t('common.save') : t('users.add')}
        </button>
        <button type="button" className="button button-quiet" onClick={guard.closeGuarded}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
