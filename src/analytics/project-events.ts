// What the analytics projection holds, from Rasa's tracker events (pure: the store reads the events
// and writes the result). A session ("conversation" in the console) runs from an
// `action_session_start` (or a `session_started` on its own) to the next; its first event's id is
// its id. Each user message becomes a row with its intent and confidence, the first skill that
// spoke after it (`spokenSkillOf`: a dialogue's question, not the dialogue), the skill that spoke
// just before it (how satisfaction answers are found) and whether it hit the fallback: the NLU's
// `nlu_fallback` unless a dialogue took it, or an answer by the FallbackPolicy (the first `action`
// that is not `action_listen` says which).
import { NLU_FALLBACK_INTENT } from '../nlu/types.js';
import type { MessageRecord, ProjectionWrites, ProjectorEvent, SenderPrior, SessionDelta } from '../store/analytics/analytics-store.js';
import { analyticsSenderKey } from '../store/analytics/analytics-repository.js';
import { isSessionStartAction } from '../store/conversations/session-start.js';
import { ACTION_DEACTIVATE_LOOP, ACTION_LISTEN } from '../tracker/events.js';
import { HANDOFF_EVENT_TYPES, isHandoffEvent } from './handoff-events.js';
import { normaliseText } from './normalise-text.js';

/** The event types the projection reads; the others (slots, featurization) change nothing in it. */
export const PROJECTED_EVENT_TYPES: readonly string[] = ['user', 'bot', 'action', 'session_started', ...HANDOFF_EVENT_TYPES];

interface Pending {
  /** A message of this batch, or one of an earlier batch known by id. */
  message: MessageRecord | { id: number; skill: string | null; fallback: boolean; earlier: true };
  answered: boolean;
}

interface SenderState {
  session: SessionDelta | undefined;
  /** The sender's session of an earlier batch, until an event of this batch joins it. */
  priorSessionId: number | undefined;
  pending: Pending | undefined;
  previousSkill: string | null;
  /** The skill of the custom action running (it speaks for its messages that name none). */
  actionSkill: string | null;
  lastWasSessionAction: boolean;
}

export function projectEvents(events: readonly ProjectorEvent[], priors: ReadonlyMap<string, SenderPrior>): ProjectionWrites {
  const sessions = new Map<number, SessionDelta>();
  const messages: MessageRecord[] = [];
  const updates = new Map<number, { id: number; skill: string | null; fallback: boolean }>();
  const states = new Map<string, SenderState>();

  for (const item of events) {
    const key = analyticsSenderKey(item.assistantId, item.senderId);
    let state = states.get(key);
    if (state === undefined) {
      const prior = priors.get(key);
      state = {
        session: undefined,
        priorSessionId: prior?.session?.id,
        // A message no skill spoke for yet; answered when events after it were projected (its answer began).
        pending:
          prior?.lastMessage && prior.lastMessage.skill === null
            ? { message: { ...prior.lastMessage, earlier: true }, answered: (prior.session?.lastEventId ?? 0) > prior.lastMessage.id }
            : undefined,
        previousSkill: prior?.lastMessage?.skill ?? null,
        actionSkill: null,
        lastWasSessionAction: prior?.previousWasSessionAction ?? false,
      };
      states.set(key, state);
    }
    const event = item.event;
    const startsSession = isSessionStartAction(event) || (item.type === 'session_started' && !state.lastWasSessionAction);
    state.lastWasSessionAction = isSessionStartAction(event);
    if (!startsSession && state.session === undefined && state.priorSessionId !== undefined) {
      state.session = sessionDelta(sessions, state.priorSessionId, item, false);
    }
    state.priorSessionId = undefined;
    if (startsSession || state.session === undefined) {
      // Events before any session start (a history put through the API) form a session of their own.
      state.session = sessionDelta(sessions, item.id, item, true);
      state.pending = undefined;
      state.previousSkill = null;
      state.actionSkill = null;
    }
    const session = state.session;
    session.lastEventAt = item.timestamp;
    session.lastEventId = item.id;
    const metadata = asRecord(event['metadata']);
    const modelId = typeof metadata['model_id'] === 'string' ? metadata['model_id'] : null;

    if (item.type === 'user') {
      const message = userMessage(item, session.id, state.previousSkill);
      messages.push(message);
      session.userMessages += 1;
      if (message.fallback) session.fallbacks += 1;
      session.channel ??= message.channel;
      state.pending = { message, answered: false };
      state.actionSkill = null;
    } else if (item.type === 'action') {
      session.modelId ??= modelId;
      if (isAnsweringAction(event)) answer(state, session, updates, answeringPolicy(event));
      state.actionSkill = actionSkillOf(event);
    } else if (item.type === 'bot') {
      session.modelId ??= modelId;
      const skill = spokenSkillOf(event, state.actionSkill);
      if (skill !== null) {
        spoke(state, updates, skill);
        state.previousSkill = skill;
      }
    }
    if (isHandoffEvent(event)) session.handedOff = true;
  }
  return { sessions: [...sessions.values()], messages, messageUpdates: [...updates.values()] };
}

const FALLBACK_POLICY = 'FallbackPolicy';
const DIALOGUE_POLICY = 'DialoguePolicy';

/**
 * The first action after a user message answers it, with its policy: a message is a fallback when
 * the fallback answered it, or when the NLU did not understand it and nothing else took it: a
 * message a dialogue took (the value it asked for, `DialoguePolicy`) is not one.
 */
function answer(state: SenderState, session: SessionDelta, updates: Map<number, { id: number; skill: string | null; fallback: boolean }>, policy: string | null): void {
  const pending = state.pending;
  if (pending === undefined || pending.answered) return;
  pending.answered = true;
  const message = pending.message;
  const fallback = fallbackAfter(message.fallback, policy);
  if (fallback !== message.fallback) {
    message.fallback = fallback;
    session.fallbacks += fallback ? 1 : -1;
  }
  if ('earlier' in message) updates.set(message.id, { id: message.id, skill: message.skill, fallback: message.fallback });
}

/** The first skill that spoke after a user message is its skill (the responses ranking, the skill filter). */
function spoke(state: SenderState, updates: Map<number, { id: number; skill: string | null; fallback: boolean }>, skill: string): void {
  const message = state.pending?.message;
  if (message === undefined || message.skill !== null) return;
  message.skill = skill;
  if ('earlier' in message) updates.set(message.id, { id: message.id, skill, fallback: message.fallback });
}

/** The skill a custom action's event names in its metadata (the event is named after the action); null for any other event. */
export function actionSkillOf(event: ProjectorEvent['event']): string | null {
  if (event.event !== 'action') return null;
  const skill = asRecord(event['metadata'])['skill'];
  return typeof skill === 'string' ? skill : null;
}

/**
 * The skill that said a bot message — the one definition of the transcript, the exports, the
 * responses ranking and the skill filter: the `utter_action` it names (a dialogue's question, its
 * answer, the fallback), else the skill of the custom action that sent it (`actionSkill`: an action
 * server's own text). A person's message, a channel's own answer or a hand-off notice has none.
 */
export function spokenSkillOf(event: ProjectorEvent['event'], actionSkill: string | null): string | null {
  if (event.event !== 'bot') return null;
  const metadata = asRecord(event['metadata']);
  if (typeof metadata['utter_action'] === 'string') return metadata['utter_action'];
  if (metadata['handoff_agent'] !== undefined || metadata['channel_answer'] !== undefined || metadata['handoff_notice'] === true) return null;
  return actionSkill;
}

/**
 * Whether an event answers the user message before it: an action other than listening, closing a
 * dialogue (`action_deactivate_loop`: the skill after it answers) or starting a session.
 */
export function isAnsweringAction(event: ProjectorEvent['event']): boolean {
  if (event.event !== 'action') return false;
  const name = typeof event['name'] === 'string' ? event['name'] : '';
  return name !== '' && name !== ACTION_LISTEN && name !== ACTION_DEACTIVATE_LOOP && !isSessionStartAction(event);
}

/** The policy of an answering action, as the fallback rule reads it: a dialogue asking again (the answer did not fit) did not take the message. */
export function answeringPolicy(event: ProjectorEvent['event']): string | null {
  if (asRecord(event['metadata'])['invalid_answer'] === true) return null;
  return typeof event['policy'] === 'string' ? event['policy'] : null;
}

/**
 * A user message's fallback once an action of `policy` answered it, the NLU's word being
 * `nluFallback`: the fallback answered, or the NLU did not understand and no dialogue took it. The
 * one definition of the list, the rankings, the inbox and the transcript.
 */
export function fallbackAfter(nluFallback: boolean, policy: string | null): boolean {
  if (policy === FALLBACK_POLICY) return true;
  if (policy === DIALOGUE_POLICY) return false;
  return nluFallback;
}

function sessionDelta(sessions: Map<number, SessionDelta>, id: number, item: ProjectorEvent, isNew: boolean): SessionDelta {
  let delta = sessions.get(id);
  if (delta === undefined) {
    // For a session of an earlier batch, startedAt is only a placeholder: the stored row keeps its own.
    delta = {
      id,
      assistantId: item.assistantId,
      senderId: item.senderId,
      startedAt: item.timestamp,
      lastEventAt: item.timestamp,
      lastEventId: item.id,
      channel: null,
      modelId: null,
      userMessages: 0,
      fallbacks: 0,
      handedOff: false,
    };
    sessions.set(id, delta);
  } else if (isNew) {
    delta.startedAt = item.timestamp;
  }
  return delta;
}

/** What the NLU understood of a user event: its intent and, for the fallback, the best candidate and its confidence. */
export function understoodOf(event: ProjectorEvent['event']): { intent: string | null; confidence: number | null; candidate: string | null; fallback: boolean } {
  const parse = asRecord(event['parse_data']);
  const intent = asRecord(parse['intent']);
  const name = typeof intent['name'] === 'string' ? intent['name'] : null;
  const fallback = name === NLU_FALLBACK_INTENT;
  if (!fallback) return { intent: name, confidence: typeof intent['confidence'] === 'number' ? intent['confidence'] : null, candidate: null, fallback };
  // The fallback's confidence is the threshold (as Rasa's); what matters is the best candidate.
  const ranking = Array.isArray(parse['intent_ranking']) ? parse['intent_ranking'] : [];
  const best = ranking.map(asRecord).find((entry) => typeof entry['name'] === 'string' && entry['name'] !== NLU_FALLBACK_INTENT);
  return {
    intent: name,
    confidence: best && typeof best['confidence'] === 'number' ? best['confidence'] : 0,
    candidate: best && typeof best['name'] === 'string' ? best['name'] : null,
    fallback,
  };
}

function userMessage(item: ProjectorEvent, sessionId: number, previousSkill: string | null): MessageRecord {
  const event = item.event;
  const text = typeof event['text'] === 'string' ? event['text'] : '';
  const understood = understoodOf(event);
  const channel = typeof event['input_channel'] === 'string' ? event['input_channel'] : null;
  return {
    id: item.id,
    assistantId: item.assistantId,
    sessionId,
    senderId: item.senderId,
    timestamp: item.timestamp,
    channel,
    text,
    searchText: normaliseText(text),
    intent: understood.intent,
    confidence: understood.confidence,
    candidateIntent: understood.candidate,
    skill: null,
    previousSkill,
    fallback: understood.fallback,
  };
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
