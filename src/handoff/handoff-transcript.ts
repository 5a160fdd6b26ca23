// The conversation as the agents' inbox shows it: the user's messages with the intent understood
// (as the analytics transcript reads it, `understoodOf`: for a message not understood, the nearest
// intent and its own confidence, not the fallback's threshold),
// the assistant's and the agents' messages, and the handoff's moments (handed off, taken,
// transferred, given back). Read from the tracker, the newest `limit` entries.
import { understoodOf } from '../analytics/project-events.js';
import type { TranscriptUserEntry } from '../analytics/transcript.js';
import type { StoredEvent } from '../store/store.js';
import { HANDOFF_TAKEN, HANDOFF_TRANSFERRED } from './handoff-tracker-events.js';

/** A user's message, as the analytics transcript has it (its confidence: for the fallback, the nearest intent's, `candidate`). */
type InboxUserEntry = Pick<TranscriptUserEntry, 'id' | 'kind' | 'time' | 'text' | 'channel' | 'intent' | 'confidence' | 'candidate'>;

export type InboxEntry =
  | InboxUserEntry
  | { id: number; kind: 'bot'; time: number; text: string | null; buttons: string[]; agent: string | null }
  | { id: number; kind: 'handoff' | 'taken' | 'transferred' | 'resumed'; time: number; agent: string | null; reason: string | null };

export function inboxTranscript(events: readonly StoredEvent[], limit = 200): InboxEntry[] {
  const entries: InboxEntry[] = [];
  for (const { id, event } of events) {
    const metadata = (event.metadata ?? {}) as Record<string, unknown>;
    const text = (key: string): string | null => (typeof event[key] === 'string' ? (event[key] as string) : null);
    switch (event.event) {
      case 'user': {
        const understood = understoodOf(event);
        entries.push({
          id,
          kind: 'user',
          time: event.timestamp,
          text: text('text') ?? '',
          channel: text('input_channel'),
          intent: understood.intent,
          confidence: understood.confidence,
          candidate: understood.candidate,
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
