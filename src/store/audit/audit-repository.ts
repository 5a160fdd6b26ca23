// The audit log (Store['audit']): who did what to personal data (exports, erasures, retention
// runs) and to curation, per server, newest first. Rows are only ever added.
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { AuditEntry, Store } from '../store.js';

type AuditStore = Store['audit'];

export class AuditRepository implements AuditStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const row = await this.#db
      .insertInto('audit_log')
      .values({
        server_id: entry.serverId,
        assistant_id: entry.assistantId,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details: JSON.stringify(entry.details),
        created_at: entry.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...entry, id: Number(row.id) };
  }

  async list(serverId: number, options: { limit: number; beforeId?: number; assistantId?: number }): Promise<AuditEntry[]> {
    let query = this.#db.selectFrom('audit_log').selectAll().where('server_id', '=', serverId);
    if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
    if (options.assistantId !== undefined) query = query.where('assistant_id', '=', options.assistantId);
    const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map((row) => ({
      id: Number(row.id),
      serverId: row.server_id,
      assistantId: row.assistant_id,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      details: JSON.parse(row.details) as Record<string, unknown>,
      createdAt: row.created_at,
    }));
  }
}
