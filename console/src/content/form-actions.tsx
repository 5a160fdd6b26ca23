import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';

/** True around a viewer's read-only copy of a form: no save, no cancel (the page has a close). */
export const ReadOnlyForm = createContext(false);

/** Save and Cancel at the foot of a content form; none in a viewer's read-only copy (ReadOnlyForm). */
export function FormActions({ busy, creating, addLabel, onCancel }: { busy: boolean; creating: boolean; addLabel: string; onCancel: () => void }) {
  const { t } = useTranslation();
  if (useContext(ReadOnlyForm)) return null;
  return (
    <div className="actions form-actions">
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('content.saving') : creating ? addLabel : t('common.save')}
      </button>
      <button type="button" className="button button-quiet" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
