// What the engine needs to know of a conversation before a turn, read from its current session's
// events: the slots, the dialogue that answered last (follow-ups apply only right after it), whether
// a human has taken over, and when the user last spoke (sessions expire after idle time).
import { ACTION_LISTEN, ACTION_SESSION_START, type TrackerEvent } from './events.js';

export interface ConversationState {
  slots: Record<string, unknown>;
  /** The dialogue of the latest answer, or null when the latest answer was a fallback or none. */
  previousDialogue: string | null;
  paused: boolean;
  /** Timestamp of the latest user event of the session, null when the user has not spoken. */
  latestUserTime: number | null;
  /** True once an `action_session_start` (or `session_started`) event has been seen. */
  sessionStarted: boolean;
}

export function initialConversationState(): ConversationState {
  return { slots: {}, previousDialogue: null, paused: false, latestUserTime: null, sessionStarted: false };
}

/** Reads the state from the events of the current session, in order. */
export function readConversationState(events: readonly TrackerEvent[]): ConversationState {
  return applyEvents(initialConversationState(), events);
}

/** The state after `events` (appended in order); `state` itself is left unchanged. */
export function applyEvents(previous: ConversationState, events: readonly TrackerEvent[]): ConversationState {
  const state: ConversationState = { ...previous, slots: { ...previous.slots } };
  for (const event of events) {
    switch (event.event) {
      case 'session_started':
        state.sessionStarted = true;
        break;
      case 'slot':
        if (typeof event.name === 'string') state.slots[event.name] = event.value;
        break;
      case 'reset_slots':
        state.slots = {};
        break;
      case 'restart':
        state.slots = {};
        state.previousDialogue = null;
        break;
      case 'pause':
        state.paused = true;
        break;
      case 'resume':
        state.paused = false;
        break;
      case 'user':
        state.latestUserTime = event.timestamp;
        break;
      case 'action': {
        if (event.name === ACTION_SESSION_START) {
          // A session starts afresh: what carries over (slots) is written again as slot events
          // after it, so reading from here on gives the same state as reading the session alone.
          // A new session also ends a pause.
          state.slots = {};
          state.previousDialogue = null;
          state.paused = false;
          state.latestUserTime = null;
          state.sessionStarted = true;
          break;
        }
        if (event.name === ACTION_LISTEN) break;
        // A skill's preset names the dialogue the conversation continues from, whatever answered.
        const preset = event.metadata?.preset_dialogue;
        const dialogue = typeof preset === 'string' ? preset : event.metadata?.dialogue;
        state.previousDialogue = typeof dialogue === 'string' ? dialogue : null;
        break;
      }
      default:
        break;
    }
  }
  return state;
}
