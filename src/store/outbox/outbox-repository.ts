// Durable outbound work (Store['outbox']): sends a channel owes a platform, in id order per
// recipient. Payloads are kept as JSON text; a channel never puts a credential in one.
//
// Claims (migration 0055) let several processes share the outbox: a sender claims a recipient's
// oldest rows for a while, sends them one by one, deleting each as soon as it is sent, and renews
// its claim while it works. Each claim step is one conditional UPDATE, so of two claimants at once
// only one takes a row (PostgreSQL re-checks the condition on the row it waited for; SQLite
// writes one at a time). A crashed sender's claim ends by itself.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { NewOutboundMessage, OutboundMessage, OutboxClaim, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type OutboxStore = Store['outbox'];

interface Row {
  id: number;
  assistant_id: number;
  channel: string;
  recipient: string;
  payload: string;
  created_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
}

function toRecord(row: Row): OutboundMessage {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    channel: row.channel,
    recipient: row.recipient,
    payload: JSON.parse(row.payload) as unknown,
    createdAt: row.created_at,
    claimedBy: row.claimed_by,
    claimedUntil: row.claimed_until === null ? null : Number(row.claimed_until),
  };
}

/** Inserts the items one by one, in order, so the ids follow the given order in both dialects. */
export async function insertOutboundMessages(trx: Transaction<Database>, items: readonly NewOutboundMessage[]): Promise<OutboundMessage[]> {
  const createdAt = epochSeconds();
  const stored: OutboundMessage[] = [];
  for (const item of items) {
    const row = await trx
      .insertInto('outbound_messages')
      .values({ assistant_id: item.assistantId, channel: item.channel, recipient: item.recipient, payload: JSON.stringify(item.payload), created_at: createdAt })
      .returningAll()
      .executeTakeFirstOrThrow();
    stored.push(toRecord(row));
  }
  return stored;
}

export class OutboxRepository implements OutboxStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async add(items: readonly NewOutboundMessage[]): Promise<OutboundMessage[]> {
    if (items.length === 0) return [];
    try {
      return await this.#db.transaction().execute((trx) => insertOutboundMessages(trx, items));
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError('Assistant does not exist', { cause: error });
      throw error;
    }
  }

  async pending(channel: string, assistantId: number, recipient: string): Promise<OutboundMessage[]> {
    const rows = await this.#db
      .selectFrom('outbound_messages')
      .selectAll()
      .where('channel', '=', channel)
      .where('assistant_id', '=', assistantId)
      .where('recipient', '=', recipient)
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async recipients(channel: string, claimableAt?: number): Promise<Array<{ assistantId: number; recipient: string }>> {
    let query = this.#db
      .selectFrom('outbound_messages')
      .select(['assistant_id', 'recipient'])
      .select((eb) => eb.fn.min('id').as('first_id'))
      .where('channel', '=', channel);
    if (claimableAt !== undefined) query = query.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claimableAt)]));
    const rows = await query
      .groupBy(['assistant_id', 'recipient'])
      .orderBy('first_id')
      .execute();
    return rows.map((row) => ({ assistantId: row.assistant_id, recipient: row.recipient }));
  }

  async claim(channel: string, assistantId: number, recipient: string, claim: OutboxClaim): Promise<OutboundMessage[]> {
    const { claimant, limit, now, until } = claim;
    const oldest = await this.#db
      .selectFrom('outbound_messages')
      .select(['id', 'claimed_by', 'claimed_until'])
      .where('channel', '=', channel)
      .where('assistant_id', '=', assistantId)
      .where('recipient', '=', recipient)
      .orderBy('id')
      .limit(Math.max(1, limit))
      .execute();
    const first = oldest[0];
    if (first === undefined || heldByAnother(first, claimant, now)) return [];
    const ids = oldest.map((row) => Number(row.id));
    const taken = await this.#db
      .updateTable('outbound_messages')
      .set({ claimed_by: claimant, claimed_until: until })
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', claimant), eb('claimed_until', '<=', now)]))
      .returningAll()
      .execute();
    // Keep the unbroken run from the oldest; what lies past a gap (a row another claimant took
    // meanwhile, or one sent and deleted) is given back, so that order per recipient holds.
    const byId = new Map(taken.map((row) => [Number(row.id), row] as const));
    const run: Row[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row === undefined) break;
      run.push(row);
    }
    const extra = taken.map((row) => Number(row.id)).filter((id) => !run.some((row) => Number(row.id) === id));
    if (extra.length > 0) await this.release(extra, claimant);
    return run.map(toRecord);
  }

  async renew(ids: readonly number[], claimant: string, until: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.#db.updateTable('outbound_messages').set({ claimed_until: until }).where('id', 'in', [...ids]).where('claimed_by', '=', claimant).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async release(ids: readonly number[], claimant: string): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.updateTable('outbound_messages').set({ claimed_by: null, claimed_until: null }).where('id', 'in', [...ids]).where('claimed_by', '=', claimant).execute();
  }

  async delete(id: number): Promise<boolean> {
    const { numDeletedRows } = await this.#db.deleteFrom('outbound_messages').where('id', '=', id).executeTakeFirst();
    return Number(numDeletedRows) > 0;
  }

  async backlog(): Promise<Array<{ channel: string; pending: number; oldestAt: number }>> {
    const rows = await this.#db
      .selectFrom('outbound_messages')
      .select(['channel', (eb) => eb.fn.countAll<number>().as('pending'), (eb) => eb.fn.min('created_at').as('oldest_at')])
      .groupBy('channel')
      .orderBy('channel')
      .execute();
    return rows.map((row) => ({ channel: row.channel, pending: Number(row.pending), oldestAt: Number(row.oldest_at) }));
  }
}

function heldByAnother(row: { claimed_by: string | null; claimed_until: number | null }, claimant: string, now: number): boolean {
  return row.claimed_by !== null && row.claimed_by !== claimant && row.claimed_until !== null && Number(row.claimed_until) > now;
}
