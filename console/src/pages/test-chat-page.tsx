// Chat de teste: talk to the chosen assistant as a user would, and see under each message what the
// assistant understood (intent and confidence), which model version answered, and why it answered
// so (../test-chat/answer-explanation.tsx). Buttons send their payload, as a channel would.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant, RestMessage, TestChatAnswer } from '../api/types';
import { AnswerExplanation } from '../test-chat/answer-explanation';
import { useResource } from '../use-resource';
import { useAssistantChoice } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { formatConfidence } from '../format';
import { useUser } from '../session';

type Entry =
  | { id: number; from: 'user'; text: string; sent: string; understood?: TestChatAnswer['understood']; asking?: TestChatAnswer['asking']; explanation?: TestChatAnswer['explanation']; pending: boolean; failed?: string }
  | { id: number; from: 'bot'; message: RestMessage };

function newSender(login: string): string {
  return `console-${login}-${Math.random().toString(36).slice(2, 10)}`;
}

function BotMessage({ message, onButton, disabled }: { message: RestMessage; onButton: (title: string, payload: string) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const attachment = typeof message.attachment === 'string' ? message.attachment : null;
  return (
    <div className="bubble bubble-bot">
      {message.text ? <p className="bubble-text">{message.text}</p> : null}
      {message.image ? <img className="bubble-image" src={message.image} alt={t('testChat.imageAlt')} loading="lazy" /> : null}
      {attachment ? (
        <a className="link" href={attachment} target="_blank" rel="noreferrer">
          {t('testChat.attachment')}
        </a>
      ) : null}
      {message.attachment !== undefined && !attachment ? <pre className="bubble-json">{JSON.stringify(message.attachment, null, 2)}</pre> : null}
      {message.custom !== undefined ? <pre className="bubble-json">{JSON.stringify(message.custom, null, 2)}</pre> : null}
      {message.buttons && message.buttons.length > 0 ? (
        <div className="bubble-buttons">
          {message.buttons.map((button) => (
            <button key={`${button.title}-${button.payload}`} type="button" className="chip-button" disabled={disabled} onClick={() => onButton(button.title, button.payload)}>
              {button.title}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function Conversation({ assistant }: { assistant: Assistant }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const inputId = useId();
  const [sender, setSender] = useState(() => newSender(user.login));
  const [entries, setEntries] = useState<Entry[]>([]);
  const [model, setModel] = useState<TestChatAnswer['model'] | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const nextId = useRef(1);
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const intents = useResource<Array<{ name: string }>>(() => request('GET', assistantPath(assistant.server, assistant.language, '/intents')), `${assistant.server}/${assistant.language}/intents`);
  const intentNames = (intents.data ?? []).map((intent) => intent.name).sort((a, b) => a.localeCompare(b));

  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [entries]);

  async function send(text: string, payload = text) {
    const id = nextId.current++;
    setEntries((current) => [...current, { id, from: 'user', text, sent: payload, pending: true }]);
    setBusy(true);
    try {
      const answer = await request<TestChatAnswer>('POST', assistantPath(assistant.server, assistant.language, '/test-chat'), { message: payload, sender });
      setModel(answer.model);
      setEntries((current) => [
        ...current.map((entry) => (entry.id === id && entry.from === 'user' ? { ...entry, pending: false, understood: answer.understood, asking: answer.asking ?? null, explanation: answer.explanation ?? null } : entry)),
        ...answer.messages.map((message) => ({ id: nextId.current++, from: 'bot' as const, message })),
      ]);
    } catch (error: unknown) {
      const failed = errorText(error, t);
      setEntries((current) => current.map((entry) => (entry.id === id && entry.from === 'user' ? { ...entry, pending: false, failed } : entry)));
    } finally {
      setBusy(false);
      inputRef.current?.focus();
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    setDraft('');
    void send(text);
  }

  return (
    <div className="chat" data-testid="test-chat">
      <div className="chat-toolbar">
        <span className="muted" data-testid="model-version">
          {model === undefined ? t('testChat.modelUnknown') : model === null ? t('testChat.noModel') : t('testChat.model', { version: model.version })}
        </span>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setSender(newSender(user.login));
            setEntries([]);
            inputRef.current?.focus();
          }}
        >
          {t('testChat.newConversation')}
        </button>
      </div>
      <div className="chat-log" role="log" aria-live="polite" aria-label={t('testChat.logLabel')} ref={logRef}>
        {entries.length === 0 ? <div className="chat-empty muted">{t('testChat.empty')}</div> : null}
        {entries.map((entry) =>
          entry.from === 'user' ? (
            <div key={entry.id} className="chat-row chat-row-user" data-testid="user-message">
              <div className="bubble bubble-user">
                <p className="bubble-text">{entry.text}</p>
              </div>
              <p className="understood" data-testid="understood">
                {entry.pending
                  ? t('testChat.thinking')
                  : entry.failed
                    ? entry.failed
                    : entry.explanation?.belowThreshold
                      ? t('testChat.fallback', { threshold: formatConfidence(entry.explanation.threshold, i18n.language) })
                      : entry.understood
                        ? t('testChat.understood', { intent: entry.understood.intent, confidence: formatConfidence(entry.understood.confidence, i18n.language) })
                        : t('testChat.notUnderstood')}
              </p>
              {entry.asking ? (
                <p className="understood" data-testid="asking">
                  {entry.asking.context === null
                    ? t('testChat.answeringDialogue', { dialogue: entry.asking.dialogue })
                    : t('testChat.answering', { context: entry.asking.context, dialogue: entry.asking.dialogue })}
                </p>
              ) : null}
              {entry.explanation ? <AnswerExplanation assistant={assistant} message={entry.sent} explanation={entry.explanation} intents={intentNames} /> : null}
            </div>
          ) : (
            <div key={entry.id} className="chat-row chat-row-bot" data-testid="bot-message">
              <BotMessage message={entry.message} disabled={busy} onButton={(title, payload) => void send(title, payload)} />
            </div>
          ),
        )}
      </div>
      <form className="chat-composer" onSubmit={submit}>
        <label htmlFor={inputId} className="visually-hidden">
          {t('testChat.inputLabel')}
        </label>
        <input ref={inputRef} id={inputId} className="input" value={draft} maxLength={10000} autoComplete="off" placeholder={t('testChat.placeholder')} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit" className="button button-primary" disabled={busy || !draft.trim()}>
          {t('common.send')}
        </button>
      </form>
    </div>
  );
}

export function TestChatPage() {
  const { t } = useTranslation();
  const { current, loading, failed } = useAssistantChoice();
  return (
    <>
      <PageHeader title={t('testChat.title')} description={t('testChat.lead')} />
      {failed ? <Notice tone="error">{t('errors.server')}</Notice> : null}
      {!loading && !current && !failed ? <Notice tone="info">{t('shell.noAssistant')}</Notice> : null}
      {current ? <Conversation key={`${current.server}/${current.language}`} assistant={current} /> : null}
    </>
  );
}
