// Facebook Messenger: what Meta's app setup asks for. Callback URL and Verify Token are ours to
// copy (the Verify Token is an administrator's to see, create and rotate); the app Secret and the Page Access Token are written here and
// never shown again, only whether they are set; "check connection" asks the Graph API whose page
// the token opens.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import { ApiError } from '../api/api-error';
import type { Assistant, FacebookCheck, IntegrationValues } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { CopyField } from '../components/copy-field';
import { SecretValueField } from '../components/secret-value-field';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { useUser } from '../session';
import { Section } from './section';

type SecretName = 'appSecret' | 'pageAccessToken';

interface PanelProps {
  assistant: Assistant;
  values: IntegrationValues;
  onChange: (values: IntegrationValues) => void;
  reload: () => void;
}

function SecretField({ name, status, value, onValue, disabled, error, onRemove }: { name: SecretName; status: 'set' | 'not set'; value: string; onValue: (value: string) => void; disabled: boolean; error?: string; onRemove?: () => Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const isSet = status === 'set';
  return (
    <div className="field" data-testid={`secret-${name}`}>
      <div className="field-label-row">
        <label htmlFor={id} className="field-label">
          {t(`integrations.facebook.${name}`)}
        </label>
        <StatusBadge tone={isSet ? 'positive' : 'neutral'}>{isSet ? t('integrations.facebook.set') : t('integrations.facebook.notSet')}</StatusBadge>
      </div>
      <div className="copy-field-row">
        <input
          id={id}
          name={name}
          className="input input-mono"
          type="password"
          autoComplete="off"
          value={value}
          disabled={disabled}
          placeholder={disabled ? '' : isSet ? t('integrations.facebook.replacePlaceholder') : t('integrations.facebook.setPlaceholder')}
          onChange={(event) => onValue(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />
        {isSet && onRemove && !disabled ? <ConfirmButton label={t('common.remove')} question={t('integrations.facebook.removeQuestion')} onConfirm={onRemove} danger /> : null}
      </div>
      <p id={`${id}-hint`} className="field-hint">
        {t(`integrations.facebook.${name}Hint`)}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FacebookPanel({ assistant, values, onChange, reload }: PanelProps) {
  const { t } = useTranslation();
  const user = useUser();
  const canChange = user.role === 'administrator';
  const facebook = values.facebookMessenger;
  const [drafts, setDrafts] = useState<Record<SecretName, string>>({ appSecret: '', pageAccessToken: '' });
  const [saveState, setSaveState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string; field?: string }>({ kind: 'idle' });
  const [check, setCheck] = useState<{ kind: 'idle' | 'checking' } | { kind: 'done'; result: FacebookCheck } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const [rotateError, setRotateError] = useState<string | null>(null);
  const path = (rest: string) => assistantPath(assistant.server, assistant.language, rest);

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

  async function checkConnection() {
    setCheck({ kind: 'checking' });
    try {
      const result = await request<FacebookCheck>('POST', path('/integrations/facebook/check'));
      setCheck({ kind: 'done', result });
      if (result.needsNewToken !== undefined && result.needsNewToken !== facebook.needsNewToken) {
        onChange({ ...values, facebookMessenger: { ...facebook, needsNewToken: result.needsNewToken } });
      }
    } catch (error: unknown) {
      setCheck({ kind: 'error', message: errorText(error, t) });
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
        <form onSubmit={save} className="form" noValidate>
          {(['appSecret', 'pageAccessToken'] as const).map((name) => (
            <SecretField
              key={name}
              name={name}
              status={facebook[name]}
              value={drafts[name]}
              disabled={!canChange}
              onValue={(value) => {
                setDrafts((current) => ({ ...current, [name]: value }));
                setSaveState({ kind: 'idle' });
              }}
              {...(fieldError(name) ? { error: fieldError(name) } : {})}
              onRemove={() => put({ [name]: '' })}
            />
          ))}
          {saveState.kind === 'error' && !saveState.field ? <Notice tone="error">{saveState.message}</Notice> : null}
          {canChange ? (
            <div className="actions">
              <button type="submit" className="button button-primary" disabled={saveState.kind === 'saving'}>
                {t('integrations.facebook.save')}
              </button>
              {saveState.kind === 'saved' ? (
                <span className="inline-status" role="status">
                  {t('common.saved')}
                </span>
              ) : null}
            </div>
          ) : null}
        </form>
      </Section>

      <Section title={t('integrations.facebook.checkTitle')} description={t('integrations.facebook.checkLead')}>
        <div className="actions">
          <button type="button" className="button button-secondary" disabled={check.kind === 'checking' || facebook.pageAccessToken !== 'set'} onClick={() => void checkConnection()}>
            {check.kind === 'checking' ? t('integrations.facebook.checking') : t('integrations.facebook.check')}
          </button>
        </div>
        {facebook.pageAccessToken !== 'set' ? <p className="field-hint">{t('integrations.facebook.checkNeedsToken')}</p> : null}
        <div aria-live="polite" data-testid="facebook-check">
          {check.kind === 'done' && check.result.ok ? <Notice tone="success">{t('integrations.facebook.connected', { name: check.result.page.name })}</Notice> : null}
          {check.kind === 'done' && !check.result.ok ? <Notice tone="error" title={t('integrations.facebook.notConnected')}>{check.result.message}</Notice> : null}
          {check.kind === 'error' ? <Notice tone="error">{check.message}</Notice> : null}
        </div>
      </Section>
    </div>
  );
}
