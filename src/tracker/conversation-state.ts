// What the engine needs to know of a conversation before a turn, read from its current session's
// events: the slots (and which dialogue flow set each), the dialogue that answered last (follow-ups
// apply only right after it), the dialogue asking for contexts (Rasa's active loop), whether a human
// has taken over, and when the user last spoke (sessions expire after idle time).
import { ACTION_LISTEN, ACTION_SESSION_START, INTERRUPTED_ATTEMPTS, INTERRUPTED_DIALOGUE, INTERRUPTED_STEP, REQUESTED_SLOT, RESUMED_ATTEMPTS, type TrackerEvent } from './events.js';

/** The policy name of the fallback skill's action events (src/dialogue). */
export const FALLBACK_POLICY = 'FallbackPolicy';

/** A dialogue asking for what it needs (slot filling), as Rasa's `active_loop` events record it. */
export interface ActiveLoop {
  /** The dialogue's name. */
  name: string;
  /** `requested_slot`: the context asked for, `confirmation`, `correction`, or null. */
  requested: string | null;
  /** Answers that did not fit since the current question was asked. */
  attempts: number;
  /**
   * The dialogue that answered a side question while the loop asked (the one that answered last
   * when `loop_interrupted` {true} came): its follow-ups answer the user's next message before the
   * loop reads it. Set until that message (`user`) comes.
   */
  sideDialogue?: string;
  /**
   * The dialogue this loop took over while it asked (a request confident enough to start another
   * dialogue that asks): it asks again, with the values it had, when this loop ends. Read from the
   * `active_loop` event's `metadata.interrupted_dialogue`; at most one (src/dialogue/README.md).
   */
  interrupted?: string;
  /**
   * Where the dialogue taken over was (`interrupted`): the step it asked and its answers that did
   * not fit there, from the same event's `metadata.interrupted_step` and `interrupted_attempts`.
   */
  interruptedStep?: LoopStep;
}

/** A loop's step: what it asks (`requested_slot`) and the answers that did not fit since it asked. */
export interface LoopStep {
  requested: string | null;
  attempts: number;
}

/** A count read from an event's metadata: a whole number of zero or more, else 0. */
function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** The loop an `active_loop` event starts, with the dialogue it took over and that one's step. */
function loopOf(event: TrackerEvent): ActiveLoop | null {
  if (typeof event.name !== 'string') return null;
  const loop: ActiveLoop = { name: event.name, requested: null, attempts: 0 };
  const interrupted = event.metadata?.[INTERRUPTED_DIALOGUE];
  if (typeof interrupted !== 'string' || interrupted === event.name) return loop;
  loop.interrupted = interrupted;
  const step = event.metadata?.[INTERRUPTED_STEP];
  if (typeof step === 'string' || step === null) loop.interruptedStep = { requested: step, attempts: countOf(event.metadata?.[INTERRUPTED_ATTEMPTS]) };
  return loop;
}

export interface ConversationState {
  slots: Record<string, unknown>;
  /** The dialogue of the latest answer, or null when the latest answer was a fallback or none. */
  previousDialogue: string | null;
  paused: boolean;
  /** Timestamp of the latest user event of the session, null when the user has not spoken. */
  latestUserTime: number | null;
  /** True once an `action_session_start` (or `session_started`) event has been seen. */
  sessionStarted: boolean;
  /**
   * The dialogue flow (its main dialogue's name) in which each slot was set: the slot event's
   * `metadata.dialogue`; null when set from outside (the conversations API) or outside any dialogue.
   */
  slotOwners: Record<string, string | null>;
  activeLoop: ActiveLoop | null;
  /** Fallback answers since the last answer of a dialogue (or the last resume): what hands off after N in a row. */
  fallbacksInARow: number;
  /**
   * What agents wrote (bot events with `metadata.handoff_agent`, src/handoff) since the user's last
   * message: the REST channel gives them with its next answer.
   */
  agentReplies: string[];
}

export function initialConversationState(): ConversationState {
  return { slots: {}, previousDialogue: null, paused: false, latestUserTime: null, sessionStarted: false, slotOwners: {}, activeLoop: null, fallbacksInARow: 0, agentReplies: [] };
}

/** Reads the state from the events of the current session, in order. */
export function readConversationState(events: readonly TrackerEvent[]): ConversationState {
  return applyEvents(initialConversationState(), events);
}

/**
 * The state after `events` (appended in order); `state` itself is left unchanged. States are read,
 * never written, once made: the new state shares the slots, their owners and the agents' replies of
 * `previous` until an event changes them, and copies them then (a turn without slot events copies
 * nothing; copying objects of a thousand shapes cost about 1 µs each in the server).
 */
export function applyEvents(previous: ConversationState, events: readonly TrackerEvent[]): ConversationState {
  // Every field named, in one order: a spread of `previous` followed by fields that replace its
  // own made V8 copy the object the slow way (about 4 % of a turn's CPU in the profile).
  const state: ConversationState = {
    slots: previous.slots,
    previousDialogue: previous.previousDialogue,
    paused: previous.paused,
    latestUserTime: previous.latestUserTime,
    sessionStarted: previous.sessionStarted,
    slotOwners: previous.slotOwners,
    activeLoop: previous.activeLoop === null ? null : { ...previous.activeLoop },
    fallbacksInARow: previous.fallbacksInARow,
    agentReplies: previous.agentReplies,
  };
  /** Whether `state.slots` and `state.slotOwners` are this state's own (written here, not shared). */
  let ownSlots = false;
  let ownReplies = false;
  for (const event of events) {
    // As Rasa's processor: a message starts a session when no event applies since the last restart
    // (or ever); any event after a restart (a posted slot, a session start) counts as one.
    if (event.event !== 'restart') state.sessionStarted = true;
    switch (event.event) {
      case 'session_started':
        state.sessionStarted = true;
        break;
      case 'slot': {
        if (typeof event.name !== 'string') break;
        if (!ownSlots) {
          state.slots = { ...state.slots };
          state.slotOwners = { ...state.slotOwners };
          ownSlots = true;
        }
        state.slots[event.name] = event.value;
        const owner = event.metadata?.dialogue;
        state.slotOwners[event.name] = typeof owner === 'string' ? owner : null;
        if (event.name === REQUESTED_SLOT && state.activeLoop !== null) {
          // A question asked (again) starts its count of answers afresh — but the step a dialogue
          // taken over comes back at, whose count goes on.
          state.activeLoop.requested = typeof event.value === 'string' ? event.value : null;
          state.activeLoop.attempts = countOf(event.metadata?.[RESUMED_ATTEMPTS]);
        }
        break;
      }
      case 'active_loop':
      case 'form': {
        // 'form' is Rasa 1's name, read by Rasa 3 as active_loop.
        state.activeLoop = loopOf(event);
        break;
      }
      case 'reset_slots':
        state.slots = {};
        state.slotOwners = {};
        ownSlots = true;
        break;
      case 'restart':
        // As Rasa's Restarted: the conversation starts over, unpaused (the tracker says so too), and
        // the next message opens a new session unless another event comes first.
        state.sessionStarted = false;
        state.latestUserTime = null;
        state.slots = {};
        state.slotOwners = {};
        ownSlots = true;
        state.previousDialogue = null;
        state.activeLoop = null;
        state.paused = false;
        state.fallbacksInARow = 0;
        state.agentReplies = [];
        break;
      case 'loop_interrupted':
        if (state.activeLoop !== null) {
          if (event.is_interrupted === true && state.previousDialogue !== null) state.activeLoop.sideDialogue = state.previousDialogue;
          else delete state.activeLoop.sideDialogue;
        }
        break;
      case 'pause':
        state.paused = true;
        break;
      case 'resume':
        state.paused = false;
        state.fallbacksInARow = 0;
        break;
      case 'user':
        state.latestUserTime = event.timestamp;
        // The side question's follow-ups apply to this message only (the turn reads the state before it).
        if (state.activeLoop?.sideDialogue !== undefined) delete state.activeLoop.sideDialogue;
        state.agentReplies = [];
        ownReplies = true;
        break;
      case 'bot':
        if (typeof event.metadata?.handoff_agent === 'string' && typeof event.text === 'string') {
          if (!ownReplies) {
            state.agentReplies = [...state.agentReplies];
            ownReplies = true;
          }
          state.agentReplies.push(event.text);
        }
        break;
      case 'action': {
        if (event.name === ACTION_SESSION_START) {
          // A session starts afresh: what carries over (slots) is written again as slot events
          // after it, so reading from here on gives the same state as reading the session alone.
          // A new session also ends a pause.
          state.slots = {};
          state.slotOwners = {};
          ownSlots = true;
          state.previousDialogue = null;
          state.paused = false;
          state.latestUserTime = null;
          state.sessionStarted = true;
          state.activeLoop = null;
          state.fallbacksInARow = 0;
          state.agentReplies = [];
          ownReplies = true;
          break;
        }
        if (event.name === ACTION_LISTEN) break;
        state.fallbacksInARow = event.policy === FALLBACK_POLICY ? state.fallbacksInARow + 1 : 0;
        // The dialogue asking for contexts ran again on an answer that did not fit.
        if (state.activeLoop !== null && event.name === state.activeLoop.name && event.metadata?.invalid_answer === true) state.activeLoop.attempts += 1;
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
