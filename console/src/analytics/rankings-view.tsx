// Rankings per day (Helper's three: intents, responses, fallbacks) as charts with a legend, and the
// KPIs no single Helper page shows: conversations per day, fallback rate, containment, median
// confidence, busiest hours, satisfaction answers. A legend entry opens, for review, the dialogue
// that answers the intent or with the skill (the intent or the skill when no dialogue does), and a
// fallback entry the curation inbox; the magnifier opens the conversations filtered to it in the
// same period.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { formatConfidence } from '../format';
import { useResource } from '../use-resource';
import { ANALYTICS_BASE } from './analytics-page';
import type { Overview, Ranking, RankingSeries } from './analytics-types';
import { formatShare } from './format-time';
import { intervalFrom, queryString } from './interval';
import { OTHERS_COLOUR, RankingChart, SERIES_COLOURS } from './ranking-chart';
import { NLU_FALLBACK_INTENT, rankingName } from './transcript-texts';

type Kind = 'intents' | 'responses' | 'fallbacks';

function shortDay(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

function Magnifier({ to, label }: { to: string; label: string }) {
  return (
    <Link className="icon-link" to={to} aria-label={label} title={label} data-testid="magnifier">
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <circle cx="10.5" cy="10.5" r="6.5" />
        <path d="M15.5 15.5 21 21" />
      </svg>
    </Link>
  );
}

interface DialoguesOf {
  intent: (name: string) => string | undefined;
  skill: (name: string) => string | undefined;
}

function RankingCard({ assistant, kind, interval, dialogueOf }: { assistant: Assistant; kind: Kind; interval: { from: string; to: string }; dialogueOf: DialoguesOf }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const key = `${assistant.server}/${assistant.language}/${kind}/${interval.from}/${interval.to}`;
  const ranking = useResource<Ranking>(() => request('GET', assistantPath(assistant.server, assistant.language, `/analytics/rankings/${kind}${queryString(interval)}`)), key);
  const data = ranking.data;
  const series: RankingSeries[] = data ? [...data.series, ...(data.others ? [data.others] : [])] : [];
  const colourOf = (entry: RankingSeries, index: number) => (entry.name === 'others' && data?.others === entry ? OTHERS_COLOUR : (SERIES_COLOURS[index % SERIES_COLOURS.length] ?? OTHERS_COLOUR));
  const conversationsOf = (name: string) =>
    `${ANALYTICS_BASE}/conversas${queryString({ ...interval, ...(kind === 'intents' ? { intent: name } : kind === 'responses' ? { skill: name } : { fallbackOnly: true, ...(name === NLU_FALLBACK_INTENT ? {} : { skill: name }) }) })}`;
  const review = (name: string) => {
    if (kind === 'fallbacks' || name === NLU_FALLBACK_INTENT) {
      // What was not understood is reviewed where it is decided: out of scope, or something to teach.
      navigate(`${ANALYTICS_BASE}/curadoria`);
      return;
    }
    const dialogue = kind === 'intents' ? dialogueOf.intent(name) : dialogueOf.skill(name);
    navigate(dialogue ? `/dialogos${queryString({ editar: dialogue })}` : `/${kind === 'intents' ? 'intents' : 'habilidades'}${queryString({ editar: name })}`);
  };
  const labels = data?.days.map((day) => shortDay(day, i18n.language)) ?? [];
  const chartSeries = series.map((entry, index) => ({ label: entry.name === 'others' && data?.others === entry ? t('analytics.rankings.others') : rankingName(t, kind, entry.name), data: entry.perDay, colour: colourOf(entry, index) }));
  if (kind === 'fallbacks' && data?.fallbackRatePerDay) chartSeries.push({ label: t('analytics.rankings.fallbackRate'), data: data.fallbackRatePerDay, colour: '#c0392b', line: true } as (typeof chartSeries)[number]);
  const todayRate = data?.fallbackRatePerDay ? data.fallbackRatePerDay[data.fallbackRatePerDay.length - 1] ?? null : null;

  return (
    <section className="card ranking" aria-labelledby={`ranking-${kind}`} data-testid={`ranking-${kind}`}>
      <h2 className="card-title" id={`ranking-${kind}`}>
        {t(`analytics.rankings.${kind}.title`)}
      </h2>
      <p className="card-description">{t(`analytics.rankings.${kind}.lead`)}</p>
      {ranking.error ? <Notice tone="error">{errorText(ranking.error, t)}</Notice> : null}
      {data && data.total === 0 ? <p className="muted">{t('analytics.rankings.empty')}</p> : null}
      {data && data.total > 0 ? (
        <div className="ranking-body">
          <RankingChart labels={labels} series={chartSeries} description={t(`analytics.rankings.${kind}.chart`, { from: interval.from, to: interval.to })} testId={`chart-${kind}`} />
          <ul className="legend" aria-label={t('analytics.rankings.legend')}>
            {series.map((entry, index) => {
              const isOthers = entry.name === 'others' && data.others === entry;
              return (
                <li key={entry.name} className="legend-entry" data-testid="legend-entry">
                  <span className="legend-swatch" style={{ background: colourOf(entry, index) }} aria-hidden="true" />
                  {isOthers ? (
                    <span>{t('analytics.rankings.others')}</span>
                  ) : (
                    <button type="button" className="link legend-name" onClick={() => review(entry.name)} title={t(`analytics.rankings.${entry.name === NLU_FALLBACK_INTENT ? 'fallbacks' : kind}.review`, { name: rankingName(t, kind, entry.name) })}>
                      {rankingName(t, kind, entry.name)}
                    </button>
                  )}
                  <span className="legend-total" data-testid="legend-total">
                    {entry.total}
                  </span>
                  {isOthers ? null : <Magnifier to={conversationsOf(entry.name)} label={t('analytics.rankings.conversationsOf', { name: rankingName(t, kind, entry.name) })} />}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {kind === 'fallbacks' && data ? (
        <p className="muted" data-testid="fallback-rate-last-day">
          {t('analytics.rankings.lastDayRate', { rate: formatShare(todayRate, i18n.language) })}
        </p>
      ) : null}
    </section>
  );
}

function Kpis({ assistant, interval }: { assistant: Assistant; interval: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const key = `${assistant.server}/${assistant.language}/overview/${interval.from}/${interval.to}`;
  const overview = useResource<Overview>(() => request('GET', assistantPath(assistant.server, assistant.language, `/analytics/overview${queryString(interval)}`)), key);
  const data = overview.data;
  if (overview.error) return <Notice tone="error">{errorText(overview.error, t)}</Notice>;
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  const days = Math.max(1, data.days.length);
  const cards: Array<{ id: string; label: string; value: string; hint?: string }> = [
    { id: 'conversations', label: t('analytics.kpi.conversations'), value: String(data.conversations), hint: t('analytics.kpi.perDay', { value: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(data.conversations / days) }) },
    { id: 'fallback-rate', label: t('analytics.kpi.fallbackRate'), value: formatShare(data.fallbackRate, i18n.language), hint: t('analytics.kpi.fallbacksOf', { fallbacks: data.fallbacks, messages: data.userMessages }) },
    { id: 'containment', label: t('analytics.kpi.containment'), value: formatShare(data.containment, i18n.language), hint: t('analytics.kpi.handedOff', { count: data.handedOff }) },
    { id: 'median-confidence', label: t('analytics.kpi.medianConfidence'), value: data.medianConfidence === null ? '—' : formatConfidence(data.medianConfidence, i18n.language) },
    {
      id: 'busiest-hours',
      label: t('analytics.kpi.busiestHours'),
      value: data.busiestHours.length === 0 ? '—' : data.busiestHours.map((entry) => `${String(entry.hour).padStart(2, '0')}h`).join(', '),
      hint: t('analytics.kpi.timeZone', { zone: data.timeZone }),
    },
    {
      id: 'satisfaction',
      label: t('analytics.kpi.satisfaction'),
      value: data.satisfaction === null ? '—' : String(data.satisfaction.total),
      hint: data.satisfaction === null ? t('analytics.kpi.satisfactionOff') : data.satisfaction.answers.map((answer) => `${answer.answer}: ${answer.count}`).join(' · ') || t('analytics.kpi.noAnswers'),
    },
  ];
  return (
    <>
      <div className="kpi-grid">
        {cards.map((card) => (
          <div key={card.id} className="kpi" data-testid={`kpi-${card.id}`}>
            <span className="kpi-label">{card.label}</span>
            <strong className="kpi-value">{card.value}</strong>
            {card.hint ? <span className="kpi-hint">{card.hint}</span> : null}
          </div>
        ))}
      </div>
      <section className="card" aria-labelledby="conversations-per-day">
        <h2 className="card-title" id="conversations-per-day">
          {t('analytics.kpi.conversationsPerDay')}
        </h2>
        <RankingChart
          labels={data.days.map((day) => shortDay(day, i18n.language))}
          series={[{ label: t('analytics.kpi.conversations'), data: data.conversationsPerDay, colour: SERIES_COLOURS[0] ?? OTHERS_COLOUR }]}
          description={t('analytics.kpi.conversationsPerDay')}
        />
      </section>
    </>
  );
}

export function RankingsView({ assistant }: { assistant: Assistant }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const interval = intervalFrom(params);
  const [draft, setDraft] = useState(interval);
  useEffect(() => setDraft(interval), [interval.from, interval.to]);
  const dialogues = useResource<Array<{ name: string; intents: string[]; skill: string; followUpOf?: string }>>(
    () => request('GET', assistantPath(assistant.server, assistant.language, '/dialogues')),
    `${assistant.server}/${assistant.language}/dialogues`,
  );
  // A main dialogue before a follow-up, when several answer.
  const firstOf = (answering: Array<{ name: string; followUpOf?: string }>) => (answering.find((dialogue) => !dialogue.followUpOf) ?? answering[0])?.name;
  const dialogueOf: DialoguesOf = {
    intent: (intent) => firstOf((dialogues.data ?? []).filter((dialogue) => dialogue.intents.includes(intent))),
    skill: (skill) => firstOf((dialogues.data ?? []).filter((dialogue) => dialogue.skill === skill)),
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(new URLSearchParams(queryString(draft)));
  }
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label={t('analytics.interval.label')}>
        <label className="field">
          <span className="field-label">{t('analytics.interval.from')}</span>
          <input className="input" type="date" required value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} name="from" />
        </label>
        <label className="field">
          <span className="field-label">{t('analytics.interval.to')}</span>
          <input className="input" type="date" required value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} name="to" />
        </label>
        <div className="filters-actions">
          <button type="submit" className="button button-primary">
            {t('analytics.filter')}
          </button>
        </div>
      </form>
      <Kpis assistant={assistant} interval={interval} />
      {(['intents', 'responses', 'fallbacks'] as const).map((kind) => (
        <RankingCard key={kind} assistant={assistant} kind={kind} interval={interval} dialogueOf={dialogueOf} />
      ))}
    </>
  );
}
