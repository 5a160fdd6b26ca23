// A platform on PostgreSQL whose connection the server ends in the middle of a turn's query (a
// restart, a failover, an idle-connection killer, a network drop): that turn fails as a store
// failure does, the process stays up, the loss is logged once without the connection string (it
// holds the password), and the next messages are answered on new connections.
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeVariants, terminateBackends } from '../src/store/test-stores.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const postgres = storeVariants().find((variant) => variant.name === 'postgres');
if (!postgres) throw new Error('no PostgreSQL store variant');

describe('a platform on PostgreSQL that loses a connection mid-query', () => {
  let test: TestPlatform | undefined;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => void uncaught.push(error);

  beforeEach(() => {
    uncaught.length = 0;
    process.on('uncaughtException', onUncaught);
  });
  afterEach(async () => {
    process.off('uncaughtException', onUncaught);
    await test?.close();
    test = undefined;
  });
  afterAll(() => postgres.cleanup());

  it('fails that turn, stays up, logs it once without the password, and answers the next messages', async () => {
    const location = await postgres.location();
    // The test server trusts its user and ignores the password; the log must not hold it.
    const url = new URL(location.databaseUrl ?? '');
    url.password = 'hunter2-secret';
    const databaseUrl = url.toString();
    const logLines: string[] = [];
    test = await startTestPlatform({ env: { DATABASE_URL: databaseUrl }, logLines });
    const say = (message: string) => test!.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'ana', message } });
    expect((await say('oi')).statusCode).toBe(200);

    // A connection of the test's own holds a lock that lets reads through but makes the turn's
    // writes wait: the turn is then mid-query (in its transaction) when its backend is ended.
    const locker = new pg.Client({ connectionString: databaseUrl });
    locker.on('error', () => undefined);
    await locker.connect();
    try {
      const { rows } = await locker.query<{ pid: number }>('select pg_backend_pid() as pid');
      await locker.query('begin');
      await locker.query('lock table events in exclusive mode');
      // A restart starts a new session in an existing conversation: recorded in a transaction,
      // whose connection stays checked out after its failed query (a plain turn's single
      // statement usually goes back to the pool before the connection's end is read).
      const turn = say('/restart');
      expect(await terminateBackends(databaseUrl, { blockedBy: rows[0]!.pid })).toBeGreaterThan(0);
      await locker.query('rollback');
      const failed = await turn;
      // The usual answer to a turn the store could not record.
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toMatchObject({ status: 'failure', reason: 'ConversationError' });
    } finally {
      await locker.end();
    }

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(uncaught).toEqual([]);
    for (let i = 0; i < 3; i++) {
      const answer = await say('conte-me algumas coisas sobre você');
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual([{ recipient_id: 'ana', text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' }]);
    }
    const lost = logLines.filter((line) => line.includes('a PostgreSQL connection was lost'));
    expect(lost).toHaveLength(1);
    expect(logLines.join('\n')).not.toContain('hunter2-secret');
  });
});
