// The tracker events of a handoff, so the conversations API, the transcript and the analytics see
// them. Rasa's own `pause` and `resume` carry the pause itself (Rasa clients, 4biz included, know
// them); our own event types carry who took the conversation and who passed it on, with the
// handoff's id. `pause` with `metadata.handoff: true` is what the analytics count
// (src/analytics/handoff-events.ts).
import type { HandoffReason } from '../store/store.js';
import type { EventMetadata, TrackerEvent } from '../tracker/events.js';

export const HANDOFF_TAKEN = 'handoff_taken';
export const HANDOFF_TRANSFERRED = 'handoff_transferred';

/** The conversation is handed off: the assistant pauses. */
export function handoffPauseEvent(timestamp: number, metadata: EventMetadata, handoff: { reason: HandoffReason; detail: string | null; outsideHours: boolean; agent?: string }): TrackerEvent {
  return {
    event: 'pause',
    timestamp,
    metadata: {
      ...metadata,
      handoff: true,
      handoff_reason: handoff.reason,
      ...(handoff.detail === null ? {} : { handoff_skill: handoff.detail }),
      ...(handoff.outsideHours ? { outside_hours: true } : {}),
      ...(handoff.agent === undefined ? {} : { agent: handoff.agent }),
    },
  };
}

/**
 * The assistant pauses again for a handoff still open (`handoff_continues`: its id): a new session
 * while a person has the conversation, or an agent taking a handoff whose tracker lost its pause.
 */
export function handoffContinuesPauseEvent(timestamp: number, metadata: EventMetadata, handoffId: number, agent?: string): TrackerEvent {
  return { event: 'pause', timestamp, metadata: { ...metadata, handoff_continues: handoffId, ...(agent === undefined ? {} : { agent }) } };
}

export function handoffTakenEvent(timestamp: number, handoffId: number, agent: string): TrackerEvent {
  return { event: HANDOFF_TAKEN, timestamp, agent, handoff_id: handoffId };
}

export function handoffTransferredEvent(timestamp: number, handoffId: number, from: string | null, to: string): TrackerEvent {
  return { event: HANDOFF_TRANSFERRED, timestamp, from, to, handoff_id: handoffId };
}

/** The agent gives the conversation back: the assistant answers again. */
export function handoffResumeEvent(timestamp: number, handoffId: number, agent: string): TrackerEvent {
  return { event: 'resume', timestamp, metadata: { handoff_id: handoffId, handoff_resolved_by: agent } };
}
