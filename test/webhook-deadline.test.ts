// A push platform waits a few seconds for its webhook's answer (Meta: 5 s, then it redelivers and in
// the end disables the webhook). A Messenger turn whose skill waits for an action server longer than
// HELPER_WEBHOOK_ACK_MS is kept as a pending inbound message and acknowledged; the user is answered
// when the action returns. Pending messages left by a stopped or crashed process (kill -9) are
// replayed by the next, once; a message recorded just before a crash is not recorded twice.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../src/channels/core/inbound-replay.js';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { loadConfig } from '../src/config/config.js';
import { openPlatform } from '../src/platform.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startGraphSink, type GraphSink } from './helpers/chaos.js';
import { appPorts, appProcess } from './helpers/cluster.js';
import { startFakeActionServer, type FakeActionServer } from './helpers/fake-action-server.js';
import { serveSlowOrder, SLOW_ORDER_ANSWER, slowOrderContent } from './helpers/slow-order-assistant.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const APP_SECRET = 'app-secret-deadline-0123456789';
const PAGE_ID = '2000002';
/** How long the slow action takes; the webhook answers after ACK_MS. */
const SLOW_MS = 1_500;
const ACK_MS = 300;


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

let midCounter = 0;
const mid = (): string => `m_deadline_${++midCounter}_${Date.now().toString(36)}`;
const textEvent = (sender: string, text: string, id = mid()) => ({ sender: { id: sender }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: id, text } });
const page = (...messaging: unknown[]) => JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging }] });
const signed = (raw: string) => ({ 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(APP_SECRET, raw) });

let graph: GraphSink;
let actions: FakeActionServer;

beforeAll(async () => {
  graph = await startGraphSink();
  actions = await startFakeActionServer();
  serveSlowOrder(actions, SLOW_MS);
});
afterAll(async () => {
  await graph?.close();
  await actions?.close();
});
beforeEach(() => {
  graph.texts.clear();
  graph.calls.clear();
});

/** The content above, trained, with the action server and Messenger set up. */
async function setUp(platform: TestPlatform['platform']): Promise<AssistantRecord> {
  let assistant = await platform.defaultAssistant();
  await platform.store.content.save(assistant.id, slowOrderContent(), 'replace');
  assistant = await platform.store.assistants.updateSettings(assistant.id, { actionEndpointUrl: `${actions.url}/webhook` });
  await platform.trainer.train(assistant);
  await setFacebookSecrets(platform, assistant, { appSecret: APP_SECRET, pageAccessToken: 'page-token-deadline' });
  return assistant;
}

const env = () => ({
  HELPER_GRAPH_API_URL: graph.url,
  HELPER_OUTBOUND_ALLOW: '127.0.0.1',
  HELPER_WEBHOOK_ACK_MS: String(ACK_MS),
  HELPER_OUTBOX_POLL_MS: '100',
  HELPER_OUTBOX_CLAIM_MS: '1000',
});

describe.each([
  { name: 'sqlite', postgres: false },
  { name: 'postgres', postgres: true },
])('push webhooks answer their platform in time ($name)', ({ postgres }) => {
  let test: TestPlatform;
  let assistant: AssistantRecord;
  beforeAll(async () => {
    test = await startTestPlatform({ demo: false, postgres, env: env() });
    assistant = await setUp(test.platform);
  });
  afterAll(async () => test?.close());

  const post = (raw: string) => test.app.inject({ method: 'POST', url: '/webhooks/facebook/webhook', headers: signed(raw), payload: raw });
  const userTexts = async (sender: string) =>
    (await test.platform.store.conversations.events(assistant.id, sender)).flatMap((entry) => (entry.event.event === 'user' ? [String(entry.event['text'])] : []));

  it('acknowledges within HELPER_WEBHOOK_ACK_MS while a turn waits for an action server, then answers every message in order', async () => {
    const started = Date.now();
    const response = await post(page(textEvent('u-slow', 'consultar pedido'), textEvent('u-slow', 'oi'), textEvent('u-fast', 'oi')));
    const took = Date.now() - started;
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('EVENT_RECEIVED');
    expect(took).toBeGreaterThanOrEqual(ACK_MS - 20);
    expect(took).toBeLessThan(SLOW_MS);
    // The slow turn and the one behind it are kept until recorded; the other user's was recorded in time.
    expect(await test.platform.store.inbound.backlog()).toEqual([{ channel: 'facebook', pending: 2, oldestAt: expect.any(Number) as number }]);
    expect(await userTexts('u-fast')).toEqual(['oi']);

    await waitFor(() => (graph.texts.get('u-slow') ?? []).length === 2, 'both answers to the slow user');
    expect(graph.texts.get('u-slow')).toEqual([SLOW_ORDER_ANSWER, 'Olá!']);
    expect(graph.texts.get('u-fast')).toEqual(['Olá!']);
    // While the action ran, the typing bubble (then the answer's own typing_on … typing_off); a quick turn has none.
    await waitFor(() => (graph.calls.get('u-slow') ?? []).length >= 7 && (graph.calls.get('u-fast') ?? []).length >= 3, 'every call of both answers');
    expect(graph.calls.get('u-slow')).toEqual(['typing_on', 'typing_on', `text: ${SLOW_ORDER_ANSWER}`, 'typing_off', 'typing_on', 'text: Olá!', 'typing_off']);
    expect(graph.calls.get('u-fast')).toEqual(['typing_on', 'text: Olá!', 'typing_off']);
    expect(await userTexts('u-slow')).toEqual(['consultar pedido', 'oi']);
    await waitFor(async () => (await test.platform.store.inbound.backlog()).length === 0, 'the pending rows deleted');
    const metrics = await test.platform.metrics.registry.getSingleMetricAsString('helper_webhook_deferred_total');
    expect(metrics).toContain('helper_webhook_deferred_total{channel="facebook"} 2');
  });

  it('answers a message in time as before when its turn is quick: nothing kept as pending', async () => {
    const response = await post(page(textEvent('u-quick', 'bom dia')));
    expect(response.statusCode).toBe(200);
    expect(await userTexts('u-quick')).toEqual(['bom dia']);
    expect(await test.platform.store.inbound.backlog()).toEqual([]);
    await waitFor(() => (graph.texts.get('u-quick') ?? []).length === 1, 'the answer');
  });

  it('replays pending messages whose process stopped, once: a message already recorded is not recorded again', async () => {
    const recordedMid = mid();
    expect((await post(page(textEvent('u-left-2', 'oi', recordedMid)))).statusCode).toBe(200);
    await waitFor(() => (graph.texts.get('u-left-2') ?? []).length === 1, 'the first answer');
    const stopped = Date.now() / 1000 - 1;
    // As a crashed process leaves them: claimed by it, its claim ended; one of them recorded before the crash.
    await test.platform.store.inbound.add(
      [
        { assistantId: assistant.id, channel: 'facebook', sender: 'u-left-1', turn: { sender: 'u-left-1', text: 'oi', messageId: mid(), metadata: {} } },
        { assistantId: assistant.id, channel: 'facebook', sender: 'u-left-1', turn: { sender: 'u-left-1', text: 'consultar pedido', messageId: mid(), metadata: {} } },
        { assistantId: assistant.id, channel: 'facebook', sender: 'u-left-2', turn: { sender: 'u-left-2', text: 'oi', messageId: recordedMid, metadata: {} } },
      ],
      'crashed-host:1:0000',
      stopped,
    );
    await waitFor(() => (graph.texts.get('u-left-1') ?? []).length === 2, 'the replayed answers');
    expect(graph.texts.get('u-left-1')).toEqual(['Olá!', SLOW_ORDER_ANSWER]);
    expect(await userTexts('u-left-1')).toEqual(['oi', 'consultar pedido']);
    await waitFor(async () => (await test.platform.store.inbound.backlog()).length === 0, 'the pending rows deleted');
    await sleep(200);
    expect(await userTexts('u-left-2')).toEqual(['oi']);
    expect(graph.texts.get('u-left-2')).toEqual(['Olá!']);
  });

  it('gives up a pending message a day old, counting it', async () => {
    const old = await test.platform.store.inbound.add(
      [{ assistantId: assistant.id, channel: 'facebook', sender: 'u-old', turn: { sender: 'u-old', text: 'oi', messageId: mid(), metadata: {} } }],
      'crashed-host:1:0000',
      Date.now() / 1000 - 1,
    );
    expect(old).toHaveLength(1);
    // A day later (the sweep reads the clock; the row keeps the time it was stored).
    const realNow = Date.now;
    Date.now = () => realNow() + 25 * 60 * 60 * 1000;
    try {
      await waitFor(async () => (await test.platform.store.inbound.backlog()).length === 0, 'the old row given up');
    } finally {
      Date.now = realNow;
    }
    expect(await userTexts('u-old')).toEqual([]);
    const metrics = await test.platform.metrics.registry.getSingleMetricAsString('helper_inbound_given_up_total');
    expect(metrics).toContain('helper_inbound_given_up_total{channel="facebook"} 1');
  });

  it('gives up a pending message whose turn failed on every replay (MAX_ATTEMPTS), and shows the backlog in /metrics', async () => {
    const now = Date.now() / 1000;
    const [row] = await test.platform.store.inbound.add(
      [{ assistantId: assistant.id, channel: 'facebook', sender: 'u-poison', turn: { sender: 'u-poison', text: 'oi', messageId: mid(), metadata: {} } }],
      'crashed-host:1:0000',
      now + 3600,
    );
    expect(await test.platform.metrics.registry.getSingleMetricAsString('helper_inbound_pending')).toContain('helper_inbound_pending{channel="facebook"} 1');
    // Ten takeovers already happened (each replay failed; the claims ended): the next one gives it up.
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const taken = await test.platform.store.inbound.claim('facebook', { claimant: 'a-failing-replayer', limit: 10, now: now + 3600 + attempt, until: now + 3600 + attempt });
      expect(taken.map((item) => [item.id, item.attempts])).toEqual([[row, attempt]]);
    }
    await test.platform.store.inbound.renew([row!], 'a-failing-replayer', now - 1);
    await waitFor(async () => (await test.platform.store.inbound.backlog()).length === 0, 'the row given up');
    expect(await userTexts('u-poison')).toEqual([]);
    expect(await test.platform.metrics.registry.getSingleMetricAsString('helper_inbound_given_up_total')).toContain('helper_inbound_given_up_total{channel="facebook"} 2');
  });
});

describe('a stopping process finishes the turns it acknowledged', () => {
  it('closing the app waits for a deferred turn: recorded, its pending row deleted', async () => {
    const test = await startTestPlatform({ demo: false, env: env() });
    try {
      const assistant = await setUp(test.platform);
      const raw = page(textEvent('u-closing', 'consultar pedido'));
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/facebook/webhook', headers: signed(raw), payload: raw });
      expect(response.statusCode).toBe(200);
      expect(await test.platform.store.inbound.backlog()).toHaveLength(1);
      await test.app.close();
      const events = await test.platform.store.conversations.events(assistant.id, 'u-closing');
      expect(events.filter((entry) => entry.event.event === 'user')).toHaveLength(1);
      expect(events.some((entry) => entry.event.event === 'bot' && entry.event['text'] === SLOW_ORDER_ANSWER)).toBe(true);
      expect(await test.platform.store.inbound.backlog()).toEqual([]);
    } finally {
      await test.close();
    }
  });
});

describe('a crashed process (kill -9) after the acknowledgement', () => {
  it('its acknowledged message is answered by the process started after it, once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-deadline-'));
    const processEnv: Record<string, string> = {
      HELPER_DATA_DIR: dataDir,
      HELPER_SECRET_KEY: randomBytes(32).toString('hex'),
      HELPER_LOAD_DEMO: 'false',
      HELPER_LOG_LEVEL: 'warn',
      ...env(),
      // The action outlasts the process: it is killed while the turn waits.
      HELPER_ACTION_TIMEOUT_SECONDS: '10',
    };
    const seeding = await openPlatform(loadConfig(processEnv), pino({ level: 'silent' }));
    let assistantId: number;
    try {
      assistantId = (await setUp(seeding)).id;
    } finally {
      await seeding.close();
    }
    const [port] = await appPorts(1);
    const app = appProcess('deadline', port!, processEnv);
    try {
      await app.start();
      const raw = page(textEvent('u-crash', 'consultar pedido'));
      const started = Date.now();
      const response = await fetch(`${app.url}/webhooks/facebook/webhook`, { method: 'POST', headers: signed(raw), body: raw });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(SLOW_MS);
      await app.kill();
      expect(graph.texts.get('u-crash')).toBeUndefined();
      await app.start();
      await waitFor(() => (graph.texts.get('u-crash') ?? []).length >= 1, 'the answer after the restart', 30_000);
      await sleep(300);
      expect(graph.texts.get('u-crash')).toEqual([SLOW_ORDER_ANSWER]);
    } finally {
      await app.kill();
    }
    const check = await openPlatform(loadConfig(processEnv), pino({ level: 'silent' }));
    try {
      const events = await check.store.conversations.events(assistantId, 'u-crash');
      expect(events.filter((entry) => entry.event.event === 'user')).toHaveLength(1);
      expect(await check.store.inbound.backlog()).toEqual([]);
    } finally {
      await check.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
