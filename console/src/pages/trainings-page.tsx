// Treinamentos: train now or schedule (scope, date and time), the running training with its
// progress (polled), the history with status, duration, version and problems, and the version that
// answers now. Viewers see all of it; administrators train and cancel.
import { DraftBadge } from '../trainings/draft-badge';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import { useAssistantChoice } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { StatusBadge } from '../components/status-badge';
import { FieldError, FormProblemNotice, isAbout, problemFrom, type FormProblem } from '../content/form-problem';
import { mayAdminister, useUser } from '../session';
import { trainingProblemText, withLocalOffset, type ServingModel, type Training, type TrainingHistory, type TrainingScope } from '../trainings/training-types';
import { actorText, formatDateTime } from '../format';
import { useResource } from '../use-resource';

/** Trainings no user asked for: the demo's at the first start, and `helper train`. */
const SCOPES: TrainingScope[] = ['complete', 'dialogues', 'skills', 'custom_skills'];
const POLL_MS = 1000;

function when(iso: string | null, locale: string): string {
  return iso ? formatDateTime(iso, locale) : '—';
}

function tone(status: Training['status']): 'positive' | 'neutral' | 'warning' {
  return status === 'succeeded' ? 'positive' : status === 'failed' ? 'warning' : 'neutral';
}

export function TrainingsPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { current } = useAssistantChoice();
  const formId = useId();
  const canChange = mayAdminister(user);
  const [generation, setGeneration] = useState(0);
  const key = current ? `${current.server}/${current.language}#${generation}` : '';
  const history = useResource<TrainingHistory>(current ? () => request('GET', assistantPath(current.server, current.language, '/trainings')) : null, key);
  const model = useResource<ServingModel>(current ? () => request('GET', assistantPath(current.server, current.language, '/model')) : null, key);
  const [scope, setScope] = useState<TrainingScope>('complete');
  const [schedule, setSchedule] = useState(false);
  const [at, setAt] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const active = history.data?.trainings.some((training) => training.status === 'running' || (training.status === 'scheduled' && Date.parse(training.scheduledFor) <= Date.now() + POLL_MS));

  // While a training runs (or one is due), the page asks again each second: the progress moves.
  useEffect(() => {
    if (!active) return;
    const timer = window.setTimeout(() => setGeneration((value) => value + 1), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [active, history.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!current) return;
    setProblem(null);
    setNotice(null);
    if (schedule && at === '') return setProblem({ field: 'scheduledFor', message: t('trainings.chooseWhen') });
    setBusy(true);
    try {
      const training = await request<Training>('POST', assistantPath(current.server, current.language, '/trainings'), { scope, ...(schedule ? { scheduledFor: withLocalOffset(at) } : {}) });
      setNotice(training.status === 'scheduled' && schedule ? t('trainings.scheduled', { when: when(training.scheduledFor, i18n.language) }) : t('trainings.started'));
      setGeneration((value) => value + 1);
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  async function cancel(training: Training) {
    if (!current) return;
    try {
      await request('DELETE', assistantPath(current.server, current.language, `/trainings/${training.id}`));
      setGeneration((value) => value + 1);
    } catch (error: unknown) {
      setNotice(errorText(error, t));
    }
  }

  const running = history.data?.running ?? null;
  return (
    <>
      <PageHeader title={t('trainings.title')} description={t('trainings.lead')} />
      {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
      <p className="muted" data-testid="serving-model">
        {model.data?.version != null ? t('trainings.serving', { version: model.data.version, when: when(model.data.trainedAt, i18n.language) }) : model.data ? t('trainings.notTrained') : ''}
      </p>
      {model.data ? <DraftBadge model={model.data} /> : null}
      {canChange && current ? (
        <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
          <h2 id={`${formId}-title`} className="card-title">
            {t('trainings.new')}
          </h2>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${formId}-scope`} className="field-label">
                {t('trainings.scope')}
              </label>
              <select id={`${formId}-scope`} className="select" value={scope} onChange={(event) => setScope(SCOPES.find((value) => value === event.target.value) ?? 'complete')} aria-describedby={`${formId}-scope-hint`}>
                {SCOPES.map((value) => (
                  <option key={value} value={value}>
                    {t(`trainings.scopes.${value}`)}
                  </option>
                ))}
              </select>
              <p id={`${formId}-scope-hint`} className="field-hint">
                {t(`trainings.scopeHints.${scope}`)}
              </p>
              <FieldError problem={problem} field="scope" />
            </div>
            <fieldset className="fieldset">
              <legend className="field-label">{t('trainings.when')}</legend>
              <label className="check">
                <input type="radio" name="when" checked={!schedule} onChange={() => setSchedule(false)} />
                {t('trainings.now')}
              </label>
              <label className="check">
                <input type="radio" name="when" checked={schedule} onChange={() => setSchedule(true)} />
                {t('trainings.later')}
              </label>
              {schedule ? (
                <label className="field">
                  <span className="field-label">{t('trainings.dateTime')}</span>
                  <input className="input" type="datetime-local" name="scheduledFor" value={at} onChange={(event) => setAt(event.target.value)} aria-invalid={isAbout(problem, 'scheduledFor') ? true : undefined} />
                </label>
              ) : null}
              <FieldError problem={problem} field="scheduledFor" />
            </fieldset>
          </div>
          <FormProblemNotice problem={problem} fields={['scope', 'scheduledFor']} />
          {notice ? <Notice tone="success">{notice}</Notice> : null}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {schedule ? t('trainings.schedule') : t('trainings.trainNow')}
            </button>
          </div>
        </form>
      ) : null}
      {running ? (
        <section className="card" aria-labelledby={`${formId}-running`} data-testid="running-training">
          <h2 id={`${formId}-running`} className="card-title">
            {t('trainings.running', { id: running.id })}
          </h2>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={running.progress} aria-label={t('trainings.progress')}>
            <div className="progress-bar" style={{ width: `${running.progress}%` }} />
          </div>
          <p className="muted">
            {running.progress} %{running.phase ? ` · ${running.phase}` : ''}
          </p>
        </section>
      ) : null}
      {history.error ? <Notice tone="error">{errorText(history.error, t)}</Notice> : null}
      <h2 className="section-title">{t('trainings.history')}</h2>
      {history.data && history.data.trainings.length === 0 ? <p className="muted">{t('trainings.empty')}</p> : null}
      {history.data && history.data.trainings.length > 0 ? (
        <div className="card table-card">
          <table className="table">
            <caption className="visually-hidden">{t('trainings.history')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('trainings.status')}</th>
                <th scope="col">{t('trainings.scope')}</th>
                <th scope="col">{t('trainings.start')}</th>
                <th scope="col">{t('trainings.duration')}</th>
                <th scope="col">{t('trainings.version')}</th>
                <th scope="col">{t('trainings.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.trainings.map((training) => (
                <tr key={training.id} data-testid="training-row" data-status={training.status}>
                  <td data-label="#">{training.id}</td>
                  <td data-label={t('trainings.status')}>
                    <StatusBadge tone={tone(training.status)}>{t(`trainings.statuses.${training.status}`)}</StatusBadge>
                    {training.status === 'running' ? ` ${training.progress} %` : ''}
                  </td>
                  <td data-label={t('trainings.scope')}>{t(`trainings.scopes.${training.scope}`)}</td>
                  <td data-label={t('trainings.start')}>
                    {when(training.startedAt ?? training.scheduledFor, i18n.language)}
                    <span className="muted" data-testid="training-requested-by">
                      {' · '}
                      {actorText(t, training.requestedBy)}
                    </span>
                  </td>
                  <td data-label={t('trainings.duration')}>{training.durationSeconds === null ? '—' : t('trainings.seconds', { count: Math.round(training.durationSeconds * 10) / 10 })}</td>
                  <td data-label={t('trainings.version')} data-testid="training-version">
                    {training.modelVersion ?? '—'}
                  </td>
                  <td data-label={t('trainings.problems')}>
                    {training.problems.length === 0 ? (
                      '—'
                    ) : (
                      <ul className="problem-list">
                        {training.problems.map((item, index) => (
                          <li key={index} className={item.level === 'error' ? 'field-error' : ''}>
                            {trainingProblemText(t, item)}
                          </li>
                        ))}
                      </ul>
                    )}
                    {canChange && training.status === 'scheduled' ? (
                      <button type="button" className="button button-quiet" onClick={() => void cancel(training)}>
                        {t('trainings.cancel')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
