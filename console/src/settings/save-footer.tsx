import { useTranslation } from 'react-i18next';
import { Notice } from '../components/notice';

/** The foot of a Configurações form: "saved" once it was, and Save for those who may change it. */
export function SaveFooter({ saved, canChange, busy }: { saved: boolean; canChange: boolean; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {saved ? <Notice tone="success">{t('common.saved')}</Notice> : null}
      {canChange ? (
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      ) : null}
    </>
  );
}
