// Ver: one conversation as bubbles. The user's (blue) show the intent recognised and its
// confidence in percent, and the entities; the assistant's (white) show the skill that answered
// (a link to it). "Atualizar" follows a live conversation: the server pushes a notice for each new
// event (server-sent events) and the new messages are appended. Exports as .xlsx or .csv, curation
// of each user message, and Voltar to the list of the same period.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { formatConfidence } from '../format';
import { mayAdminister, useUser } from '../session';
import { useResource } from '../use-resource';
import { ANALYTICS_BASE } from './analytics-page';
import type { PendingTraining, Transcript, TranscriptEntry, UserEntry } from './analytics-types';
import { CurationActions, PendingTrainingNotice, ReviewBadge } from './curation-actions';
import { formatMoment } from './format-time';
import { queryString } from './interval';
import { markText, understoodText } from './transcript-texts';
import { IntentRanking } from '../test-chat/intent-ranking';

function entityText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The transcript with what `newer` brought appended; an entry already shown (same event id) is not shown twice. */
function appendNewer(current: Transcript | null, newer: Transcript): Transcript {
  if (!current) return newer;
  const shown = new Set(current.entries.map((entry) => entry.id));
  return { ...newer, entries: [...current.entries, ...newer.entries.filter((entry) => !shown.has(entry.id))] };
}

export function TranscriptView({ assistant }: { assistant: Assistant }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const base = assistantPath(assistant.server, assistant.language, `/analytics/conversations/${encodeURIComponent(id)}`);
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [pending, setPending] = useState<PendingTraining | null>(null);
  const latest = useRef(0);
  const intents = useResource<Array<{ name: string }>>(() => request('GET', assistantPath(assistant.server, assistant.language, '/intents')), `${assistant.server}/${assistant.language}/intents`);

  // Every read of the transcript (the first, "Atualizar" and each live notice) goes through this one
  // chain: each starts when the one before has ended and reads `latest` only then. Two reads started
  // side by side would ask with the same `after` and both append what came meanwhile.
  const reads = useRef<Promise<void>>(Promise.resolve());
  // Bumped when the page shows another conversation: reads queued for the former one are dropped.
  const generation = useRef(0);

  function read(): Promise<void> {
    const from = generation.current;
    reads.current = reads.current.then(async () => {
      if (from !== generation.current) return;
      try {
        const newer = await request<Transcript>('GET', latest.current === 0 ? base : `${base}?after=${latest.current}`);
        if (from !== generation.current) return;
        latest.current = Math.max(latest.current, newer.latestEventId);
        setTranscript((current) => appendNewer(current, newer));
      } catch (failure: unknown) {
        if (from === generation.current) setError(errorText(failure, t));
      }
    });
    return reads.current;
  }

  useEffect(() => {
    generation.current += 1;
    setTranscript(null);
    latest.current = 0;
    void read();
  }, [base]);

  // Following: the server says when the conversation changes; each notice reads what is new.
  useEffect(() => {
    if (!live) return;
    const source = new EventSource(`${base}/live`, { withCredentials: true });
    // `ready` comes once the server listens, on each (re)connection: what came between the last read
    // and then (before the first subscription, or while the stream was down) had no notice here.
    source.addEventListener('ready', () => void read());
    source.addEventListener('update', () => void read());
    return () => source.close();
  }, [live, base]);

  function updateEntry(entryId: number, changes: Partial<UserEntry>) {
    setTranscript((current) => (current ? { ...current, entries: current.entries.map((entry) => (entry.id === entryId && entry.kind === 'user' ? { ...entry, ...changes } : entry)) } : current));
  }

  const back = `${ANALYTICS_BASE}/conversas${queryString({ from: params.get('from'), to: params.get('to') })}`;
  const conversation = transcript?.conversation;
  return (
    <section aria-label={t('analytics.transcript.title')}>
      <div className="transcript-toolbar">
        <Link className="button button-quiet" to={back}>
          {t('analytics.transcript.back')}
        </Link>
        <button
          type="button"
          className={`button ${live ? 'button-primary' : 'button-secondary'}`}
          aria-pressed={live}
          onClick={() => {
            if (!live) void read();
            setLive(!live);
          }}
          data-testid="follow"
        >
          {live ? t('analytics.transcript.following') : t('analytics.transcript.refresh')}
        </button>
        {mayAdminister(user) ? (
          <>
            <a className="button button-secondary" href={`${base}/export.xlsx`} download>
              {t('analytics.transcript.exportXlsx')}
            </a>
            <a className="button button-quiet" href={`${base}/export.csv`} download>
              {t('analytics.export.csv')}
            </a>
          </>
        ) : null}
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {conversation ? (
        <dl className="facts">
          <div>
            <dt>{t('analytics.conversations.column.startedAt')}</dt>
            <dd>{formatMoment(conversation.startedAt, i18n.language)}</dd>
          </div>
          <div>
            <dt>{t('analytics.conversations.column.user')}</dt>
            <dd className="clip">{conversation.sender}</dd>
          </div>
          <div>
            <dt>{t('analytics.conversations.column.channel')}</dt>
            <dd>{conversation.channel ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('analytics.conversations.column.version')}</dt>
            <dd>{conversation.modelVersion === null ? '—' : t('analytics.conversations.version', { version: conversation.modelVersion })}</dd>
          </div>
        </dl>
      ) : null}
      <PendingTrainingNotice pending={pending} />
      {transcript ? (
        <div className="chat-log transcript" role="log" aria-live="polite" aria-label={t('analytics.transcript.title')} data-testid="transcript">
          {transcript.entries.map((entry: TranscriptEntry) => {
            if (entry.kind === 'user') {
              return (
                <div key={entry.id} className="chat-row chat-row-user" data-testid="transcript-user">
                  <div className="bubble bubble-user">
                    <p className="bubble-text">{entry.text}</p>
                  </div>
                  <p className="understood" data-testid="understood">
                    {understoodText(t, entry, i18n.language, (intent, confidence) => t('analytics.transcript.understood', { intent, confidence }))}
                    {' · '}
                    <time>{formatMoment(entry.time, i18n.language)}</time>
                  </p>
                  {entry.entities.length > 0 ? (
                    <ul className="entity-list" aria-label={t('analytics.transcript.entities')}>
                      {entry.entities.map((entity, index) => (
                        <li key={`${entity.entity}-${index}`} className="entity-chip">
                          {entity.entity}: {entityText(entity.value)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {entry.ranking && entry.ranking.length > 0 ? (
                    <details className="explain" data-testid="transcript-ranking">
                      <summary>{entry.threshold == null ? t('analytics.transcript.ranking') : t('analytics.transcript.rankingThreshold', { threshold: formatConfidence(entry.threshold, i18n.language) })}</summary>
                      <IntentRanking ranking={entry.ranking} threshold={entry.threshold ?? null} />
                    </details>
                  ) : null}
                  <ReviewBadge review={entry.review} />
                  <CurationActions
                    assistant={assistant}
                    message={entry}
                    intents={(intents.data ?? []).map((intent) => intent.name)}
                    onDone={(outcome) => {
                      updateEntry(entry.id, { review: outcome.review });
                      if (outcome.pendingTraining) setPending(outcome.pendingTraining);
                    }}
                  />
                </div>
              );
            }
            if (entry.kind === 'bot') {
              return (
                <div key={entry.id} className="chat-row chat-row-bot" data-testid="transcript-bot">
                  <div className="bubble bubble-bot">
                    {entry.text ? <p className="bubble-text">{entry.text}</p> : null}
                    {entry.image ? <img className="bubble-image" src={entry.image} alt={t('testChat.imageAlt')} loading="lazy" /> : null}
                    {entry.buttons.length > 0 ? (
                      <div className="bubble-buttons">
                        {entry.buttons.map((button) => (
                          <span key={`${button.title}-${button.payload}`} className="chip-button">
                            {button.title}
                          </span>
                        ))}
                      </div>
                    ) : null}
                  </div>
                  <p className="understood">
                    {entry.skill ? (
                      <Link className="link" to={`/habilidades${queryString({ editar: entry.skill })}`} data-testid="skill">
                        {t('analytics.transcript.skill', { skill: entry.skill })}
                      </Link>
                    ) : null}
                  </p>
                </div>
              );
            }
            return (
              <div key={entry.id} className="chat-row chat-mark">
                <span className="badge badge-warning" data-testid="transcript-mark">
                  {markText(t, entry)}
                </span>
              </div>
            );
          })}
        </div>
      ) : !error ? (
        <p className="muted">{t('common.loading')}</p>
      ) : null}
      {transcript?.ended ? <p className="muted">{t('analytics.transcript.ended')}</p> : null}
    </section>
  );
}
