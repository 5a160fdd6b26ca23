// "Testar": runs a saved API (its dependencies first, authentication included) with sample context
// values typed here, and shows each request sent (secret headers and fields masked by the server),
// each answer, and what each mapping extracted into which context or why it could not.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { problemText } from '../api/problem-text';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { StatusBadge } from '../components/status-badge';
import { apisPath, chainOf, contextsRead, type ApiTestResult, type ApiTestStep, type ThirdPartyApi } from './api-types';

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A JSON body or answer indented for reading; anything else as it came. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A reason or problem said from its code (English `reason` texts are for API readers); a code unknown here reads as the generic sentence. */
function codedText(t: Parameters<typeof problemText>[0], code: string | undefined, params: Record<string, string | number> | undefined): string {
  return problemText(t, { code: code ?? 'api_failed', ...(params ? { params } : {}) });
}

const OUTCOME_TONE = { success: 'positive', notFound: 'warning', failure: 'warning', unauthorized: 'warning' } as const;

function Step({ step, number }: { step: ApiTestStep; number: number }) {
  const { t } = useTranslation();
  const headers = Object.entries(step.request.headers ?? {});
  return (
    <li className="test-step" data-testid="api-test-step" data-api={step.api} data-outcome={step.outcome}>
      <h3 className="test-step-title">
        {t('apis.test.step', { number, api: step.api })} <StatusBadge tone={OUTCOME_TONE[step.outcome]}>{t(`apis.test.outcomes.${step.outcome}`)}</StatusBadge>
      </h3>
      {step.reason ? (
        <p className="field-hint" data-testid="api-test-step-reason">
          {codedText(t, step.reasonCode, step.reasonParams)}
        </p>
      ) : null}
      <div className="code-block">
        <div className="code-block-head">
          <span className="code-block-label">{t('apis.test.request')}</span>
        </div>
        <pre data-testid="api-test-request">
          {`${step.request.method} ${step.request.url}`}
          {headers.map(([name, value]) => `\n${name}: ${value}`).join('')}
          {step.request.body ? `\n\n${pretty(step.request.body)}` : ''}
        </pre>
      </div>
      <div className="code-block">
        <div className="code-block-head">
          <span className="code-block-label">{step.status === undefined ? t('apis.test.noResponse') : t('apis.test.response', { status: step.status })}</span>
        </div>
        <pre data-testid="api-test-response">{step.response === undefined ? '—' : step.response === '' ? t('apis.test.emptyResponse') : pretty(step.response)}</pre>
      </div>
      {step.extracted.length > 0 ? (
        <div className="table-card">
          <table className="table">
            <caption className="visually-hidden">{t('apis.test.extracted')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apis.test.path')}</th>
                <th scope="col">{t('apis.test.context')}</th>
                <th scope="col">{t('apis.test.value')}</th>
              </tr>
            </thead>
            <tbody>
              {step.extracted.map((item) => (
                <tr key={`${item.path}→${item.context}`} data-testid="api-test-extracted" data-context={item.context}>
                  <td data-label={t('apis.test.path')}>
                    <code>{item.path}</code>
                  </td>
                  <td data-label={t('apis.test.context')}>{item.context}</td>
                  <td data-label={t('apis.test.value')}>{item.problem === undefined ? <code>{shown(item.value)}</code> : <span className="field-error">{t('apis.test.notExtracted', { problem: codedText(t, item.problemCode ?? 'invalid_value', item.problemParams) })}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </li>
  );
}

export function ApiTestPanel({ assistant, api, apis, onClose }: { assistant: Assistant; api: ThirdPartyApi; apis: readonly ThirdPartyApi[]; onClose: () => void }) {
  const { t } = useTranslation();
  const idBase = useId();
  const asked = contextsRead(chainOf(apis, api.name));
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(asked.map((name) => [name, ''])));
  const [sender, setSender] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ApiTestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function run(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      const contexts = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
      setResult(await request<ApiTestResult>('POST', apisPath(assistant, api.name, '/test'), { contexts, ...(sender.trim() ? { sender: sender.trim() } : {}), ...(message.trim() ? { message: message.trim() } : {}) }));
    } catch (error: unknown) {
      setFailure(errorText(error, t));
    } finally {
      setBusy(false);
    }
  }

  const title = t('apis.test.title', { name: api.name });
  return (
    <section className="card form api-test" aria-label={title} data-testid="api-test">
      <h2 className="card-title">{title}</h2>
      <p className="field-hint">{t('apis.test.lead')}</p>
      <form className="form" onSubmit={run} noValidate>
        <div className="form-grid">
          {asked.map((name) => (
            <div key={name} className="field">
              <label className="field-label" htmlFor={`${idBase}-${name}`}>
                {t('apis.test.sample', { name })}
              </label>
              <input id={`${idBase}-${name}`} className="input" autoComplete="off" value={values[name] ?? ''} onChange={(event) => setValues({ ...values, [name]: event.target.value })} />
            </div>
          ))}
          <div className="field">
            <label className="field-label" htmlFor={`${idBase}-sender`}>
              {t('apis.test.sender')} <span className="optional">{t('common.optional')}</span>
            </label>
            <input id={`${idBase}-sender`} className="input" autoComplete="off" placeholder="console-test" value={sender} onChange={(event) => setSender(event.target.value)} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${idBase}-message`}>
              {t('apis.test.message')} <span className="optional">{t('common.optional')}</span>
            </label>
            <input id={`${idBase}-message`} className="input" autoComplete="off" value={message} onChange={(event) => setMessage(event.target.value)} />
          </div>
        </div>
        {asked.length === 0 ? <p className="muted">{t('apis.test.noContexts')}</p> : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('apis.test.running') : t('apis.test.run')}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('apis.close')}
          </button>
        </div>
      </form>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {result ? (
        <div className="api-test-result" data-testid="api-test-result" data-outcome={result.outcome}>
          <Notice tone={result.outcome === 'success' ? 'success' : 'warning'} title={t(`apis.test.outcomes.${result.outcome}`)}>
            {result.reason ? (
              <p data-testid="api-test-reason">
                {typeof result.reasonParams?.['api'] === 'string' ? `${result.reasonParams['api']}: ` : ''}
                {codedText(t, result.reasonCode, result.reasonParams)}
              </p>
            ) : null}
            {result.message ? <p>{t('apis.test.wouldSay', { message: result.message })}</p> : null}
          </Notice>
          <ol className="test-steps">
            {result.steps.map((step, index) => (
              <Step key={index} step={step} number={index + 1} />
            ))}
          </ol>
          {Object.keys(result.contexts).length > 0 ? (
            <p className="field-hint" data-testid="api-test-contexts">
              {t('apis.test.contexts')}{' '}
              {Object.entries(result.contexts)
                .map(([name, value]) => `${name} = ${shown(value)}`)
                .join(' · ')}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
