// The store's part for Rasa's reminders (src/reminders): the contract, its record types and the
// table's row type (migration 0095).
import type { Generated } from 'kysely';

export interface RemindersTable {
  id: Generated<number>;
  assistant_id: number;
  sender_id: string;
  name: string;
  intent: string;
  entities: string | null;
  due_at: number;
  kill_on_user_msg: number;
  output_channel: string | null;
  scheduled_at: number;
  attempts: Generated<number>;
  claimed_by: string | null;
  claimed_until: Generated<number>;
}

/** A reminder to keep until it is due (`reminders.schedule`). */
export interface NewReminder {
  assistantId: number;
  senderId: string;
  /** Unique in its conversation: a new reminder of the same name replaces the pending one. */
  name: string;
  intent: string;
  /** As the event had them: a list of {entity, value}, an object of entity → value, or null. */
  entities: unknown;
  /** Float epoch seconds. */
  dueAt: number;
  killOnUserMessage: boolean;
  /** Where the answer goes; null: the conversation's latest input channel when it fires. */
  outputChannel: string | null;
  scheduledAt: number;
}

export interface ReminderRecord extends NewReminder {
  id: number;
  /** How many times a process claimed it to fire it. */
  attempts: number;
}

export interface ReminderStore {
  /**
   * In one transaction: removes the conversation's reminders with the ids in `remove` and those
   * with the names of `add`, then adds `add`. When the conversation would then hold more than
   * `max` reminders, nothing changes and it is a StoreConflictError (code `too_many_reminders`).
   * A conversation that does not exist (erased meanwhile) is a StoreNotFoundError.
   */
  schedule(assistantId: number, senderId: string, change: { remove: readonly number[]; add: readonly NewReminder[]; max: number }): Promise<void>;
  /** The conversation's pending reminders, by due time. */
  list(assistantId: number, senderId: string): Promise<ReminderRecord[]>;
  /**
   * Takes at most `limit` reminders due by `now` whose claim had ended, soonest first, for
   * `claimant` until `until`, counting an attempt on each; of two claimants at once, one takes a
   * reminder.
   */
  claimDue(claim: { claimant: string; limit: number; now: number; until: number }): Promise<ReminderRecord[]>;
  /** Removes fired, dropped or given-up reminders. */
  delete(ids: readonly number[]): Promise<void>;
}
