// HELPER_ROLE: a web process serves requests and runs no job; a worker runs them. Messenger
// answers stored by the web process are sent by the worker (told through Redis, at once), and a
// training asked for on the web process is run by the worker's scheduler.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { storeVariants } from '../src/store/test-stores.js';
import { startGraphSink } from './helpers/chaos.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { metaJson, waitFor } from './helpers/wait-for.js';

const postgres = storeVariants().find((variant) => variant.name === 'postgres')!;
const redisUrl = process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const running: TestPlatform[] = [];
afterAll(async () => {
  for (const test of running.reverse()) await test.close();
  await postgres.cleanup();
});

describe('HELPER_ROLE', () => {
  it('is all, web or worker', () => {
    expect(loadConfig({}).role).toBe('all');
    expect(loadConfig({ HELPER_ROLE: 'worker', DATABASE_URL: 'postgres://helper@db/helper' }).role).toBe('worker');
    expect(() => loadConfig({ HELPER_ROLE: 'jobs' })).toThrow(/HELPER_ROLE: must be all, web or worker/);
  });

  it('refuses web and worker on SQLite (one process: a lone web process never trains, two workers share no lock)', () => {
    for (const role of ['web', 'worker']) {
      expect(() => loadConfig({ HELPER_ROLE: role })).toThrow(ConfigError);
      expect(() => loadConfig({ HELPER_ROLE: role })).toThrow(/HELPER_ROLE: .*DATABASE_URL/);
    }
    expect(loadConfig({ HELPER_ROLE: 'all' }).role).toBe('all');
    expect(loadConfig({ HELPER_ROLE: 'web', DATABASE_URL: 'postgres://helper@db/helper', REDIS_URL: 'redis://redis:6379' }).role).toBe('web');
  });

  it('a web process stores Messenger answers and asked trainings; the worker sends and runs them', async () => {
    const graph = await startGraphSink();
    const location = await postgres.location();
    const env = { DATABASE_URL: location.databaseUrl!, REDIS_URL: redisUrl, HELPER_GRAPH_API_URL: graph.url, HELPER_OUTBOX_POLL_MS: '600000' };
    const web = await startTestPlatform({ env: { ...env, HELPER_ROLE: 'web' } });
    running.push(web);
    const worker = await startTestPlatform({ env: { ...env, HELPER_ROLE: 'worker' }, dataDir: web.dataDir, demo: false });
    running.push(worker);
    try {
      const assistant = await web.platform.defaultAssistant();
      const appSecret = randomBytes(16).toString('hex');
      await setFacebookSecrets(web.platform, assistant, { appSecret, pageAccessToken: 'page-token' });

      // The web process answers Meta at once and sends nothing itself; the worker, told through
      // Redis (its sweep is ten minutes away here), sends the answer.
      const raw = metaJson({ object: 'page', entry: [{ id: '1', time: Date.now(), messaging: [{ sender: { id: 'psid-roles' }, recipient: { id: '1' }, timestamp: Date.now(), message: { mid: 'mid-roles-1', text: 'qual o horário de atendimento?' } }] }] });
      const response = await web.app.inject({ method: 'POST', url: '/webhooks/facebook/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(appSecret, raw) }, payload: raw });
      expect(response.statusCode).toBe(200);
      await waitFor(() => (graph.texts.get('psid-roles') ?? []).length === 1, 'the worker sending the answer');
      expect(graph.texts.get('psid-roles')?.[0]).toContain('service desk');
      await waitFor(async () => (await web.platform.store.outbox.recipients('facebook')).length === 0, 'the outbox emptied');

      // A training asked for on the web process waits for the worker's scheduler, which runs it.
      const training = await web.platform.trainings.request(assistant, { scope: 'dialogues', requestedBy: 'roles-test' });
      expect(training.status).toBe('scheduled');
      await waitFor(async () => (await web.platform.store.trainings.get(training.id))?.status === 'succeeded', 'the worker running the training', 60_000);
      expect((await web.platform.store.trainings.get(training.id))?.claimedBy).toBe(worker.platform.trainings.instanceId);

      // Readiness names the role.
      expect((await web.app.inject({ method: 'GET', url: '/health/ready' })).json()).toMatchObject({ status: 'ready', role: 'web' });
      expect((await worker.app.inject({ method: 'GET', url: '/health/ready' })).json()).toMatchObject({ status: 'ready', role: 'worker' });
    } finally {
      await graph.close();
    }
  });
});
