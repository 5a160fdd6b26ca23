import { useTranslation } from 'react-i18next';

/** Save and Cancel at the foot of a content form. */
export function FormActions({ busy, creating, addLabel, onCancel }: { busy: boolean; creating: boolean; addLabel: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('content.saving') : creating ? addLabel : t('common.save')}
      </button>
      <button type="button" className="button button-quiet" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
