import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store, UserRecord } from '../store/store.js';
import { openWithAssistant, storeVariants } from '../store/test-stores.js';
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
    expect(await throttle.retryAfter('acme', 'ana', '10.0.0.1')).toBeNull();
    await throttle.failed('acme', 'ana', '10.0.0.1');
    now += 100;
    await throttle.failed('acme', 'ANA', '10.0.0.2');
    expect(await throttle.retryAfter('acme', 'ana', '10.0.0.9')).toBe(800);
    expect(await throttle.retryAfter('other', 'ana', '10.0.0.9')).toBeNull();
    now += 801;
    expect(await throttle.retryAfter('acme', 'ana', '10.0.0.9')).toBeNull();
    for (const login of ['a', 'b', 'c']) await throttle.failed('acme', login, '10.0.0.3');
    expect(await throttle.retryAfter('acme', 'd', '10.0.0.3')).toBe(900);
    await throttle.failed('acme', 'ana', '10.0.0.4');
    await throttle.failed('acme', 'ana', '10.0.0.4');
    await throttle.succeeded('acme', 'ana');
    expect(await throttle.retryAfter('acme', 'ana', '10.0.0.5')).toBeNull();
  });
});
