// Which tracker events mean that a human took the conversation over ("handed off"): Rasa's `pause`
// event (the admin API's pause route, the conversations API, and every handoff of src/handoff,
// whose `pause` carries `metadata.handoff: true` and the reason), and any event whose metadata says
// `handoff: true`. The handoff's own events (`handoff_taken`, `handoff_transferred`) always follow
// such a pause, so they are not counted again.
import type { StoredEvent } from '../store/store.js';

export const HANDOFF_EVENT_TYPES: readonly string[] = ['pause'];

export function isHandoffEvent(event: StoredEvent['event']): boolean {
  if (HANDOFF_EVENT_TYPES.includes(event.event)) return true;
  const metadata = event['metadata'];
  return typeof metadata === 'object' && metadata !== null && (metadata as Record<string, unknown>)['handoff'] === true;
}
