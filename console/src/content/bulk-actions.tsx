// Many items of a list (intents, skills, dialogues) at once: moved to another theme or deleted, in
// one request (POST …/content/bulk, one transaction). A delete refused because something outside
// the selection uses an item lists, per item, what uses it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { contentPath, type ContentList, type Theme } from './content-types';
import { useNames } from './fields';

export const BULK_LISTS: readonly ContentList[] = ['intents', 'skills', 'dialogues'];

interface Refusal {
  name: string;
  users: Array<{ list: ContentList; name: string }>;
}

/** The refusal of a bulk delete, per selected item: `problems[].field` is `items.N`, `item` its user. */
function refusalsOf(error: ApiError, names: readonly string[]): Refusal[] {
  const problems = Array.isArray(error.details['problems']) ? (error.details['problems'] as Array<{ field?: string; item?: { list: ContentList; name: string } }>) : [];
  const byItem = new Map<string, Refusal>();
  for (const problem of problems) {
    const index = Number(/^items\.(\d+)$/.exec(problem.field ?? '')?.[1]);
    const name = names[index];
    if (name === undefined || !problem.item) continue;
    const refusal = byItem.get(name) ?? { name, users: [] };
    refusal.users.push(problem.item);
    byItem.set(name, refusal);
  }
  return [...byItem.values()];
}

export function BulkActions({ assistant, list, selected, onDone }: { assistant: Assistant; list: ContentList; selected: readonly string[]; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const themes = useNames<Theme>(assistant, 'themes');
  const [theme, setTheme] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [refusals, setRefusals] = useState<Refusal[] | null>(null);
  const count = selected.length;

  async function send(action: 'move' | 'delete') {
    setFailure(null);
    setRefusals(null);
    const items = selected.map((name) => ({ list, name }));
    try {
      await request('POST', `${contentPath(assistant, 'content')}/bulk`, action === 'move' ? { action, items, theme: theme === '' ? null : theme } : { action, items });
      onDone(t(action === 'move' ? 'content.bulk.moved' : 'content.bulk.deleted', { count, theme: theme || t('content.noTheme') }));
    } catch (error: unknown) {
      if (error instanceof ApiError && error.code === 'in_use') setRefusals(refusalsOf(error, selected));
      else setFailure(errorText(error, t));
    }
  }

  return (
    <div className="card bulk-bar" role="region" aria-label={t('content.bulk.label')} data-testid="bulk-bar">
      <strong>{t('content.bulk.selected', { count })}</strong>
      <label className="field field-inline">
        <span className="field-label">{t('content.bulk.moveTo')}</span>
        <select className="select select-compact" value={theme} onChange={(event) => setTheme(event.target.value)}>
          <option value="">{t('content.noTheme')}</option>
          {themes.map((item) => (
            <option key={item.name} value={item.name}>
              {item.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button-secondary" onClick={() => void send('move')}>
        {t('content.bulk.move')}
      </button>
      <ConfirmButton label={t('content.bulk.delete', { count })} question={t('content.bulk.deleteQuestion', { count })} onConfirm={() => send('delete')} danger />
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      {refusals ? (
        <div className="notice notice-warning in-use" role="alert" data-testid="bulk-refused">
          <strong className="notice-title">{t('content.bulk.refused')}</strong>
          <ul className="usage-list">
            {refusals.map((refusal) => (
              <li key={refusal.name}>
                <strong>{refusal.name}</strong> — {t('content.bulk.usedBy')}{' '}
                {[...new Set(refusal.users.map((user) => `${t(`content.lists.${user.list}`)} ${user.name}`))].join(', ')}
              </li>
            ))}
          </ul>
          <p>{t('content.bulk.refusedHint')}</p>
        </div>
      ) : null}
    </div>
  );
}
