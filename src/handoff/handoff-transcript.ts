// The conversation as the agents' inbox shows it: the user's messages with the intent understood,
// the assistant's and the agents' messages, and the handoff's moments (handed off, taken,
// transferred, given back). Read from the tracker, the newest `limit` entries.
import type { StoredEvent } from '../store/store.js';
import { HANDOFF_TAKEN, HANDOFF_TRANSFERRED } from './handoff-tracker-events.js';

export type InboxEntry =
  | { id: number; kind: 'user'; time: number; text: string; channel: string | null; intent: string | null; confidence: number | null }
  | { id: number; kind: 'bot'; time: number; text: string | null; buttons: string[]; agent: string | null }
  | { id: number; kind: 'handoff' | 'taken' | 'transferred' | 'resumed'; time: number; agent: string | null; reason: string | null };

export function inboxTranscript(events: readonly StoredEvent[], limit = 200): InboxEntry[] {
  const entries: InboxEntry[] = [];
  for (const { id, event } of events) {
    const metadata = (event.metadata ?? {}) as Record<string, unknown>;
    const text = (key: string): string | null => (typeof event[key] === 'string' ? (event[key] as string) : null);
    switch (event.event) {
      case 'user': {
        const intent = (event['parse_data'] as { intent?: { name?: unknown; confidence?: unknown } } | undefined)?.intent;
        entries.push({
          id,
          kind: 'user',
          time: event.timestamp,
          text: text('text') ?? '',
          channel: text('input_channel'),
          intent: typeof intent?.name === 'string' ? intent.name : null,
          confidence: typeof intent?.confidence === 'number' ? intent.confidence : null,
        });
        break;
      }
      case 'bot': {
        const data = (event['data'] ?? {}) as { buttons?: Array<{ title?: unknown }> | null };
        const buttons = (data.buttons ?? []).map((button) => String(button.title ?? ''));
        entries.push({ id, kind: 'bot', time: event.timestamp, text: text('text'), buttons, agent: typeof metadata['handoff_agent'] === 'string' ? metadata['handoff_agent'] : null });
        break;
      }
      case 'pause':
        entries.push({ id, kind: 'handoff', time: event.timestamp, agent: typeof metadata['agent'] === 'string' ? metadata['agent'] : null, reason: typeof metadata['handoff_reason'] === 'string' ? metadata['handoff_reason'] : null });
        break;
      case HANDOFF_TAKEN:
        entries.push({ id, kind: 'taken', time: event.timestamp, agent: text('agent'), reason: null });
        break;
      case HANDOFF_TRANSFERRED:
        entries.push({ id, kind: 'transferred', time: event.timestamp, agent: text('to'), reason: text('from') });
        break;
      case 'resume':
        entries.push({ id, kind: 'resumed', time: event.timestamp, agent: typeof metadata['handoff_resolved_by'] === 'string' ? metadata['handoff_resolved_by'] : null, reason: null });
        break;
      default:
        break;
    }
  }
  return entries.slice(-limit);
}
