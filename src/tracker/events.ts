// Rasa's event model, so that trackers read and written through the conversations API are Rasa's
// key for key (reference/rasa-protocol.md §3). Timestamps are float epoch seconds.
import { randomUUID } from 'node:crypto';
import type { ParseResult } from '../nlu/types.js';
import { microsOf, secondsOfMicros } from './event-clock.js';

export type EventMetadata = Record<string, unknown>;

/** Any tracker event as stored and served: Rasa's JSON. */
export type TrackerEvent = Record<string, unknown> & {
  event: string;
  timestamp: number;
  metadata?: EventMetadata;
};

export const ACTION_LISTEN = 'action_listen';
export const ACTION_SESSION_START = 'action_session_start';
export const ACTION_RESTART = 'action_restart';
/** The slot a Rasa form keeps the name of the slot it asks for in. */
export const REQUESTED_SLOT = 'requested_slot';
/**
 * The `active_loop` event's metadata key naming the dialogue the new loop took over, which asks
 * again when the loop ends (src/dialogue/README.md, "Another subject in the middle").
 */
export const INTERRUPTED_DIALOGUE = 'interrupted_dialogue';
/**
 * Beside it, the step that dialogue was at (its `requested_slot`: a context, `confirmation` or
 * `correction`) and its answers that did not fit there, so it comes back at that step.
 */
export const INTERRUPTED_STEP = 'interrupted_step';
export const INTERRUPTED_ATTEMPTS = 'interrupted_attempts';
/**
 * The `requested_slot` event's metadata key of a dialogue coming back at the step it was taken
 * over at: its answers that did not fit there, whose count goes on (none: it starts afresh).
 */
export const RESUMED_ATTEMPTS = 'resumed_attempts';
/** Rasa's action that ends a form (an active loop) without finishing it. */
export const ACTION_DEACTIVATE_LOOP = 'action_deactivate_loop';
/** The slot Rasa fills with the metadata of the message that started a session. */
export const SESSION_STARTED_METADATA_SLOT = 'session_started_metadata';

/** The six keys of a bot event's `data`, null when unused, as Rasa stores them. */
export interface BotEventData {
  elements: unknown[] | null;
  quick_replies: unknown[] | null;
  buttons: { title: string; payload: string }[] | null;
  attachment: unknown;
  image: string | null;
  custom: unknown;
}

/** Rasa leaves `metadata` out of most events when it is empty; user and bot events always carry it. */
function withMetadata(event: TrackerEvent, metadata: EventMetadata | undefined): TrackerEvent {
  if (metadata && Object.keys(metadata).length > 0) event.metadata = metadata;
  return event;
}

export function actionEvent(
  name: string,
  timestamp: number,
  options: { policy?: string | null; confidence?: number | null; metadata?: EventMetadata } = {},
): TrackerEvent {
  return withMetadata(
    {
      event: 'action',
      timestamp,
      name,
      policy: options.policy ?? null,
      confidence: options.confidence ?? null,
      action_text: null,
      hide_rule_turn: false,
    },
    options.metadata,
  );
}

export function sessionStartedEvent(timestamp: number, metadata?: EventMetadata): TrackerEvent {
  return withMetadata({ event: 'session_started', timestamp }, metadata);
}

export function slotEvent(name: string, value: unknown, timestamp: number, metadata?: EventMetadata): TrackerEvent {
  return withMetadata({ event: 'slot', timestamp, name, value }, metadata);
}

/** Rasa's `active_loop`: a form starts asking (the dialogue's name) or stops (null). */
export function activeLoopEvent(name: string | null, timestamp: number, metadata?: EventMetadata): TrackerEvent {
  return withMetadata({ event: 'active_loop', timestamp, name }, metadata);
}

/** Rasa's `loop_interrupted`: the user went elsewhere while a form asked (true), or came back. */
export function loopInterruptedEvent(isInterrupted: boolean, timestamp: number, metadata?: EventMetadata): TrackerEvent {
  return withMetadata({ event: 'loop_interrupted', timestamp, is_interrupted: isInterrupted }, metadata);
}

/** Rasa's `action_execution_rejected`: the form could not take the user's message. */
export function actionRejectedEvent(name: string, timestamp: number, options: { policy?: string | null; confidence?: number | null; metadata?: EventMetadata } = {}): TrackerEvent {
  return withMetadata({ event: 'action_execution_rejected', timestamp, name, policy: options.policy ?? null, confidence: options.confidence ?? null }, options.metadata);
}

export interface UserEventInput {
  text: string;
  parseData: ParseResult;
  inputChannel: string | null;
  messageId?: string;
  metadata: EventMetadata;
  /**
   * An intent triggered from outside (trigger_intent, a reminder): recorded as Rasa's
   * `UserUttered.create_external` makes it — the intent's name alone (no confidence), no
   * `intent_ranking`, no message id, and `parse_data.metadata` only `{is_external: true}` (Rasa's
   * tracker adds the model and assistant ids to the event's metadata, a copy, not to it).
   */
  external?: boolean;
}

export function userEvent(input: UserEventInput, timestamp: number): TrackerEvent {
  if (input.external === true) {
    return {
      event: 'user',
      timestamp,
      metadata: input.metadata,
      text: input.text,
      parse_data: { intent: { name: input.parseData.intent.name }, entities: input.parseData.entities, text: input.text, message_id: null, metadata: { is_external: true } },
      input_channel: input.inputChannel,
      message_id: null,
    };
  }
  const messageId = input.messageId ?? randomUUID().replaceAll('-', '');
  return {
    event: 'user',
    timestamp,
    metadata: input.metadata,
    text: input.text,
    parse_data: {
      intent: input.parseData.intent,
      entities: input.parseData.entities,
      text: input.text,
      message_id: messageId,
      metadata: input.metadata,
      intent_ranking: input.parseData.intent_ranking,
    },
    input_channel: input.inputChannel,
    message_id: messageId,
  };
}

export function userFeaturizationEvent(timestamp: number, metadata?: EventMetadata): TrackerEvent {
  return withMetadata({ event: 'user_featurization', timestamp, use_text_for_featurization: false }, metadata);
}

/**
 * Rasa's `user_featurization` after each answered message, which the engine does not store (one
 * row fewer per turn): put back for readers that need Rasa's shape (the tracker, the action
 * server's tracker, the user's data export), from the stored entries. A message was answered when
 * its turn closes with an `action_listen` before the next message or a session start that is not
 * part of its answer (after an action of the turn: a restart's), and that close
 * is not a channel's own answer (`metadata.channel_answer`): a paused conversation's or a logged
 * message's turn has no `action_listen`. The event takes the microsecond after the message's
 * timestamp, which the engine leaves free for it (histories stamped before the engine gave each
 * event its own time: the message's timestamp), and the closing `action_listen`'s metadata, as the
 * engine wrote it. A stored one (older histories) is kept and
 * none added beside it; a message a client posted (`posted`: Rasa's tracker events API) gets none,
 * so a history is read back as it was posted.
 */
export function withUserFeaturization<T extends Record<string, unknown> & { event: string; timestamp: number }>(
  entries: readonly { event: T; posted?: boolean }[],
): T[] {
  const out: T[] = [];
  for (let index = 0; index < entries.length; index++) {
    const { event, posted } = entries[index] as { event: T; posted?: boolean };
    out.push(event);
    if (event.event !== 'user' || posted === true || entries[index + 1]?.event.event === 'user_featurization') continue;
    // A session start after an action of the turn is part of its answer (a restart, or an action's
    // follow-up); before any, it is the next message's.
    let acted = false;
    for (let next = index + 1; next < entries.length; next++) {
      const later = (entries[next] as { event: T }).event;
      if (later.event === 'user' || (later.event === 'action' && later['name'] === ACTION_SESSION_START && !acted)) break;
      const metadata = later['metadata'] as EventMetadata | undefined;
      if (later.event === 'bot' && metadata?.['channel_answer'] !== undefined) break;
      if (later.event === 'action' && later['name'] === ACTION_LISTEN) {
        const legacy = later.timestamp === event.timestamp;
        out.push(userFeaturizationEvent(legacy ? event.timestamp : secondsOfMicros(microsOf(event.timestamp) + 1), metadata) as T);
        break;
      }
      // Only the turn's own actions (a later `/execute` is not this message's answer). The engine
      // stamps a turn's events a microsecond apart, one left free after the message, and never
      // begins another batch where one ended: an event `n` places after the message is the
      // turn's own when it is `n + 1` microseconds after it. Histories stamped before that gave a
      // whole turn the message's time.
      if (later.event === 'action' && (later.timestamp === event.timestamp || microsOf(later.timestamp - event.timestamp) === next - index + 1)) acted = true;
    }
  }
  return out;
}

export function botEvent(text: string | null, data: BotEventData, timestamp: number, metadata: EventMetadata): TrackerEvent {
  return { event: 'bot', timestamp, metadata, text, data };
}

/** A user message's `parse_data` before anything is known: Rasa's empty UserUttered (and latest_message). */
export function emptyParseData(): Record<string, unknown> {
  return { intent: {}, entities: [], text: null, message_id: null, metadata: {} };
}

export function emptyBotData(): BotEventData {
  return { elements: null, quick_replies: null, buttons: null, attachment: null, image: null, custom: null };
}

/** The three events Rasa writes when a session starts (plus the metadata slot when there is metadata). */
export function sessionStartEvents(timestamp: number, metadata: EventMetadata, eventMetadata: EventMetadata): TrackerEvent[] {
  const events: TrackerEvent[] = [
    actionEvent(ACTION_SESSION_START, timestamp, { confidence: 1, metadata: eventMetadata }),
    sessionStartedEvent(timestamp, eventMetadata),
  ];
  if (Object.keys(metadata).length > 0) {
    events.push(slotEvent(SESSION_STARTED_METADATA_SLOT, metadata, timestamp, eventMetadata));
  }
  events.push(actionEvent(ACTION_LISTEN, timestamp, { metadata: eventMetadata }));
  return events;
}
