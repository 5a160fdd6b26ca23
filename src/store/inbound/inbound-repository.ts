// Durable inbound work (Store['inbound']): push channels' messages acknowledged to their platform
// while their turn was still running (src/channels/core/inbound-dispatcher.ts). A row is always
// claimed: by the process running its turn, which renews the claim and deletes the row once the
// turn is recorded, or by the process replaying it after the first one stopped. Taking a row over
// is one conditional UPDATE, so of two processes at once only one takes it (as the outbox's claims).
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { NewPendingInbound, PendingInbound, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type InboundStore = Store['inbound'];

interface Row {
  id: number;
  assistant_id: number;
  channel: string;
  sender: string;
  turn: string;
  created_at: number;
  attempts: number;
}

function toRecord(row: Row): PendingInbound {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    channel: row.channel,
    sender: row.sender,
    turn: JSON.parse(row.turn) as unknown,
    createdAt: Number(row.created_at),
    attempts: Number(row.attempts),
  };
}

export class InboundRepository implements InboundStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async add(items: readonly NewPendingInbound[], claimant: string, until: number): Promise<number[]> {
    if (items.length === 0) return [];
    const createdAt = epochSeconds();
    try {
      // One by one, so the ids follow the given order in both dialects.
      return await this.#db.transaction().execute(async (trx) => {
        const ids: number[] = [];
        for (const item of items) {
          const row = await trx
            .insertInto('inbound_pending')
            .values({ assistant_id: item.assistantId, channel: item.channel, sender: item.sender, turn: JSON.stringify(item.turn), created_at: createdAt, claimed_by: claimant, claimed_until: until })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids.push(Number(row.id));
        }
        return ids;
      });
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError('Assistant does not exist', { cause: error });
      throw error;
    }
  }

  async renew(ids: readonly number[], claimant: string, until: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.#db.updateTable('inbound_pending').set({ claimed_until: until }).where('id', 'in', [...ids]).where('claimed_by', '=', claimant).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async holds(id: number, claimant: string, until: number): Promise<boolean> {
    return (await this.renew([id], claimant, until)) === 1;
  }

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.deleteFrom('inbound_pending').where('id', 'in', [...ids]).execute();
  }

  async claim(channel: string, claim: { claimant: string; limit: number; now: number; until: number }): Promise<PendingInbound[]> {
    const { claimant, limit, now, until } = claim;
    const candidates = await this.#db
      .selectFrom('inbound_pending')
      .select('id')
      .where('channel', '=', channel)
      .where('claimed_until', '<=', now)
      .orderBy('id')
      .limit(Math.max(1, limit))
      .execute();
    if (candidates.length === 0) return [];
    const taken = await this.#db
      .updateTable('inbound_pending')
      .set((eb) => ({ claimed_by: claimant, claimed_until: until, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', candidates.map((row) => Number(row.id)))
      .where('claimed_until', '<=', now)
      .returningAll()
      .execute();
    return taken.map(toRecord).sort((a, b) => a.id - b.id);
  }

  async takeEarlier(channel: string, assistantId: number, sender: string, take: { claimant: string; until: number; before?: number }): Promise<PendingInbound[]> {
    const { claimant, until, before } = take;
    let query = this.#db
      .selectFrom('inbound_pending')
      .select('id')
      .where('channel', '=', channel)
      .where('assistant_id', '=', assistantId)
      .where('sender', '=', sender);
    if (before !== undefined) query = query.where('id', '<', before);
    const earlier = await query.execute();
    if (earlier.length === 0) return [];
    const taken = await this.#db
      .updateTable('inbound_pending')
      .set((eb) => ({ claimed_by: claimant, claimed_until: until, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', earlier.map((row) => Number(row.id)))
      .returningAll()
      .execute();
    return taken.map(toRecord).sort((a, b) => a.id - b.id);
  }

  async backlog(): Promise<Array<{ channel: string; pending: number; oldestAt: number }>> {
    const rows = await this.#db
      .selectFrom('inbound_pending')
      .select(['channel', (eb) => eb.fn.countAll<number>().as('pending'), (eb) => eb.fn.min('created_at').as('oldest_at')])
      .groupBy('channel')
      .orderBy('channel')
      .execute();
    return rows.map((row) => ({ channel: row.channel, pending: Number(row.pending), oldestAt: Number(row.oldest_at) }));
  }
}
