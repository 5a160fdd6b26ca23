// A write-only secret of an integration (an app secret, an access token, a bot token): a password
// field that is emptied once saved, and only ever "set" / "not set" from the server.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../components/confirm-button';
import { StatusBadge } from '../components/status-badge';

export interface SecretFieldProps {
  name: string;
  label: string;
  hint: string;
  status: 'set' | 'not set';
  value: string;
  onValue: (value: string) => void;
  disabled: boolean;
  error?: string | undefined;
  /** Removes the value (asked once more, in place). */
  onRemove?: () => Promise<void>;
  removeQuestion?: string;
}

export function SecretField({ name, label, hint, status, value, onValue, disabled, error, onRemove, removeQuestion }: SecretFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const isSet = status === 'set';
  return (
    <div className="field" data-testid={`secret-${name}`}>
      <div className="field-label-row">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        <StatusBadge tone={isSet ? 'positive' : 'neutral'}>{isSet ? t('integrations.secret.set') : t('integrations.secret.notSet')}</StatusBadge>
      </div>
      <div className="copy-field-row">
        <input
          id={id}
          name={name}
          className="input input-mono"
          type="password"
          autoComplete="off"
          value={value}
          disabled={disabled}
          placeholder={disabled ? '' : isSet ? t('integrations.secret.replacePlaceholder') : t('integrations.secret.setPlaceholder')}
          onChange={(event) => onValue(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />
        {isSet && onRemove && !disabled ? <ConfirmButton label={t('common.remove')} question={removeQuestion ?? t('integrations.secret.removeQuestion')} onConfirm={onRemove} danger /> : null}
      </div>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
