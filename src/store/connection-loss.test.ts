// PostgreSQL only: a connection the server ends while a query runs on it (a restart, a failover,
// an idle-connection killer, a network drop) fails that query where it was made; the process
// stays up, the loss is said once without the connection string, and the next query works.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStoreDatabase, type ConnectionErrorSummary } from './database.js';
import { storeVariants, terminateBackends } from './test-stores.js';

const postgres = storeVariants().find((variant) => variant.name === 'postgres');
if (!postgres) throw new Error('no PostgreSQL store variant');

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a PostgreSQL connection lost', () => {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => void uncaught.push(error);

  beforeEach(() => {
    uncaught.length = 0;
    process.on('uncaughtException', onUncaught);
  });
  afterEach(() => {
    process.off('uncaughtException', onUncaught);
  });
  afterAll(() => postgres.cleanup());

  async function open(): Promise<{ url: string; reports: ConnectionErrorSummary[]; db: ReturnType<typeof openStoreDatabase>['db'] }> {
    const location = await postgres!.location();
    // A password in the URL (the test server trusts its user and ignores it): no report may hold it.
    const url = new URL(location.databaseUrl ?? '');
    url.password = 'hunter2-secret';
    const reports: ConnectionErrorSummary[] = [];
    const { db } = openStoreDatabase({ ...location, databaseUrl: url.toString() }, { onConnectionError: (error) => reports.push(error) });
    return { url: url.toString(), reports, db };
  }

  const marker = (): string => `connection_loss_${randomBytes(6).toString('hex')}`;

  it.each([
    { name: 'a single query', transaction: false },
    // The store's writes run in transactions: the client stays checked out after the query fails.
    { name: 'a query in a transaction', transaction: true },
  ])('mid-query ($name): the query rejects, nothing is thrown uncaught, the loss is said once, the next query works', async ({ transaction }) => {
    const { url, reports, db } = await open();
    try {
      const mark = marker();
      const slow = sql`select pg_sleep(5), ${sql.lit(mark)} as marker`;
      const running = transaction ? db.transaction().execute((trx) => slow.execute(trx)) : slow.execute(db);
      const outcome = running.then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await terminateBackends(url, { marker: mark });
      const error = await outcome;
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/terminat/i);
      await pause(300);
      expect(uncaught).toEqual([]);
      // A single query's client may go back to the pool (which ends it) before the socket's end
      // is read, and then emits nothing more: the query's own rejection is all there is to say.
      if (transaction) expect(reports).toHaveLength(1);
      else expect(reports.length).toBeLessThanOrEqual(1);
      expect(JSON.stringify(reports)).not.toContain('hunter2-secret');

      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it('between the queries of a transaction: the next query rejects and the loss is said once', async () => {
    const { url, reports, db } = await open();
    try {
      const mark = marker();
      const outcome = db
        .transaction()
        .execute(async (trx) => {
          await sql`select ${sql.lit(mark)} as marker`.execute(trx);
          await terminateBackends(url, { marker: mark });
          await pause(300);
          await sql`select 1`.execute(trx);
        })
        .then(
          () => 'resolved',
          (error: unknown) => error,
        );
      expect(await outcome).toBeInstanceOf(Error);
      expect(uncaught).toEqual([]);
      expect(reports).toHaveLength(1);
      expect(JSON.stringify(reports)).not.toContain('hunter2-secret');
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it('idle in the pool: said once (not once per error the client emits), and replaced', async () => {
    const { url, reports, db } = await open();
    try {
      const mark = marker();
      // The connection keeps this as its last query while it waits in the pool.
      await sql`select ${sql.lit(mark)} as marker`.execute(db);
      await terminateBackends(url, { marker: mark });
      await expect.poll(() => reports.length).toBe(1);
      await pause(300);
      expect(uncaught).toEqual([]);
      expect(reports).toHaveLength(1);
      expect(reports[0]?.code).toBe('57P01');
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});
