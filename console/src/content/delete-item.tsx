// Deleting a content item: asked once in place; when something still uses it the API answers 409
// `in_use` with the list, shown as a warning that names each user, with the forced delete the API
// defines (what it removes is spelled out before the second confirmation).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { contentPath, type ContentList, type Usage } from './content-types';

export function DeleteItem({ assistant, list, name, onDeleted }: { assistant: Assistant; list: ContentList; name: string; onDeleted: (text: string) => void }) {
  const { t } = useTranslation();
  const [usedBy, setUsedBy] = useState<Usage[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function remove(force: boolean) {
    setFailure(null);
    try {
      await request('DELETE', `${contentPath(assistant, list, name)}${force ? '?force=true' : ''}`);
      setUsedBy(null);
      onDeleted(t('content.deleted', { name }));
    } catch (error: unknown) {
      if (error instanceof ApiError && error.code === 'in_use' && Array.isArray(error.details['usedBy'])) setUsedBy(error.details['usedBy'] as Usage[]);
      else setFailure(errorText(error, t));
    }
  }

  return (
    <>
      <ConfirmButton label={t('common.remove')} question={t('content.deleteQuestion', { name })} onConfirm={() => remove(false)} danger />
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      {usedBy ? (
        <div className="notice notice-warning in-use" role="alert" data-testid="in-use">
          <strong className="notice-title">{t('content.inUseTitle', { name })}</strong>
          <ul className="usage-list">
            {[...new Map(usedBy.map((usage) => [`${usage.list}/${usage.name}`, usage])).values()].map((usage) => (
              <li key={`${usage.list}/${usage.name}`}>
                {t(`content.lists.${usage.list}`)}: <strong>{usage.name}</strong>
              </li>
            ))}
          </ul>
          <p>{t(`content.forceEffect.${list}`)}</p>
          <div className="actions">
            <ConfirmButton label={t('content.forceDelete')} question={t('content.forceQuestion', { name })} onConfirm={() => remove(true)} danger />
            <button type="button" className="button button-quiet" onClick={() => setUsedBy(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
