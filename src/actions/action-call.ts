// The body Rasa 3.6 POSTs to an action server (rasa-sdk's `ActionCall`), key for key and in
// Rasa's order: `next_action`, `sender_id`, `tracker` (its current state with ALL the events of
// the tracker — as Rasa's tracker stores load it, the current session's), `version`, `domain`.
import { buildTrackerState, type TrackerState } from '../tracker/tracker-state.js';
import type { TrackerEvent } from '../tracker/events.js';

/** The Rasa version we speak for; rasa-sdk compares major.minor with its own and only warns. */
export const RASA_VERSION = '3.6.21';

export interface ActionCall {
  next_action: string;
  sender_id: string;
  tracker: TrackerState;
  version: string;
  domain: Record<string, unknown>;
}

export function actionCall(input: {
  action: string;
  sender: string;
  /** The conversation's events up to (not including) the action's own `action` event. */
  events: readonly TrackerEvent[];
  slotNames: readonly string[];
  domain: Record<string, unknown>;
}): ActionCall {
  return {
    next_action: input.action,
    sender_id: input.sender,
    tracker: buildTrackerState(input.sender, input.events, input.slotNames, { includeEvents: 'ALL' }),
    version: RASA_VERSION,
    domain: input.domain,
  };
}
