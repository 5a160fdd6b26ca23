// Two app processes on one store (a SQLite file; PostgreSQL; PostgreSQL with Redis): what one of
// them changes about access — a new or rotated API token, the allow-list, a disabled assistant, a
// new assistant — is what the other one does within seconds, without a restart. Each process polls
// the store's access revision (every 2 s by default, here every 250 ms: the same poll, sooner);
// with Redis, the change is announced at once (here the poll is stretched to an hour, so only Redis
// can bring it). Only the Portuguese demo is loaded: the default assistant, all that is chatted to.
import { afterAll, describe, expect, it } from 'vitest';
import { storeVariants } from '../src/store/test-stores.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const redisUrl = process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const variants = storeVariants();
const sqlite = variants.find((variant) => variant.name === 'sqlite')!;
const postgres = variants.find((variant) => variant.name === 'postgres')!;
afterAll(async () => {
  await sqlite.cleanup();
  await postgres.cleanup();
});

/** Waits (up to 10 s) until `read` gives `expected`: a change reaching the other process. */
async function eventually<T>(what: string, read: () => Promise<T>, expected: T): Promise<void> {
  await expect.poll(async () => ({ what, value: await read() }), { timeout: 10_000, interval: 50 }).toEqual({ what, value: expected });
}

describe.each([
  { name: 'a SQLite file', variant: sqlite, redis: false },
  { name: 'PostgreSQL', variant: postgres, redis: false },
  { name: 'PostgreSQL and Redis', variant: postgres, redis: true },
])('two app processes on $name', ({ variant, redis }) => {
  it('each sees the other’s token rotations, allow-list, disabled assistants and new assistants within seconds', async () => {
    const location = await variant.location();
    const env = {
      HELPER_PUBLIC_URL: 'http://helperassistant.example',
      ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}),
      ...(redis ? { REDIS_URL: redisUrl } : {}),
    };
    const platform = { accessRefreshMs: redis ? 3_600_000 : 250 };
    const one: TestPlatform = await startTestPlatform({ env, dataDir: location.dataDir, platform, demo: 'pt' });
    const two: TestPlatform = await startTestPlatform({ env, dataDir: location.dataDir, demo: false, platform });
    try {
      const status = async (query: string, remoteAddress = '127.0.0.1') => (await two.app.inject({ method: 'GET', url: `/status${query}`, remoteAddress })).statusCode;
      const chat = async (host?: string) => {
        const response = await two.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', ...(host ? { headers: { host } } : {}), payload: { sender: 'u1', message: 'oi' } });
        return response.statusCode === 200 ? (response.json() as unknown[]).length > 0 ? 'answers' : 'silent' : response.statusCode;
      };
      const assistant = await one.platform.defaultAssistant();

      // No token yet: process two refuses (and caches that), until process one creates it.
      expect(await status('?token=guess')).toBe(401);
      expect(await chat()).toBe('answers');
      const first = await one.platform.apiAccess.rotate(assistant);
      await eventually('the new token works on two', () => status(`?token=${first}`), 200);
      const second = await one.platform.apiAccess.rotate(assistant);
      await eventually('the rotated token is refused on two', () => status(`?token=${first}`), 401);
      expect(await status(`?token=${second}`)).toBe(200);

      // The allow-list: an address let in, then out again.
      expect(await status('', '10.9.1.1')).toBe(401);
      await one.platform.store.assistants.update(assistant.id, { apiAllowedCidrs: ['10.9.0.0/16'] });
      await eventually('an allowed address gets in on two', () => status('', '10.9.1.1'), 200);
      await one.platform.store.assistants.update(assistant.id, { apiAllowedCidrs: [] });
      await eventually('a removed address is refused on two', () => status('', '10.9.1.1'), 401);

      // The default assistant disabled, then enabled again: no answer on the default host meanwhile.
      await one.platform.store.assistants.update(assistant.id, { enabled: false });
      await eventually('the disabled default assistant stops answering on two', () => chat(), 404);
      await one.platform.store.assistants.update(assistant.id, { enabled: true });
      await eventually('the default assistant answers again on two', () => chat(), 'answers');

      // A new customer's assistant reaches two by its host; disabled, it answers nothing there.
      expect(await chat('acmept.helperassistant.example')).toBe('answers');
      await one.platform.store.servers.create({ name: 'acme' });
      const acme = await one.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
      await eventually('the new (untrained) assistant answers its host on two', () => chat('acmept.helperassistant.example'), 'silent');
      await one.platform.store.servers.update('acme', { enabled: false });
      await eventually('the disabled server answers nothing on two', () => chat('acmept.helperassistant.example'), 404);
      expect(acme.enabled).toBe(true);
    } finally {
      await two.close();
      await one.close();
    }
  });
});
