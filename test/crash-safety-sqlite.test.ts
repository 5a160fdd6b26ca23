// Crash safety of the single SQLite process, bounded (6 s of load per scenario; `npm run
// bench:chaos` runs the same scenarios a minute each): killed (SIGKILL) under REST load, and under
// Messenger turns that outlast the webhook's deadline (kept as pending inbound), and started again.
// Every acknowledged message must be in its conversation once, in order; every recorded Messenger
// answer delivered. Several processes behind HAProxy: crash-safety-cluster.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { storeVariants } from '../src/store/test-stores.js';
import { slowMessengerCrash, sqliteCrash } from './helpers/chaos-scenarios.js';

const sqlite = storeVariants().find((variant) => variant.name === 'sqlite')!;
afterAll(async () => {
  await sqlite.cleanup();
});

describe('crash safety of the single SQLite process', () => {
  it('Messenger turns that outlast the webhook deadline, the process killed under load: every acknowledged event recorded once, in order, every answer delivered', async () => {
    const result = await slowMessengerCrash({ location: await sqlite.location(), users: 4, loadMs: 6_000, killEveryMs: 2_000, actionMs: 1_000 });
    if (process.env['HELPER_CHAOS_DEBUG']) process.stderr.write(`${JSON.stringify(result)}\n`);
    expect(result.kills).toBeGreaterThanOrEqual(1);
    expect(result.messenger.acknowledged).toBeGreaterThan(8);
    expect(result.messenger, JSON.stringify(result)).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0, sendsLost: 0 });
    expect(result.pendingLeft).toBe(0);
    expect(result.outboxEmpty).toBe(true);
    // Only a call in flight at a kill can be repeated: at most one per user per kill.
    expect(result.messenger.sendsDuplicated).toBeLessThanOrEqual(result.kills * 4);
  }, 240_000);

  it('the single SQLite process killed under load keeps every acknowledged message', async () => {
    const result = await sqliteCrash({ location: await sqlite.location(), restSenders: 6, loadMs: 6_000, killEveryMs: 2_000 });
    if (process.env['HELPER_CHAOS_DEBUG']) process.stderr.write(`${JSON.stringify(result)}\n`);
    expect(result.kills).toBeGreaterThanOrEqual(1);
    expect(result.rest.acknowledged).toBeGreaterThan(10);
    expect(result.rest, JSON.stringify(result)).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
  }, 240_000);
});
