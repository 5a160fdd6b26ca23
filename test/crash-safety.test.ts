// Crash safety through a real balancer (bounded: about half a minute of load; `npm run bench:chaos`
// runs the same scenarios longer). Three app processes on PostgreSQL and a private Redis behind
// HAProxy (deploy/haproxy.cfg) take REST and Messenger load while one of them is killed (SIGKILL)
// every few seconds and started again; then Redis itself is restarted under load; then the single
// SQLite process is killed under load, with REST and with Messenger turns that outlast the webhook's
// deadline (kept as pending inbound). Every acknowledged message must be in its conversation once,
// in order; every recorded Messenger answer delivered, repeated only when its call was in flight at
// a kill; no lock left without expiry; the scheduled training run once.
import { afterAll, describe, expect, it } from 'vitest';
import { storeVariants } from '../src/store/test-stores.js';
import { clusterChaos, slowMessengerCrash, sqliteCrash } from './helpers/chaos-scenarios.js';

const variants = storeVariants();
const postgres = variants.find((variant) => variant.name === 'postgres')!;
const sqlite = variants.find((variant) => variant.name === 'sqlite')!;
afterAll(async () => {
  await postgres.cleanup();
  await sqlite.cleanup();
});

describe('crash safety', () => {
  it('three processes behind HAProxy, one killed every few seconds: nothing acknowledged lost or duplicated, every answer delivered (repeated only if in flight at a kill), locks expire, the training runs once', async () => {
    const result = await clusterChaos({ location: await postgres.location(), processes: 3, restSenders: 6, messengerUsers: 3, loadMs: 14_000, killEveryMs: 4_000 });
    if (process.env['HELPER_CHAOS_DEBUG']) process.stderr.write(`${JSON.stringify(result)}\n`);
    expect(result.kills).toBeGreaterThanOrEqual(1);
    expect(result.rest.acknowledged).toBeGreaterThan(20);
    expect(result.rest, JSON.stringify(result)).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(result.rest.found).toBe(result.rest.acknowledged);
    expect(result.messenger.acknowledged).toBeGreaterThan(5);
    expect(result.messenger, JSON.stringify(result)).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
    // A turn's answer is stored in the turn's own transaction: every recorded answer reaches Meta.
    expect(result.messenger.sendsLost, JSON.stringify(result)).toBe(0);
    // Each outbox item is deleted as soon as Meta answers for it, so a kill can only repeat a call
    // in flight: at most one per user the killed process was sending to (users with an item
    // claimed by it when it died), since a process sends a user's items one at a time. The Send
    // API has no idempotency key, so those are the documented duplicates.
    expect(result.messenger.sendsDuplicated, JSON.stringify(result)).toBeLessThanOrEqual(result.sendsInFlightAtKills);
    expect(result.sendsInFlightAtKills).toBeLessThanOrEqual(result.kills * 3); // 3 users
    expect(result.outboxEmpty).toBe(true);
    expect(result.locksWithoutExpiry).toBe(0);
    expect(result.training.modelsMade).toBeLessThanOrEqual(1);
    if (result.training.status === 'succeeded') expect(result.training.modelsMade).toBe(1);
    // Bounded: 14 s of load, then at most a minute for the outbox and one for the training; under a
    // loaded CI machine the restarts alone take tens of seconds.
  }, 300_000);

  it('Redis restarted under load: no acknowledged message lost or duplicated, and chat continues once it is back', async () => {
    const result = await clusterChaos({ location: await postgres.location(), processes: 2, restSenders: 4, messengerUsers: 2, loadMs: 10_000, killEveryMs: 0, redisRestartEveryMs: 4_000 });
    expect(result.redisRestarts).toBeGreaterThanOrEqual(1);
    expect(result.rest.acknowledged).toBeGreaterThan(10);
    expect(result.rest, JSON.stringify(result)).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(result.messenger).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0, sendsLost: 0, sendsDuplicated: 0 });
    expect(result.outboxEmpty).toBe(true);
  }, 240_000);

  it('Messenger turns that outlast the webhook deadline, the process killed under load: every acknowledged event recorded once, in order, every answer delivered', async () => {
    const result = await slowMessengerCrash({ location: await sqlite.location(), users: 4, loadMs: 9_000, killEveryMs: 2_500, actionMs: 1_000 });
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
    const result = await sqliteCrash({ location: await sqlite.location(), restSenders: 6, loadMs: 8_000, killEveryMs: 3_000 });
    expect(result.kills).toBeGreaterThanOrEqual(1);
    expect(result.rest.acknowledged).toBeGreaterThan(10);
    expect(result.rest, JSON.stringify(result)).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
  }, 240_000);
});
