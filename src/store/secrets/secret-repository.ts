// Sealed secrets per assistant, by name (e.g. `api_token`). Values arrive sealed (src/secrets) and
// are returned as stored; this layer never sees a plaintext secret.
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { epochSeconds } from '../epoch-seconds.js';
import type { Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type SecretStore = Store['secrets'];

export class SecretRepository implements SecretStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(assistantId: number, name: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('assistant_secrets')
      .select('sealed_value')
      .where('assistant_id', '=', assistantId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.sealed_value;
  }

  async set(assistantId: number, name: string, sealedValue: string): Promise<void> {
    const updatedAt = epochSeconds();
    try {
      await this.#db
        .insertInto('assistant_secrets')
        .values({ assistant_id: assistantId, name, sealed_value: sealedValue, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(['assistant_id', 'name']).doUpdateSet({ sealed_value: sealedValue, updated_at: updatedAt }))
        .execute();
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`Assistant ${assistantId} does not exist`, { cause: error });
      throw error;
    }
  }

  async delete(assistantId: number, name: string): Promise<void> {
    await this.#db.deleteFrom('assistant_secrets').where('assistant_id', '=', assistantId).where('name', '=', name).execute();
  }

  async names(assistantId: number): Promise<string[]> {
    const rows = await this.#db.selectFrom('assistant_secrets').select('name').where('assistant_id', '=', assistantId).orderBy('name').execute();
    return rows.map((row) => row.name);
  }
}
