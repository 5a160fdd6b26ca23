// WhatsApp: what Meta's app setup (WhatsApp › Configuration) asks for. The Callback URL and the
// Verify Token are ours to copy (the token is made when the channel is first saved, and only
// administrators see it); the phone number id is shown; the app secret and the access token are
// written here and never shown again, only whether they are set. "Check connection" asks the
// Graph API for the number the token answers from.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import { ApiError } from '../api/api-error';
import type { Assistant, IntegrationValues, WhatsAppCheck, WhatsAppValues } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { CopyField } from '../components/copy-field';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { mayAdminister, useUser } from '../session';
import { CheckSection } from './check-section';
import { SaveActions } from './save-actions';
import { SecretField } from './secret-field';
import { DeliveryFailuresSection } from './delivery-failures-section';
import { Section } from './section';
import { UnsupportedReplySection } from './unsupported-reply-section';
import { useFormGuard } from '../components/unsaved-guard';

type SecretName = 'appSecret' | 'accessToken';
type SaveState = { kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string; field?: string };

interface PanelProps {
  assistant: Assistant;
  values: IntegrationValues;
  onChange: (values: IntegrationValues) => void;
}

export function WhatsAppPanel({ assistant, values, onChange }: PanelProps) {
  const { t } = useTranslation();
  const user = useUser();
  const phoneId = useId();
  const canChange = mayAdminister(user);
  const whatsapp = values.whatsapp;
  const [drafts, setDrafts] = useState<Record<SecretName, string>>({ appSecret: '', accessToken: '' });
  const [phoneNumberId, setPhoneNumberId] = useState(whatsapp.phoneNumberId ?? '');
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [rotateError, setRotateError] = useState<string | null>(null);
  const path = (rest: string) => assistantPath(assistant.server, assistant.language, rest);
  const guard = useFormGuard();
  const update = (next: Partial<WhatsAppValues>) => onChange({ ...values, whatsapp: { ...whatsapp, ...next } });

  async function put(body: Partial<Record<SecretName | 'phoneNumberId', string>> & { unsupportedReply?: string | null }) {
    const saved = await request<WhatsAppValues>('PUT', path('/integrations/whatsapp'), body);
    update(saved);
    return saved;
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const body: Partial<Record<SecretName | 'phoneNumberId', string>> = {};
    for (const name of ['appSecret', 'accessToken'] as const) if (drafts[name].trim()) body[name] = drafts[name].trim();
    if (phoneNumberId.trim() !== (whatsapp.phoneNumberId ?? '')) body.phoneNumberId = phoneNumberId.trim();
    if (Object.keys(body).length === 0) return setSaveState({ kind: 'error', message: t('integrations.whatsapp.nothingToSave') });
    setSaveState({ kind: 'saving' });
    try {
      await put(body);
      setDrafts({ appSecret: '', accessToken: '' });
      setSaveState({ kind: 'saved' });
      guard.saved();
    } catch (error: unknown) {
      const field = error instanceof ApiError ? error.field : undefined;
      setSaveState({ kind: 'error', message: errorText(error, t), ...(field ? { field } : {}) });
    }
  }

  async function rotateVerifyToken() {
    setRotateError(null);
    try {
      const { verifyToken } = await request<{ verifyToken: string }>('POST', path('/integrations/whatsapp/verify-token/rotate'));
      update({ verifyToken, verifyTokenState: 'set' });
    } catch (error: unknown) {
      setRotateError(errorText(error, t));
    }
  }

  const fieldError = (name: string) => (saveState.kind === 'error' && saveState.field === name ? saveState.message : undefined);

  return (
    <div className="panel" data-testid="panel-whatsapp">
      {whatsapp.needsNewToken ? <Notice tone="warning" title={t('integrations.whatsapp.needsNewTokenTitle')}>{t('integrations.whatsapp.needsNewToken')}</Notice> : null}
      <Section title={t('integrations.whatsapp.webhookTitle')} description={t('integrations.whatsapp.webhookLead')}>
        <CopyField label={t('integrations.whatsapp.callbackUrl')} value={whatsapp.callbackUrl} testId="whatsapp-callback-url" />
        {whatsapp.verifyToken !== undefined ? (
          <CopyField
            label={t('integrations.whatsapp.verifyToken')}
            value={whatsapp.verifyToken}
            testId="whatsapp-verify-token"
            hint={t('integrations.whatsapp.verifyTokenHint')}
            actions={canChange ? <ConfirmButton label={t('common.rotate')} question={t('integrations.whatsapp.rotateQuestion')} onConfirm={rotateVerifyToken} /> : null}
          />
        ) : (
          <div className="field" data-testid="whatsapp-verify-token">
            <div className="field-label-row">
              <span className="field-label">{t('integrations.whatsapp.verifyToken')}</span>
              <StatusBadge tone={whatsapp.verifyTokenState === 'set' ? 'positive' : 'neutral'}>{whatsapp.verifyTokenState === 'set' ? t('integrations.secret.set') : t('integrations.secret.notSet')}</StatusBadge>
            </div>
            <p className="field-hint">{whatsapp.verifyTokenState === 'set' ? t('integrations.whatsapp.verifyTokenAdminsOnly') : t('integrations.whatsapp.verifyTokenMadeOnSave')}</p>
          </div>
        )}
        {rotateError ? <Notice tone="error">{rotateError}</Notice> : null}
      </Section>

      <Section title={t('integrations.whatsapp.credentialsTitle')} description={t('integrations.whatsapp.credentialsLead')}>
        {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
        <form ref={guard.ref} onSubmit={save} className="form" noValidate>
          <div className="field" data-testid="whatsapp-phone-number-id">
            <label htmlFor={phoneId} className="field-label">
              {t('integrations.whatsapp.phoneNumberId')}
            </label>
            <input
              id={phoneId}
              name="phoneNumberId"
              className="input input-mono"
              inputMode="numeric"
              autoComplete="off"
              value={phoneNumberId}
              disabled={!canChange}
              onChange={(event) => {
                setPhoneNumberId(event.target.value);
                setSaveState({ kind: 'idle' });
              }}
              aria-invalid={fieldError('phoneNumberId') ? true : undefined}
              aria-describedby={`${phoneId}-hint${fieldError('phoneNumberId') ? ` ${phoneId}-error` : ''}`}
            />
            <p id={`${phoneId}-hint`} className="field-hint">
              {t('integrations.whatsapp.phoneNumberIdHint')}
            </p>
            {fieldError('phoneNumberId') ? (
              <p id={`${phoneId}-error`} className="field-error">
                {fieldError('phoneNumberId')}
              </p>
            ) : null}
          </div>
          {(['appSecret', 'accessToken'] as const).map((name) => (
            <SecretField
              key={name}
              name={`whatsapp-${name}`}
              label={t(`integrations.whatsapp.${name}`)}
              hint={t(`integrations.whatsapp.${name}Hint`)}
              removeQuestion={t('integrations.whatsapp.removeQuestion')}
              status={whatsapp[name]}
              value={drafts[name]}
              disabled={!canChange}
              onValue={(value) => {
                setDrafts((current) => ({ ...current, [name]: value }));
                setSaveState({ kind: 'idle' });
              }}
              error={fieldError(name)}
              onRemove={async () => {
                await put({ [name]: '' });
              }}
            />
          ))}
          {saveState.kind === 'error' && !saveState.field ? <Notice tone="error">{saveState.message}</Notice> : null}
          {canChange ? <SaveActions label={t('integrations.whatsapp.save')} busy={saveState.kind === 'saving'} saved={saveState.kind === 'saved'} /> : null}
        </form>
      </Section>

      <UnsupportedReplySection text={whatsapp.unsupportedReply} isDefault={whatsapp.unsupportedReplyIsDefault} canChange={canChange} save={async (unsupportedReply) => void (await put({ unsupportedReply }))} />

      <CheckSection
        title={t('integrations.whatsapp.checkTitle')}
        lead={t('integrations.whatsapp.checkLead')}
        labels={{ check: t('integrations.whatsapp.check'), checking: t('integrations.whatsapp.checking'), failed: t('integrations.whatsapp.notConnected') }}
        ready={whatsapp.accessToken === 'set' && whatsapp.phoneNumberId !== null}
        notReadyHint={t('integrations.whatsapp.checkNeedsSetup')}
        testId="whatsapp-check"
        run={() => request<WhatsAppCheck>('POST', path('/integrations/whatsapp/check'))}
        onNeedsNewToken={(needsNewToken) => {
          if (needsNewToken !== whatsapp.needsNewToken) update({ needsNewToken });
        }}
        success={(result) => <Notice tone="success">{t('integrations.whatsapp.connected', { number: result.phone.displayPhoneNumber, name: result.phone.verifiedName })}</Notice>}
      />

      <DeliveryFailuresSection assistant={assistant} channel="whatsapp" setUp={whatsapp.accessToken === 'set'} />
    </div>
  );
}
