// Store['reminders'] (./reminder-store.ts): one row per pending reminder, unique by name in its
// conversation. Every change of a conversation's reminders is made under that conversation's lock
// (src/reminders), so `schedule` needs no more than its transaction; firing is claimed as the
// inbound replay's rows are: one conditional UPDATE, so of two processes one takes a reminder.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { StoreNotFoundError, storeConflictError } from '../store-errors.js';
import type { NewReminder, ReminderRecord, RemindersTable, ReminderStore } from './reminder-store.js';

function toRecord(row: Selectable<RemindersTable>): ReminderRecord {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    senderId: row.sender_id,
    name: row.name,
    intent: row.intent,
    entities: row.entities === null ? null : (JSON.parse(row.entities) as unknown),
    dueAt: Number(row.due_at),
    killOnUserMessage: Number(row.kill_on_user_msg) === 1,
    outputChannel: row.output_channel,
    scheduledAt: Number(row.scheduled_at),
    attempts: Number(row.attempts),
  };
}

function toRow(reminder: NewReminder) {
  return {
    assistant_id: reminder.assistantId,
    sender_id: reminder.senderId,
    name: reminder.name,
    intent: reminder.intent,
    entities: reminder.entities === null || reminder.entities === undefined ? null : JSON.stringify(reminder.entities),
    due_at: reminder.dueAt,
    kill_on_user_msg: reminder.killOnUserMessage ? 1 : 0,
    output_channel: reminder.outputChannel,
    scheduled_at: reminder.scheduledAt,
  };
}

export class ReminderRepository implements ReminderStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async schedule(assistantId: number, senderId: string, change: { remove: readonly number[]; add: readonly NewReminder[]; max: number }): Promise<void> {
    const { remove, add, max } = change;
    if (remove.length === 0 && add.length === 0) return;
    try {
      await this.#db.transaction().execute(async (trx) => {
        const conversation = trx.deleteFrom('reminders').where('assistant_id', '=', assistantId).where('sender_id', '=', senderId);
        if (remove.length > 0) await conversation.where('id', 'in', [...remove]).execute();
        if (add.length === 0) return;
        await conversation.where('name', 'in', add.map((reminder) => reminder.name)).execute();
        const counted = await trx
          .selectFrom('reminders')
          .select((eb) => eb.fn.countAll<number>().as('pending'))
          .where('assistant_id', '=', assistantId)
          .where('sender_id', '=', senderId)
          .executeTakeFirstOrThrow();
        const pending = Number(counted.pending) + add.length;
        if (pending > max) {
          throw storeConflictError(`the conversation would hold ${pending} pending reminders; at most ${max} may wait at once`, 'too_many_reminders', { max });
        }
        for (const reminder of add) await trx.insertInto('reminders').values(toRow(reminder)).execute();
      });
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError('the conversation does not exist', { cause: error });
      throw error;
    }
  }

  async list(assistantId: number, senderId: string): Promise<ReminderRecord[]> {
    const rows = await this.#db.selectFrom('reminders').selectAll().where('assistant_id', '=', assistantId).where('sender_id', '=', senderId).orderBy('due_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  async claimDue(claim: { claimant: string; limit: number; now: number; until: number }): Promise<ReminderRecord[]> {
    const { claimant, limit, now, until } = claim;
    const candidates = await this.#db
      .selectFrom('reminders')
      .select('id')
      .where('due_at', '<=', now)
      .where('claimed_until', '<=', now)
      .orderBy('due_at')
      .orderBy('id')
      .limit(Math.max(1, limit))
      .execute();
    if (candidates.length === 0) return [];
    const taken = await this.#db
      .updateTable('reminders')
      .set((eb) => ({ claimed_by: claimant, claimed_until: until, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', candidates.map((row) => Number(row.id)))
      .where('claimed_until', '<=', now)
      .returningAll()
      .execute();
    return taken.map(toRecord).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  }

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.deleteFrom('reminders').where('id', 'in', [...ids]).execute();
  }
}
