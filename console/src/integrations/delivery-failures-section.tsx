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
import { deliveryReasonText } from './delivery-reason-text';
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
 * Why, in the console's language when the server coded it (./delivery-reason-text.ts): the
 * sentence, the platform's HTTP status and code, and its own message as it wrote it; an old record
 * or a code this console does not know shows the English text recorded. What is in English is
 * marked so, for screen readers.
 */
function Reason({ row }: { row: DeliveryRecord }) {
  const { t } = useTranslation();
  const reason = deliveryReasonText(t, row);
  if (reason === null) return <>—</>;
  const parts = [
    !reason.english && reason.text !== '' ? <span key="text">{reason.text}</span> : null,
    reason.codes === undefined ? null : <strong key="codes">{reason.codes}</strong>,
    reason.english && reason.text !== '' ? (
      <span key="english" lang="en">
        {reason.text}
      </span>
    ) : null,
    reason.quote === undefined ? null : (
      <span key="quote" lang="en">
        {reason.quote}
      </span>
    ),
  ].filter((part) => part !== null);
  return <>{parts.flatMap((part, index) => (index === 0 ? [part] : [' ', part]))}</>;
}
