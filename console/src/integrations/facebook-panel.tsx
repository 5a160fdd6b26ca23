// Facebook Messenger: what Meta's app setup asks for. Callback URL and Verify Token are ours to
// copy (the Verify Token is an administrator's to see, create and rotate); the app Secret and the Page Access Token are written here and
// never shown again, only whether they are set; "check connection" asks the Graph API whose page
// the token opens. The payload of the Page's Get Started button (GET_STARTED unless set) is a plain
// setting: a postback with it opens the conversation.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import { ApiError } from '../api/api-error';
import type { Assistant, FacebookCheck, IntegrationValues } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { CopyField } from '../components/copy-field';
import { SecretValueField } from '../components/secret-value-field';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { mayAdminister, useUser } from '../session';
import { CheckSection } from './check-section';
import { SaveActions } from './save-actions';
import { SecretField } from './secret-field';
import { DeliveryFailuresSection } from './delivery-failures-section';
import { Section } from './section';
import { TextSettingSection } from './text-setting-section';
import { UnsupportedReplySection } from './unsupported-reply-section';
import { useFormGuard } from '../components/unsaved-guard';

type SecretName = 'appSecret' | 'pageAccessToken';

interface PanelProps {
  assistant: Assistant;
  values: IntegrationValues;
  onChange: (values: IntegrationValues) => void;
  reload: () => void;
}

export function FacebookPanel({ assistant, values, onChange, reload }: PanelProps) {
  const { t } = useTranslation();
  const user = useUser();
  const canChange = mayAdminister(user);
  const facebook = values.facebookMessenger;
  const [drafts, setDrafts] = useState<Record<SecretName, string>>({ appSecret: '', pageAccessToken: '' });
  const [saveState, setSaveState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string; field?: string }>({ kind: 'idle' });
  const [rotateError, setRotateError] = useState<string | null>(null);
  const path = (rest: string) => assistantPath(assistant.server, assistant.language, rest);
  const guard = useFormGuard();

  async function put(body: Partial<Record<SecretName, string>>) {
    setSaveState({ kind: 'saving' });
    try {
      await request<unknown>('PUT', path('/integrations/facebook'), body);
      const next = { ...facebook };
      for (const [name, value] of Object.entries(body) as Array<[SecretName, string]>) next[name] = value === '' ? 'not set' : 'set';
      if (body.pageAccessToken) next.needsNewToken = false;
      onChange({ ...values, facebookMessenger: next });
      setDrafts({ appSecret: '', pageAccessToken: '' });
      setSaveState({ kind: 'saved' });
      guard.saved();
      reload();
    } catch (error: unknown) {
      const field = error instanceof ApiError ? error.field : undefined;
      setSaveState({ kind: 'error', message: errorText(error, t), ...(field ? { field } : {}) });
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const body: Partial<Record<SecretName, string>> = {};
    if (drafts.appSecret.trim()) body.appSecret = drafts.appSecret.trim();
    if (drafts.pageAccessToken.trim()) body.pageAccessToken = drafts.pageAccessToken.trim();
    if (Object.keys(body).length === 0) return setSaveState({ kind: 'error', message: t('integrations.facebook.nothingToSave') });
    await put(body);
  }

  async function rotateVerifyToken() {
    setRotateError(null);
    try {
      const { verifyToken } = await request<{ verifyToken: string }>('POST', path('/integrations/facebook/verify-token/rotate'));
      onChange({ ...values, facebookMessenger: { ...facebook, verifyTokenStatus: 'set', verifyToken } });
    } catch (error: unknown) {
      setRotateError(errorText(error, t));
    }
  }

  const fieldError = (name: SecretName) => (saveState.kind === 'error' && saveState.field === name ? saveState.message : undefined);

  return (
    <div className="panel" data-testid="panel-facebook">
      {facebook.needsNewToken ? <Notice tone="warning" title={t('integrations.facebook.needsNewTokenTitle')}>{t('integrations.facebook.needsNewToken')}</Notice> : null}
      <Section title={t('integrations.facebook.webhookTitle')} description={t('integrations.facebook.webhookLead')}>
        <CopyField label={t('integrations.facebook.callbackUrl')} value={facebook.callbackUrl} testId="callback-url" />
        <SecretValueField
          label={t('integrations.facebook.verifyToken')}
          status={facebook.verifyTokenStatus}
          value={facebook.verifyToken}
          canManage={canChange}
          testId="verify-token"
          hint={t('integrations.facebook.verifyTokenHint')}
          createLabel={t('integrations.facebook.createVerifyToken')}
          missingText={t('integrations.facebook.noVerifyToken')}
          rotateQuestion={t('integrations.facebook.rotateQuestion')}
          onCreate={rotateVerifyToken}
          onRotate={rotateVerifyToken}
        />
        {rotateError ? <Notice tone="error">{rotateError}</Notice> : null}
      </Section>

      <Section title={t('integrations.facebook.credentialsTitle')} description={t('integrations.facebook.credentialsLead')}>
        {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
        <form ref={guard.ref} onSubmit={save} className="form" noValidate>
          {(['appSecret', 'pageAccessToken'] as const).map((name) => (
            <SecretField
              key={name}
              name={name}
              label={t(`integrations.facebook.${name}`)}
              hint={t(`integrations.facebook.${name}Hint`)}
              removeQuestion={t('integrations.facebook.removeQuestion')}
              status={facebook[name]}
              value={drafts[name]}
              disabled={!canChange}
              onValue={(value) => {
                setDrafts((current) => ({ ...current, [name]: value }));
                setSaveState({ kind: 'idle' });
              }}
              error={fieldError(name)}
              onRemove={() => put({ [name]: '' })}
            />
          ))}
          {saveState.kind === 'error' && !saveState.field ? <Notice tone="error">{saveState.message}</Notice> : null}
          {canChange ? <SaveActions label={t('integrations.facebook.save')} busy={saveState.kind === 'saving'} saved={saveState.kind === 'saved'} /> : null}
        </form>
      </Section>

      <GetStartedSection
        payload={facebook.getStartedPayload}
        isDefault={facebook.getStartedPayloadIsDefault}
        canChange={canChange}
        save={async (getStartedPayload) => {
          const saved = await request<{ getStartedPayload: string; getStartedPayloadIsDefault: boolean }>('PUT', path('/integrations/facebook'), { getStartedPayload });
          onChange({ ...values, facebookMessenger: { ...facebook, getStartedPayload: saved.getStartedPayload, getStartedPayloadIsDefault: saved.getStartedPayloadIsDefault } });
        }}
      />

      <UnsupportedReplySection
        text={facebook.unsupportedReply}
        isDefault={facebook.unsupportedReplyIsDefault}
        canChange={canChange}
        save={async (unsupportedReply) => {
          const saved = await request<{ unsupportedReply: string; unsupportedReplyIsDefault: boolean }>('PUT', path('/integrations/facebook'), { unsupportedReply });
          onChange({ ...values, facebookMessenger: { ...facebook, unsupportedReply: saved.unsupportedReply, unsupportedReplyIsDefault: saved.unsupportedReplyIsDefault } });
        }}
      />

      <CheckSection
        title={t('integrations.facebook.checkTitle')}
        lead={t('integrations.facebook.checkLead')}
        labels={{ check: t('integrations.facebook.check'), checking: t('integrations.facebook.checking'), failed: t('integrations.facebook.notConnected') }}
        ready={facebook.pageAccessToken === 'set'}
        notReadyHint={t('integrations.facebook.checkNeedsToken')}
        testId="facebook-check"
        run={() => request<FacebookCheck>('POST', path('/integrations/facebook/check'))}
        onNeedsNewToken={(needsNewToken) => {
          if (needsNewToken !== facebook.needsNewToken) onChange({ ...values, facebookMessenger: { ...facebook, needsNewToken } });
        }}
        success={(result) => <Notice tone="success">{t('integrations.facebook.connected', { name: result.page.name })}</Notice>}
      />

      <DeliveryFailuresSection assistant={assistant} channel="facebook" setUp={facebook.pageAccessToken === 'set'} />
    </div>
  );
}

/** The payload of the Page's Get Started button; an empty one goes back to GET_STARTED. */
function GetStartedSection({ payload, isDefault, canChange, save }: { payload: string; isDefault: boolean; canChange: boolean; save: (value: string) => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <TextSettingSection
      value={payload}
      isDefault={isDefault}
      canChange={canChange}
      save={(value) => save(value ?? '')}
      testId="get-started"
      labels={{
        title: t('integrations.facebook.getStartedTitle'),
        lead: t('integrations.facebook.getStartedLead'),
        label: t('integrations.facebook.getStartedPayload'),
        hint: t('integrations.facebook.getStartedHint'),
        defaultHint: t('integrations.facebook.getStartedIsDefault'),
        save: t('integrations.facebook.getStartedSave'),
      }}
    />
  );
}
