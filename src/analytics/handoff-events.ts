// Which tracker events mean that a human took the conversation over ("handed off"). Today that is
// Rasa's `pause` event (the admin API's pause route, the conversations API); the human handoff of
// issue 20 adds its own event types to this list, and an event whose metadata says
// `handoff: true` counts too, so the analytics need no other change.
import type { StoredEvent } from '../store/store.js';

export const HANDOFF_EVENT_TYPES: readonly string[] = ['pause'];

export function isHandoffEvent(event: StoredEvent['event']): boolean {
  if (HANDOFF_EVENT_TYPES.includes(event.event)) return true;
  const metadata = event['metadata'];
  return typeof metadata === 'object' && metadata !== null && (metadata as Record<string, unknown>)['handoff'] === true;
}
