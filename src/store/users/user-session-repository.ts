// Console sessions (Store['userSessions']): the row's key is the SHA-256 of the id the browser
// holds, so a copy of the database does not sign anyone in. Expiry is decided above the store
// (src/admin-api/auth/console-sessions.ts) from the two times kept here.
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import type { Store, UserRecord, UserSessionRecord } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type SessionStore = Store['userSessions'];

export class UserSessionRepository implements SessionStore {
  readonly #db: Kysely<Database>;
  readonly #users: Store['users'];

  constructor(db: Kysely<Database>, users: Store['users']) {
    this.#db = db;
    this.#users = users;
  }

  async create(input: { idHash: string; userId: number; csrfToken: string; now: number }): Promise<void> {
    try {
      await this.#db
        .insertInto('user_sessions')
        .values({ id_hash: input.idHash, user_id: input.userId, csrf_token: input.csrfToken, created_at: input.now, last_seen_at: input.now })
        .execute();
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`User ${input.userId} does not exist`, { cause: error });
      throw error;
    }
  }

  async get(idHash: string): Promise<UserSessionRecord | undefined> {
    const row = await this.#db
      .selectFrom('user_sessions')
      .innerJoin('users', 'users.id', 'user_sessions.user_id')
      .innerJoin('servers', 'servers.id', 'users.server_id')
      .select(['user_sessions.csrf_token', 'user_sessions.created_at', 'user_sessions.last_seen_at', 'users.login', 'servers.name as server_name'])
      .where('user_sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const user: UserRecord | undefined = await this.#users.get(row.server_name, row.login);
    if (user === undefined) return undefined;
    return { user, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
  }

  async touch(idHash: string, now: number): Promise<void> {
    await this.#db.updateTable('user_sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.#db.deleteFrom('user_sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteExpired(idleBefore: number, createdBefore: number): Promise<void> {
    await this.#db
      .deleteFrom('user_sessions')
      .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
      .execute();
  }
}
