// API Rest: the assistant's REST channel (Rasa's) for any own system — endpoint, method, media
// type, the formats with examples, a box that sends a message to the assistant and shows the raw
// answer, and the web chat snippet when the web chat exists.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant, IntegrationValues, TestChatAnswer } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { CopyField } from '../components/copy-field';
import { errorText } from '../components/error-text';
import { DeliveryFailuresSection } from './delivery-failures-section';
import { Section } from './section';

function CodeBlock({ code, label, testId }: { code: string; label: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="code-block" data-testid={testId}>
      <div className="code-block-head">
        <span className="code-block-label">{label}</span>
        <CopyButton text={code} label={t('common.copyLabel', { name: label })} />
      </div>
      <pre tabIndex={0} aria-label={label}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

function TryMessage({ assistant, endpoint }: { assistant: Assistant; endpoint: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [message, setMessage] = useState('');
  const [sender] = useState(() => `console-api-rest-${Math.random().toString(36).slice(2, 10)}`);
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'answered'; json: string } | { kind: 'error'; message: string }>({ kind: 'idle' });

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!message.trim()) return setState({ kind: 'error', message: t('integrations.apiRest.messageRequired') });
    setState({ kind: 'sending' });
    try {
      const answer = await request<TestChatAnswer>('POST', assistantPath(assistant.server, assistant.language, '/test-chat'), { message: message.trim(), sender });
      setState({ kind: 'answered', json: JSON.stringify(answer.messages, null, 2) });
    } catch (error: unknown) {
      setState({ kind: 'error', message: errorText(error, t) });
    }
  }

  const curl = `curl -s ${endpoint} \\\n  -H 'content-type: application/json' \\\n  -d '${JSON.stringify({ sender: 'joao', message: message.trim() || 'olá' }).replaceAll("'", "'\\''")}'`;
  return (
    <form onSubmit={send} className="form try-form" noValidate>
      <div className="field">
        <label htmlFor={id} className="field-label">
          {t('integrations.apiRest.tryMessage')}
        </label>
        <div className="copy-field-row">
          <input
            id={id}
            className="input"
            value={message}
            maxLength={10000}
            placeholder={t('integrations.apiRest.tryPlaceholder')}
            onChange={(event) => setMessage(event.target.value)}
            aria-invalid={state.kind === 'error' || undefined}
            aria-describedby={state.kind === 'error' ? `${id}-error` : undefined}
          />
          <button type="submit" className="button button-primary" disabled={state.kind === 'sending'}>
            {state.kind === 'sending' ? t('common.sending') : t('common.send')}
          </button>
        </div>
        {state.kind === 'error' ? (
          <p id={`${id}-error`} className="field-error">
            {state.message}
          </p>
        ) : null}
      </div>
      <div aria-live="polite">{state.kind === 'answered' ? <CodeBlock code={state.json} label={t('integrations.apiRest.answer')} testId="try-answer" /> : null}</div>
      <CodeBlock code={curl} label={t('integrations.apiRest.curl')} />
    </form>
  );
}

export function ApiRestPanel({ assistant, values }: { assistant: Assistant; values: IntegrationValues }) {
  const { t } = useTranslation();
  const rest = values.apiRest;
  return (
    <div className="panel" data-testid="panel-api-rest">
      <Section title={t('integrations.apiRest.connectionTitle')} description={t('integrations.apiRest.connectionLead')}>
        <CopyField label={t('integrations.apiRest.endpoint')} value={rest.endpoint} testId="endpoint" />
        <dl className="facts">
          <div>
            <dt>{t('integrations.apiRest.method')}</dt>
            <dd>
              <code>{rest.method}</code>
            </dd>
          </div>
          <div>
            <dt>{t('integrations.apiRest.mediaType')}</dt>
            <dd>
              <code>{rest.mediaType}</code>
            </dd>
          </div>
        </dl>
      </Section>

      <Section title={t('integrations.apiRest.formatsTitle')} description={t('integrations.apiRest.formatsLead')}>
        <CodeBlock code={JSON.stringify(rest.request, null, 2)} label={t('integrations.apiRest.requestFormat')} />
        {rest.answers.map((answer) => (
          <CodeBlock
            key={answer.kind}
            code={JSON.stringify(answer.example, null, 2)}
            label={t(`integrations.apiRest.answerFormat.${answer.kind}`, { defaultValue: t('integrations.apiRest.answerFormat.other', { kind: answer.kind }) })}
          />
        ))}
      </Section>

      <Section title={t('integrations.apiRest.tryTitle')} description={t('integrations.apiRest.tryLead')} testId="try-section">
        <TryMessage assistant={assistant} endpoint={rest.endpoint} />
      </Section>

      {rest.webChat ? (
        <Section title={t('integrations.apiRest.webChatTitle')} description={t('integrations.apiRest.webChatLead')}>
          <CodeBlock code={rest.webChat.snippet} label={t('integrations.apiRest.snippet')} testId="web-chat-snippet" />
          <p>
            <a href={rest.webChat.demoPageUrl} target="_blank" rel="noreferrer" className="link">
              {t('integrations.apiRest.demoPage')}
            </a>
          </p>
        </Section>
      ) : null}

      <DeliveryFailuresSection assistant={assistant} channel="callback" setUp={values.callback.url === 'set'} title={t('integrations.deliveries.callbackTitle')} />
    </div>
  );
}
