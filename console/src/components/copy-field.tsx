import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './copy-button';

/** A read-only value with its label and a copy button; `actions` adds buttons such as Rotate. */
export function CopyField({ label, value, hint, actions, testId }: { label: string; value: string; hint?: ReactNode; actions?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="copy-field" data-testid={testId}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="copy-field-row">
        <input id={id} className="input input-mono" type="text" value={value} readOnly onFocus={(event) => event.currentTarget.select()} aria-describedby={hint ? `${id}-hint` : undefined} />
        <CopyButton text={value} label={t('common.copyLabel', { name: label })} />
        {actions}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
