// What an administrator can do with one user message (in a transcript or the curation inbox):
// add it as a phrase to the recognised intent (for a fallback, the best candidate), or to another
// intent found by name, or mark it out of scope or reviewed. Viewers see the decision only.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { errorText } from '../components/error-text';
import { useUser } from '../session';
import type { InboxMessage, PendingTraining, Review } from './analytics-types';

type Message = Pick<InboxMessage, 'id' | 'text' | 'intent' | 'candidate' | 'review'>;

export interface CurationOutcome {
  review: Review | null;
  pendingTraining?: PendingTraining;
  alsoIn?: string[];
}

export function ReviewBadge({ review }: { review: Review | null }) {
  const { t } = useTranslation();
  if (!review) return null;
  return (
    <span className="badge badge-positive" data-testid="review-badge">
      {review.status === 'phrase_added' ? t('analytics.curation.added', { intent: review.intent ?? '' }) : t(`analytics.curation.status.${review.status}`)}
    </span>
  );
}

export function CurationActions({ assistant, message, intents, onDone }: { assistant: Assistant; message: Message; intents: string[]; onDone: (outcome: CurationOutcome) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const listId = useId();
  const [other, setOther] = useState('');
  const [choosing, setChoosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (user.role !== 'administrator' || message.text.startsWith('EXTERNAL: ')) return null;
  const recognised = message.intent && message.intent !== 'nlu_fallback' ? message.intent : message.candidate;
  const base = assistantPath(assistant.server, assistant.language, `/analytics/messages/${message.id}`);

  async function run(work: () => Promise<CurationOutcome>) {
    setBusy(true);
    setError(null);
    try {
      onDone(await work());
      setChoosing(false);
      setOther('');
    } catch (failure: unknown) {
      setError(errorText(failure, t));
    } finally {
      setBusy(false);
    }
  }

  const addTo = (intent: string) =>
    run(async () => {
      const answer = await request<{ message: { review: Review }; pendingTraining: PendingTraining; phrase: { alsoIn: string[] } }>('POST', `${base}/phrase`, { intent });
      return { review: answer.message.review, pendingTraining: answer.pendingTraining, alsoIn: answer.phrase.alsoIn };
    });
  const mark = (status: 'out_of_scope' | 'reviewed' | null) =>
    run(async () => ({ review: (await request<{ message: { review: Review | null } }>('POST', `${base}/review`, { status })).message.review }));

  if (message.review) {
    return (
      <div className="curation-actions">
        <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => void mark(null)}>
          {t('analytics.curation.reopen')}
        </button>
        {error ? <span className="field-error" role="alert">{error}</span> : null}
      </div>
    );
  }
  return (
    <div className="curation-actions" role="group" aria-label={t('analytics.curation.actionsFor', { text: message.text })}>
      {recognised ? (
        <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void addTo(recognised)} data-testid="add-to-recognised">
          {t('analytics.curation.addTo', { intent: recognised })}
        </button>
      ) : null}
      {choosing ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (other.trim()) void addTo(other.trim());
          }}
        >
          <label className="visually-hidden" htmlFor={`${listId}-input`}>
            {t('analytics.curation.otherIntent')}
          </label>
          <input id={`${listId}-input`} className="input input-narrow" list={listId} value={other} onChange={(event) => setOther(event.target.value)} placeholder={t('analytics.curation.searchIntent')} autoFocus data-testid="other-intent" />
          <datalist id={listId}>
            {intents.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <button type="submit" className="button button-primary button-small" disabled={busy || !other.trim()}>
            {t('analytics.curation.add')}
          </button>
          <button type="button" className="button button-quiet button-small" onClick={() => setChoosing(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => setChoosing(true)} data-testid="add-to-other">
          {t('analytics.curation.addToOther')}
        </button>
      )}
      <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => void mark('out_of_scope')}>
        {t('analytics.curation.outOfScope')}
      </button>
      <button type="button" className="button button-quiet button-small" disabled={busy} onClick={() => void mark('reviewed')}>
        {t('analytics.curation.reviewed')}
      </button>
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </div>
  );
}

/** The intents that got phrases since the last complete training, with a way to train. */
export function PendingTrainingNotice({ pending }: { pending: PendingTraining | null }) {
  const { t } = useTranslation();
  if (!pending || pending.intents.length === 0) return null;
  return (
    <div className="notice notice-warning" role="status" data-testid="pending-training">
      <strong className="notice-title">{t('analytics.curation.pendingTitle')}</strong>
      <div>
        {pending.intents.map((entry) => t('analytics.curation.pendingIntent', { intent: entry.intent, count: entry.phrases })).join(', ')}.{' '}
        <Link className="link" to="/treinamentos">
          {t('analytics.curation.train')}
        </Link>
      </div>
    </div>
  );
}
