import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button whose action asks once more, in place (no modal): for rotations and deletions. In a list,
 * `accessibleName` names the item ("Remover ana") where the visible label repeats on every row.
 */
export function ConfirmButton({
  label,
  accessibleName,
  question,
  onConfirm,
  disabled,
  danger,
}: {
  label: string;
  accessibleName?: string;
  question: string;
  onConfirm: () => Promise<void> | void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={`button ${danger ? 'button-danger-quiet' : 'button-secondary'}`} disabled={disabled} aria-label={accessibleName} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={`button ${danger ? 'button-danger' : 'button-primary'}`}
        disabled={busy}
        autoFocus
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {t('common.confirm')}
      </button>
      <button type="button" className="button button-quiet" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
