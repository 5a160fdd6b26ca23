import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../secrets/secret-box.js';
import type { AssistantRecord, Store } from '../store/store.js';
import { createStore } from '../store/create-store.js';
import type { StoreConfig } from '../store/store-config.js';
import { storeVariants } from '../store/test-stores.js';
import { AccessRevision } from './access-revision.js';
import { allowedAddress, ApiAccessControl, API_TOKEN_SECRET, parseCidr } from './api-access.js';

const [sqlite] = storeVariants().filter((variant) => variant.name === 'sqlite');
let store: Store;
let location: StoreConfig;
let acmePt: AssistantRecord;
let acmeEn: AssistantRecord;
const box = SecretBox.fromKey(Buffer.alloc(32, 9));

async function jwt(secret: string, user: { username: string; role: string }): Promise<string> {
  return new SignJWT({ user }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}

beforeAll(async () => {
  location = await sqlite!.location();
  store = await createStore(location);
  await store.servers.create({ name: 'acme' });
  acmePt = await store.assistants.create({ serverName: 'acme', language: 'pt' });
  acmeEn = await store.assistants.create({ serverName: 'acme', language: 'en' });
});
afterAll(async () => {
  await store.close();
  await sqlite!.cleanup();
});

describe('ApiAccessControl', () => {
  it('has no token until one is made (reading never creates one); then one per assistant, sealed at rest and kept', async () => {
    const access = new ApiAccessControl(store, box);
    expect(await access.token(acmePt)).toBeUndefined();
    expect(await store.secrets.names(acmePt.id)).toEqual([]);
    // Without a token every credential is refused; nothing is created on the way.
    expect(await access.check(acmePt, { token: 'guess' })).toMatchObject({ ok: false, status: 401 });
    expect(await access.check(acmePt, { authorization: 'Bearer x.y.z' })).toMatchObject({ ok: false, status: 401 });
    expect(await access.check(acmePt, {})).toMatchObject({ ok: false, status: 401 });
    expect(await store.secrets.names(acmePt.id)).toEqual([]);

    const token = await access.ensure(acmePt);
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(await access.token(acmePt)).toBe(token);
    expect(await access.ensure(acmePt)).toBe(token);
    expect(await new ApiAccessControl(store, box).token(acmePt)).toBe(token);
    expect(await access.ensure(acmeEn)).not.toBe(token);
    const sealed = await store.secrets.get(acmePt.id, API_TOKEN_SECRET);
    expect(sealed).not.toContain(token);
  });

  it("seals the token for its assistant: a sealed row copied to another assistant's does not open there", async () => {
    const access = new ApiAccessControl(store, box);
    await access.ensure(acmePt);
    const sealed = await store.secrets.get(acmePt.id, API_TOKEN_SECRET);
    const copy = await store.assistants.create({ serverName: 'acme', language: 'es' });
    await store.secrets.set(copy.id, API_TOKEN_SECRET, sealed!);
    await expect(new ApiAccessControl(store, box).token(copy)).rejects.toThrow(/cannot be decrypted/);
  });

  it("sees another process's rotation at its next revision check, without a restart", async () => {
    let now = 0;
    const here = new ApiAccessControl(store, box, new AccessRevision(store, { refreshMs: 2_000, now: () => now }));
    const before = await here.ensure(acmePt);
    // Another process: its own store connection, so this one is not told at once.
    const other = await createStore(location);
    try {
      const rotated = await new ApiAccessControl(other, box).rotate(acmePt);
      expect(await here.check(acmePt, { token: before })).toMatchObject({ ok: true });
      now += 2_001;
      expect(await here.check(acmePt, { token: before })).toMatchObject({ ok: false, status: 401 });
      expect(await here.check(acmePt, { token: rotated })).toMatchObject({ ok: true, via: 'token' });
    } finally {
      await other.close();
    }
  });

  it('is closed without credentials, and refuses the token of another assistant', async () => {
    const access = new ApiAccessControl(store, box);
    expect(await access.check(acmePt, {})).toMatchObject({ ok: false, status: 401, reason: 'NotAuthenticated' });
    const other = await access.ensure(acmeEn);
    expect(await access.check(acmePt, { token: other })).toMatchObject({ ok: false, status: 401, reason: 'NotAuthenticated' });
    expect(await access.check(acmePt, { token: await access.ensure(acmePt) })).toMatchObject({ ok: true, role: 'admin', via: 'token' });
  });

  it("takes Rasa's JWT: admin anywhere, user only on its own conversation", async () => {
    const access = new ApiAccessControl(store, box);
    const secret = await access.ensure(acmePt);
    const admin = `Bearer ${await jwt(secret, { username: 'ops', role: 'admin' })}`;
    const user = `Bearer ${await jwt(secret, { username: 'joao', role: 'user' })}`;
    expect(await access.check(acmePt, { authorization: admin }, 'maria')).toMatchObject({ ok: true, role: 'admin' });
    expect(await access.check(acmePt, { authorization: user }, 'joao')).toMatchObject({ ok: true, role: 'user', username: 'joao' });
    expect(await access.check(acmePt, { authorization: user }, 'maria')).toMatchObject({ ok: false, status: 403 });
    expect(await access.check(acmePt, { authorization: user })).toMatchObject({ ok: false, status: 403 });
    const foreign = `Bearer ${await jwt(await access.ensure(acmeEn), { username: 'ops', role: 'admin' })}`;
    expect(await access.check(acmePt, { authorization: foreign })).toMatchObject({ ok: false, status: 401 });
    expect(await access.check(acmePt, { authorization: 'Bearer not.a.jwt' })).toMatchObject({ ok: false, status: 401 });
    // Authenticated without the scope (another role, no user at all): 403, as Rasa's sufficient_scope.
    const guest = `Bearer ${await jwt(secret, { username: 'ops', role: 'guest' })}`;
    const nobody = `Bearer ${await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret))}`;
    for (const authorization of [guest, nobody]) {
      expect(await access.check(acmePt, { authorization }, 'ops')).toMatchObject({ ok: false, status: 403, reason: 'NotAuthorized' });
    }
    // A wrong ?token= does not stop a valid JWT (Rasa checks the token, then the JWT).
    expect(await access.check(acmePt, { token: 'wrong', authorization: admin }, 'maria')).toMatchObject({ ok: true, role: 'admin', via: 'jwt' });
    expect(await access.check(acmePt, { token: 'wrong', authorization: user }, 'maria')).toMatchObject({ ok: false, status: 403 });
    expect(await access.check(acmePt, { token: 'wrong', authorization: foreign })).toMatchObject({ ok: false, status: 401 });
  });

  it('rotating a token stops the old one and the JWTs signed with it', async () => {
    const access = new ApiAccessControl(store, box);
    const old = await access.ensure(acmePt);
    const oldJwt = `Bearer ${await jwt(old, { username: 'ops', role: 'admin' })}`;
    const fresh = await access.rotate(acmePt);
    expect(fresh).not.toBe(old);
    expect(await access.check(acmePt, { token: old })).toMatchObject({ ok: false, status: 401 });
    expect(await access.check(acmePt, { authorization: oldJwt })).toMatchObject({ ok: false, status: 401 });
    expect(await access.check(acmePt, { token: fresh })).toMatchObject({ ok: true });
  });

  it('lets allowed addresses in without a token', async () => {
    const access = new ApiAccessControl(store, box);
    const allowed = await store.assistants.update(acmePt.id, { apiAllowedCidrs: ['10.1.0.0/16', '::1'] });
    expect(await access.check(allowed, { clientAddress: '10.1.2.3' })).toMatchObject({ ok: true, via: 'address' });
    expect(await access.check(allowed, { clientAddress: '::ffff:10.1.2.3' })).toMatchObject({ ok: true });
    expect(await access.check(allowed, { clientAddress: '::1' })).toMatchObject({ ok: true });
    expect(await access.check(allowed, { clientAddress: '10.2.0.1' })).toMatchObject({ ok: false, status: 401 });
    expect(await access.check(acmeEn, { clientAddress: '10.1.2.3' })).toMatchObject({ ok: false, status: 401 });
  });
});

describe('CIDRs', () => {
  it('parses IPv4, IPv6 and bare addresses, and refuses malformed ones', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ network: '10.0.0.0', prefix: 8, type: 'ipv4' });
    expect(parseCidr('2001:db8::/32')).toEqual({ network: '2001:db8::', prefix: 32, type: 'ipv6' });
    expect(parseCidr('127.0.0.1')).toEqual({ network: '127.0.0.1', prefix: 32, type: 'ipv4' });
    for (const bad of ['10.0.0.0/33', 'example.com/8', '10.0.0/8', '::1/129', '']) expect(parseCidr(bad)).toBeNull();
    expect(allowedAddress('192.168.1.7', ['192.168.1.0/24'])).toBe(true);
    expect(allowedAddress('192.168.2.7', ['192.168.1.0/24'])).toBe(false);
    expect(allowedAddress('not-an-ip', ['0.0.0.0/0'])).toBe(false);
  });
});
