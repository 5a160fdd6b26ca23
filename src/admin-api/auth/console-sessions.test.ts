import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store, UserRecord } from '../../store/store.js';
import { openWithAssistant, storeVariants } from '../../store/test-stores.js';
import { ConsoleSessions, sessionIdHash } from './console-sessions.js';
import { SignInThrottle } from './sign-in-throttle.js';

const variant = storeVariants().find((candidate) => candidate.name === 'sqlite');
if (!variant) throw new Error('no sqlite store variant');

describe('console sessions and sign-in throttling', () => {
  let store: Store;
  let user: UserRecord;
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(async () => {
    ({ store } = await openWithAssistant(variant));
    user = await store.users.create({ serverName: 'acme', login: 'ana', email: 'ana@acme.example', firstName: 'Ana', lastName: '', passwordHash: 'x', role: 'viewer' });
    now = 1_000_000;
  });
  afterAll(() => variant.cleanup());

  it('ends a session after the idle time, counted from the last request', async () => {
    const sessions = new ConsoleSessions(store, { idleSeconds: 600, maxSeconds: 3600 }, clock);
    const { id, csrfToken } = await sessions.start(user);
    expect(id).not.toBe(csrfToken);
    now += 500;
    expect(await sessions.find(id)).toMatchObject({ csrfToken, user: { login: 'ana' } });
    now += 500;
    // Used 500 s ago: still alive.
    expect(await sessions.find(id)).not.toBeNull();
    now += 601;
    expect(await sessions.find(id)).toBeNull();
    expect(await store.userSessions.get(sessionIdHash(id))).toBeUndefined();
  });

  it("does not keep a session alive by an open event stream's recheck (touch: false), only by requests", async () => {
    const sessions = new ConsoleSessions(store, { idleSeconds: 600, maxSeconds: 3600 }, clock);
    const { id } = await sessions.start(user);
    for (let step = 0; step < 4; step += 1) {
      now += 150;
      expect(await sessions.find(id, { touch: false })).not.toBeNull();
    }
    now += 150;
    // 750 s since the sign-in, the last request: idle, however often the stream checked.
    expect(await sessions.find(id, { touch: false })).toBeNull();
  });

  it('ends a session at the absolute limit even while in use, and forgets unknown or missing ids', async () => {
    const sessions = new ConsoleSessions(store, { idleSeconds: 600, maxSeconds: 1800 }, clock);
    const { id } = await sessions.start(user);
    for (let step = 0; step < 3; step += 1) {
      now += 500;
      expect(await sessions.find(id)).not.toBeNull();
    }
    now += 301;
    expect(await sessions.find(id)).toBeNull();
    expect(await sessions.find(undefined)).toBeNull();
    expect(await sessions.find('not-a-session')).toBeNull();
    // Sign-ins sweep sessions that expired unseen.
    const stale = await sessions.start(user);
    now += 700;
    const fresh = await sessions.start(user);
    expect(await store.userSessions.get(sessionIdHash(stale.id))).toBeUndefined();
    expect(await sessions.find(fresh.id)).not.toBeNull();
  });

  it('throttles a login and an address within the window, and lets them try again after it', async () => {
    const throttle = new SignInThrottle(store, { perLogin: 2, perAddress: 3, windowSeconds: 900 }, clock);
    expect(await throttle.attempt('acme', 'ana', '10.0.0.1')).toBeNull();
    now += 100;
    expect(await throttle.attempt('acme', 'ANA', '10.0.0.2')).toBeNull();
    // The third attempt for ana within the window waits for its end, from any address.
    expect(await throttle.attempt('acme', 'ana', '10.0.0.9')).toBe(800);
    expect(await throttle.attempt('other', 'ana', '10.0.0.8')).toBeNull();
    now += 801;
    expect(await throttle.attempt('acme', 'ana', '10.0.0.7')).toBeNull();
    for (const login of ['a', 'b', 'c']) expect(await throttle.attempt('acme', login, '10.0.0.3')).toBeNull();
    expect(await throttle.attempt('acme', 'd', '10.0.0.3')).toBe(900);
  });

  it('takes a successful attempt back, and lets no more than the limit through when attempts arrive together', async () => {
    const throttle = new SignInThrottle(store, { perLogin: 2, perAddress: 100, windowSeconds: 900 }, clock);
    expect(await throttle.attempt('acme', 'eva', '10.0.0.4')).toBeNull();
    expect(await throttle.attempt('acme', 'eva', '10.0.0.4')).toBeNull();
    await throttle.succeeded('acme', 'eva', '10.0.0.4');
    expect(await store.signInFailures.get('login:acme:eva')).toBeUndefined();
    expect(await store.signInFailures.get('address:10.0.0.4')).toMatchObject({ failures: 1 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => throttle.attempt('acme', 'fay', `10.0.1.${index}`)));
    expect(results.filter((wait) => wait === null)).toHaveLength(2);
    expect(results.filter((wait) => wait === 900)).toHaveLength(8);
  });
});
