import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../store/create-store.js';
import type { StoreConfig } from '../store/store-config.js';
import { storeVariants } from '../store/test-stores.js';
import type { Store } from '../store/store.js';
import { AccessRevision } from './access-revision.js';
import { HostRouter } from './host-routing.js';

const [sqlite] = storeVariants().filter((variant) => variant.name === 'sqlite');
let store: Store;
let location: StoreConfig;

beforeAll(async () => {
  location = await sqlite!.location();
  store = await createStore(location);
  for (const name of ['acme', 'globex']) {
    await store.servers.create({ name });
    await store.assistants.create({ serverName: name, language: 'pt' });
    await store.assistants.create({ serverName: name, language: 'en' });
  }
});
afterAll(async () => {
  await store.close();
  await sqlite!.cleanup();
});

describe('HostRouter', () => {
  it("reaches each server's assistant per language, and its console", async () => {
    const router = new HostRouter(store, 'helperassistant.example');
    const acmePt = await router.route('acmept.helperassistant.example');
    expect(acmePt).toMatchObject({ kind: 'assistant', assistant: { serverName: 'acme', language: 'pt' } });
    expect(await router.route('GLOBEXEN.helperassistant.example:443')).toMatchObject({ kind: 'assistant', assistant: { serverName: 'globex', language: 'en' } });
    expect(await router.route('acme.helperassistant.example')).toEqual({ kind: 'console', server: 'acme' });
  });

  it('sends unknown hosts, other domains and bare addresses to the default assistant', async () => {
    const router = new HostRouter(store, 'helperassistant.example');
    for (const host of [undefined, 'localhost:5005', '127.0.0.1', 'acmees.helperassistant.example', 'x.acmept.helperassistant.example', 'acmept.other.example']) {
      expect(await router.route(host)).toEqual({ kind: 'default' });
    }
  });

  it('never sends a disabled server or assistant elsewhere', async () => {
    const router = new HostRouter(store, 'helperassistant.example');
    const globexEn = await store.assistants.get('globex', 'en');
    await store.assistants.update(globexEn!.id, { enabled: false });
    expect(await router.route('globexen.helperassistant.example')).toEqual({ kind: 'disabled', label: 'globexen' });
    expect(await router.route('globexpt.helperassistant.example')).toMatchObject({ kind: 'assistant' });
    await store.servers.update('globex', { enabled: false });
    router.invalidate();
    expect(await router.route('globexpt.helperassistant.example')).toEqual({ kind: 'disabled', label: 'globexpt' });
    expect(await router.route('globex.helperassistant.example')).toEqual({ kind: 'disabled', label: 'globex' });
    await store.servers.update('globex', { enabled: true });
    await store.assistants.update(globexEn!.id, { enabled: true });
  });

  it('sees a change of another process at its next revision check, and its own changes at once', async () => {
    let now = 0;
    const router = new HostRouter(store, 'helperassistant.example', new AccessRevision(store, { refreshMs: 1_000, now: () => now }));
    expect(await router.route('acmees.helperassistant.example')).toEqual({ kind: 'default' });
    const other = await createStore(location);
    try {
      await other.assistants.create({ serverName: 'acme', language: 'es' });
      expect(await router.route('acmees.helperassistant.example')).toEqual({ kind: 'default' });
      now += 1_001;
      expect(await router.route('acmees.helperassistant.example')).toMatchObject({ kind: 'assistant', assistant: { language: 'es' } });
    } finally {
      await other.close();
    }
    // Written through the router's own store: seen at the next request, before any refresh time.
    await store.servers.create({ name: 'initech' });
    expect(await router.route('initech.helperassistant.example')).toEqual({ kind: 'console', server: 'initech' });
    const acmeEs = await store.assistants.get('acme', 'es');
    await store.assistants.update(acmeEs!.id, { enabled: false });
    expect(await router.route('acmees.helperassistant.example')).toEqual({ kind: 'disabled', label: 'acmees' });
    expect(await router.serves(acmeEs!)).toBe(false);
    expect(await router.find('acme', 'es')).toMatchObject({ enabled: false });
  });

  it('ignores case, as DNS does: 4biz writes acmePT', async () => {
    const router = new HostRouter(store, 'helperassistant.example');
    for (const host of ['acmePT.helperassistant.example', 'ACMEPT.HelperAssistant.Example.', 'AcmePt.helperassistant.example:5005']) {
      expect(await router.route(host)).toMatchObject({ kind: 'assistant', assistant: { serverName: 'acme', language: 'pt' } });
    }
    expect(await router.route('ACME.helperassistant.example')).toEqual({ kind: 'console', server: 'acme' });
  });
});
