// Servers: one per customer, named as in `{server}{lang}.{domain}`.
import type { Kysely, Selectable } from 'kysely';
import type { Database, ServersTable } from '../database-schema.js';
import { epochSeconds } from '../epoch-seconds.js';
import { isUniqueViolation } from '../database-errors.js';
import type { ServerRecord, Store } from '../store.js';

type ServerStore = Store['servers'];
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../store-errors.js';
import { assertServerName } from '../store-names.js';

export class ServerRepository implements ServerStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(input: { name: string; displayName?: string }): Promise<ServerRecord> {
    assertServerName(input.name);
    const displayName = input.displayName?.trim() || input.name;
    try {
      const row = await this.#db
        .insertInto('servers')
        .values({ name: input.name, display_name: displayName, created_at: epochSeconds() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toServerRecord(row);
    } catch (error: unknown) {
      if (isUniqueViolation(error)) throw new StoreConflictError(`Server "${input.name}" already exists`, { cause: error });
      throw error;
    }
  }

  async get(name: string): Promise<ServerRecord | undefined> {
    const row = await this.#db.selectFrom('servers').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : toServerRecord(row);
  }

  async update(name: string, changes: { displayName?: string; enabled?: boolean }): Promise<ServerRecord> {
    const set: { display_name?: string; enabled?: number } = {};
    if (changes.displayName !== undefined) {
      const displayName = changes.displayName.trim();
      if (displayName === '') throw new StoreValidationError('A server display name cannot be empty');
      set.display_name = displayName;
    }
    if (changes.enabled !== undefined) set.enabled = changes.enabled ? 1 : 0;
    if (Object.keys(set).length > 0) await this.#db.updateTable('servers').set(set).where('name', '=', name).execute();
    const updated = await this.get(name);
    if (updated === undefined) throw new StoreNotFoundError(`Server "${name}" does not exist`);
    return updated;
  }

  async list(): Promise<ServerRecord[]> {
    const rows = await this.#db.selectFrom('servers').selectAll().orderBy('name').execute();
    return rows.map(toServerRecord);
  }
}

function toServerRecord(row: Selectable<ServersTable>): ServerRecord {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
  };
}
