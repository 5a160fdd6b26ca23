// Sign-in attempts per key in a fixed window (Store['signInFailures']). One upsert counts an
// attempt atomically in either dialect and returns the new count, so app processes sharing the
// database share the count and parallel attempts cannot all read the same old one.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { Store } from '../store.js';

type FailureStore = Store['signInFailures'];

export class SignInFailureRepository implements FailureStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(keys: string[], now: number, windowSeconds: number): Promise<Array<{ failures: number; windowStartedAt: number }>> {
    const windowStart = now - windowSeconds;
    // Windows that ended count for nothing: dropping them keeps the table as small as the guessing.
    await this.#db.deleteFrom('sign_in_failures').where('window_started_at', '<', windowStart).execute();
    const counts: Array<{ failures: number; windowStartedAt: number }> = [];
    for (const key of keys) {
      const row = await this.#db
        .insertInto('sign_in_failures')
        .values({ key, failures: 1, window_started_at: now })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when sign_in_failures.window_started_at < ${windowStart} then 1 else sign_in_failures.failures + 1 end`,
            window_started_at: sql<number>`case when sign_in_failures.window_started_at < ${windowStart} then ${now} else sign_in_failures.window_started_at end`,
          }),
        )
        .returning(['failures', 'window_started_at'])
        .executeTakeFirstOrThrow();
      counts.push({ failures: Number(row.failures), windowStartedAt: row.window_started_at });
    }
    return counts;
  }

  async release(key: string): Promise<void> {
    await this.#db
      .updateTable('sign_in_failures')
      .set({ failures: sql<number>`failures - 1` })
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }

  async get(key: string): Promise<{ failures: number; windowStartedAt: number } | undefined> {
    const row = await this.#db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
    return row === undefined ? undefined : { failures: row.failures, windowStartedAt: row.window_started_at };
  }

  async clear(key: string): Promise<void> {
    await this.#db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
  }
}
