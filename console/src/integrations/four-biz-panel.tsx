// 4biz: the parameters to paste in 4biz (Processos › Parametrização › Parâmetros 4biz), read-only,
// each with a copy button; the text for 453; the 4biz switches that turn the assistant on (423 for
// analysts, 450 for end users); how the Parameters API (442) is authorised. The token is
// an administrator's to see, copy, create and rotate; a viewer sees only whether it is set.
import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant, IntegrationValues } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { SecretValueField } from '../components/secret-value-field';
import { parseAddressList } from '../format';
import { mayAdminister, useUser } from '../session';
import { Section } from './section';
import { useFormGuard } from '../components/unsaved-guard';

interface PanelProps {
  assistant: Assistant;
  values: IntegrationValues;
  onChange: (values: IntegrationValues) => void;
}

function AllowedAddresses({ assistant, values, onChange }: PanelProps) {
  const { t } = useTranslation();
  const user = useUser();
  const id = useId();
  const saved = values.fourBiz.parametersApiAuthorisation.allowedAddresses;
  const [text, setText] = useState(saved.join('\n'));
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const canChange = mayAdminister(user);
  const guard = useFormGuard<HTMLDivElement>();

  async function save() {
    setState({ kind: 'saving' });
    try {
      const updated = await request<Assistant>('PATCH', assistantPath(assistant.server, assistant.language), { apiAllowedCidrs: parseAddressList(text) });
      onChange({ ...values, fourBiz: { ...values.fourBiz, parametersApiAuthorisation: { ...values.fourBiz.parametersApiAuthorisation, allowedAddresses: updated.apiAllowedCidrs } } });
      setText(updated.apiAllowedCidrs.join('\n'));
      setState({ kind: 'saved' });
      guard.saved();
    } catch (error: unknown) {
      setState({ kind: 'error', message: errorText(error, t) });
    }
  }

  return (
    <div ref={guard.ref} className="field">
      <label htmlFor={id} className="field-label">
        {t('integrations.fourBiz.allowedAddresses')}
      </label>
      <textarea
        id={id}
        className="input input-mono"
        rows={3}
        value={text}
        readOnly={!canChange}
        placeholder={canChange ? '10.0.0.0/8' : t('integrations.fourBiz.noAddresses')}
        onChange={(event) => {
          setText(event.target.value);
          setState({ kind: 'idle' });
        }}
        aria-invalid={state.kind === 'error' || undefined}
        aria-describedby={`${id}-hint${state.kind === 'error' ? ` ${id}-error` : ''}`}
      />
      <p id={`${id}-hint`} className="field-hint">
        {t('integrations.fourBiz.allowedAddressesHint')}
      </p>
      {state.kind === 'error' ? (
        <p id={`${id}-error`} className="field-error">
          {state.message}
        </p>
      ) : null}
      {canChange ? (
        <div className="actions">
          <button type="button" className="button button-secondary" disabled={state.kind === 'saving' || text === saved.join('\n')} onClick={() => void save()}>
            {t('integrations.fourBiz.saveAddresses')}
          </button>
          {state.kind === 'saved' ? (
            <span className="inline-status" role="status">
              {t('common.saved')}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function FourBizPanel({ assistant, values, onChange }: PanelProps) {
  const { t } = useTranslation();
  const user = useUser();
  const [rotateError, setRotateError] = useState<string | null>(null);
  const [rotated, setRotated] = useState<'created' | 'rotated' | null>(null);
  const { parameters, fallbackMessage, parametersApiAuthorisation } = values.fourBiz;

  /** The first token, or a new one (the API's rotate makes either). */
  async function rotate() {
    setRotateError(null);
    const first = parametersApiAuthorisation.tokenStatus === 'not set';
    try {
      const { token: next } = await request<{ token: string }>('POST', assistantPath(assistant.server, assistant.language, '/api-token/rotate'));
      onChange({ ...values, fourBiz: { ...values.fourBiz, parametersApiAuthorisation: { ...parametersApiAuthorisation, tokenStatus: 'set', token: next } } });
      setRotated(first ? 'created' : 'rotated');
    } catch (error: unknown) {
      setRotateError(errorText(error, t));
    }
  }

  return (
    <div className="panel" data-testid="panel-4biz">
      <Section title={t('integrations.fourBiz.parametersTitle')} description={<Trans i18nKey="integrations.fourBiz.parametersLead" components={{ strong: <strong /> }} />}>
        <ul className="parameter-list">
          {parameters.map((parameter) => (
            <li key={parameter.id} className="parameter" data-testid={`parameter-${parameter.id}`}>
              <div className="parameter-head">
                <span className="parameter-id">{parameter.id}</span>
                <span className="parameter-name">{parameter.name}</span>
              </div>
              <div className="copy-field-row">
                <input className="input input-mono" value={parameter.value} readOnly aria-label={`${parameter.id} ${parameter.name}`} onFocus={(event) => event.currentTarget.select()} />
                <CopyButton text={parameter.value} label={t('integrations.fourBiz.copyParameter', { id: parameter.id })} />
              </div>
            </li>
          ))}
        </ul>
        <p className="field-hint">{t('integrations.fourBiz.readOnly')}</p>
      </Section>

      <Section title={t('integrations.fourBiz.fallbackTitle', { id: fallbackMessage.id })} description={t('integrations.fourBiz.fallbackLead')}>
        {fallbackMessage.value === null ? (
          <Notice tone="warning">{t('integrations.fourBiz.noFallback')}</Notice>
        ) : (
          <>
            <div className="copy-field-row copy-field-row-top" data-testid="parameter-453">
              <textarea className="input" rows={3} readOnly value={fallbackMessage.value} aria-label={`${fallbackMessage.id} ${fallbackMessage.name}`} />
              <CopyButton text={fallbackMessage.value} label={t('integrations.fourBiz.copyParameter', { id: fallbackMessage.id })} />
            </div>
            {!fallbackMessage.mentionsMenu ? <Notice tone="warning">{t('integrations.fourBiz.fallbackLacksMenu')}</Notice> : null}
          </>
        )}
      </Section>

      <Section title={t('integrations.fourBiz.enableTitle')} description={t('integrations.fourBiz.enableLead')}>
        <ul className="parameter-list" data-testid="parameters-to-enable">
          {(['423', '450'] as const).map((id) => (
            <li key={id} className="parameter">
              <div className="parameter-head">
                <span className="parameter-id">{id}</span>
                <span className="parameter-name">{t(`integrations.fourBiz.enable${id}`)}</span>
              </div>
            </li>
          ))}
        </ul>
      </Section>

      <Section title={t('integrations.fourBiz.authTitle')} description={t('integrations.fourBiz.authLead')}>
        <SecretValueField
          label={t('integrations.fourBiz.token')}
          status={parametersApiAuthorisation.tokenStatus}
          value={parametersApiAuthorisation.token}
          canManage={mayAdminister(user)}
          testId="api-token"
          createLabel={t('integrations.fourBiz.createToken')}
          missingText={t('integrations.fourBiz.noToken')}
          rotateQuestion={t('integrations.fourBiz.rotateQuestion')}
          onCreate={rotate}
          onRotate={rotate}
        />
        {rotated ? <Notice tone="success">{t(`integrations.fourBiz.${rotated}`)}</Notice> : null}
        {rotateError ? <Notice tone="error">{rotateError}</Notice> : null}
        <ul className="usage-list">
          <li>
            <Trans i18nKey="integrations.fourBiz.usageQuery" components={{ code: <code /> }} />
          </li>
          <li>
            <Trans i18nKey="integrations.fourBiz.usageJwt" values={{ header: 'Authorization: Bearer <JWT>' }} components={{ code: <code /> }} shouldUnescape />
          </li>
          <li>{t('integrations.fourBiz.usageAddress')}</li>
        </ul>
        <AllowedAddresses assistant={assistant} values={values} onChange={onChange} />
      </Section>
    </div>
  );
}
