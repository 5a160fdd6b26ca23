// Telegram: the bot token from BotFather, written here and never shown again (only whether it is
// set); the webhook, which the platform points at its callback URL with a new secret token
// ("Configure webhook", administrators); and "check connection": the bot Telegram says the token
// opens and what Telegram knows of the webhook (pending updates, its last delivery error).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import { ApiError } from '../api/api-error';
import type { Assistant, IntegrationValues, TelegramCheck, TelegramValues, TelegramWebhookResult } from '../api/types';
import { CopyField } from '../components/copy-field';
import { problemText } from '../api/problem-text';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { formatDateTime } from '../format';
import { mayAdminister, useUser } from '../session';
import { CheckSection } from './check-section';
import { SaveActions } from './save-actions';
import { SecretField } from './secret-field';
import { DeliveryFailuresSection } from './delivery-failures-section';
import { Section } from './section';
import { UnsupportedReplySection } from './unsupported-reply-section';
import { useFormGuard } from '../components/unsaved-guard';

interface PanelProps {
  assistant: Assistant;
  values: IntegrationValues;
  onChange: (values: IntegrationValues) => void;
}

type Outcome = { kind: 'idle' | 'busy' } | { kind: 'error'; message: string; field?: string } | { kind: 'done' };

export function TelegramPanel({ assistant, values, onChange }: PanelProps) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const canChange = mayAdminister(user);
  const telegram = values.telegram;
  const [botToken, setBotToken] = useState('');
  const [saveState, setSaveState] = useState<Outcome>({ kind: 'idle' });
  const [webhookState, setWebhookState] = useState<Outcome>({ kind: 'idle' });
  const path = (rest: string) => assistantPath(assistant.server, assistant.language, rest);
  const guard = useFormGuard();
  const update = (next: Partial<TelegramValues>) => onChange({ ...values, telegram: { ...telegram, ...next } });

  async function put(body: { botToken?: string; unsupportedReply?: string | null }) {
    update(await request<TelegramValues>('PUT', path('/integrations/telegram'), body));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!botToken.trim()) return setSaveState({ kind: 'error', message: t('integrations.telegram.nothingToSave') });
    setSaveState({ kind: 'busy' });
    try {
      await put({ botToken: botToken.trim() });
      setBotToken('');
      setSaveState({ kind: 'done' });
      guard.saved();
    } catch (error: unknown) {
      const field = error instanceof ApiError ? error.field : undefined;
      setSaveState({ kind: 'error', message: errorText(error, t), ...(field ? { field } : {}) });
    }
  }

  async function configureWebhook() {
    setWebhookState({ kind: 'busy' });
    try {
      const result = await request<TelegramWebhookResult>('POST', path('/integrations/telegram/webhook'));
      if (result.ok) {
        update(result.telegram);
        setWebhookState({ kind: 'done' });
      } else {
        if (result.needsNewToken) update({ needsNewToken: true });
        setWebhookState({ kind: 'error', message: problemText(t, { code: result.code ?? 'unknown', ...(result.params ? { params: result.params } : {}) }) });
      }
    } catch (error: unknown) {
      setWebhookState({ kind: 'error', message: errorText(error, t) });
    }
  }

  const webhookSet = telegram.webhook.state === 'set';
  const tokenError = saveState.kind === 'error' && saveState.field === 'botToken' ? saveState.message : undefined;

  return (
    <div className="panel" data-testid="panel-telegram">
      {telegram.needsNewToken ? <Notice tone="warning" title={t('integrations.telegram.needsNewTokenTitle')}>{t('integrations.telegram.needsNewToken')}</Notice> : null}
      <Section title={t('integrations.telegram.botTitle')} description={t('integrations.telegram.botLead')}>
        {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
        <form ref={guard.ref} onSubmit={save} className="form" noValidate>
          <SecretField
            name="botToken"
            label={t('integrations.telegram.botToken')}
            hint={t('integrations.telegram.botTokenHint')}
            removeQuestion={t('integrations.telegram.removeQuestion')}
            status={telegram.botToken}
            value={botToken}
            disabled={!canChange}
            onValue={(value) => {
              setBotToken(value);
              setSaveState({ kind: 'idle' });
            }}
            error={tokenError}
            onRemove={() => put({ botToken: '' })}
          />
          {saveState.kind === 'error' && !saveState.field ? <Notice tone="error">{saveState.message}</Notice> : null}
          {canChange ? <SaveActions label={t('integrations.telegram.save')} busy={saveState.kind === 'busy'} saved={saveState.kind === 'done'} /> : null}
        </form>
      </Section>

      <Section title={t('integrations.telegram.webhookTitle')} description={t('integrations.telegram.webhookLead')}>
        <CopyField label={t('integrations.telegram.callbackUrl')} value={telegram.callbackUrl} testId="telegram-callback-url" />
        <div className="field" data-testid="telegram-webhook">
          <div className="field-label-row">
            <span className="field-label">{t('integrations.telegram.webhookState')}</span>
            <StatusBadge tone={webhookSet ? 'positive' : 'neutral'}>{webhookSet ? t('integrations.secret.set') : t('integrations.secret.notSet')}</StatusBadge>
          </div>
          <p className="field-hint">
            {webhookSet && telegram.webhook.url && telegram.webhook.setAt
              ? t('integrations.telegram.webhookSetAt', { url: telegram.webhook.url, date: formatDateTime(telegram.webhook.setAt, i18n.language) })
              : t('integrations.telegram.webhookNotSet')}
          </p>
        </div>
        {canChange ? (
          <div className="actions">
            <button type="button" className="button button-secondary" disabled={webhookState.kind === 'busy' || telegram.botToken !== 'set'} onClick={() => void configureWebhook()}>
              {webhookSet ? t('integrations.telegram.reconfigureWebhook') : t('integrations.telegram.configureWebhook')}
            </button>
            {webhookState.kind === 'done' ? (
              <span className="inline-status" role="status">
                {t('integrations.telegram.webhookConfigured')}
              </span>
            ) : null}
          </div>
        ) : null}
        {webhookState.kind === 'error' ? <Notice tone="error" title={t('integrations.telegram.webhookFailed')}>{webhookState.message}</Notice> : null}
      </Section>

      <UnsupportedReplySection text={telegram.unsupportedReply} isDefault={telegram.unsupportedReplyIsDefault} canChange={canChange} save={(unsupportedReply) => put({ unsupportedReply })} />

      <CheckSection
        title={t('integrations.telegram.checkTitle')}
        lead={t('integrations.telegram.checkLead')}
        labels={{ check: t('integrations.telegram.check'), checking: t('integrations.telegram.checking'), failed: t('integrations.telegram.notConnected') }}
        ready={telegram.botToken === 'set'}
        notReadyHint={t('integrations.telegram.checkNeedsToken')}
        testId="telegram-check"
        run={() => request<TelegramCheck>('POST', path('/integrations/telegram/check'))}
        onNeedsNewToken={(needsNewToken) => {
          if (needsNewToken !== telegram.needsNewToken) update({ needsNewToken });
        }}
        success={(result) => (
          <Notice tone="success" title={t('integrations.telegram.connected', { username: result.bot.username })}>
            {result.webhook.url === '' ? t('integrations.telegram.telegramHasNoWebhook') : t('integrations.telegram.telegramWebhook', { url: result.webhook.url, count: result.webhook.pendingUpdateCount })}
            {result.webhook.lastErrorMessage ? ` ${t('integrations.telegram.lastError', { message: result.webhook.lastErrorMessage })}` : ''}
          </Notice>
        )}
      />

      <DeliveryFailuresSection assistant={assistant} channel="telegram" setUp={telegram.botToken === 'set'} />
    </div>
  );
}
