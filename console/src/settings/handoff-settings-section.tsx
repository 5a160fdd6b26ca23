// Atendimento › the handoff settings: when the assistant hands a conversation to a person (N
// fallbacks in a row), what it says (the message with {wait}, the expected wait, the message outside
// office hours), the office hours (a time zone, intervals per weekday, holidays) and the inbox's
// quick replies. The API checks everything; its field errors show beside the form.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { FormProblemNotice, problemFrom, type FormProblem } from '../content/form-problem';
import { useResource } from '../use-resource';
import { SaveFooter } from './save-footer';
import { useFormGuard } from '../components/unsaved-guard';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

interface HandoffSettings {
  fallbacksInARow: number;
  message: string;
  expectedWaitMinutes: number;
  outsideHoursMessage: string;
  officeHours: { timeZone: string; week: Partial<Record<(typeof DAYS)[number], Array<{ from: string; to: string }>>>; holidays: string[] } | null;
  quickReplies: string[];
  ticketOutsideHours: boolean;
}

/** "09:00-12:00, 13:00-18:00" ⇄ intervals; what does not read is left for the API to name. */
function intervalsOf(text: string): Array<{ from: string; to: string }> {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [from = '', to = ''] = part.split('-').map((time) => time.trim());
      return { from, to };
    });
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function HandoffForm({ assistant, settings, canChange }: { assistant: Assistant; settings: HandoffSettings; canChange: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const hours = settings.officeHours;
  const [draft, setDraft] = useState(() => ({
    fallbacksInARow: String(settings.fallbacksInARow),
    expectedWaitMinutes: String(settings.expectedWaitMinutes),
    message: settings.message,
    outsideHoursMessage: settings.outsideHoursMessage,
    alwaysOpen: hours === null,
    timeZone: hours?.timeZone ?? 'America/Sao_Paulo',
    week: Object.fromEntries(DAYS.map((day) => [day, (hours?.week[day] ?? []).map((interval) => `${interval.from}-${interval.to}`).join(', ')])) as Record<(typeof DAYS)[number], string>,
    holidays: (hours?.holidays ?? []).join('\n'),
    quickReplies: settings.quickReplies.join('\n'),
    ticketOutsideHours: settings.ticketOutsideHours,
  }));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<typeof draft>) => setDraft((current) => ({ ...current, ...change }));
  const guard = useFormGuard();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    setBusy(true);
    try {
      await request('PUT', assistantPath(assistant.server, assistant.language, '/handoff-settings'), {
        fallbacksInARow: Number(draft.fallbacksInARow),
        expectedWaitMinutes: Number(draft.expectedWaitMinutes),
        message: draft.message,
        outsideHoursMessage: draft.outsideHoursMessage,
        officeHours: draft.alwaysOpen ? null : { timeZone: draft.timeZone.trim(), week: Object.fromEntries(DAYS.map((day) => [day, intervalsOf(draft.week[day])])), holidays: lines(draft.holidays) },
        quickReplies: lines(draft.quickReplies),
        ticketOutsideHours: draft.ticketOutsideHours,
      });
      setSaved(true);
      guard.saved();
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: 'fallbacksInARow' | 'expectedWaitMinutes', label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`} className="field-label">
        {label}
      </label>
      <input id={`${id}-${name}`} className="input input-narrow" inputMode="numeric" value={draft[name]} disabled={!canChange} onChange={(event) => set({ [name]: event.target.value })} />
      <p className="field-hint">{hint}</p>
    </div>
  );
  const text = (name: 'message' | 'outsideHoursMessage' | 'holidays' | 'quickReplies', label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`} className="field-label">
        {label}
      </label>
      <textarea id={`${id}-${name}`} className="input" rows={3} value={draft[name]} disabled={!canChange} onChange={(event) => set({ [name]: event.target.value })} />
      <p className="field-hint">{hint}</p>
    </div>
  );

  return (
    <form ref={guard.ref} className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-testid="handoff-settings">
      <h2 id={`${id}-title`} className="card-title">
        {t('handoffSettings.title')}
      </h2>
      {field('fallbacksInARow', t('handoffSettings.fallbacks'), t('handoffSettings.fallbacksHint'))}
      {field('expectedWaitMinutes', t('handoffSettings.wait'), t('handoffSettings.waitHint'))}
      {text('message', t('handoffSettings.message'), t('handoffSettings.messageHint'))}
      {text('outsideHoursMessage', t('handoffSettings.outside'), t('handoffSettings.outsideHint'))}
      <fieldset className="fieldset">
        <legend className="field-label">{t('handoffSettings.hours')}</legend>
        <div className="field field-checkbox">
          <input id={`${id}-always`} type="checkbox" checked={draft.alwaysOpen} disabled={!canChange} onChange={(event) => set({ alwaysOpen: event.target.checked })} />
          <label htmlFor={`${id}-always`}>{t('handoffSettings.alwaysOpen')}</label>
        </div>
        {!draft.alwaysOpen ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-zone`} className="field-label">
                {t('handoffSettings.timeZone')}
              </label>
              <input id={`${id}-zone`} className="input" value={draft.timeZone} disabled={!canChange} onChange={(event) => set({ timeZone: event.target.value })} />
            </div>
            {DAYS.map((day) => (
              <div className="field" key={day}>
                <label htmlFor={`${id}-${day}`} className="field-label">
                  {t(`handoffSettings.days.${day}`)}
                </label>
                <input
                  id={`${id}-${day}`}
                  className="input"
                  placeholder="09:00-12:00, 13:00-18:00"
                  value={draft.week[day]}
                  disabled={!canChange}
                  onChange={(event) => set({ week: { ...draft.week, [day]: event.target.value } })}
                />
              </div>
            ))}
            {text('holidays', t('handoffSettings.holidays'), t('handoffSettings.holidaysHint'))}
            <div className="field field-checkbox">
              <input id={`${id}-ticket`} type="checkbox" checked={draft.ticketOutsideHours} disabled={!canChange} onChange={(event) => set({ ticketOutsideHours: event.target.checked })} />
              <label htmlFor={`${id}-ticket`}>{t('handoffSettings.ticketOutsideHours')}</label>
            </div>
          </>
        ) : null}
      </fieldset>
      {text('quickReplies', t('handoffSettings.quickReplies'), t('handoffSettings.quickRepliesHint'))}
      <FormProblemNotice problem={problem} fields={[]} />
      <SaveFooter saved={saved} canChange={canChange} busy={busy} />
    </form>
  );
}

export function HandoffSettingsSection({ assistant, canChange }: { assistant: Assistant; canChange: boolean }) {
  const key = `${assistant.server}/${assistant.language}`;
  const settings = useResource<HandoffSettings>(() => request('GET', assistantPath(assistant.server, assistant.language, '/handoff-settings')), key);
  return settings.data ? <HandoffForm key={key} assistant={assistant} settings={settings.data} canChange={canChange} /> : null;
}
