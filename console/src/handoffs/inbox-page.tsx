// Atendimento: the agents' inbox (human handoff). Waiting, mine and all open conversations, kept
// live by the API's event stream (no reload); one conversation's transcript with the intents the
// assistant understood, the agents' messages and notes; take, reply (with quick replies), notes,
// transfer and resolve. Unread counts in the tabs and rows; a sound and a desktop notification
// when a conversation arrives or a user writes, which the agent can switch off (kept in the browser).
// Below, the handoff settings (administrators change them; the others read them).
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import { problemText, type ApiProblem } from '../api/problem-text';
import type { Assistant } from '../api/types';
import { useAssistantChoice } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { understoodText } from '../analytics/transcript-texts';
import { mayAdminister, useUser } from '../session';
import { HandoffSettingsSection } from '../settings/handoff-settings-section';
import { playChime, readAlertPreference, writeAlertPreference } from './inbox-alerts';
import type { HandoffConversation, HandoffList, HandoffTab } from './inbox-types';

const TABS: readonly HandoffTab[] = ['waiting', 'mine', 'open'];

function listQuery(tab: HandoffTab): string {
  return tab === 'waiting' ? '?status=waiting' : tab === 'mine' ? '?status=taken&mine=true' : '?status=open';
}

function Inbox({ assistant }: { assistant: Assistant }) {
  const { t } = useTranslation();
  const user = useUser();
  const canAct = user.role === 'agent' || mayAdminister(user);
  const base = assistantPath(assistant.server, assistant.language, '/handoffs');
  const [tab, setTab] = useState<HandoffTab>('waiting');
  const [list, setList] = useState<HandoffList | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [conversation, setConversation] = useState<HandoffConversation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [alerts, setAlerts] = useState(readAlertPreference);
  const selectedRef = useRef<string | null>(null);
  selectedRef.current = selected;
  const tabRef = useRef(tab);
  tabRef.current = tab;
  const alertsRef = useRef(alerts);
  alertsRef.current = alerts;

  // Reads of the list overlap (on mount, the stream's ready, each notice, a tab change): an answer
  // older than the one shown is dropped, so a slow read never puts back a list without a newer row.
  const listReads = useRef({ started: 0, shown: 0 });
  const loadList = useCallback(async () => {
    const reads = listReads.current;
    const number = ++reads.started;
    try {
      const answer = await request<HandoffList>('GET', `${base}${listQuery(tabRef.current)}`);
      if (number < reads.shown) return;
      reads.shown = number;
      setList(answer);
    } catch (error: unknown) {
      setProblem(errorText(error, t));
    }
  }, [base, t]);

  // Reads of the open conversation overlap too (a click, then another; notices): an answer for a
  // conversation no longer chosen, or older than the one shown, is dropped — the agent's reply goes
  // to the conversation on screen, which must be the one chosen, as it is now.
  const conversationReads = useRef({ started: 0, shown: 0 });
  const loadConversation = useCallback(
    async (id: string | null) => {
      const reads = conversationReads.current;
      const number = ++reads.started;
      const current = (): boolean => {
        if (selectedRef.current !== id || number < reads.shown) return false;
        reads.shown = number;
        return true;
      };
      if (id === null) {
        if (current()) setConversation(null);
        return;
      }
      try {
        const answer = await request<HandoffConversation>('GET', `${base}/${encodeURIComponent(id)}`);
        if (current()) setConversation(answer);
      } catch {
        // Resolved meanwhile (404): it leaves the inbox.
        if (!current()) return;
        setConversation(null);
        setSelected(null);
      }
    },
    [base],
  );

  useEffect(() => {
    void loadList();
  }, [tab, loadList]);
  useEffect(() => {
    void loadConversation(selected);
  }, [selected, loadConversation]);

  // Live: each notice from any app process makes the page read the list (and the open conversation) again.
  useEffect(() => {
    const source = new EventSource(`${base}/live`, { withCredentials: true });
    // The server says `ready` once it listens for notices, on every (re)connection: what changed
    // between the last read and then (a handoff requested before the first subscription, or while
    // the stream was down) is announced by no notice, so the list is read again.
    source.addEventListener('ready', () => {
      void loadList();
      if (selectedRef.current !== null) void loadConversation(selectedRef.current);
    });
    source.addEventListener('handoff', (event) => {
      let notice: { kind?: string; conversation?: string } = {};
      try {
        notice = JSON.parse((event as MessageEvent<string>).data) as typeof notice;
      } catch {
        notice = {};
      }
      void loadList();
      if (notice.conversation !== undefined && notice.conversation === selectedRef.current) void loadConversation(notice.conversation);
      if ((notice.kind === 'requested' || notice.kind === 'message') && alertsRef.current) {
        playChime();
        if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
          new Notification(notice.kind === 'requested' ? t('inbox.notifyRequested') : t('inbox.notifyMessage'), { body: notice.conversation ?? '' });
        }
      }
    });
    return () => source.close();
  }, [base, loadList, loadConversation, t]);

  function toggleAlerts(on: boolean) {
    setAlerts(on);
    writeAlertPreference(on);
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
  }

  async function act(path: string, body: Record<string, unknown> = {}) {
    if (selected === null) return;
    setProblem(null);
    try {
      // A reply the user's channel did not take (delivery failed) is in the conversation: the
      // answer's `problem` says why, the agent must know the user has not got it.
      const answer = await request<{ problem?: ApiProblem } | null>('POST', `${base}/${encodeURIComponent(selected)}${path}`, body);
      await Promise.all([loadList(), loadConversation(selected)]);
      if (answer?.problem) setProblem(problemText(t, answer.problem));
    } catch (error: unknown) {
      setProblem(errorText(error, t));
    }
  }

  const counts = list?.counts;
  return (
    <div className="inbox" data-testid="inbox">
      <div className="inbox-toolbar">
        <div className="tabs" role="tablist" aria-label={t('inbox.title')}>
          {TABS.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} className={`tab${tab === name ? ' tab-active' : ''}`} data-testid={`inbox-tab-${name}`} onClick={() => setTab(name)}>
              {t(`inbox.tabs.${name}`)} <span className="count-badge">{counts ? counts[name === 'open' ? 'open' : name] : 0}</span>
            </button>
          ))}
        </div>
        <label className="field-checkbox inbox-alerts">
          <input type="checkbox" checked={alerts} onChange={(event) => toggleAlerts(event.target.checked)} data-testid="inbox-alerts" />
          {t('inbox.alerts')}
        </label>
      </div>
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      <div className="inbox-panes">
        <ul className="inbox-list" aria-label={t(`inbox.tabs.${tab}`)} data-testid="inbox-list">
          {list && list.handoffs.length === 0 ? <li className="muted">{t('inbox.empty')}</li> : null}
          {list?.handoffs.map((handoff) => (
            <li key={handoff.id}>
              <button type="button" className={`inbox-row${selected === handoff.conversation ? ' inbox-row-selected' : ''}`} data-testid="inbox-row" onClick={() => setSelected(handoff.conversation)}>
                <span className="inbox-row-title">{handoff.conversation}</span>
                <span className="muted">
                  {t(`inbox.status.${handoff.status}`)} · {handoff.channel ?? '—'} · {handoff.agent ?? t('inbox.nobody')}
                  {handoff.outsideHours ? ` · ${t('inbox.outsideHours')}` : ''}
                </span>
                {handoff.unread > 0 ? (
                  <span className="count-badge count-badge-alert" aria-label={t('inbox.unread', { count: handoff.unread })} data-testid="inbox-unread">
                    {handoff.unread}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
        {conversation ? <ConversationPane key={conversation.handoff.id} conversation={conversation} canAct={canAct} me={user.login} onAct={act} /> : <p className="muted inbox-hint">{t('inbox.pick')}</p>}
      </div>
    </div>
  );
}

function ConversationPane({ conversation, canAct, me, onAct }: { conversation: HandoffConversation; canAct: boolean; me: string; onAct: (path: string, body?: Record<string, unknown>) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const replyId = useId();
  const noteId = useId();
  const transferId = useId();
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [to, setTo] = useState('');
  const { handoff } = conversation;
  const mine = handoff.status === 'taken' && handoff.agent === me;
  const logRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [conversation.transcript.length]);

  async function send(event: FormEvent) {
    event.preventDefault();
    const text = reply.trim();
    if (!text) return;
    setReply('');
    await onAct('/reply', { text });
  }
  async function addNote(event: FormEvent) {
    event.preventDefault();
    const text = note.trim();
    if (!text) return;
    setNote('');
    await onAct('/notes', { text });
  }

  return (
    <section className="inbox-conversation" aria-label={handoff.conversation} data-testid="inbox-conversation">
      <header className="inbox-conversation-header">
        <h2 className="section-title">{handoff.conversation}</h2>
        <span className="muted" data-testid="inbox-status">
          {t(`inbox.status.${handoff.status}`)}
          {handoff.agent ? ` · ${handoff.agent}` : ''} · {t(`inbox.reasons.${handoff.reason}`)}
        </span>
        {canAct ? (
          <div className="page-actions">
            {!mine ? (
              <button type="button" className="button button-primary" data-testid="inbox-take" onClick={() => void onAct('/take')}>
                {t('inbox.take')}
              </button>
            ) : null}
            <button type="button" className="button" data-testid="inbox-resolve" onClick={() => void onAct('/resolve')}>
              {t('inbox.resolve')}
            </button>
          </div>
        ) : null}
      </header>
      <div className="chat-log" role="log" aria-live="polite" aria-label={t('inbox.transcript')} ref={logRef} data-testid="inbox-transcript">
        {conversation.transcript.map((entry) =>
          entry.kind === 'user' ? (
            <div key={entry.id} className="chat-row chat-row-user">
              <div className="bubble bubble-user">
                <p className="bubble-text">{entry.text}</p>
              </div>
              <p className="understood">
                {entry.intent ? understoodText(t, entry, i18n.language, (intent, confidence) => t('testChat.understood', { intent, confidence })) : t('testChat.notUnderstood')}
              </p>
            </div>
          ) : entry.kind === 'bot' ? (
            <div key={entry.id} className="chat-row chat-row-bot">
              <div className={`bubble bubble-bot${entry.agent ? ' bubble-agent' : ''}`}>
                {entry.agent ? <p className="muted">{t('inbox.agentSaid', { agent: entry.agent })}</p> : null}
                <p className="bubble-text">{entry.text}</p>
                {entry.buttons && entry.buttons.length > 0 ? <p className="muted">{entry.buttons.join(' · ')}</p> : null}
              </div>
            </div>
          ) : (
            <div key={entry.id} className="chat-row inbox-mark muted">
              {t(`inbox.marks.${entry.kind}`, { agent: entry.agent ?? '', from: entry.reason ?? '' })}
            </div>
          ),
        )}
      </div>
      {canAct ? (
        <>
          {conversation.quickReplies.length > 0 ? (
            <div className="bubble-buttons" aria-label={t('inbox.quickReplies')}>
              {conversation.quickReplies.map((text) => (
                <button key={text} type="button" className="chip-button" onClick={() => setReply(text)}>
                  {text.length > 40 ? `${text.slice(0, 40)}…` : text}
                </button>
              ))}
            </div>
          ) : null}
          <form className="chat-composer" onSubmit={(event) => void send(event)}>
            <label htmlFor={replyId} className="visually-hidden">
              {t('inbox.replyLabel')}
            </label>
            <input id={replyId} className="input" value={reply} maxLength={4000} autoComplete="off" placeholder={t('inbox.replyPlaceholder')} onChange={(event) => setReply(event.target.value)} data-testid="inbox-reply" />
            <button type="submit" className="button button-primary" disabled={!reply.trim()} data-testid="inbox-send">
              {t('common.send')}
            </button>
          </form>
          <form className="inbox-inline-form" onSubmit={(event) => void addNote(event)}>
            <label htmlFor={noteId} className="field-label">
              {t('inbox.noteLabel')}
            </label>
            <input id={noteId} className="input" value={note} maxLength={4000} onChange={(event) => setNote(event.target.value)} data-testid="inbox-note" />
            <button type="submit" className="button" disabled={!note.trim()}>
              {t('inbox.addNote')}
            </button>
          </form>
          {handoff.status === 'taken' ? (
            <form
              className="inbox-inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                if (to.trim()) void onAct('/transfer', { to: to.trim() });
              }}
            >
              <label htmlFor={transferId} className="field-label">
                {t('inbox.transferLabel')}
              </label>
              <input id={transferId} className="input" value={to} maxLength={100} onChange={(event) => setTo(event.target.value)} />
              <button type="submit" className="button" disabled={!to.trim()}>
                {t('inbox.transfer')}
              </button>
            </form>
          ) : null}
        </>
      ) : (
        <Notice tone="info">{t('inbox.viewerReadOnly')}</Notice>
      )}
      <section aria-label={t('inbox.notes')}>
        <h3 className="section-title">{t('inbox.notes')}</h3>
        {conversation.notes.length === 0 ? <p className="muted">{t('inbox.noNotes')}</p> : null}
        <ul className="inbox-notes" data-testid="inbox-notes">
          {conversation.notes.map((item) => (
            <li key={item.id}>
              <strong>{item.author}</strong>: {item.text}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

export function InboxPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { current, loading, failed } = useAssistantChoice();
  return (
    <>
      <PageHeader title={t('inbox.title')} description={t('inbox.lead')} />
      {failed ? <Notice tone="error">{t('errors.server')}</Notice> : null}
      {!loading && !current && !failed ? <Notice tone="info">{t('shell.noAssistant')}</Notice> : null}
      {current ? <Inbox key={`${current.server}/${current.language}`} assistant={current} /> : null}
      {current ? <HandoffSettingsSection key={`settings-${current.server}/${current.language}`} assistant={current} canChange={mayAdminister(user)} /> : null}
    </>
  );
}

