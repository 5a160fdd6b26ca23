// The access revision (migration 0008): a number the database's own triggers raise with every
// change of servers, assistants and their secrets. Processes poll it to know when what they cached
// about access is stale; `onAccessChange` tells this process at once about the changes it makes
// itself (to pass on to the others, e.g. through Redis).
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { Store } from '../store.js';

type RevisionStore = Store['revisions'];

export class RevisionRepository implements RevisionStore {
  readonly #db: Kysely<Database>;
  readonly #listeners = new Set<() => void>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async access(): Promise<number> {
    const row = await this.#db.selectFrom('revisions').select('value').where('name', '=', 'access').executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  onAccessChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called by the repositories of servers, assistants and secrets after each write. */
  accessChanged(): void {
    for (const listener of this.#listeners) listener();
  }
}
