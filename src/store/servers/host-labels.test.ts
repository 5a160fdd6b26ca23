// Host names that cannot collide (./host-labels.ts): `{server}` is a console, `{server}{language}`
// an assistant, so no name may make one label mean two things — checked in the store, so the admin
// API, the CLI and the file import all refuse the same names.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { StoreValidationError } from '../store-errors.js';
import { storeVariants } from '../test-stores.js';

async function refusal(promise: Promise<unknown>): Promise<{ field: string | undefined; message: string }> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreValidationError);
  const { field, message } = error as StoreValidationError;
  return { field, message };
}

describe.each(storeVariants())('$name store: host names', (variant) => {
  let store: Store;
  beforeEach(async () => {
    store = await variant.open();
    await store.servers.create({ name: 'demo' });
    await store.assistants.create({ serverName: 'demo', language: 'pt' });
  });
  afterAll(() => variant.cleanup());

  it("refuses a server named after an assistant's host (demopt beside demo/pt), naming the field and the rule", async () => {
    const refused = await refusal(store.servers.create({ name: 'demopt' }));
    expect(refused.field).toBe('name');
    expect(refused.message).toMatch(/"demopt" is the host name of assistant demo\/pt/);
    expect(refused.message).toMatch(/no two host names may be equal/);
    expect((await store.servers.list()).map((server) => server.name)).toEqual(['demo']);
  });

  it('refuses another server\'s name followed by pt, en or es even before that assistant exists, both ways round', async () => {
    for (const name of ['demoen', 'demoes']) {
      expect(await refusal(store.servers.create({ name }))).toMatchObject({ field: 'name', message: expect.stringMatching(/would take the host name of server demo's/) });
    }
    await store.servers.create({ name: 'acmees' });
    expect(await refusal(store.servers.create({ name: 'acme' }))).toMatchObject({ field: 'name', message: expect.stringMatching(/server "acmees" exists/) });
    // Other names that end in letters are fine: only a server's name plus a platform language is reserved.
    await store.servers.create({ name: 'demos' });
    await store.servers.create({ name: 'open' });
    expect((await store.servers.list()).map((server) => server.name)).toEqual(['acmees', 'demo', 'demos', 'open']);
  });

  it('refuses an assistant whose host is a console or another assistant, whatever its language', async () => {
    await store.servers.create({ name: 'ab' });
    await store.servers.create({ name: 'abc' });
    await store.assistants.create({ serverName: 'abc', language: 'de' });
    // ab + cde = abcde = abc + de
    expect(await refusal(store.assistants.create({ serverName: 'ab', language: 'cde' }))).toMatchObject({ field: 'language', message: expect.stringMatching(/the host name of assistant abc\/de/) });
    // ab + c… cannot be shorter than 2 letters, but a server may already be named what ab + a language spells.
    await store.servers.create({ name: 'abfr' });
    expect(await refusal(store.assistants.create({ serverName: 'ab', language: 'fr' }))).toMatchObject({ field: 'language', message: expect.stringMatching(/server abfr's console/) });
    expect(await store.assistants.get('ab', 'fr')).toBeUndefined();
  });

  it("refuses an assistant whose host is the one another server's pt, en or es assistant will have, before it exists", async () => {
    await store.servers.create({ name: 'acm' });
    await store.servers.create({ name: 'acme' });
    // acm + ept = acmept: acme's "pt" assistant's host.
    expect(await refusal(store.assistants.create({ serverName: 'acm', language: 'ept' }))).toMatchObject({ field: 'language', message: expect.stringMatching(/the host name of server acme's "pt" assistant/) });
    await store.assistants.create({ serverName: 'acme', language: 'pt' });
    expect(await store.assistants.get('acme', 'pt')).toBeDefined();
    // The other way round: with bc/ept in place, no server bce (whose pt assistant would be bcept).
    await store.servers.create({ name: 'bc' });
    await store.assistants.create({ serverName: 'bc', language: 'ept' });
    expect(await refusal(store.servers.create({ name: 'bce' }))).toMatchObject({ field: 'name', message: expect.stringMatching(/assistant bc\/ept has the host name of this server's "pt" assistant/) });
  });

  it('lets only one of two simultaneous creations take a host name', async () => {
    await store.servers.create({ name: 'acme' });
    const results = await Promise.allSettled([store.servers.create({ name: 'acmept' }), store.assistants.create({ serverName: 'acme', language: 'pt' })]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
