// HELPER_TRUST_PROXY over real sockets: the test's requests come from 127.0.0.1, which plays the
// load balancer. A proxy appends the address it saw to X-Forwarded-For, after whatever the client
// wrote there, so a client can put any address at the left. Only the hops added by trusted proxies
// count: a forged left-most address must reach neither the conversations API's allow-list nor a
// fresh sign-in throttle count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ALLOWED = '10.1.2.3';
/** The client as the proxy saw it: not allow-listed. */
const CLIENT = '203.0.113.9';

let behindProxy: TestPlatform;
let direct: TestPlatform;
const urls = new Map<TestPlatform, string>();

async function listen(test: TestPlatform): Promise<void> {
  const address = await test.app.listen({ host: '127.0.0.1', port: 0 });
  urls.set(test, address);
  // The default assistant (demo/pt), allow-listed before anything reads it.
  const { store } = test.platform;
  await store.servers.create({ name: 'demo' });
  const assistant = await store.assistants.create({ serverName: 'demo', language: 'pt' });
  await store.assistants.update(assistant.id, { apiAllowedCidrs: [`${ALLOWED}/32`] });
}

/** GET the tracker of a conversation, as the proxy forwarding `forwardedFor`. */
async function tracker(test: TestPlatform, forwardedFor?: string): Promise<number> {
  const response = await fetch(`${urls.get(test)}/conversations/ana/tracker`, {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  [behindProxy, direct] = await Promise.all([
    startTestPlatform({ demo: false, env: { HELPER_TRUST_PROXY: '127.0.0.1', HELPER_ADMIN_PASSWORD: 'ana-password-123', HELPER_SIGN_IN_MAX_FAILURES_PER_ADDRESS: '4' } }),
    startTestPlatform({ demo: false, env: { HELPER_TRUST_PROXY: '192.0.2.1' } }),
  ]);
  await Promise.all([listen(behindProxy), listen(direct)]);
  await ensureFirstAdministrator(behindProxy.platform, () => undefined);
});

afterAll(async () => {
  await Promise.all([behindProxy?.close(), direct?.close()]);
});

describe('a trusted proxy (HELPER_TRUST_PROXY=127.0.0.1)', () => {
  it('lets an allow-listed client through, as the proxy reports it', async () => {
    // Past the access check, the untrained assistant answers Rasa's 409 (no model), not 401.
    expect(await tracker(behindProxy, ALLOWED)).toBe(409);
  });

  it('refuses a client that forges an allow-listed address in front of the hop the proxy added (401)', async () => {
    expect(await tracker(behindProxy, `${ALLOWED}, ${CLIENT}`)).toBe(401);
    expect(await tracker(behindProxy, `${ALLOWED},${ALLOWED}, ${CLIENT}`)).toBe(401);
  });

  it('counts sign-in failures by the address the proxy saw, whatever the client writes in front of it', async () => {
    const signIn = async (forged: string, password: string) => {
      const response = await fetch(`${urls.get(behindProxy)}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `${forged}, ${CLIENT}` },
        body: JSON.stringify({ login: `guess-${forged}`, password }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    for (let attempt = 0; attempt < 4; attempt += 1) expect(await signIn(`198.51.100.${attempt}`, 'wrong-password')).toBe(401);
    expect(await signIn('198.51.100.99', 'wrong-password')).toBe(429);
  });
});

describe('a request that does not come from a trusted proxy', () => {
  it('is judged by its socket address, whatever X-Forwarded-For says', async () => {
    expect(await tracker(direct, ALLOWED)).toBe(401);
  });
});
