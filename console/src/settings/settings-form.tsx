// The accuracy threshold in percent (with the guidance: below it the fallback answers; 20 % by
// default) and the e-mails told about trainings. The API's field errors show beside their field.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { FieldError, FormProblemNotice, isAbout, problemFrom, type FormProblem } from '../content/form-problem';
import { ThresholdOutcomes } from './threshold-outcomes';
import { SaveFooter } from './save-footer';

export interface Settings {
  accuracyThresholdPercent: number;
  notificationEmails: string[];
  defaults?: { accuracyThresholdPercent: number };
}

export function SettingsForm({ assistant, settings, canChange, onSaved }: { assistant: Assistant; settings: Settings; canChange: boolean; onSaved: (settings: Settings) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [threshold, setThreshold] = useState(String(settings.accuracyThresholdPercent));
  const [emails, setEmails] = useState<string[]>(settings.notificationEmails.length > 0 ? settings.notificationEmails : ['']);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const byDefault = settings.defaults?.accuracyThresholdPercent ?? 20;

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
      });
      setSaved(true);
      onSaved(updated);
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
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
      <FormProblemNotice problem={problem} fields={['accuracyThresholdPercent', 'notificationEmails']} />
      <SaveFooter saved={saved} canChange={canChange} busy={busy} />
    </form>
  );
}
