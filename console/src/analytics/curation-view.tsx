// Curadoria: the inbox of user messages that hit the fallback or scored below a chosen confidence,
// newest first, with how many are still to review; each can be taught to an intent or marked out
// of scope or reviewed. The intents that got phrases since the last complete training are listed.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { formatConfidence } from '../format';
import { useResource } from '../use-resource';
import { ANALYTICS_BASE } from './analytics-page';
import type { Inbox, InboxMessage, PendingTraining } from './analytics-types';
import { CurationActions, PendingTrainingNotice, ReviewBadge } from './curation-actions';
import { formatMoment } from './format-time';

export function CurationView({ assistant }: { assistant: Assistant }) {
  const { t, i18n } = useTranslation();
  const [threshold, setThreshold] = useState<string>('');
  const [applied, setApplied] = useState<string>('');
  const [items, setItems] = useState<InboxMessage[]>([]);
  const [toReview, setToReview] = useState<number | null>(null);
  const [pending, setPending] = useState<PendingTraining | null>(null);
  const [error, setError] = useState<string | null>(null);
  const intents = useResource<Array<{ name: string }>>(() => request('GET', assistantPath(assistant.server, assistant.language, '/intents')), `${assistant.server}/${assistant.language}/intents`);
  const path = (before?: number) =>
    assistantPath(assistant.server, assistant.language, `/analytics/inbox?limit=50${applied ? `&threshold=${encodeURIComponent(applied)}` : ''}${before ? `&before=${before}` : ''}`);

  async function load(before?: number) {
    setError(null);
    try {
      const inbox = await request<Inbox>('GET', path(before));
      setItems((current) => (before ? [...current, ...inbox.items] : inbox.items));
      setToReview(inbox.toReview);
      setPending(inbox.pendingTraining);
      if (!applied) setThreshold(String(inbox.threshold));
    } catch (failure: unknown) {
      setError(errorText(failure, t));
    }
  }

  useEffect(() => {
    void load();
  }, [applied, assistant.server, assistant.language]);

  const last = items[items.length - 1];
  return (
    <section aria-labelledby="curation-title">
      <h2 className="section-title" id="curation-title">
        {t('analytics.curation.title')}
      </h2>
      <p className="muted">{t('analytics.curation.lead')}</p>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(threshold.trim().replace(',', '.'));
        }}
      >
        <label className="field">
          <span className="field-label">{t('analytics.curation.threshold')}</span>
          <input className="input input-narrow" inputMode="decimal" value={threshold} onChange={(event) => setThreshold(event.target.value)} name="threshold" />
        </label>
        <div className="filters-actions">
          <button type="submit" className="button button-primary">
            {t('analytics.filter')}
          </button>
        </div>
      </form>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <PendingTrainingNotice pending={pending} />
      <p className="muted" role="status" data-testid="to-review">
        {toReview === null ? t('common.loading') : t('analytics.curation.toReview', { count: toReview })}
      </p>
      <ul className="inbox" data-testid="inbox">
        {items.map((item) => (
          <li key={item.id} className="inbox-item" data-testid="inbox-item">
            <div className="inbox-head">
              <p className="bubble bubble-user inbox-text">{item.text}</p>
              <p className="understood">
                {item.intent === 'nlu_fallback'
                  ? t('analytics.transcript.fallback', { candidate: item.candidate ?? '—', confidence: formatConfidence(item.confidence ?? 0, i18n.language) })
                  : t('analytics.transcript.understood', { intent: item.intent ?? '—', confidence: formatConfidence(item.confidence ?? 0, i18n.language) })}
                {' · '}
                {formatMoment(item.time, i18n.language)} ·{' '}
                <Link className="link" to={`${ANALYTICS_BASE}/conversas/${item.conversation}`}>
                  {t('analytics.curation.openConversation')}
                </Link>
              </p>
            </div>
            <ReviewBadge review={item.review} />
            <CurationActions
              assistant={assistant}
              message={item}
              intents={(intents.data ?? []).map((intent) => intent.name)}
              onDone={(outcome) => {
                setItems((current) => current.map((entry) => (entry.id === item.id ? { ...entry, review: outcome.review } : entry)));
                setToReview((count) => (count === null ? count : Math.max(0, count + (outcome.review ? -1 : 1))));
                if (outcome.pendingTraining) setPending(outcome.pendingTraining);
              }}
            />
          </li>
        ))}
        {toReview === 0 && items.length === 0 ? <li className="muted">{t('analytics.curation.empty')}</li> : null}
      </ul>
      {last && items.length % 50 === 0 ? (
        <button type="button" className="button button-secondary" onClick={() => void load(last.id)}>
          {t('analytics.conversations.more')}
        </button>
      ) : null}
    </section>
  );
}
