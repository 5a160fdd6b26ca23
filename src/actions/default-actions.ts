// Rasa's default actions that an action server's follow-up or the conversations API's `/execute`
// may name, and the events Rasa records for them: a restart (then the new session Rasa starts after
// it, nothing carried over), a session start (the slots carried over, as the engine's own session
// starts carry them), the end of the active loop (and of its requested slot). The caller adds the
// closing `action_listen`; a restart or session start also ends the answer it is part of.
import type { AssistantContent, Skill } from '../assistant/content.js';
import { carriedOverSlots } from '../dialogue/context-lifetimes.js';
import { ACTION_DEACTIVATE_LOOP, ACTION_RESTART, ACTION_SESSION_START, actionEvent, REQUESTED_SLOT, sessionStartedEvent, slotEvent, type EventMetadata, type TrackerEvent } from '../tracker/events.js';

/** The events of default action `name`, or undefined when it is not one of these. */
export function defaultActionEvents(
  name: string,
  now: number,
  metadata: EventMetadata,
  carried: () => ReturnType<typeof carriedOverSlots>,
  options: { policy?: string | null; confidence?: number | null } = {},
): TrackerEvent[] | undefined {
  const action = actionEvent(name, now, { policy: options.policy ?? null, confidence: options.confidence ?? 1, metadata });
  if (name === ACTION_RESTART) return [action, { event: 'restart', timestamp: now, metadata }, actionEvent(ACTION_SESSION_START, now, { confidence: 1, metadata }), sessionStartedEvent(now, metadata)];
  if (name === ACTION_SESSION_START) {
    const slots = carried().map(({ name: slot, value, owner }) => slotEvent(slot, value, now, owner === null ? metadata : { ...metadata, dialogue: owner }));
    return [action, sessionStartedEvent(now, metadata), ...slots];
  }
  // As Rasa's ActionDeactivateLoop: no active loop, and no slot requested any more.
  if (name === ACTION_DEACTIVATE_LOOP) return [action, { event: 'active_loop', timestamp: now, name: null, metadata }, slotEvent(REQUESTED_SLOT, null, now, metadata)];
  return undefined;
}

/** The response Rasa's action_restart says first when the assistant has it (an imported Rasa project's). */
export const UTTER_RESTART = 'utter_restart';

/** The assistant's `utter_restart` skill, when it has one that answers by itself (not an action or an API). */
export function utterRestartSkill(content: AssistantContent): Skill | undefined {
  return content.skills.find((skill) => skill.name === UTTER_RESTART && skill.kind !== 'action' && skill.kind !== 'custom');
}
