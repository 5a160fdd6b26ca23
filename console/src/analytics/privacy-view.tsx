// Privacidade (LGPD): the analytics settings (time zone where days are cut, the retention period,
// the satisfaction question), a user's data — export or erase everything stored of one user id —
// and the audit log of who did what. Viewers read the settings; the rest is for administrators.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { actorText } from '../format';
import { Notice } from '../components/notice';
import { mayAdminister, useUser } from '../session';
import { useResource } from '../use-resource';
import type { AnalyticsSettings, AuditEntry } from './analytics-types';
import { formatMoment } from './format-time';
import { useFormGuard } from '../components/unsaved-guard';

function SettingsForm({ assistant }: { assistant: Assistant }) {
  const { t } = useTranslation();
  const user = useUser();
  const id = useId();
  const path = assistantPath(assistant.server, assistant.language, '/analytics/settings');
  const settings = useResource<AnalyticsSettings>(() => request('GET', path), path);
  const skills = useResource<Array<{ name: string }>>(() => request('GET', assistantPath(assistant.server, assistant.language, '/skills')), `${path}/skills`);
  const [draft, setDraft] = useState({ timeZone: '', retentionDays: '', satisfactionSkill: '' });
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string; field?: string } | null>(null);
  const readOnly = user.role !== 'administrator';
  useEffect(() => {
    if (settings.data) {
      setDraft({ timeZone: settings.data.timeZone, retentionDays: settings.data.retentionDays === null ? '' : String(settings.data.retentionDays), satisfactionSkill: settings.data.satisfactionSkill ?? '' });
    }
  }, [settings.data]);

  const guard = useFormGuard(settings.data ? 'analytics-settings' : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    try {
      const saved = await request<AnalyticsSettings>('PATCH', path, {
        timeZone: draft.timeZone.trim(),
        retentionDays: draft.retentionDays.trim() === '' ? null : Number(draft.retentionDays),
        satisfactionSkill: draft.satisfactionSkill === '' ? null : draft.satisfactionSkill,
      });
      settings.setData(saved);
      guard.saved();
      setNotice({ tone: 'success', text: t('common.saved') });
    } catch (failure: unknown) {
      setNotice({ tone: 'error', text: errorText(failure, t), ...((failure as { field?: string }).field ? { field: (failure as { field: string }).field } : {}) });
    }
  }

  return (
    <form ref={guard.ref} className="card form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 className="card-title" id={`${id}-title`}>
        {t('analytics.privacy.settings')}
      </h2>
      <label className="field">
        <span className="field-label">{t('analytics.privacy.timeZone')}</span>
        <input className="input" value={draft.timeZone} disabled={readOnly} onChange={(event) => setDraft({ ...draft, timeZone: event.target.value })} aria-invalid={notice?.field === 'timeZone'} name="timeZone" />
        <span className="field-hint">{t('analytics.privacy.timeZoneHint')}</span>
      </label>
      <label className="field">
        <span className="field-label">{t('analytics.privacy.retentionDays')}</span>
        <input className="input input-narrow" inputMode="numeric" value={draft.retentionDays} disabled={readOnly} onChange={(event) => setDraft({ ...draft, retentionDays: event.target.value })} aria-invalid={notice?.field === 'retentionDays'} name="retentionDays" />
        <span className="field-hint">{t('analytics.privacy.retentionHint')}</span>
      </label>
      <label className="field">
        <span className="field-label">{t('analytics.privacy.satisfactionSkill')}</span>
        <select className="select" value={draft.satisfactionSkill} disabled={readOnly} onChange={(event) => setDraft({ ...draft, satisfactionSkill: event.target.value })} name="satisfactionSkill">
          <option value="">{t('analytics.privacy.noSatisfaction')}</option>
          {(skills.data ?? []).map((skill) => (
            <option key={skill.name} value={skill.name}>
              {skill.name}
            </option>
          ))}
        </select>
        <span className="field-hint">{t('analytics.privacy.satisfactionHint')}</span>
      </label>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {readOnly ? <p className="muted">{t('common.viewerReadOnly')}</p> : <button type="submit" className="button button-primary">{t('common.save')}</button>}
    </form>
  );
}

function UserDataCard({ assistant, onChanged }: { assistant: Assistant; onChanged: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [userId, setUserId] = useState('');
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const trimmed = userId.trim();
  const base = assistantPath(assistant.server, assistant.language, `/users/${encodeURIComponent(trimmed)}`);
  return (
    <section className="card form" aria-labelledby={`${id}-title`}>
      <h2 className="card-title" id={`${id}-title`}>
        {t('analytics.privacy.userData')}
      </h2>
      <p className="card-description">{t('analytics.privacy.userDataLead')}</p>
      <label className="field">
        <span className="field-label">{t('analytics.privacy.userId')}</span>
        <input className="input" value={userId} maxLength={256} onChange={(event) => setUserId(event.target.value)} name="userId" />
      </label>
      <div className="table-actions">
        {trimmed ? (
          <a className="button button-secondary" href={`${base}/data`} download onClick={() => window.setTimeout(onChanged, 1000)}>
            {t('analytics.privacy.export')}
          </a>
        ) : (
          <button type="button" className="button button-secondary" disabled>
            {t('analytics.privacy.export')}
          </button>
        )}
        <ConfirmButton
          danger
          disabled={!trimmed}
          label={t('analytics.privacy.erase')}
          question={t('analytics.privacy.eraseQuestion', { userId: trimmed })}
          onConfirm={async () => {
            try {
              const answer = await request<{ erased: { events: number; messages: number; outbound: number } }>('DELETE', base);
              setNotice({ tone: 'success', text: t('analytics.privacy.erased', { userId: trimmed, events: answer.erased.events }) });
              onChanged();
            } catch (failure: unknown) {
              setNotice({ tone: 'error', text: errorText(failure, t) });
            }
          }}
        />
      </div>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
    </section>
  );
}

function AuditLog({ server, generation }: { server: string; generation: number }) {
  const { t, i18n } = useTranslation();
  const path = `/api/admin/servers/${encodeURIComponent(server)}/audit?limit=50`;
  const audit = useResource<{ entries: AuditEntry[] }>(() => request('GET', path), `${path}#${generation}`);
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 className="card-title" id="audit-title">
        {t('analytics.privacy.audit')}
      </h2>
      {audit.error ? <Notice tone="error">{errorText(audit.error, t)}</Notice> : null}
      <div className="table-card">
        <table className="table" data-testid="audit">
          <thead>
            <tr>
              <th scope="col">{t('analytics.privacy.auditWhen')}</th>
              <th scope="col">{t('analytics.privacy.auditWho')}</th>
              <th scope="col">{t('analytics.privacy.auditWhat')}</th>
              <th scope="col">{t('analytics.privacy.auditSubject')}</th>
              <th scope="col">{t('analytics.privacy.auditAssistant')}</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.entries ?? []).map((entry) => (
              <tr key={entry.id}>
                <td>{formatMoment(entry.at, i18n.language)}</td>
                <td>{actorText(t, entry.actor)}</td>
                <td>{t(`analytics.audit.${entry.action}`, { defaultValue: entry.action })}</td>
                <td className="clip">{entry.subject ?? (typeof entry.details['intent'] === 'string' ? entry.details['intent'] : '—')}</td>
                <td>{entry.assistant ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function PrivacyView({ assistant }: { assistant: Assistant }) {
  const { t } = useTranslation();
  const user = useUser();
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <SettingsForm assistant={assistant} />
      {mayAdminister(user) ? (
        <>
          <UserDataCard assistant={assistant} onChanged={() => setGeneration((value) => value + 1)} />
          <AuditLog server={assistant.server} generation={generation} />
        </>
      ) : (
        <p className="muted">{t('analytics.privacy.administratorsOnly')}</p>
      )}
    </>
  );
}
