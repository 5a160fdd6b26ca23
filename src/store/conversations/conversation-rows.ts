// Rows of the conversations and events tables, shared by the Kysely repository and the SQLite
// hot path, so both validate and convert the same way.
import type { Insertable, Selectable } from 'kysely';
import type { ConversationsTable, Database } from '../database-schema.js';
import type { ConversationRecord, StoredEvent } from '../store.js';
import { StoreValidationError } from '../store-errors.js';

type Event = StoredEvent['event'];
export type EventRow = Insertable<Database['events']>;

/** Validates at the boundary: the timestamp and type columns come from these two keys. */
export function eventRows(assistantId: number, senderId: string, events: readonly Event[], posted = false): EventRow[] {
  return events.map((event, index) => {
    if (typeof event.event !== 'string' || event.event === '') {
      throw new StoreValidationError(`Event ${index} has no "event" type`);
    }
    if (typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp)) {
      throw new StoreValidationError(`Event ${index} ("${event.event}") has no numeric "timestamp"`);
    }
    const row: EventRow = { assistant_id: assistantId, sender_id: senderId, type: event.event, timestamp: event.timestamp, data: JSON.stringify(event) };
    if (posted) row.posted = 1;
    return row;
  });
}

export function toConversationRecord(row: Selectable<ConversationsTable>): ConversationRecord {
  return {
    assistantId: row.assistant_id,
    senderId: row.sender_id,
    paused: row.paused === 1,
    createdAt: row.created_at,
    latestEventTime: row.latest_event_time,
    revision: row.revision,
  };
}
