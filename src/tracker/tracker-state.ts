// Rasa's tracker JSON (reference/rasa-protocol.md §3), key for key and in Rasa's order, computed
// from a conversation's stored events: what GET /conversations/{id}/tracker answers and what the
// events, messages and trigger_intent routes return.
import { ACTION_LISTEN, ACTION_SESSION_START, emptyParseData, SESSION_STARTED_METADATA_SLOT, type TrackerEvent } from './events.js';

export type IncludeEvents = 'ALL' | 'AFTER_RESTART' | 'APPLIED' | 'NONE';

export const INCLUDE_EVENTS_VALUES: readonly IncludeEvents[] = ['ALL', 'AFTER_RESTART', 'APPLIED', 'NONE'];

export interface TrackerState {
  sender_id: string;
  slots: Record<string, unknown>;
  latest_message: Record<string, unknown>;
  latest_event_time: number | null;
  followup_action: string | null;
  paused: boolean;
  events: TrackerEvent[] | null;
  latest_input_channel: string | null;
  active_loop: Record<string, unknown>;
  latest_action: Record<string, unknown>;
  latest_action_name: string | null;
}

export interface TrackerStateOptions {
  /** Which events the answer lists; the state itself is always computed from all of them. */
  includeEvents?: IncludeEvents;
  /** Only events with a timestamp at or before this (float epoch seconds) count. */
  until?: number;
}

/** Events after the last `restart` (Rasa's AFTER_RESTART). */
function eventsAfterRestart(events: readonly TrackerEvent[]): TrackerEvent[] {
  let start = 0;
  events.forEach((event, index) => {
    if (event.event === 'restart') start = index + 1;
  });
  return events.slice(start);
}

function undoTillPrevious(applied: TrackerEvent[], matches: (event: TrackerEvent) => boolean): void {
  while (applied.length > 0) {
    const removed = applied.pop();
    if (removed && matches(removed)) return;
  }
}

/**
 * Rasa's APPLIED: from the last restart or session start on, with `rewind` (undo the last user
 * message and what followed) and `undo` (undo the last bot action) applied.
 */
export function appliedEvents(events: readonly TrackerEvent[]): TrackerEvent[] {
  const applied: TrackerEvent[] = [];
  for (const event of events) {
    if (event.event === 'restart' || event.event === 'session_started') {
      applied.length = 0;
    } else if (event.event === 'undo') {
      undoTillPrevious(applied, (candidate) => candidate.event === 'action' && candidate.name !== ACTION_LISTEN);
    } else if (event.event === 'rewind') {
      // The user message, then the action before it (the action_listen that waited for it), as Rasa.
      undoTillPrevious(applied, (candidate) => candidate.event === 'user');
      undoTillPrevious(applied, (candidate) => candidate.event === 'action');
    } else {
      applied.push(event);
    }
  }
  return applied;
}

export function buildTrackerState(
  senderId: string,
  allEvents: readonly TrackerEvent[],
  slotNames: readonly string[],
  options: TrackerStateOptions = {},
): TrackerState {
  const events = options.until === undefined ? [...allEvents] : allEvents.filter((event) => event.timestamp <= (options.until ?? 0));
  const slots: Record<string, unknown> = {};
  for (const name of slotNames) slots[name] = null;
  slots.requested_slot = null;
  slots[SESSION_STARTED_METADATA_SLOT] = null;

  let latestMessage = emptyParseData();
  let latestActionName: string | null = null;
  let followupAction: string | null = ACTION_LISTEN;
  let paused = false;
  let activeLoop: Record<string, unknown> = {};

  for (const event of appliedEvents(events)) {
    switch (event.event) {
      case 'slot':
        // Every slot set is shown, declared or not (Rasa shows only its domain's): 4biz pushes its
        // user's login or e-mail as slots, skills and action servers read them, and the engine's
        // state keeps them too, so the tracker says what the conversation holds.
        if (typeof event.name === 'string') slots[event.name] = event.value ?? null;
        break;
      case 'reset_slots':
        for (const name of Object.keys(slots)) slots[name] = null;
        break;
      case 'user':
        latestMessage = (event.parse_data as Record<string, unknown> | undefined) ?? { ...emptyParseData(), text: event.text ?? null };
        followupAction = null;
        break;
      case 'action':
        latestActionName = typeof event.name === 'string' ? event.name : latestActionName;
        followupAction = null;
        // The loop ran: a rejection before it no longer stands (as Rasa's tracker clears it).
        if (activeLoop.name !== undefined && event.name === activeLoop.name) activeLoop = { ...activeLoop, rejected: false };
        break;
      case 'followup':
        followupAction = typeof event.name === 'string' ? event.name : null;
        break;
      case 'pause':
        paused = true;
        break;
      case 'resume':
        paused = false;
        break;
      case 'active_loop':
      case 'form': // Rasa 1's name, read by Rasa 3 as active_loop
        activeLoop = typeof event.name === 'string' ? { name: event.name, is_interrupted: false, rejected: false, trigger_message: latestMessage } : {};
        break;
      case 'loop_interrupted':
        if (activeLoop.name !== undefined) activeLoop = { ...activeLoop, is_interrupted: event.is_interrupted === true };
        break;
      case 'form_validation': // Rasa 1's: interrupted is `not validate` (false, null or missing)
        if (activeLoop.name !== undefined) activeLoop = { ...activeLoop, is_interrupted: !event['validate'] };
        break;
      case 'action_execution_rejected':
        if (activeLoop.name !== undefined && event.name === activeLoop.name) activeLoop = { ...activeLoop, rejected: true };
        break;
      default:
        break;
    }
  }
  // As in Rasa, a restart or a new session resets the tracker, a pause included: only the applied
  // events count for the state, while latest_event_time looks at all of them.
  // A restart asks for a new session until something happens after it (Rasa's Restarted sets the
  // follow-up action; a message, an action or a new session clears it).
  const restart = events.findLastIndex((event) => event.event === 'restart');
  if (restart >= 0 && !events.slice(restart + 1).some((event) => ['user', 'action', 'session_started', 'followup'].includes(event.event))) {
    followupAction = ACTION_SESSION_START;
  }

  const latestEvent = events.at(-1);
  return {
    sender_id: senderId,
    slots,
    latest_message: latestMessage,
    latest_event_time: latestEvent ? latestEvent.timestamp : null,
    followup_action: followupAction,
    paused,
    events: selectEvents(events, options.includeEvents ?? 'AFTER_RESTART'),
    latest_input_channel: latestInputChannelOf(events),
    active_loop: activeLoop,
    latest_action: latestActionName === null ? {} : { action_name: latestActionName },
    latest_action_name: latestActionName,
  };
}

/**
 * Rasa's get_latest_input_channel: the input channel of the last user event (null when it has
 * none, or there is none). Over every event given, not only the last session's.
 */
export function latestInputChannelOf(events: readonly TrackerEvent[]): string | null {
  const last = events.findLast((event) => event.event === 'user');
  return typeof last?.input_channel === 'string' ? last.input_channel : null;
}

function selectEvents(events: TrackerEvent[], include: IncludeEvents): TrackerEvent[] | null {
  switch (include) {
    case 'ALL':
      return events;
    case 'AFTER_RESTART':
      return eventsAfterRestart(events);
    case 'APPLIED':
      return appliedEvents(events);
    case 'NONE':
      return null;
  }
}
