// The rate counters during a Redis outage (README, "Redis away"): every request, message and
// connection is let through uncounted, and that is said once when the counter starts failing (a
// warning with the error) and once when it works again (info) — not a line per request, which at
// hundreds a second flooded the logs — and counted in helper_rate_limit_let_through_total per
// limit. A redis-server of the test's own (test/helpers/private-redis.ts) is killed and started again.
import { afterAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from './helpers/private-redis.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { waitFor } from './helpers/wait-for.js';

let privateRedis: PrivateRedis | undefined;
let test: TestPlatform | undefined;

afterAll(async () => {
  // A test that failed during the outage: the platform closes with Redis back.
  await privateRedis?.up();
  await test?.close();
  await privateRedis?.stop();
});

const FAILED = /the counter failed/;
const WORKS_AGAIN = /the counter works again/;

describe('rate counters while Redis is away', () => {
  it('log the failure once and the recovery once, and count every request let through', async () => {
    privateRedis = await PrivateRedis.start();
    const logLines: string[] = [];
    test = await startTestPlatform({ env: { REDIS_URL: privateRedis.url }, logLines });
    const { app, platform } = test;
    const say = (text: string) => app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'rate-outage', message: text } });
    const lines = (pattern: RegExp) => logLines.filter((line) => pattern.test(line)).map((line) => JSON.parse(line) as { level: number; err?: unknown; letThrough?: number });
    const metric = async () => platform.metrics.registry.getSingleMetricAsString('helper_rate_limit_let_through_total');

    expect((await app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);
    expect((await say('oi')).statusCode).toBe(200);
    expect(lines(FAILED)).toHaveLength(0);

    await privateRedis.down();
    await waitFor(() => platform.redis?.status !== 'ready', 'the platform seeing Redis gone');
    // Routes limited per address (the console's and public pages': /version), and chat messages
    // (the per-sender limit; each then fails at the lock, as Redis away says).
    for (let index = 0; index < 40; index++) expect((await app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);
    for (let index = 0; index < 5; index++) expect((await say(`mensagem ${index}`)).statusCode).toBe(500);

    const failed = lines(FAILED);
    expect(failed).toHaveLength(1);
    // The five turns failed at the lock (500): one line said so, not five, and none as an
    // unexpected error (src/redis-availability.ts, RedisUnavailableLog).
    expect(lines(/a request failed: Redis is unavailable/)).toHaveLength(1);
    expect(lines(/request failed"/).filter((line) => line.level === 50)).toHaveLength(0);
    expect(failed[0]?.level).toBe(40);
    expect(failed[0]?.err).toBeDefined();
    expect(lines(WORKS_AGAIN)).toHaveLength(0);
    const during = await metric();
    expect(during).toContain('helper_rate_limit_let_through_total{limit="address"} 40');
    expect(during).toContain('helper_rate_limit_let_through_total{limit="sender"} 5');

    await privateRedis.up();
    await waitFor(() => platform.redis?.status === 'ready', 'the platform reconnecting to Redis', 15_000);
    for (let index = 0; index < 5; index++) expect((await app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);
    expect((await say('qual o horário de atendimento?')).statusCode).toBe(200);

    const recovered = lines(WORKS_AGAIN);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.level).toBe(30);
    expect(recovered[0]?.letThrough).toBe(45);
    expect(lines(FAILED)).toHaveLength(1);
    // Counted only while failing.
    expect(await metric()).toContain('helper_rate_limit_let_through_total{limit="address"} 40');
  });
});
