// Every route's schemas compile, and they are compiled on a route's first request, not at start
// (src/server/lazy-schemas.ts): the same validators and serializers, later.
import { afterEach, describe, expect, it } from 'vitest';
import { schemaCompilation } from '../src/server/lazy-schemas.js';
import { ADMINISTRATOR_ENV, signInAdministratorAndViewer } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

describe('route schemas', () => {
  let test: TestPlatform | undefined;
  afterEach(async () => {
    schemaCompilation.atStart = false;
    await test?.close();
    test = undefined;
  });

  it('every route’s validators and serializers compile (all at start, as Fastify would)', async () => {
    schemaCompilation.atStart = true;
    const before = schemaCompilation.compiled;
    // A schema that cannot compile makes the app's ready() throw here.
    test = await startTestPlatform({ demo: false });
    expect(schemaCompilation.compiled - before).toBeGreaterThan(300);
  });

  it('compiles a route’s schemas on its first request, and checks and writes as before', async () => {
    const before = schemaCompilation.compiled;
    test = await startTestPlatform({ demo: 'pt', env: ADMINISTRATOR_ENV });
    const atStart = schemaCompilation.compiled - before;
    expect(atStart).toBeLessThan(20);
    // The REST channel: its body's validator and its reply's serializer, on the first message.
    const bad = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { host: 'demopt.localhost' }, payload: { sender: 'u', message: 12 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('message');
    const good = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { host: 'demopt.localhost' }, payload: { sender: 'u', message: 'oi' } });
    expect(good.statusCode).toBe(200);
    expect(Array.isArray(good.json())).toBe(true);
    // The console's API: every problem of a body at once (allErrors), with its code, and a reply
    // that holds only what its schema lists.
    const { ana } = await signInAdministratorAndViewer(test.platform, test.app);
    const refused = await ana.request('POST', '/api/admin/servers/demo/assistants', { language: 12, surplus: true });
    expect(refused.statusCode).toBe(400);
    const problems = (refused.json() as { error: { problems: Array<{ field: string; code: string }> } }).error.problems;
    expect(problems.map(({ field, code }) => `${field} ${code}`).sort()).toEqual(['language type', 'surplus not_allowed']);
    // A reply holds only what its schema lists (fast-json-stringify), and the first such reply compiles it.
    const servers = await ana.request('GET', '/api/admin/servers/demo/assistants');
    expect(servers.statusCode).toBe(200);
    expect(schemaCompilation.compiled - before).toBeGreaterThan(atStart);
  });
});
