// Histórico: the content versions (GET …/versions, …/{list}/{name}/versions) — who changed what
// and when — per item, in the item's form (a third-party API's too, list `apis`), and per
// assistant (pages/history-page.tsx), with restore after a confirmation. Viewers read;
// administrators restore.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { actorText, formatDateTime } from '../format';
import { useResource } from '../use-resource';
import { contentPath, type ContentList } from './content-types';
import type { ApiProblem } from '../api/problem-text';
import { itemRestoredText, listLabel } from './version-texts';

export interface ItemChange {
  list: string;
  change: 'added' | 'changed' | 'removed';
  name: string;
  previousName?: string;
  before?: unknown;
  after?: unknown;
}

export interface Version {
  id: number;
  createdAt: string;
  actor: string;
  action: 'edit' | 'delete' | 'import' | 'restore' | 'save';
  items: number;
  summary: ItemChange[];
  importName?: string;
  restoredVersion?: number;
  item?: ItemChange;
}

export interface VersionPage {
  versions: Version[];
  next: number | null;
}

/** "ana editou em 2 de dez., 15:40" and how. */
export function VersionLine({ version }: { version: Version }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="version-line">
      <strong>{t(`versions.action.${version.action}`, { actor: actorText(t, version.actor) })}</strong> <span className="muted">{formatDateTime(version.createdAt, i18n.language)}</span>
      {version.importName ? <span className="muted"> — {version.importName}</span> : null}
      {version.restoredVersion ? <span className="muted"> — {t('versions.restoredFrom', { id: version.restoredVersion })}</span> : null}
    </span>
  );
}

/** "Intent “saudacao”: alterado" (or "API de terceiros “login”: criado") for each change. */
export function ChangeList({ changes, more = 0 }: { changes: ItemChange[]; more?: number }) {
  const { t } = useTranslation();
  return (
    <ul className="usage-list">
      {changes.map((change) => (
        <li key={`${change.list}/${change.name}/${change.change}`}>
          {listLabel(t, change.list)} <strong>{change.name}</strong>: {t(`versions.change.${change.change}`)}
          {change.previousName ? ` ${t('versions.renamedFrom', { name: change.previousName })}` : null}
        </li>
      ))}
      {more > 0 ? <li className="muted">{t('versions.more', { count: more })}</li> : null}
    </ul>
  );
}

/** The history of one item, under its form; `onRestored` reads the item again. */
export function ItemHistory({ assistant, list, name, canRestore, onRestored }: { assistant: Assistant; list: ContentList | 'apis'; name: string; canRestore: boolean; onRestored: (text: string) => void }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);
  const path = `${contentPath(assistant, list, name)}/versions`;
  const history = useResource<VersionPage>(() => request('GET', `${path}?limit=20`), `${assistant.server}/${assistant.language}/${list}/${name}`);
  return (
    <section className="card item-history" aria-label={t('versions.itemTitle', { name })} data-testid="item-history">
      <h3 className="card-title">{t('versions.itemTitle', { name })}</h3>
      {history.error ? <p className="field-error">{errorText(history.error, t)}</p> : null}
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      {history.data && history.data.versions.length === 0 ? <p className="muted">{t('versions.none')}</p> : null}
      <ol className="version-list">
        {history.data?.versions.map((version, index) => (
          <li key={version.id} data-testid="item-version">
            <VersionLine version={version} />
            {version.item ? <ItemDetails change={version.item} /> : null}
            {canRestore && index > 0 && version.item?.after !== undefined ? (
              <ConfirmButton
                label={t('versions.restoreItem')}
                question={t('versions.restoreItemQuestion', { name: version.item.name })}
                onConfirm={async () => {
                  setFailure(null);
                  try {
                    const restored = await request<{ warnings?: ApiProblem[] }>('POST', `${contentPath(assistant, list, version.item?.name ?? name)}/versions/${version.id}/restore`);
                    onRestored(itemRestoredText(t, version.item?.name ?? name, restored.warnings ?? []));
                  } catch (error: unknown) {
                    setFailure(errorText(error, t));
                  }
                }}
              />
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** What one item was before and after: its phrases or texts counted, and the JSON on demand. */
function ItemDetails({ change }: { change: ItemChange }) {
  const { t } = useTranslation();
  const phrases = (item: unknown) => (item as { phrases?: Array<{ text: string }> } | undefined)?.phrases?.map((phrase) => phrase.text);
  const before = phrases(change.before);
  const after = phrases(change.after);
  const added = after?.filter((text) => !before?.includes(text)) ?? [];
  const removed = before?.filter((text) => !after?.includes(text)) ?? [];
  // An API's secret whose value changed (never shown): named, or the change would look like none.
  const places = change.after as { headers?: Array<{ name: string; valueChanged?: boolean }>; body?: Array<{ name: string; valueChanged?: boolean }> } | undefined;
  const secretsChanged = [...(places?.headers ?? []), ...(places?.body ?? [])].filter((place) => place.valueChanged === true).map((place) => place.name);
  return (
    <div className="version-details">
      <span className="version-change">
        {t(`versions.changeItem.${change.change}`)}
        {change.previousName ? ` ${t('versions.renamedFrom', { name: change.previousName })}` : null}
      </span>
      {added.length > 0 ? <span className="diff-added">{t('versions.phrasesAdded', { phrases: added.join(' · ') })}</span> : null}
      {removed.length > 0 ? <span className="diff-removed">{t('versions.phrasesRemoved', { phrases: removed.join(' · ') })}</span> : null}
      {secretsChanged.length > 0 ? <span className="diff-added">{t('versions.secretChanged', { names: secretsChanged.join(', ') })}</span> : null}
      <details>
        <summary>{t('versions.showItem')}</summary>
        <div className="version-json">
          {change.before !== undefined ? (
            <div>
              <strong>{t('versions.before')}</strong>
              <pre>{JSON.stringify(change.before, null, 2)}</pre>
            </div>
          ) : null}
          {change.after !== undefined ? (
            <div>
              <strong>{t('versions.after')}</strong>
              <pre>{JSON.stringify(change.after, null, 2)}</pre>
            </div>
          ) : null}
        </div>
      </details>
    </div>
  );
}
