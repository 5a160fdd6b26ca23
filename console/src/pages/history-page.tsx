// Histórico: every change of the chosen assistant's content and third-party APIs (edits, deletes,
// imports, restores), newest first, with who and when; an administrator restores the whole
// assistant to a version after seeing what the restore would add, change and remove (and reads
// what to check afterwards: an API secret that could not come back).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { ApiProblem } from '../api/problem-text';
import type { Assistant } from '../api/types';
import { useAssistantChoice } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { restoredText } from '../content/version-texts';
import { ChangeList, VersionLine, type ItemChange, type Version, type VersionPage } from '../content/versions';
import { useUser } from '../session';
import { useResource } from '../use-resource';

export function HistoryPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { current } = useAssistantChoice();
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  return (
    <>
      <PageHeader title={t('versions.title')} description={t('versions.lead')} />
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {current ? (
        <VersionList
          key={`${current.server}/${current.language}#${generation}`}
          assistant={current}
          canRestore={user.role === 'administrator'}
          onRestored={(text) => {
            setNotice({ tone: 'success', text });
            setGeneration((value) => value + 1);
          }}
          onFailed={(text) => setNotice({ tone: 'error', text })}
        />
      ) : null}
    </>
  );
}

function VersionList({ assistant, canRestore, onRestored, onFailed }: { assistant: Assistant; canRestore: boolean; onRestored: (text: string) => void; onFailed: (text: string) => void }) {
  const { t } = useTranslation();
  const base = assistantPath(assistant.server, assistant.language, '/versions');
  const first = useResource<VersionPage>(() => request('GET', `${base}?limit=30`), base);
  const [older, setOlder] = useState<Version[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const cursor = next === undefined ? first.data?.next : next;
  const versions = [...(first.data?.versions ?? []), ...older];

  async function loadMore() {
    if (!cursor) return;
    const page = await request<VersionPage>('GET', `${base}?limit=30&before=${cursor}`);
    setOlder((current) => [...current, ...page.versions]);
    setNext(page.next);
  }

  if (first.error) return <Notice tone="error">{errorText(first.error, t)}</Notice>;
  if (first.loading && !first.data) return <p className="muted" role="status">{t('common.loading')}</p>;
  if (versions.length === 0) return <p className="muted">{t('versions.none')}</p>;
  return (
    <div className="card">
      <ol className="version-list" data-testid="versions">
        {versions.map((version, index) => (
          <li key={version.id} data-testid="version" data-id={version.id}>
            <VersionLine version={version} />
            <ChangeList changes={version.summary} more={version.items - version.summary.length} />
            {canRestore && index > 0 ? <RestoreAssistant assistant={assistant} version={version} onRestored={onRestored} onFailed={onFailed} /> : null}
          </li>
        ))}
      </ol>
      {cursor ? (
        <button type="button" className="button button-secondary" onClick={() => void loadMore().catch((error: unknown) => onFailed(errorText(error, t)))}>
          {t('versions.older')}
        </button>
      ) : null}
    </div>
  );
}

/** First what the restore would change (GET …/restore-preview), then the confirmation. */
function RestoreAssistant({ assistant, version, onRestored, onFailed }: { assistant: Assistant; version: Version; onRestored: (text: string) => void; onFailed: (text: string) => void }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<ItemChange[] | null>(null);
  const [busy, setBusy] = useState(false);
  const path = assistantPath(assistant.server, assistant.language, `/versions/${version.id}`);
  if (preview === null) {
    return (
      <button
        type="button"
        className="button button-secondary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            setPreview((await request<{ changes: ItemChange[] }>('GET', `${path}/restore-preview`)).changes);
          } catch (error: unknown) {
            onFailed(errorText(error, t));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('versions.restoreAssistant')}
      </button>
    );
  }
  return (
    <div className="notice notice-warning" role="group" aria-label={t('versions.restoreQuestion')} data-testid="restore-preview">
      <strong className="notice-title">{t('versions.restoreQuestion')}</strong>
      {preview.length === 0 ? <p>{t('versions.nothingToRestore')}</p> : <ChangeList changes={preview} />}
      <div className="actions">
        {preview.length > 0 ? (
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                const restored = await request<{ warnings?: ApiProblem[] }>('POST', `${path}/restore`);
                onRestored(restoredText(t, version.id, restored.warnings ?? []));
              } catch (error: unknown) {
                onFailed(errorText(error, t));
                setBusy(false);
              }
            }}
          >
            {t('versions.confirmRestore')}
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={() => setPreview(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
