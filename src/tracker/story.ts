// A conversation written as a Rasa story (GET /conversations/{id}/story): the user's intents and
// texts, the actions, the slots that were set and the forms (active loops), in Rasa's YAML training format.
import { stringify } from 'yaml';
import { ACTION_LISTEN, ACTION_SESSION_START, type TrackerEvent } from './events.js';

type Step = Record<string, unknown>;

/** Splits events into sessions, each starting at an `action_session_start` (or `session_started`). */
export function splitSessions(events: readonly TrackerEvent[]): TrackerEvent[][] {
  const sessions: TrackerEvent[][] = [[]];
  for (const [index, event] of events.entries()) {
    const startsAction = event.event === 'action' && event.name === ACTION_SESSION_START;
    const startsAlone = event.event === 'session_started' && !(events[index - 1]?.event === 'action' && events[index - 1]?.name === ACTION_SESSION_START);
    if ((startsAction || startsAlone) && (sessions.at(-1)?.length ?? 0) > 0) sessions.push([]);
    sessions.at(-1)?.push(event);
  }
  return sessions.filter((session) => session.length > 0);
}

function steps(events: readonly TrackerEvent[]): Step[] {
  const out: Step[] = [];
  for (const event of events) {
    if (event.event === 'user') {
      const parse = event.parse_data as { intent?: { name?: string } } | undefined;
      const step: Step = { intent: parse?.intent?.name ?? null };
      if (typeof event.text === 'string' && !event.text.startsWith('/')) step.user = event.text;
      out.push(step);
    } else if (event.event === 'action' && event.name !== ACTION_LISTEN && event.name !== ACTION_SESSION_START) {
      out.push({ action: event.name });
    } else if (event.event === 'slot' && event.name !== 'session_started_metadata') {
      out.push({ slot_was_set: [{ [String(event.name)]: event.value ?? null }] });
    } else if (event.event === 'active_loop' || event.event === 'form') {
      out.push({ active_loop: typeof event.name === 'string' ? event.name : null });
    }
  }
  return out;
}

export function storyYaml(senderId: string, events: readonly TrackerEvent[], options: { allSessions?: boolean } = {}): string {
  const sessions = splitSessions(events);
  const chosen = options.allSessions ? sessions : sessions.slice(-1);
  const stories = chosen.map((session, index) => ({
    story: chosen.length > 1 ? `${senderId}, story ${index + 1}` : senderId,
    steps: steps(session),
  }));
  return stringify({ version: '3.1', stories }, { lineWidth: 0 });
}
