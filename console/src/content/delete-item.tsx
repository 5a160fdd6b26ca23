// Deleting a content item: asked once in place, naming what the delete would take with it (GET
// …/delete-preview: a dialogue's follow-ups, dialogues left without intents…); when something
// still uses it the API answers 409 `in_use` with the list, shown as a warning that names each
// user, with the forced delete the API defines (what it deletes and changes is listed before the
// second confirmation).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { contentPath, type ContentList, type Usage } from './content-types';

interface DeletePreview {
  usedBy: Usage[];
  deleted: Array<{ list: ContentList; name: string }>;
  changed: Array<{ list: ContentList; name: string }>;
}

/** What a forced delete also deletes and changes, besides the item itself. */
function Cascade({ preview, list, name }: { preview: DeletePreview; list: ContentList; name: string }) {
  const { t } = useTranslation();
  const deleted = preview.deleted.filter((item) => !(item.list === list && item.name === name));
  return (
    <>
      {deleted.length > 0 ? (
        <div data-testid="cascade-deleted">
          <span>{t('content.cascadeDeleted')}</span>
          <ul className="usage-list">
            {deleted.map((item) => (
              <li key={`${item.list}/${item.name}`}>
                {t(`content.lists.${item.list}`)}: <strong>{item.name}</strong>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.changed.length > 0 ? (
        <div data-testid="cascade-changed">
          <span>{t('content.cascadeChanged')}</span>
          <ul className="usage-list">
            {preview.changed.map((item) => (
              <li key={`${item.list}/${item.name}`}>
                {t(`content.lists.${item.list}`)}: <strong>{item.name}</strong>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

export function DeleteItem({ assistant, list, name, onDeleted }: { assistant: Assistant; list: ContentList; name: string; onDeleted: (text: string) => void }) {
  const { t } = useTranslation();
  const [usedBy, setUsedBy] = useState<Usage[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [preview, setPreview] = useState<DeletePreview | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  async function ask() {
    setFailure(null);
    setBusy(true);
    try {
      setPreview(await request<DeletePreview>('GET', `${contentPath(assistant, list, name)}/delete-preview`));
      setAsking(true);
    } catch (error: unknown) {
      setFailure(errorText(error, t));
    } finally {
      setBusy(false);
    }
  }

  async function remove(force: boolean) {
    setFailure(null);
    try {
      await request('DELETE', `${contentPath(assistant, list, name)}${force ? '?force=true' : ''}`);
      setUsedBy(null);
      onDeleted(t('content.deleted', { name, context: list }));
    } catch (error: unknown) {
      if (error instanceof ApiError && error.code === 'in_use' && Array.isArray(error.details['usedBy'])) setUsedBy(error.details['usedBy'] as Usage[]);
      else setFailure(errorText(error, t));
    }
  }

  return (
    <>
      {asking && preview ? (
        <span className="confirm" role="group" aria-label={t('content.deleteQuestion', { name })}>
          <span className="confirm-question">{t('content.deleteQuestion', { name })}</span>
          {preview.usedBy.length === 0 ? <Cascade preview={preview} list={list} name={name} /> : null}
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            autoFocus
            onClick={async () => {
              setBusy(true);
              try {
                await remove(false);
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
      ) : (
        <button type="button" className="button button-danger-quiet" aria-label={t('content.removeLabel', { name })} disabled={busy} onClick={() => void ask()}>
          {t('common.remove')}
        </button>
      )}
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
          {preview ? <Cascade preview={preview} list={list} name={name} /> : null}
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
