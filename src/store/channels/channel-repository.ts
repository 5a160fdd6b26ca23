// What the push channels keep beside the outbox (Store['channels'], migration 0020): each channel's
// own record per assistant, their users' last message and reachability, what became of their
// answers, and button payloads kept under short ids.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ChannelDeliveriesTable, Database } from '../database-schema.js';
import { isForeignKeyViolation, isUniqueViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { ChannelContactRecord, ChannelDeliveryRecord, ChannelSettingsRecord, DeliveryReason, NewChannelDelivery, Store } from '../store.js';
import { StoreConflictError, StoreNotFoundError } from '../store-errors.js';

type ChannelStore = Store['channels'];

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  const value = JSON.parse(text) as unknown;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A stored coded reason: its code and the parameters that are numbers or texts (anything else is dropped). */
function toReason(code: string | null, params: string | null): DeliveryReason | null {
  if (code === null) return null;
  const kept: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(parseObject(params) ?? {})) if (typeof value === 'string' || typeof value === 'number') kept[name] = value;
  return { code, params: kept };
}

function notFoundOrThrow(error: unknown, assistantId: number): never {
  if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`Assistant ${assistantId} does not exist`, { cause: error });
  throw error;
}

function toDelivery(row: Selectable<ChannelDeliveriesTable>): ChannelDeliveryRecord {
  return {
    id: Number(row.id),
    assistantId: row.assistant_id,
    channel: row.channel,
    recipient: row.recipient,
    messageId: row.message_id,
    status: row.status,
    detail: parseObject(row.detail),
    reasonCode: toReason(row.reason_code, row.reason_params),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}

export class ChannelRepository implements ChannelStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async settings(assistantId: number, channel: string): Promise<ChannelSettingsRecord | undefined> {
    const row = await this.#db.selectFrom('channel_settings').selectAll().where('assistant_id', '=', assistantId).where('channel', '=', channel).executeTakeFirst();
    if (!row) return undefined;
    return { assistantId: row.assistant_id, channel: row.channel, address: row.address, settings: parseObject(row.settings) ?? {}, updatedAt: row.updated_at };
  }

  async saveSettings(assistantId: number, channel: string, input: { address: string | null; settings: Record<string, unknown> }): Promise<ChannelSettingsRecord> {
    const updatedAt = epochSeconds();
    const settings = JSON.stringify(input.settings);
    try {
      await this.#db
        .insertInto('channel_settings')
        .values({ assistant_id: assistantId, channel, address: input.address, settings, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(['assistant_id', 'channel']).doUpdateSet({ address: input.address, settings, updated_at: updatedAt }))
        .execute();
    } catch (error: unknown) {
      if (isUniqueViolation(error)) throw new StoreConflictError(`another assistant already has ${channel} address ${input.address ?? ''}`, { cause: error });
      notFoundOrThrow(error, assistantId);
    }
    return { assistantId, channel, address: input.address, settings: input.settings, updatedAt };
  }

  async assistantIdByAddress(channel: string, address: string): Promise<number | undefined> {
    const row = await this.#db.selectFrom('channel_settings').select('assistant_id').where('channel', '=', channel).where('address', '=', address).executeTakeFirst();
    return row?.assistant_id;
  }

  async touchContact(assistantId: number, channel: string, recipient: string, at: number): Promise<void> {
    try {
      await this.#db
        .insertInto('channel_contacts')
        .values({ assistant_id: assistantId, channel, recipient, last_inbound_at: at, unreachable_since: null, unreachable_reason: null })
        .onConflict((oc) =>
          oc.columns(['assistant_id', 'channel', 'recipient']).doUpdateSet({
            // A redelivered older message never moves the time back.
            last_inbound_at: sql<number>`case when channel_contacts.last_inbound_at is null or channel_contacts.last_inbound_at < ${at} then ${at} else channel_contacts.last_inbound_at end`,
            unreachable_since: null,
            unreachable_reason: null,
          }),
        )
        .execute();
    } catch (error: unknown) {
      notFoundOrThrow(error, assistantId);
    }
  }

  async contact(assistantId: number, channel: string, recipient: string): Promise<ChannelContactRecord | undefined> {
    const row = await this.#db
      .selectFrom('channel_contacts')
      .select(['last_inbound_at', 'unreachable_since', 'unreachable_reason'])
      .where('assistant_id', '=', assistantId)
      .where('channel', '=', channel)
      .where('recipient', '=', recipient)
      .executeTakeFirst();
    return row ? { lastInboundAt: row.last_inbound_at, unreachableSince: row.unreachable_since, unreachableReason: row.unreachable_reason } : undefined;
  }

  async isContactOf(assistantId: number, channels: readonly string[], recipient: string): Promise<boolean> {
    if (channels.length === 0) return false;
    const row = await this.#db
      .selectFrom('channel_contacts')
      .select('channel')
      .where('assistant_id', '=', assistantId)
      .where('channel', 'in', channels)
      .where('recipient', '=', recipient)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async markUnreachable(assistantId: number, channel: string, recipient: string, at: number, reason: string): Promise<void> {
    try {
      await this.#db
        .insertInto('channel_contacts')
        .values({ assistant_id: assistantId, channel, recipient, last_inbound_at: null, unreachable_since: at, unreachable_reason: reason })
        .onConflict((oc) => oc.columns(['assistant_id', 'channel', 'recipient']).doUpdateSet({ unreachable_since: at, unreachable_reason: reason }))
        .execute();
    } catch (error: unknown) {
      notFoundOrThrow(error, assistantId);
    }
  }

  async recordDelivery(input: NewChannelDelivery): Promise<boolean> {
    const reason = input.reasonCode ?? null;
    try {
      const row = await this.#db
        .insertInto('channel_deliveries')
        .values({
          assistant_id: input.assistantId,
          channel: input.channel,
          recipient: input.recipient,
          message_id: input.messageId,
          status: input.status,
          detail: input.detail === null ? null : JSON.stringify(input.detail),
          reason_code: reason?.code ?? null,
          reason_params: reason === null ? null : JSON.stringify(reason.params),
          occurred_at: input.occurredAt,
          recorded_at: epochSeconds(),
        })
        .onConflict((oc) => oc.columns(['assistant_id', 'channel', 'message_id', 'status']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    } catch (error: unknown) {
      notFoundOrThrow(error, input.assistantId);
    }
  }

  async deliveries(assistantId: number, channel: string, options: { limit?: number; recipient?: string; messageId?: string; statuses?: readonly string[] } = {}): Promise<ChannelDeliveryRecord[]> {
    let query = this.#db.selectFrom('channel_deliveries').selectAll().where('assistant_id', '=', assistantId).where('channel', '=', channel);
    if (options.recipient !== undefined) query = query.where('recipient', '=', options.recipient);
    if (options.messageId !== undefined) query = query.where('message_id', '=', options.messageId);
    if (options.statuses !== undefined && options.statuses.length > 0) query = query.where('status', 'in', options.statuses);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(Math.max(1, Math.min(options.limit ?? 50, 1000)))
      .execute();
    return rows.map(toDelivery);
  }

  async recordsOf(assistantId: number, recipient: string): Promise<{ contacts: Array<ChannelContactRecord & { channel: string }>; deliveries: ChannelDeliveryRecord[] }> {
    const contacts = await this.#db
      .selectFrom('channel_contacts')
      .select(['channel', 'last_inbound_at', 'unreachable_since', 'unreachable_reason'])
      .where('assistant_id', '=', assistantId)
      .where('recipient', '=', recipient)
      .orderBy('channel')
      .execute();
    const deliveries = await this.#db.selectFrom('channel_deliveries').selectAll().where('assistant_id', '=', assistantId).where('recipient', '=', recipient).orderBy('id').execute();
    return {
      contacts: contacts.map((row) => ({ channel: row.channel, lastInboundAt: row.last_inbound_at, unreachableSince: row.unreachable_since, unreachableReason: row.unreachable_reason })),
      deliveries: deliveries.map(toDelivery),
    };
  }

  async pruneDeliveries(channel: string, before: number): Promise<number> {
    const result = await this.#db.deleteFrom('channel_deliveries').where('channel', '=', channel).where('recorded_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async saveButtonPayloads(assistantId: number, entries: Array<{ shortId: string; payload: string }>): Promise<void> {
    if (entries.length === 0) return;
    const createdAt = epochSeconds();
    try {
      await this.#db
        .insertInto('channel_button_payloads')
        .values(entries.map((entry) => ({ assistant_id: assistantId, short_id: entry.shortId, payload: entry.payload, created_at: createdAt })))
        .onConflict((oc) => oc.columns(['assistant_id', 'short_id']).doNothing())
        .execute();
    } catch (error: unknown) {
      notFoundOrThrow(error, assistantId);
    }
  }

  async buttonPayload(assistantId: number, shortId: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('channel_button_payloads').select('payload').where('assistant_id', '=', assistantId).where('short_id', '=', shortId).executeTakeFirst();
    return row?.payload;
  }
}
