// Durable outbound work (Store['outbox']): sends a channel owes a platform, in id order per
// recipient. Payloads are kept as JSON text; a channel never puts a credential in one.
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { OutboundMessage, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type OutboxStore = Store['outbox'];

interface Row {
  id: number;
  assistant_id: number;
  channel: string;
  recipient: string;
  payload: string;
  created_at: number;
}

function toRecord(row: Row): OutboundMessage {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    channel: row.channel,
    recipient: row.recipient,
    payload: JSON.parse(row.payload) as unknown,
    createdAt: row.created_at,
  };
}

export class OutboxRepository implements OutboxStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async add(items: Array<{ assistantId: number; channel: string; recipient: string; payload: unknown }>): Promise<OutboundMessage[]> {
    if (items.length === 0) return [];
    const createdAt = epochSeconds();
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const stored: OutboundMessage[] = [];
        // One insert per item, in order, so the ids follow the given order in both dialects.
        for (const item of items) {
          const row = await trx
            .insertInto('outbound_messages')
            .values({ assistant_id: item.assistantId, channel: item.channel, recipient: item.recipient, payload: JSON.stringify(item.payload), created_at: createdAt })
            .returningAll()
            .executeTakeFirstOrThrow();
          stored.push(toRecord(row));
        }
        return stored;
      });
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

  async recipients(channel: string): Promise<Array<{ assistantId: number; recipient: string }>> {
    const rows = await this.#db
      .selectFrom('outbound_messages')
      .select(['assistant_id', 'recipient'])
      .select((eb) => eb.fn.min('id').as('first_id'))
      .where('channel', '=', channel)
      .groupBy(['assistant_id', 'recipient'])
      .orderBy('first_id')
      .execute();
    return rows.map((row) => ({ assistantId: row.assistant_id, recipient: row.recipient }));
  }

  async delete(id: number): Promise<void> {
    await this.#db.deleteFrom('outbound_messages').where('id', '=', id).execute();
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
