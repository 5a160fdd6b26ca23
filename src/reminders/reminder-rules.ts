// Rasa's rules for reminders (rasa/core/processor.py handle_reminder, _schedule_reminders,
// _cancel_reminders; rasa/shared/core/events.py ReminderScheduled, ReminderCancelled), as pure
// functions: what a `reminder` event asks, what a `cancel_reminder` cancels, and whether a due
// reminder still fires, read from the conversation's events when it is due.
import { randomUUID } from 'node:crypto';
import { readConversationState } from '../tracker/conversation-state.js';
import type { TrackerEvent } from '../tracker/events.js';
import type { NewReminder, ReminderRecord } from '../store/reminders/reminder-store.js';

/** At most this many reminders wait in one conversation (Rasa has no bound). */
export const MAX_PENDING_REMINDERS = 20;
/** A reminder is due at most this far ahead: a year, and a leap day. */
export const MAX_REMINDER_AHEAD_SECONDS = 366 * 24 * 60 * 60;
export const MAX_REMINDER_NAME_LENGTH = 256;
/** The longest intent a reminder may name (an intent's name is far shorter). */
export const MAX_REMINDER_INTENT_LENGTH = 256;
/** The most a reminder's entities may take as JSON: they are stored, and given to the intent it triggers. */
export const MAX_REMINDER_ENTITIES_BYTES = 16 * 1024;
/** Where the fired reminder's user event says which reminder it was (the firing is idempotent by it). */
export const REMINDER_ID_METADATA = 'reminder_id';

// An ISO-8601 date, or date-time with an optional offset (Python's isoformat(), with or without
// microseconds). Without an offset it is the server's local time, as Rasa reads it.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** The epoch seconds of an ISO-8601 date-time; undefined when it is not one. */
export function reminderDueAt(dateTime: string): number | undefined {
  if (!ISO_DATE_TIME.test(dateTime)) return undefined;
  // JavaScript moves an impossible day (2026-02-30) into the next month; Python's fromisoformat,
  // which Rasa reads it with, refuses it.
  const [year, month, day] = dateTime.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  // JavaScript reads at most milliseconds, and wants `T` and `+hh:mm`.
  const normalised = dateTime
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d+/, '$1')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
    .replace(/([+-]\d{2})$/, '$1:00');
  const millis = Date.parse(normalised);
  return Number.isFinite(millis) ? millis / 1000 : undefined;
}

/**
 * What is wrong with a `reminder` event's values (its field types are checked beside the other
 * events'), or undefined: the date-time must be one, at most MAX_REMINDER_AHEAD_SECONDS after
 * `now` (a past one is taken: it fires at once); the name, when given, short.
 */
export function reminderProblem(event: Record<string, unknown>, now: number): string | undefined {
  const dueAt = typeof event['date_time'] === 'string' ? reminderDueAt(event['date_time']) : undefined;
  if (dueAt === undefined) return 'date_time must be an ISO-8601 date-time (e.g. 2026-12-07T10:30:00+00:00)';
  if (dueAt - now > MAX_REMINDER_AHEAD_SECONDS) return 'date_time must be at most a year ahead';
  const name = event['name'];
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > MAX_REMINDER_NAME_LENGTH)) {
    return `name must be a string of at most ${MAX_REMINDER_NAME_LENGTH} characters`;
  }
  const intent = event['intent'];
  if (typeof intent === 'string' && intent.length > MAX_REMINDER_INTENT_LENGTH) return `intent must have at most ${MAX_REMINDER_INTENT_LENGTH} characters`;
  const entities = event['entities'];
  if (entities !== undefined && entities !== null && Buffer.byteLength(JSON.stringify(entities)) > MAX_REMINDER_ENTITIES_BYTES) {
    return `entities must take at most ${MAX_REMINDER_ENTITIES_BYTES / 1024} KB as JSON`;
  }
  const kill = event['kill_on_user_msg'];
  if (kill !== undefined && kill !== null && typeof kill !== 'boolean') return 'kill_on_user_msg must be a boolean';
  return undefined;
}

/** The fields Rasa's ReminderScheduled always has once read: a name (a new UUID), kill_on_user_msg true, entities null. */
export function withReminderDefaults(event: TrackerEvent): TrackerEvent {
  return {
    ...event,
    name: typeof event['name'] === 'string' ? event['name'] : randomUUID(),
    kill_on_user_msg: typeof event['kill_on_user_msg'] === 'boolean' ? event['kill_on_user_msg'] : true,
    entities: event['entities'] ?? null,
  } as TrackerEvent;
}

/** The reminder a (checked) `reminder` event schedules in its conversation. */
export function reminderOf(event: TrackerEvent, where: { assistantId: number; senderId: string; outputChannel: string | null; now: number }): NewReminder | undefined {
  const dueAt = typeof event['date_time'] === 'string' ? reminderDueAt(event['date_time']) : undefined;
  if (dueAt === undefined || typeof event['intent'] !== 'string' || typeof event['name'] !== 'string') return undefined;
  return {
    assistantId: where.assistantId,
    senderId: where.senderId,
    name: event['name'],
    intent: event['intent'],
    entities: event['entities'] ?? null,
    dueAt,
    killOnUserMessage: event['kill_on_user_msg'] !== false,
    outputChannel: where.outputChannel,
    scheduledAt: where.now,
  };
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/**
 * Whether a `cancel_reminder` event cancels this reminder of its conversation: each of name,
 * intent and entities that it gives must be the reminder's (entities compared as written); one
 * that gives none cancels them all.
 */
export function cancels(cancel: TrackerEvent, reminder: Pick<NewReminder, 'name' | 'intent' | 'entities'>): boolean {
  const { name, intent, entities } = cancel as { name?: unknown; intent?: unknown; entities?: unknown };
  if (!isEmpty(name) && name !== reminder.name) return false;
  if (!isEmpty(intent) && intent !== reminder.intent) return false;
  if (!isEmpty(entities) && JSON.stringify(entities) !== JSON.stringify(reminder.entities ?? null)) return false;
  return true;
}

export type FiringDecision = { fire: true } | { fire: false; reason: 'expired' | 'restarted' | 'user_message' | 'fired' | 'paused' };

/**
 * Whether a due reminder fires, from its conversation's current session (`events`, oldest first)
 * as it is when due, under its lock — Rasa's handle_reminder: not once the session has expired
 * (Rasa starts a new one first), nor when no `reminder` event of its name is in the session any
 * more (a restart, a new session, a history replaced), nor, with kill_on_user_msg, when the user
 * wrote after the latest one; and not twice (its user event carries its id). Unlike Rasa (which
 * records the triggered intent unanswered), not while a person holds the conversation (paused): it
 * would read to the agents as a message from the user.
 */
export function firingDecision(reminder: ReminderRecord, events: readonly TrackerEvent[], now: number, sessionExpirationSeconds: number): FiringDecision {
  const restartAt = events.findLastIndex((event) => event.event === 'restart' || event.event === 'session_started');
  const applied = events.slice(restartAt + 1);
  const lastUser = events.findLast((event) => event.event === 'user');
  if (sessionExpirationSeconds > 0 && lastUser !== undefined && now - lastUser.timestamp > sessionExpirationSeconds) return { fire: false, reason: 'expired' };
  if (applied.some((event) => event.event === 'user' && event.metadata?.[REMINDER_ID_METADATA] === reminder.id)) return { fire: false, reason: 'fired' };
  const isOwn = (event: TrackerEvent) => event.event === 'reminder' && event['name'] === reminder.name;
  if (!applied.some(isOwn)) return { fire: false, reason: 'restarted' };
  if (readConversationState(events).paused) return { fire: false, reason: 'paused' };
  if (reminder.killOnUserMessage) {
    for (let index = events.length - 1; index >= 0; index -= 1) {
      const event = events[index] as TrackerEvent;
      if (isOwn(event)) break;
      if (event.event === 'user' && typeof event['text'] === 'string' && event['text'] !== '') return { fire: false, reason: 'user_message' };
    }
  }
  return { fire: true };
}

/**
 * The change a batch of events makes to a conversation's reminders, in their order: a reminder
 * replaces the pending one of its name, a cancellation removes the pending ones it matches
 * (also those scheduled earlier in the batch). `pending` are the reminders still valid.
 */
export function reminderChange(
  pending: readonly ReminderRecord[],
  events: readonly TrackerEvent[],
  where: { assistantId: number; senderId: string; outputChannel: string | null; now: number },
): { remove: number[]; add: NewReminder[] } {
  const remove = new Set<number>();
  const kept = new Map(pending.map((reminder) => [reminder.name, reminder] as const));
  const added = new Map<string, NewReminder>();
  for (const event of events) {
    if (event.event === 'reminder') {
      const reminder = reminderOf(event, where);
      if (!reminder) continue;
      const previous = kept.get(reminder.name);
      if (previous) remove.add(previous.id);
      kept.delete(reminder.name);
      added.delete(reminder.name);
      added.set(reminder.name, reminder);
    } else if (event.event === 'cancel_reminder') {
      for (const [name, reminder] of kept) {
        if (cancels(event, reminder)) {
          remove.add(reminder.id);
          kept.delete(name);
        }
      }
      for (const [name, reminder] of added) if (cancels(event, reminder)) added.delete(name);
    }
  }
  return { remove: [...remove], add: [...added.values()] };
}
