import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The save button of an integration's form (then `children`, more buttons), and "Salvo." once it saved. */
export function SaveActions({ label, busy, saved, onClick, children }: { label: string; busy: boolean; saved: boolean; /** Without it the button submits its form. */ onClick?: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type={onClick ? 'button' : 'submit'} className={`button ${onClick ? 'button-secondary' : 'button-primary'}`} disabled={busy} onClick={onClick}>
        {label}
      </button>
      {children}
      {saved ? (
        <span className="inline-status" role="status">
          {t('common.saved')}
        </span>
      ) : null}
    </div>
  );
}
