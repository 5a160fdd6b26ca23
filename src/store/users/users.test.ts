import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

const ana = { serverName: 'acme', login: 'Ana', email: 'Ana@Acme.example', firstName: 'Ana', lastName: 'Souza', passwordHash: '$argon2id$hash-a', role: 'administrator' } as const;

describe.each(storeVariants())('$name store: console users, sessions, sign-in failures', (variant) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('keeps users per server, login and e-mail unique per server and lowercase, without their hash', async () => {
    const created = await store.users.create(ana);
    expect(created).toMatchObject({ serverName: 'acme', login: 'ana', email: 'ana@acme.example', firstName: 'Ana', lastName: 'Souza', role: 'administrator', active: true });
    expect(JSON.stringify(created)).not.toContain('argon2');
    await expect(store.users.create({ ...ana, email: 'other@acme.example' })).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.users.create({ ...ana, login: 'ana2', email: 'ANA@acme.example' })).rejects.toBeInstanceOf(StoreConflictError);
    await store.servers.create({ name: 'beta' });
    // The same login on another server is another user.
    expect((await store.users.create({ ...ana, serverName: 'beta' })).serverName).toBe('beta');
    await store.users.create({ ...ana, login: 'bruno', email: 'bruno@acme.example', role: 'viewer', active: false });
    expect((await store.users.list('acme')).map((user) => [user.login, user.role, user.active])).toEqual([
      ['ana', 'administrator', true],
      ['bruno', 'viewer', false],
    ]);
    expect(await store.users.get('acme', 'ANA')).toEqual(created);
    expect(await store.users.credentials('acme', 'ana@ACME.example')).toEqual({ user: created, passwordHash: '$argon2id$hash-a' });
    expect(await store.users.credentials('acme', ' Ana ')).toMatchObject({ user: { id: created.id } });
    expect(await store.users.credentials('acme', 'nobody')).toBeUndefined();
    await expect(store.users.create({ ...ana, serverName: 'nowhere' })).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(store.users.create({ ...ana, login: 'a@b' })).rejects.toBeInstanceOf(StoreValidationError);
    await expect(store.users.create({ ...ana, login: 'x', email: 'not-an-email' })).rejects.toBeInstanceOf(StoreValidationError);
    await expect(store.users.create({ ...ana, login: 'y', email: 'y@acme.example', firstName: ' ' })).rejects.toBeInstanceOf(StoreValidationError);
  });

  it('never leaves a server without an active administrator', async () => {
    await store.users.create(ana);
    await store.users.create({ ...ana, login: 'bruno', email: 'bruno@acme.example', role: 'viewer' });
    await expect(store.users.update('acme', 'ana', { role: 'viewer' })).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.users.update('acme', 'ana', { active: false })).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.users.delete('acme', 'ana')).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.users.get('acme', 'ana')).toMatchObject({ role: 'administrator', active: true });
    await store.users.update('acme', 'bruno', { role: 'administrator', firstName: 'Bruno', lastName: '' });
    await store.users.update('acme', 'ana', { active: false });
    await store.users.delete('acme', 'ana');
    expect((await store.users.list('acme')).map((user) => user.login)).toEqual(['bruno']);
    await expect(store.users.update('acme', 'ana', { firstName: 'x' })).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it('keeps sessions by id hash, and ends them on a new password, deactivation and deletion', async () => {
    const user = await store.users.create(ana);
    await store.users.create({ ...ana, login: 'carla', email: 'carla@acme.example' });
    await store.userSessions.create({ idHash: 'h1', userId: user.id, csrfToken: 'c1', now: 100 });
    expect(await store.userSessions.get('h1')).toEqual({ user, csrfToken: 'c1', createdAt: 100, lastSeenAt: 100 });
    await store.userSessions.touch('h1', 150);
    expect(await store.userSessions.get('h1')).toMatchObject({ lastSeenAt: 150 });
    await store.users.update('acme', 'ana', { lastName: 'Lima' });
    expect(await store.userSessions.get('h1')).toMatchObject({ user: { lastName: 'Lima' } });
    await store.users.update('acme', 'ana', { passwordHash: 'new' });
    expect(await store.userSessions.get('h1')).toBeUndefined();
    expect((await store.users.credentials('acme', 'ana'))?.passwordHash).toBe('new');
    await store.userSessions.create({ idHash: 'h2', userId: user.id, csrfToken: 'c2', now: 200 });
    await store.users.update('acme', 'ana', { active: false });
    expect(await store.userSessions.get('h2')).toBeUndefined();
    await store.users.update('acme', 'ana', { active: true });
    await store.userSessions.create({ idHash: 'h3', userId: user.id, csrfToken: 'c3', now: 300 });
    await store.userSessions.create({ idHash: 'old', userId: user.id, csrfToken: 'c4', now: 10 });
    await store.userSessions.deleteExpired(50, 0);
    expect(await store.userSessions.get('old')).toBeUndefined();
    expect(await store.userSessions.get('h3')).toBeDefined();
    await store.userSessions.delete('h3');
    expect(await store.userSessions.get('h3')).toBeUndefined();
    await store.userSessions.create({ idHash: 'h4', userId: user.id, csrfToken: 'c5', now: 300 });
    await store.users.delete('acme', 'ana');
    expect(await store.userSessions.get('h4')).toBeUndefined();
    await expect(store.userSessions.create({ idHash: 'h5', userId: 987654, csrfToken: 'c', now: 1 })).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it('counts failed sign-ins per key in a fixed window', async () => {
    expect(await store.signInFailures.record(['login:acme:ana', 'address:10.0.0.1'], 1000, 60)).toEqual([
      { failures: 1, windowStartedAt: 1000 },
      { failures: 1, windowStartedAt: 1000 },
    ]);
    expect(await store.signInFailures.record(['login:acme:ana'], 1030, 60)).toEqual([{ failures: 2, windowStartedAt: 1000 }]);
    expect(await store.signInFailures.get('login:acme:ana')).toEqual({ failures: 2, windowStartedAt: 1000 });
    expect(await store.signInFailures.get('address:10.0.0.1')).toEqual({ failures: 1, windowStartedAt: 1000 });
    // After the window, counting starts again.
    await store.signInFailures.record(['login:acme:ana'], 1061, 60);
    expect(await store.signInFailures.get('login:acme:ana')).toEqual({ failures: 1, windowStartedAt: 1061 });
    // Counting is atomic: concurrent failures all count.
    await Promise.all(Array.from({ length: 5 }, () => store.signInFailures.record(['address:10.0.0.9'], 1062, 600)));
    expect(await store.signInFailures.get('address:10.0.0.9')).toEqual({ failures: 5, windowStartedAt: 1062 });
    await store.signInFailures.release('address:10.0.0.9');
    expect(await store.signInFailures.get('address:10.0.0.9')).toEqual({ failures: 4, windowStartedAt: 1062 });
    await store.signInFailures.clear('login:acme:ana');
    expect(await store.signInFailures.get('login:acme:ana')).toBeUndefined();
    // Ended windows are dropped when failures are counted.
    await store.signInFailures.record(['login:acme:old'], 2000, 60);
    await store.signInFailures.record(['login:acme:new'], 2100, 60);
    expect(await store.signInFailures.get('login:acme:old')).toBeUndefined();
  });
});
