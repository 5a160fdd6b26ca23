import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeVariants } from '../store/test-stores.js';
import type { Store } from '../store/store.js';
import { HostRouter } from './host-routing.js';

const [sqlite] = storeVariants().filter((variant) => variant.name === 'sqlite');
let store: Store;

beforeAll(async () => {
  store = await sqlite!.open();
  for (const name of ['acme', 'globex']) {
    await store.servers.create({ name });
    await store.assistants.create({ serverName: name, language: 'pt' });
    await store.assistants.create({ serverName: name, language: 'en' });
  }
});
afterAll(() => sqlite!.cleanup());

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

  it('sees a new assistant after its refresh time, or at once when invalidated', async () => {
    let now = 0;
    const router = new HostRouter(store, 'helperassistant.example', { refreshMs: 1_000, now: () => now });
    expect(await router.route('acmees.helperassistant.example')).toEqual({ kind: 'default' });
    await store.assistants.create({ serverName: 'acme', language: 'es' });
    expect(await router.route('acmees.helperassistant.example')).toEqual({ kind: 'default' });
    now += 1_001;
    expect(await router.route('acmees.helperassistant.example')).toMatchObject({ kind: 'assistant', assistant: { language: 'es' } });
    await store.servers.create({ name: 'initech' });
    router.invalidate();
    expect(await router.route('initech.helperassistant.example')).toEqual({ kind: 'console', server: 'initech' });
  });
});
