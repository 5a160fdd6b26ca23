// Completes a turn whose dialogue answered with custom actions (`action` skills): each action is
// POSTed to the assistant's action server with the tracker as it stands at that point of the turn,
// and its answer takes the place of the action in the turn, with Rasa 3.6's handling:
// - done: the `action` event, then the bot events of its responses, then the events it returned
//   (a returned `action_execution_rejected` means the action rejected itself: no `action` event);
//   a returned `followup` runs that action (or skill) next, up to MAX_ACTIONS_PER_TURN in a turn;
//   Rasa's restart, session start and loop deactivation run as Rasa's default actions.
// - rejected (HTTP 400 naming the action): `action_execution_rejected` instead of the `action`
//   event, and — as Rasa predicts again — the assistant's fallback skill answers (the failure
//   message when there is none).
// - failed (404, 500, timeout, refused address, an answer that does not fit…): the `action`
//   event stays, what the action would have done is lost, and the skill's texts (a standard
//   message when it has none) tell the user. The error is recorded in the event's
//   `metadata.action_server`; nothing of this reaches a channel as an error.
import type { AssistantContent, Skill } from '../assistant/content.js';
import { rasaResponseNames, UTTER_PREFIX } from '../assistant/other-platforms/rasa-response-names.js';
import { carriedOverSlots } from '../dialogue/context-lifetimes.js';
import type { PendingAction, TurnAnswer } from '../dialogue/dialogue-manager.js';
import type { BotMessage } from '../skills/bot-message.js';
import { runSkill } from '../skills/run-skill.js';
import { botEventData } from '../tracker/bot-event-data.js';
import { readConversationState } from '../tracker/conversation-state.js';
import { ACTION_LISTEN, ACTION_RESTART, ACTION_SESSION_START, actionEvent, actionRejectedEvent, botEvent, type EventMetadata, type TrackerEvent } from '../tracker/events.js';
import type { AssistantRecord } from '../store/store.js';
import { actionCall } from './action-call.js';
import { actionDomain } from './action-domain.js';
import { actionFailureText } from './action-failure-text.js';
import { defaultActionEvents, UTTER_RESTART, utterRestartSkill } from './default-actions.js';
import type { ActionServer } from './action-server-client.js';
import { OutboundRefusedError } from './outbound-address-guard.js';
import { readActionReply, type ActionOutcome } from './read-action-reply.js';

/** Rasa's MAX_NUMBER_OF_PREDICTIONS: a chain of follow-ups stops here. */
export const MAX_ACTIONS_PER_TURN = 10;

export interface CustomActionsInput {
  server: ActionServer | undefined;
  assistant: AssistantRecord;
  content: AssistantContent;
  language: string;
  sender: string;
  now: number;
  /** The assistant and model ids every event carries. */
  metadata: EventMetadata;
  random: () => number;
  sessionExpirationSeconds: number;
  /** The conversation's stored events of its current session, read only when an action runs. */
  history: () => Promise<readonly TrackerEvent[]>;
  /** This turn's events before the dialogue's answer (session start, user message…). */
  turnEvents: readonly TrackerEvent[];
  answer: TurnAnswer;
  /** Told of each action that did not complete (for the logs: no secret in it). */
  onFailure?: (failure: { action: string; status?: number; error: string; rejected: boolean; refusedAddress?: string }) => void;
  /** Told of response names an action gave that no skill answers to (for the logs). */
  onUnknownResponses?: (unknown: { action: string; responses: string[] }) => void;
}

/** What one call to the action server needs (a turn's actions, a dialogue's validation). */
export type ActionCallContext = Pick<CustomActionsInput, 'server' | 'assistant' | 'content' | 'language' | 'sender' | 'now' | 'metadata' | 'random' | 'sessionExpirationSeconds' | 'onUnknownResponses'>;

const responseSkills = new WeakMap<AssistantContent, Map<string, Skill>>();

/**
 * The skills a response may name: by their own name, or by the name the domain sent gives them
 * (the Rasa export's utter_*); a skill's own name wins.
 */
function responseSkillsOf(content: AssistantContent): Map<string, Skill> {
  let skills = responseSkills.get(content);
  if (skills === undefined) {
    const answering = content.skills.filter((skill) => skill.kind !== 'action');
    skills = new Map(answering.map((skill) => [skill.name, skill] as const));
    const names = rasaResponseNames(content.skills);
    for (const skill of answering) {
      const name = names.get(skill.name);
      if (name !== undefined && !skills.has(name)) skills.set(name, skill);
    }
    responseSkills.set(content, skills);
  }
  return skills;
}

/** The skill a response names: as named, else `utter_<skill>` (Rasa's convention) names `<skill>`. */
function responseSkill(content: AssistantContent, name: string): Skill | undefined {
  const skills = responseSkillsOf(content);
  return skills.get(name) ?? (name.startsWith(UTTER_PREFIX) ? skills.get(name.slice(UTTER_PREFIX.length)) : undefined);
}

const domains = new WeakMap<AssistantContent, Record<string, unknown>>();

function domainOf(content: AssistantContent, sessionExpirationSeconds: number): Record<string, unknown> {
  let domain = domains.get(content);
  if (domain === undefined) {
    domain = actionDomain(content, sessionExpirationSeconds);
    domains.set(content, domain);
  }
  return domain;
}

/** The events the action server sees: the current session's, up to this point of the turn. */
export function sessionSoFar(history: readonly TrackerEvent[], turn: readonly TrackerEvent[]): TrackerEvent[] {
  const all = [...history, ...turn];
  let start = 0;
  all.forEach((event, index) => {
    if (event.event === 'action' && event.name === ACTION_SESSION_START) start = index;
  });
  return all.slice(start);
}

/** What the user is told when a skill's action did not complete: the skill's own texts, else the standard message. */
export function failureMessage(skill: Skill, render: (skill: Skill) => BotMessage, language: string): BotMessage {
  const own = skill.texts.length > 0 ? render(skill) : {};
  return own.text === undefined ? { text: actionFailureText(language) } : own;
}

export async function runCustomActions(input: CustomActionsInput): Promise<{ events: TrackerEvent[]; messages: BotMessage[] }> {
  const events = [...input.answer.events];
  const messages = [...input.answer.messages];
  const history = await input.history();
  let eventShift = 0;
  let messageShift = 0;
  const budget = { left: MAX_ACTIONS_PER_TURN };
  for (const pending of input.answer.actions) {
    const at = pending.eventIndex + eventShift;
    const before = sessionSoFar(history, [...input.turnEvents, ...events.slice(0, at)]);
    const result = await runAction(input, pending, events[at] as TrackerEvent, before, budget);
    events.splice(at, 1, ...result.events);
    eventShift += result.events.length - 1;
    messages.splice(pending.messageIndex + messageShift, 0, ...result.messages);
    messageShift += result.messages.length;
    if (result.newSession) {
      // A restart or session start the action asked for ends the answer: what the dialogue's answer
      // had after the action (a preset, later actions and their messages) belongs to the old session.
      events.splice(at + result.events.length);
      messages.splice(pending.messageIndex + messageShift);
      break;
    }
  }
  return { events, messages };
}

async function runAction(
  input: CustomActionsInput,
  pending: PendingAction,
  firstEvent: TrackerEvent,
  before: readonly TrackerEvent[],
  budget: { left: number },
): Promise<{ events: TrackerEvent[]; messages: BotMessage[]; newSession: boolean }> {
  const { now, metadata, content } = input;
  const out: TrackerEvent[] = [];
  const messages: BotMessage[] = [];
  const slotsNow = () => readConversationState([...before, ...out]).slots;
  const render = (skill: Skill, values: Record<string, unknown> = {}) =>
    runSkill(skill, { slots: { ...slotsNow(), ...values }, language: input.language, random: input.random, sender: input.sender, now });
  const say = (message: BotMessage, utterAction: string, extra: EventMetadata = {}) => {
    messages.push(message);
    out.push(botEvent(message.text ?? null, botEventData(message), now, { utter_action: utterAction, ...extra, ...metadata }));
  };
  const sayFailure = (skill: Skill, extra: EventMetadata) => say(failureMessage(skill, render, input.language), skill.name, extra);

  let current: { skill: Skill; event: TrackerEvent } | undefined = { skill: pending.skill, event: firstEvent };
  while (current !== undefined) {
    budget.left -= 1;
    const { skill, event } = current;
    const action = String(event.name);
    const dialogue = event.metadata?.dialogue;
    const extra: EventMetadata = typeof dialogue === 'string' ? { dialogue } : {};
    current = undefined;
    const outcome = await callAction(input, action, [...before, ...out]);
    if (outcome.kind === 'rejected') {
      input.onFailure?.({ action, status: 400, error: outcome.error, rejected: true });
      out.push(actionRejectedEvent(action, now, { policy: event.policy as string | null, confidence: event.confidence as number | null, metadata: { ...event.metadata, action_server: { status: 400, error: outcome.error } } }));
      const fallback = content.skills.find((candidate) => candidate.fallback && candidate.kind !== 'action');
      if (fallback === undefined) sayFailure(skill, extra);
      else {
        out.push(actionEvent(fallback.name, now, { policy: 'FallbackPolicy', metadata }));
        say(render(fallback), fallback.name);
      }
      break;
    }
    if (outcome.kind === 'failed') {
      input.onFailure?.({
        action,
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
        error: outcome.error,
        rejected: false,
        ...(outcome.refusedAddress === undefined ? {} : { refusedAddress: outcome.refusedAddress }),
      });
      out.push({ ...event, metadata: { ...event.metadata, action_server: { ...(outcome.status === undefined ? {} : { status: outcome.status }), error: outcome.error } } });
      sayFailure(skill, extra);
      break;
    }
    // Responses named after no skill are skipped, as Rasa skips them; the action's event says which.
    const unknown = outcome.unknownResponses;
    if (!outcome.events.some((returned) => returned.event === 'action_execution_rejected')) out.push(unknown === undefined ? event : { ...event, metadata: { ...event.metadata, unknown_responses: unknown } });
    out.push(...outcome.events);
    messages.push(...outcome.messages);
    const followup = outcome.events.filter((returned) => returned.event === 'followup').at(-1)?.name;
    if (typeof followup !== 'string' || followup === ACTION_LISTEN || budget.left <= 0) break;
    const builtIn = defaultActionEvents(followup, now, metadata, () => carriedOverSlots(readConversationState([...before, ...out]), new Map(content.contexts.map((context) => [context.name, context] as const))));
    if (builtIn !== undefined) {
      // Rasa's ActionRestart says `utter_restart` first, when the assistant has it.
      const utterRestart = followup === ACTION_RESTART ? utterRestartSkill(content) : undefined;
      if (utterRestart) {
        out.push(builtIn.shift() as TrackerEvent);
        say(render(utterRestart), UTTER_RESTART);
      }
      out.push(...builtIn);
      if (builtIn.some((made) => made.event === 'session_started')) return { events: out, messages, newSession: true };
      break;
    }
    const next = content.skills.find((candidate) => candidate.kind === 'action' && candidate.action === followup) ?? content.skills.find((candidate) => candidate.name === followup);
    if (next === undefined) break;
    const nextEvent = actionEvent(next.kind === 'action' ? (next.action as string) : next.name, now, { confidence: 1, metadata: { ...metadata, ...extra, skill: next.name } });
    if (next.kind === 'action') current = { skill: next, event: nextEvent };
    else {
      out.push(nextEvent);
      say(render(next), next.name, extra);
    }
  }
  return { events: out, messages, newSession: false };
}

export async function callAction(input: ActionCallContext, action: string, events: readonly TrackerEvent[]): Promise<ActionOutcome> {
  if (input.server === undefined) return { kind: 'failed', error: 'no action server is configured in this process' };
  const body = actionCall({
    action,
    sender: input.sender,
    events,
    slotNames: input.content.contexts.map((context) => context.name),
    domain: domainOf(input.content, input.sessionExpirationSeconds),
  });
  try {
    const reply = await input.server.call(input.assistant, body);
    const slots = readConversationState(events).slots;
    const unknown: string[] = [];
    const outcome = readActionReply(reply, {
      now: input.now,
      metadata: { ...input.metadata, action },
      renderResponse: (name, values) => {
        const skill = responseSkill(input.content, name);
        if (skill === undefined) {
          unknown.push(name);
          return undefined;
        }
        const message = runSkill(skill, { slots: { ...slots, ...values }, language: input.language, random: input.random, sender: input.sender, now: input.now });
        return Object.keys(message).length === 0 ? undefined : message;
      },
    });
    if (outcome.kind !== 'done' || unknown.length === 0) return outcome;
    input.onUnknownResponses?.({ action, responses: unknown });
    return { ...outcome, unknownResponses: unknown };
  } catch (error: unknown) {
    const refusedAddress = error instanceof OutboundRefusedError ? error.address : undefined;
    return { kind: 'failed', error: error instanceof Error ? error.message : 'the action server could not be called', ...(refusedAddress === undefined ? {} : { refusedAddress }) };
  }
}
