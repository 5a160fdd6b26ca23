// Listar conversas: the conversations that started in a period, with Helper's columns (date and
// time, version, channel, user id) plus messages, fallbacks and hand-off; filters beyond Helper's
// (channel, intent, skill, text, user, fallback only, handed off only), a sort, "load more" pages
// (keyset), and exports of the filtered list. The filters live in the address.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { mayAdminister, useUser } from '../session';
import { ANALYTICS_BASE } from './analytics-page';
import type { ConversationPage, ConversationSummary } from './analytics-types';
import { formatMoment } from './format-time';
import { intervalFrom, queryString } from './interval';

const FILTER_KEYS = ['channel', 'intent', 'skill', 'text', 'sender'] as const;
type Sort = 'started_at:desc' | 'started_at:asc' | 'user_messages:desc' | 'fallbacks:desc';

export function ConversationsView({ assistant }: { assistant: Assistant }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const formId = useId();
  const [params, setParams] = useSearchParams();
  const interval = intervalFrom(params);
  const sort = (params.get('sort') ?? 'started_at:desc') as Sort;
  const filters = {
    from: interval.from,
    to: interval.to,
    ...Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])),
    fallbackOnly: params.get('fallbackOnly') === 'true',
    handedOffOnly: params.get('handedOffOnly') === 'true',
  } as Record<string, string | boolean>;
  const [draft, setDraft] = useState(filters);
  const [items, setItems] = useState<ConversationSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [field, setField] = useState<string | null>(null);
  const filterQuery = queryString(filters);
  const [sortColumn, direction] = sort.split(':') as [string, string];
  const listPath = (after?: string) =>
    assistantPath(assistant.server, assistant.language, `/analytics/conversations${filterQuery}${filterQuery ? '&' : '?'}sort=${sortColumn}&direction=${direction}&limit=50${after ? `&cursor=${encodeURIComponent(after)}` : ''}`);

  async function load(after?: string) {
    setLoading(true);
    setError(null);
    setField(null);
    try {
      const page = await request<ConversationPage>('GET', listPath(after));
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setTotal(page.total);
      setCursor(page.nextCursor);
    } catch (failure: unknown) {
      setError(errorText(failure, t));
      setField((failure as { field?: string }).field ?? null);
      if (!after) setItems([]);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    setDraft(filters);
    void load();
    // The address holds the filters: each change of it is a new list.
  }, [params.toString(), assistant.server, assistant.language]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = queryString({ ...draft, sort: sort === 'started_at:desc' ? '' : sort });
    setParams(new URLSearchParams(next));
  }

  const text = (key: string) => String(draft[key] ?? '');
  const set = (key: string, value: string | boolean) => setDraft((current) => ({ ...current, [key]: value }));
  const exportPath = (format: 'xlsx' | 'csv') => assistantPath(assistant.server, assistant.language, `/analytics/conversations.${format}${filterQuery}`);

  return (
    <section aria-labelledby={`${formId}-title`}>
      <h2 className="section-title" id={`${formId}-title`}>
        {t('analytics.conversations.title')}
      </h2>
      <form className="filters" onSubmit={submit} aria-label={t('analytics.conversations.filters')}>
        <label className="field">
          <span className="field-label">{t('analytics.interval.from')}</span>
          <input className="input" type="date" required value={text('from')} onChange={(event) => set('from', event.target.value)} aria-invalid={field === 'from'} name="from" />
        </label>
        <label className="field">
          <span className="field-label">{t('analytics.interval.to')}</span>
          <input className="input" type="date" required value={text('to')} onChange={(event) => set('to', event.target.value)} aria-invalid={field === 'to'} name="to" />
        </label>
        {FILTER_KEYS.map((key) => (
          <label className="field" key={key}>
            <span className="field-label">{t(`analytics.conversations.filter.${key}`)}</span>
            <input className="input" value={text(key)} onChange={(event) => set(key, event.target.value)} name={key} maxLength={key === 'sender' ? 256 : 200} />
          </label>
        ))}
        <label className="field">
          <span className="field-label">{t('analytics.conversations.sort.label')}</span>
          <select
            className="select"
            value={sort}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              if (event.target.value === 'started_at:desc') next.delete('sort');
              else next.set('sort', event.target.value);
              setParams(next);
            }}
          >
            {(['started_at:desc', 'started_at:asc', 'user_messages:desc', 'fallbacks:desc'] as const).map((value) => (
              <option key={value} value={value}>
                {t(`analytics.conversations.sort.${value.replace(':', '_')}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={draft['fallbackOnly'] === true} onChange={(event) => set('fallbackOnly', event.target.checked)} name="fallbackOnly" />
          {t('analytics.conversations.filter.fallbackOnly')}
        </label>
        <label className="check">
          <input type="checkbox" checked={draft['handedOffOnly'] === true} onChange={(event) => set('handedOffOnly', event.target.checked)} name="handedOffOnly" />
          {t('analytics.conversations.filter.handedOffOnly')}
        </label>
        <div className="filters-actions">
          <button type="submit" className="button button-primary">
            {t('analytics.filter')}
          </button>
        </div>
      </form>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="list-toolbar">
        <p className="muted" role="status" data-testid="conversation-count">
          {total === null ? t('common.loading') : t('analytics.conversations.count', { count: total })}
        </p>
        {mayAdminister(user) ? (
          <div className="table-actions">
            <a className="button button-secondary" href={exportPath('xlsx')} download data-testid="export-list-xlsx">
              {t('analytics.export.xlsx')}
            </a>
            <a className="button button-quiet" href={exportPath('csv')} download>
              {t('analytics.export.csv')}
            </a>
          </div>
        ) : null}
      </div>
      <div className="table-card">
        <table className="table" data-testid="conversations">
          <thead>
            <tr>
              <th scope="col">{t('analytics.conversations.column.startedAt')}</th>
              <th scope="col">{t('analytics.conversations.column.version')}</th>
              <th scope="col">{t('analytics.conversations.column.channel')}</th>
              <th scope="col">{t('analytics.conversations.column.user')}</th>
              <th scope="col" className="numeric">{t('analytics.conversations.column.messages')}</th>
              <th scope="col" className="numeric">{t('analytics.conversations.column.fallbacks')}</th>
              <th scope="col">{t('analytics.conversations.column.handedOff')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('analytics.conversations.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid="conversation-row">
                <td data-label={t('analytics.conversations.column.startedAt')}>{formatMoment(item.startedAt, i18n.language)}</td>
                <td data-label={t('analytics.conversations.column.version')}>
                  {item.modelVersion === null ? '—' : t('analytics.conversations.version', { version: item.modelVersion })}
                </td>
                <td data-label={t('analytics.conversations.column.channel')}>{item.channel ?? '—'}</td>
                <td data-label={t('analytics.conversations.column.user')}>
                  <span className="clip">{item.sender}</span>
                </td>
                <td className="numeric" data-label={t('analytics.conversations.column.messages')}>
                  {item.userMessages}
                </td>
                <td className="numeric" data-label={t('analytics.conversations.column.fallbacks')}>
                  {item.fallbacks}
                </td>
                {/* Labelled only when it says something: an empty "Humano" on the phone would read as missing data. */}
                <td {...(item.handedOff ? { 'data-label': t('analytics.conversations.column.handedOff') } : {})}>
                  {item.handedOff ? <span className="badge badge-warning">{t('analytics.conversations.handedOff')}</span> : null}
                </td>
                <td className="table-actions">
                  <Link
                    className="link"
                    to={`${ANALYTICS_BASE}/conversas/${item.id}${queryString({ from: interval.from, to: interval.to })}`}
                    aria-label={t('analytics.conversations.viewLabel', { sender: item.sender })}
                  >
                    {t('analytics.conversations.view')}
                  </Link>
                  {mayAdminister(user) ? (
                    <a
                      className="link"
                      href={assistantPath(assistant.server, assistant.language, `/analytics/conversations/${item.id}/export.xlsx`)}
                      download
                      aria-label={t('analytics.conversations.downloadLabel', { sender: item.sender })}
                    >
                      {t('analytics.conversations.download')}
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
            {!loading && items.length === 0 && !error ? (
              <tr>
                <td colSpan={8} className="muted">
                  {t('analytics.conversations.empty')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {cursor ? (
        <button type="button" className="button button-secondary" disabled={loading} onClick={() => void load(cursor)}>
          {loading ? t('common.loading') : t('analytics.conversations.more')}
        </button>
      ) : null}
    </section>
  );
}
