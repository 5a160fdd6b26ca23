// Servers: one per customer, named as in `{server}{lang}.{domain}`.
import type { Kysely, Selectable } from 'kysely';
import type { Database, ServersTable } from '../database-schema.js';
import { epochSeconds } from '../epoch-seconds.js';
import { isUniqueViolation } from '../database-errors.js';
import type { ServerRecord, Store } from '../store.js';
import type { StoreDialect } from '../store-config.js';
import { StoreNotFoundError, storeConflictError, storeValidationError } from '../store-errors.js';
import { assertServerName, MAX_SERVER_DISPLAY_NAME_LENGTH } from '../store-names.js';
import { assertFreeHostLabel } from './host-labels.js';

type ServerStore = Store['servers'];

export class ServerRepository implements ServerStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;
  readonly #changed: () => void;

  /** `changed` is told after each write (the store's access revision signal). */
  constructor(db: Kysely<Database>, dialect: StoreDialect, changed: () => void) {
    this.#db = db;
    this.#dialect = dialect;
    this.#changed = changed;
  }

  async create(input: { name: string; displayName?: string }): Promise<ServerRecord> {
    assertServerName(input.name);
    const displayName = input.displayName?.trim() || input.name;
    assertDisplayName(displayName);
    try {
      const row = await this.#db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('servers').select('id').where('name', '=', input.name).executeTakeFirst()) {
          throw storeConflictError(`Server "${input.name}" already exists`, 'server_exists', { name: input.name });
        }
        await assertFreeHostLabel(trx, this.#dialect, { kind: 'server', name: input.name });
        return trx
          .insertInto('servers')
          .values({ name: input.name, display_name: displayName, created_at: epochSeconds() })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      this.#changed();
      return toServerRecord(row);
    } catch (error: unknown) {
      if (isUniqueViolation(error)) throw storeConflictError(`Server "${input.name}" already exists`, 'server_exists', { name: input.name }, { cause: error });
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
      if (displayName === '') throw storeValidationError('A server display name cannot be empty', 'displayName', 'empty');
      assertDisplayName(displayName);
      set.display_name = displayName;
    }
    if (changes.enabled !== undefined) set.enabled = changes.enabled ? 1 : 0;
    if (Object.keys(set).length > 0) {
      await this.#db.updateTable('servers').set(set).where('name', '=', name).execute();
      this.#changed();
    }
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

function assertDisplayName(displayName: string): void {
  if (displayName.length > MAX_SERVER_DISPLAY_NAME_LENGTH) {
    throw storeValidationError(`A server display name has at most ${MAX_SERVER_DISPLAY_NAME_LENGTH} characters`, 'displayName', 'too_long', { max: MAX_SERVER_DISPLAY_NAME_LENGTH });
  }
}
