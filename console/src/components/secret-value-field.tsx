import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from './confirm-button';
import { CopyButton } from './copy-button';
import { StatusBadge } from './status-badge';

/**
 * A value that grants access (an API token, a verify token): everyone sees whether it is set; an
 * administrator (the only one the API gives the value to) sees it masked, may reveal and copy it,
 * create the first one and rotate it.
 */
export function SecretValueField({
  label,
  status,
  value,
  canManage,
  testId,
  hint,
  createLabel,
  missingText,
  rotateQuestion,
  onCreate,
  onRotate,
}: {
  label: string;
  status: 'set' | 'not set';
  value: string | undefined;
  canManage: boolean;
  testId: string;
  hint?: ReactNode;
  createLabel: string;
  missingText: string;
  rotateQuestion: string;
  onCreate: () => Promise<void>;
  onRotate: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const [creating, setCreating] = useState(false);
  const isSet = status === 'set';
  return (
    <div className="copy-field" data-testid={testId}>
      <div className="field-label-row">
        {canManage && value !== undefined ? (
          <label htmlFor={id} className="field-label">
            {label}
          </label>
        ) : (
          <span className="field-label">{label}</span>
        )}
        <StatusBadge tone={isSet ? 'positive' : 'neutral'}>{isSet ? t('common.set') : t('common.notSet')}</StatusBadge>
      </div>
      {canManage && value !== undefined ? (
        <div className="copy-field-row">
          <input id={id} className="input input-mono" type={revealed ? 'text' : 'password'} value={value} readOnly autoComplete="off" onFocus={(event) => event.currentTarget.select()} aria-describedby={hint ? `${id}-hint` : undefined} />
          <button type="button" className="button button-quiet" aria-pressed={revealed} aria-label={t(revealed ? 'common.hideLabel' : 'common.revealLabel', { name: label })} onClick={() => setRevealed(!revealed)}>
            {revealed ? t('common.hide') : t('common.reveal')}
          </button>
          <CopyButton text={value} label={t('common.copyLabel', { name: label })} />
          <ConfirmButton label={t('common.rotate')} question={rotateQuestion} onConfirm={onRotate} />
        </div>
      ) : null}
      {canManage && value === undefined ? (
        <div className="actions">
          <p className="field-hint">{missingText}</p>
          <button
            type="button"
            className="button button-primary"
            disabled={creating}
            onClick={async () => {
              setCreating(true);
              try {
                await onCreate();
              } finally {
                setCreating(false);
              }
            }}
          >
            {createLabel}
          </button>
        </div>
      ) : null}
      {!canManage ? <p className="field-hint">{isSet ? t('common.secretForAdministrators') : missingText}</p> : null}
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
