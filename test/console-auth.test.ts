// Console sign-in through the real HTTP app: the first administrator, sessions in an HttpOnly
// cookie, the same 401 for every wrong credential, throttling, expiry, sign-out and CSRF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { sessionIdHash } from '../src/admin-api/auth/console-sessions.js';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { signIn } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const ANA_PASSWORD = 'ana-password-123';
const LOCAL = 'localhost:5005';
const ACME = 'acme.helperassistant.example';
let test: TestPlatform;
let generated: TestPlatform;
let printed = '';

beforeAll(async () => {
  [test, generated] = await Promise.all([
    startTestPlatform({
      env: {
        HELPER_ADMIN_TOKEN: ADMIN_TOKEN,
        HELPER_PUBLIC_URL: 'http://helperassistant.example',
        HELPER_ADMIN_EMAIL: 'Ana.Souza@demo.example',
        HELPER_ADMIN_PASSWORD: ANA_PASSWORD,
        HELPER_SIGN_IN_MAX_FAILURES: '3',
        HELPER_SIGN_IN_MAX_FAILURES_PER_ADDRESS: '6',
      },
    }),
    startTestPlatform({ demo: false, env: { HELPER_PUBLIC_URL: 'https://helperassistant.example' } }),
  ]);
  await ensureFirstAdministrator(test.platform, () => undefined);
  const store = test.platform.store;
  await store.servers.create({ name: 'acme' });
  await store.assistants.create({ serverName: 'acme', language: 'pt' });
  test.platform.hosts.invalidate();
  const hash = await hashPassword('carlos-password-1');
  await store.users.create({ serverName: 'acme', login: 'carlos', email: 'carlos@acme.example', firstName: 'Carlos', lastName: 'Lima', passwordHash: hash, role: 'administrator' });
  await store.users.create({ serverName: 'demo', login: 'inativo', email: 'inativo@demo.example', firstName: 'In', lastName: 'Ativo', passwordHash: hash, role: 'viewer', active: false });
});
afterAll(async () => {
  await Promise.all([test?.close(), generated?.close()]);
});

function postSignIn(payload: unknown, options: { host?: string; remoteAddress?: string; origin?: string } = {}) {
  return test.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    headers: { host: options.host ?? LOCAL, ...(options.origin ? { origin: options.origin } : {}) },
    remoteAddress: options.remoteAddress ?? '10.1.0.1',
    payload: payload as Record<string, unknown>,
  });
}

describe('console sign-in', () => {
  it("refuses a body of a type the console's API does not take (415), though Rasa's routes read any type as JSON", async () => {
    // text/plain too: a browser sends it across sites without a preflight.
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'text/plain; charset=utf-8']) {
      const refused = await test.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { host: LOCAL, 'content-type': type },
        payload: JSON.stringify({ login: 'ana.souza', password: 'x' }),
      });
      expect(refused.statusCode, type).toBe(415);
    }
  });

  it('creates the first administrator from HELPER_ADMIN_EMAIL/PASSWORD, or with a password printed once', async () => {
    expect(await test.platform.store.users.get('demo', 'ana.souza')).toMatchObject({ email: 'ana.souza@demo.example', role: 'administrator', active: true });
    expect(await ensureFirstAdministrator(test.platform, () => undefined)).toBeNull();
    const writes: string[] = [];
    const created = await ensureFirstAdministrator(generated.platform, (text) => writes.push(text));
    expect(created).toMatchObject({ login: 'admin', serverName: 'demo', role: 'administrator' });
    expect(await ensureFirstAdministrator(generated.platform, (text) => writes.push(text))).toBeNull();
    expect(writes).toHaveLength(1);
    printed = /password: (\S+)/.exec(writes[0] ?? '')?.[1] ?? '';
    expect(printed.length).toBeGreaterThanOrEqual(10);
    // Served over https, the cookie is Secure.
    const secure = await generated.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: LOCAL }, payload: { login: 'admin', password: printed } });
    expect(secure.cookies.find((item) => item.name === 'helper_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    const session = await signIn(generated.app, 'admin', printed);
    expect((await session.request('GET', '/api/admin/servers')).json()).toEqual([expect.objectContaining({ name: 'demo' })]);
    // The generated password is marked, so the console asks to change it; one chosen by the
    // operator (HELPER_ADMIN_PASSWORD) is not.
    expect((await session.request('GET', '/api/auth/session')).json()).toMatchObject({ user: { login: 'admin', mustChangePassword: true } });
    expect((await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD })).json()).toMatchObject({ user: { mustChangePassword: false } });
    // A new password clears the mark (and ends the sessions: signing in again).
    expect((await session.request('PATCH', '/api/admin/servers/demo/users/admin', { password: 'a-new-password-123' })).json()).toMatchObject({ mustChangePassword: false });
    const again = await signIn(generated.app, 'admin', 'a-new-password-123');
    expect((await again.request('GET', '/api/auth/session')).json()).toMatchObject({ user: { mustChangePassword: false } });
    await generated.platform.store.users.update('demo', 'admin', { passwordHash: await hashPassword(printed) });
  });

  it('signs in with the login or the e-mail: the user, a CSRF token and an HttpOnly, SameSite=Strict cookie', async () => {
    const response = await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { user: unknown; csrfToken: string };
    expect(body).toEqual({
      user: { login: 'ana.souza', email: 'ana.souza@demo.example', firstName: 'ana.souza', lastName: '', role: 'administrator', active: true, server: 'demo', mustChangePassword: false },
      csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
    });
    const cookie = response.cookies.find((item) => item.name === 'helper_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(response.body).not.toContain(cookie?.value);
    const session = await test.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: LOCAL, cookie: `helper_session=${cookie?.value}` } });
    expect(session.json()).toEqual(body);
    // The store keeps a hash of the session id, never the id.
    expect(await test.platform.store.userSessions.get(cookie?.value ?? '')).toBeUndefined();
    expect(await test.platform.store.userSessions.get(sessionIdHash(cookie?.value ?? ''))).toBeDefined();
    expect((await postSignIn({ login: 'ANA.SOUZA@demo.example', password: ANA_PASSWORD })).statusCode).toBe(200);
  });

  it('refuses a wrong password, an unknown login, an inactive user and another server\'s user with the same 401', async () => {
    const expected = { error: { code: 'invalid_credentials', message: 'the login or the password is not right' } };
    const wrong = await postSignIn({ login: 'ana.souza', password: 'not-her-password' }, { remoteAddress: '10.2.0.1' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(expected);
    expect(wrong.cookies).toEqual([]);
    for (const [login, password] of [
      ['nobody', 'whatever-password'],
      ['inativo', 'carlos-password-1'],
      ['carlos', 'carlos-password-1'],
    ] as const) {
      const response = await postSignIn({ login, password }, { remoteAddress: '10.2.0.2' });
      expect([login, response.statusCode, response.json()]).toEqual([login, 401, expected]);
    }
    // On its own server's console host, the same user signs in.
    expect((await postSignIn({ login: 'carlos', password: 'carlos-password-1' }, { host: ACME })).json()).toMatchObject({ user: { login: 'carlos', server: 'acme' } });
    await test.platform.store.signInFailures.clear('login:demo:ana.souza');
  });

  it('answers 400 naming the field for a missing or empty login or password', async () => {
    for (const [payload, field] of [
      [{ password: 'x' }, 'login'],
      [{ login: 'ana', password: '' }, 'password'],
      [{ login: '   ', password: 'x' }, 'login'],
    ] as const) {
      const response = await postSignIn(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid', field } });
    }
  });

  it('throttles a login after repeated failures (429 with Retry-After, even with the right password), and an address', async () => {
    const acme = { host: ACME, remoteAddress: '10.3.0.1' };
    await store().users.create({ serverName: 'acme', login: 'dora', email: 'dora@acme.example', firstName: 'Dora', lastName: '', passwordHash: await hashPassword('dora-password-1'), role: 'viewer' });
    // A success resets the login's count.
    expect((await postSignIn({ login: 'dora', password: 'wrong-password' }, acme)).statusCode).toBe(401);
    expect((await postSignIn({ login: 'dora', password: 'wrong-password' }, acme)).statusCode).toBe(401);
    expect((await postSignIn({ login: 'dora', password: 'dora-password-1' }, acme)).statusCode).toBe(200);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await postSignIn({ login: 'dora@acme.example', password: `wrong-${attempt}` }, { host: ACME, remoteAddress: `10.3.1.${attempt}` })).statusCode).toBe(401);
    }
    const throttled = await postSignIn({ login: 'dora', password: 'dora-password-1' }, { host: ACME, remoteAddress: '10.3.2.1' });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toEqual({ error: { code: 'throttled', message: expect.stringMatching(/try again/), params: { seconds: Number(throttled.headers['retry-after']) } } });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Another login is not throttled by dora's failures.
    expect((await postSignIn({ login: 'carlos', password: 'carlos-password-1' }, { host: ACME, remoteAddress: '10.3.2.1' })).statusCode).toBe(200);
    // One address guessing many logins is throttled too (6 per window here).
    const guesser = { remoteAddress: '10.4.0.1' };
    for (let attempt = 0; attempt < 6; attempt += 1) expect((await postSignIn({ login: `guess${attempt}`, password: 'guess-password' }, guesser)).statusCode).toBe(401);
    expect((await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD }, guesser)).statusCode).toBe(429);
    expect((await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD }, { remoteAddress: '10.4.0.2' })).statusCode).toBe(200);
  });

  it('ends a session after the idle time, and signs out (CSRF token required), clearing the cookie', async () => {
    const session = await signIn(test.app, 'ana.souza', ANA_PASSWORD);
    const get = () => test.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: LOCAL, cookie: `helper_session=${session.cookie}` } });
    expect((await get()).statusCode).toBe(200);
    const idle = test.platform.config.consoleSession.idleSeconds;
    await store().userSessions.touch(sessionIdHash(session.cookie), Date.now() / 1000 - idle - 5);
    expect((await get()).json()).toEqual({ error: { code: 'unauthenticated', message: 'not signed in' } });
    expect((await session.request('GET', '/api/admin/servers')).statusCode).toBe(401);

    const second = await signIn(test.app, 'ana.souza', ANA_PASSWORD);
    expect((await second.request('POST', '/api/auth/sign-out', undefined, { csrf: false })).json()).toMatchObject({ error: { code: 'csrf' } });
    const out = await second.request('POST', '/api/auth/sign-out');
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((item) => item.name === 'helper_session')).toMatchObject({ value: '', path: '/' });
    expect((await second.request('GET', '/api/auth/session')).statusCode).toBe(401);
  });

  it('ends sessions when the password changes or the user is deactivated', async () => {
    await store().users.create({ serverName: 'demo', login: 'eva', email: 'eva@demo.example', firstName: 'Eva', lastName: '', passwordHash: await hashPassword('eva-password-1'), role: 'viewer' });
    const session = await signIn(test.app, 'eva', 'eva-password-1');
    await store().users.update('demo', 'eva', { passwordHash: await hashPassword('eva-password-2') });
    expect((await session.request('GET', '/api/auth/session')).statusCode).toBe(401);
    const again = await signIn(test.app, 'eva', 'eva-password-2');
    await store().users.update('demo', 'eva', { active: false });
    expect((await again.request('GET', '/api/admin/servers')).statusCode).toBe(401);
  });

  it('accepts a session only on its own server\'s hosts, and a sign-in only from the console itself', async () => {
    const carlos = await signIn(test.app, 'carlos', 'carlos-password-1', { host: ACME });
    expect((await carlos.request('GET', '/api/auth/session')).statusCode).toBe(200);
    const elsewhere = await test.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: LOCAL, cookie: `helper_session=${carlos.cookie}` } });
    expect(elsewhere.statusCode).toBe(401);
    const forged = await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD }, { origin: 'https://evil.example' });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ error: { code: 'csrf' } });
    expect((await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD }, { origin: `http://${LOCAL}` })).statusCode).toBe(200);
    // A development server on another port of the same host (a proxy) is the same site.
    expect((await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD }, { origin: 'http://localhost:5173' })).statusCode).toBe(200);
    expect((await postSignIn({ login: 'ana.souza', password: ANA_PASSWORD }, { origin: 'null' })).statusCode).toBe(403);
  });

  it('requires the CSRF token for changes made with the cookie; the operator\'s bearer token needs none', async () => {
    const session = await signIn(test.app, 'ana.souza', ANA_PASSWORD);
    const url = '/api/admin/servers/demo/assistants/pt';
    expect((await session.request('PATCH', url, { name: 'Demo' }, { csrf: false })).json()).toMatchObject({ error: { code: 'csrf' } });
    expect((await session.request('PATCH', url, { name: 'Demo' }, { csrf: 'not-the-token' })).statusCode).toBe(403);
    expect((await session.request('PATCH', url, { name: 'Demo' })).json()).toMatchObject({ name: 'Demo' });
    expect((await session.request('GET', url.replace(/\/pt$/, ''), undefined, { csrf: false })).statusCode).toBe(200);
    // A proxy's Basic credentials do not hide the session.
    const behindProxy = await test.app.inject({ method: 'GET', url: '/api/admin/servers', headers: { host: LOCAL, authorization: 'Basic cHJveHk6cHJveHk=', cookie: `helper_session=${session.cookie}` } });
    expect(behindProxy.statusCode).toBe(200);
    const operator = await test.app.inject({ method: 'PATCH', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'Demo (pt)' } });
    expect(operator.json()).toMatchObject({ name: 'Demo (pt)' });
  });

  it('keeps the admin API on without HELPER_ADMIN_TOKEN: console users only', async () => {
    expect((await generated.app.inject({ method: 'GET', url: '/api/admin/servers' })).json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await generated.app.inject({ method: 'GET', url: '/api/admin/servers', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).statusCode).toBe(401);
  });
});

function store() {
  return test.platform.store;
}
