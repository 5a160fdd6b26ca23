// The accuracy threshold in percent (with the guidance: below it the fallback answers; 20 % by
// default), the e-mails told about trainings, and the action server of custom actions (its
// address, and a token that is only ever written: the API says whether one is set). The API's
// field errors show beside their field.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { FieldError, FormProblemNotice, isAbout, problemFrom, type FormProblem } from '../content/form-problem';
import { ThresholdOutcomes } from './threshold-outcomes';
import { SaveFooter } from './save-footer';
import { useFormGuard } from '../components/unsaved-guard';

export interface Settings {
  accuracyThresholdPercent: number;
  notificationEmails: string[];
  actionEndpointUrl?: string;
  greeting?: string;
  actionEndpointTokenStatus?: 'set' | 'not set';
  defaults?: { accuracyThresholdPercent: number };
}

export function SettingsForm({ assistant, settings, canChange, onSaved }: { assistant: Assistant; settings: Settings; canChange: boolean; onSaved: (settings: Settings) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [threshold, setThreshold] = useState(String(settings.accuracyThresholdPercent));
  const [emails, setEmails] = useState<string[]>(settings.notificationEmails.length > 0 ? settings.notificationEmails : ['']);
  const [actionEndpoint, setActionEndpoint] = useState(settings.actionEndpointUrl ?? '');
  const [actionToken, setActionToken] = useState('');
  const [greeting, setGreeting] = useState(settings.greeting ?? '');
  const [tokenStatus, setTokenStatus] = useState(settings.actionEndpointTokenStatus ?? 'not set');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const byDefault = settings.defaults?.accuracyThresholdPercent ?? 20;
  const guard = useFormGuard();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    const percent = Number(threshold.trim().replace(',', '.'));
    if (threshold.trim() === '' || Number.isNaN(percent)) return setProblem({ field: 'accuracyThresholdPercent', message: t('settings.thresholdNumber') });
    setBusy(true);
    try {
      const updated = await request<Settings>('PATCH', assistantPath(assistant.server, assistant.language, '/settings'), {
        accuracyThresholdPercent: percent,
        notificationEmails: emails.map((email) => email.trim()).filter((email) => email !== ''),
        actionEndpointUrl: actionEndpoint.trim(),
        greeting: greeting.trim(),
        ...(actionToken.trim() === '' ? {} : { actionEndpointToken: actionToken.trim() }),
      });
      setActionToken('');
      setTokenStatus(updated.actionEndpointTokenStatus ?? 'not set');
      setSaved(true);
      guard.saved();
      onSaved(updated);
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  async function removeActionToken() {
    setProblem(null);
    setSaved(false);
    setBusy(true);
    try {
      const updated = await request<Settings>('PATCH', assistantPath(assistant.server, assistant.language, '/settings'), { actionEndpointToken: '' });
      setTokenStatus(updated.actionEndpointTokenStatus ?? 'not set');
      setActionToken('');
      setSaved(true);
      onSaved(updated);
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={guard.ref} className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t('settings.assistant')}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-threshold`} className="field-label">
          {t('settings.threshold')}
        </label>
        <div className="row-fields">
          <input
            id={`${id}-threshold`}
            name="accuracyThresholdPercent"
            className="input input-narrow"
            inputMode="decimal"
            value={threshold}
            disabled={!canChange}
            onChange={(event) => setThreshold(event.target.value)}
            aria-invalid={isAbout(problem, 'accuracyThresholdPercent') ? true : undefined}
            aria-describedby={`${id}-threshold-hint`}
          />
          <span aria-hidden="true">%</span>
        </div>
        <p id={`${id}-threshold-hint`} className="field-hint">
          {t('settings.thresholdGuidance', { default: byDefault })}
        </p>
        <FieldError problem={problem} field="accuracyThresholdPercent" />
      </div>
      <ThresholdOutcomes assistant={assistant} currentPercent={settings.accuracyThresholdPercent} />
      <fieldset className="fieldset">
        <legend className="field-label">{t('settings.emails')}</legend>
        <p className="field-hint">{t('settings.emailsHint')}</p>
        <ol className="row-list">
          {emails.map((email, index) => (
            <li key={index} className="row-item">
              <div className="row-fields">
                <input
                  className="input field-grow"
                  type="email"
                  name={`notificationEmails.${index}`}
                  aria-label={t('settings.email', { number: index + 1 })}
                  value={email}
                  disabled={!canChange}
                  aria-invalid={isAbout(problem, `notificationEmails.${index}`) ? true : undefined}
                  onChange={(event) => setEmails((current) => current.map((other, at) => (at === index ? event.target.value : other)))}
                />
                {canChange ? (
                  <button type="button" className="button button-quiet row-remove" aria-label={t('settings.removeEmail', { number: index + 1 })} onClick={() => setEmails((current) => current.filter((_, at) => at !== index))}>
                    ×
                  </button>
                ) : null}
              </div>
              <FieldError problem={problem} field={`notificationEmails.${index}`} />
            </li>
          ))}
        </ol>
        {canChange ? (
          <button type="button" className="button button-secondary" onClick={() => setEmails((current) => [...current, ''])}>
            {t('settings.addEmail')}
          </button>
        ) : null}
        <FieldError problem={problem} field="notificationEmails" exact />
      </fieldset>
      <fieldset className="fieldset">
        <legend className="field-label">{t('settings.actionEndpoint')}</legend>
        <p className="field-hint">{t('settings.actionEndpointHint')}</p>
        <div className="field">
          <label htmlFor={`${id}-action-url`} className="field-label">
            {t('settings.actionEndpointUrl')}
          </label>
          <input
            id={`${id}-action-url`}
            name="actionEndpointUrl"
            className="input"
            type="url"
            inputMode="url"
            placeholder="http://acoes.interno:5055/webhook"
            value={actionEndpoint}
            disabled={!canChange}
            aria-invalid={isAbout(problem, 'actionEndpointUrl') ? true : undefined}
            onChange={(event) => setActionEndpoint(event.target.value)}
          />
          <FieldError problem={problem} field="actionEndpointUrl" />
        </div>
        {canChange ? (
          <div className="field">
            <label htmlFor={`${id}-action-token`} className="field-label">
              {t('settings.actionEndpointToken')}
            </label>
            <div className="row-fields">
              <input
                id={`${id}-action-token`}
                name="actionEndpointToken"
                className="input field-grow"
                type="password"
                autoComplete="off"
                value={actionToken}
                aria-invalid={isAbout(problem, 'actionEndpointToken') ? true : undefined}
                aria-describedby={`${id}-action-token-hint`}
                onChange={(event) => setActionToken(event.target.value)}
              />
              {tokenStatus === 'set' ? (
                <button type="button" className="button button-secondary" disabled={busy} onClick={() => void removeActionToken()}>
                  {t('settings.removeActionToken')}
                </button>
              ) : null}
            </div>
            <p id={`${id}-action-token-hint`} className="field-hint">
              {tokenStatus === 'set' ? t('settings.actionTokenSet') : t('settings.actionTokenNotSet')}
            </p>
            <FieldError problem={problem} field="actionEndpointToken" />
          </div>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-greeting`} className="field-label">
          {t('settings.greeting')} <span className="optional">{t('common.optional')}</span>
        </label>
        <textarea
          id={`${id}-greeting`}
          name="greeting"
          className="input textarea"
          rows={2}
          maxLength={1000}
          value={greeting}
          disabled={!canChange}
          aria-describedby={`${id}-greeting-hint`}
          aria-invalid={isAbout(problem, 'greeting') ? true : undefined}
          onChange={(event) => setGreeting(event.target.value)}
        />
        <p id={`${id}-greeting-hint`} className="field-hint">
          {t('settings.greetingHint')}
        </p>
        <FieldError problem={problem} field="greeting" />
      </div>
      <FormProblemNotice problem={problem} fields={['accuracyThresholdPercent', 'notificationEmails', 'actionEndpointUrl', 'actionEndpointToken', 'greeting']} />
      <SaveFooter saved={saved} canChange={canChange} busy={busy} />
    </form>
  );
}
