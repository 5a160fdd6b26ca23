// Under a push channel's panel (Messenger, WhatsApp, Telegram, the callback URL of API Rest): the
// answers the outbox gave up, refused or could not deliver to a user who blocked the bot, newest
// first, as `GET …/integrations/{channel}/deliveries?status=…` keeps them (30 days). Read-only, the
// same for viewers: the records hold no credential and no part of the callback URL. Shown while the
// channel is set up, and also while it is not but has failures: sends given up because its token
// (or the callback URL) was removed are exactly what an administrator needs to see then.
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant, DeliveryChannel, DeliveryRecord } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { formatDateTime } from '../format';
import { useResource } from '../use-resource';
import { Section } from './section';

/** The statuses that mean the user did not get the answer (the others are the platform's ids and receipts). */
const FAILURES = 'failed,refused,blocked';
const SHOWN = 20;

export function DeliveryFailuresSection({ assistant, channel, setUp, title }: { assistant: Assistant; channel: DeliveryChannel; setUp: boolean; title?: string }) {
  const { t, i18n } = useTranslation();
  const path = assistantPath(assistant.server, assistant.language, `/integrations/${channel}/deliveries?status=${FAILURES}&limit=${SHOWN}`);
  const failures = useResource<{ deliveries: DeliveryRecord[] }>(() => request('GET', path), path);
  const rows = failures.data?.deliveries;
  const heading = title ?? t('integrations.deliveries.title');
  // A channel not set up shows the section only once failures are read: no loading, no error and
  // no "none" under a channel nobody uses.
  if (!setUp && !(rows && rows.length > 0)) return null;
  return (
    <Section title={heading} description={t('integrations.deliveries.lead', { limit: SHOWN })} testId={`${channel}-delivery-failures`}>
      {failures.error ? <Notice tone="error">{errorText(failures.error, t)}</Notice> : null}
      {failures.loading && !rows ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p className="muted">{t('integrations.deliveries.empty')}</p> : null}
      {rows && rows.length > 0 ? (
        <table className="table delivery-failures">
          <caption className="visually-hidden">{heading}</caption>
          <thead>
            <tr>
              <th scope="col">{t('integrations.deliveries.when')}</th>
              <th scope="col">{t('integrations.deliveries.status')}</th>
              <th scope="col">{t('integrations.deliveries.reason')}</th>
              <th scope="col">{t('integrations.deliveries.recipient')}</th>
              <th scope="col" className="numeric">
                {t('integrations.deliveries.attempts')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={`${row.occurredAt}-${row.recipient}-${index}`}>
                <td data-label={t('integrations.deliveries.when')}>
                  <time dateTime={row.occurredAt}>{formatDateTime(row.occurredAt, i18n.language)}</time>
                </td>
                <td data-label={t('integrations.deliveries.status')}>{t(`integrations.deliveries.statuses.${row.status}`, { defaultValue: row.status })}</td>
                <td data-label={t('integrations.deliveries.reason')} className="delivery-reason">
                  <Reason row={row} />
                </td>
                <td data-label={t('integrations.deliveries.recipient')}>
                  <code>{row.recipient}</code>
                </td>
                <td data-label={t('integrations.deliveries.attempts')} className="numeric">
                  {typeof row.detail?.attempts === 'number' ? row.detail.attempts : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="actions">
        <button type="button" className="button button-secondary button-small" disabled={failures.loading} onClick={failures.reload}>
          {t('integrations.deliveries.reload')}
        </button>
      </div>
    </Section>
  );
}

/**
 * Why, as recorded: the HTTP status and the platform's code, then its message (in English, as the
 * platform or the outbox wrote it: marked so, for screen readers). A refusal outside the window
 * says so in the status column; its recorded reason is the platform's wording of the same.
 */
function Reason({ row }: { row: DeliveryRecord }) {
  const { t } = useTranslation();
  const detail = row.detail ?? {};
  // A status WhatsApp reported as failed carries Meta's `errors` instead ({code, title, message}).
  const reported = Array.isArray(detail.errors) && typeof detail.errors[0] === 'object' && detail.errors[0] !== null ? (detail.errors[0] as { code?: unknown; title?: unknown; message?: unknown }) : {};
  const status = typeof detail.status === 'number' ? detail.status : null;
  const code = typeof detail.code === 'number' ? detail.code : typeof reported.code === 'number' ? reported.code : null;
  const reason = typeof detail.reason === 'string' ? detail.reason : typeof reported.message === 'string' ? reported.message : typeof reported.title === 'string' ? reported.title : '';
  if (row.status === 'refused') return <>{t('integrations.deliveries.outsideWindow')}</>;
  const codes = [status === null ? null : `HTTP ${status}`, code === null ? null : t('integrations.deliveries.code', { code })].filter((part) => part !== null);
  if (codes.length === 0 && reason === '') return <>—</>;
  return (
    <>
      {codes.length > 0 ? <strong>{codes.join(' · ')}</strong> : null}
      {codes.length > 0 && reason !== '' ? ' ' : null}
      {reason !== '' ? <span lang="en">{reason}</span> : null}
    </>
  );
}
