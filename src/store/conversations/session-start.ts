// Where the current session of a conversation starts, as the events arrive. Rasa's session start
// logs the `action_session_start` action and then `session_started`; both belong to the new
// session. A `session_started` posted on its own starts a session too.
import type { StoredEvent } from '../store.js';

type Event = StoredEvent['event'];

export const SESSION_START_ACTION = 'action_session_start';

export function isSessionStartAction(event: Event): boolean {
  return event.event === 'action' && event['name'] === SESSION_START_ACTION;
}

/**
 * The index in `events` of the last event that starts a session, or -1 when none does.
 * `afterSessionAction` says whether the event stored just before `events[0]` was the
 * `action_session_start` action, which a leading `session_started` then joins.
 */
export function findSessionStart(events: readonly Event[], afterSessionAction: boolean): number {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (event === undefined) continue;
    if (isSessionStartAction(event)) return index;
    if (event.event === 'session_started') {
      const previous = events[index - 1];
      const joinsAction = previous === undefined ? afterSessionAction : isSessionStartAction(previous);
      if (!joinsAction) return index;
    }
  }
  return -1;
}
