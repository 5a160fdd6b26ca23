// The crash-safety scenarios, with their sizes as parameters: test/crash-safety-*.test.ts run them
// bounded (seconds), `npm run bench:chaos` in full. Each prints nothing and returns its figures.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ensureFirstAdministrator } from '../../src/admin-api/users/first-administrator.js';
import { setFacebookSecrets } from '../../src/channels/facebook/facebook-settings.js';
import { loadConfig } from '../../src/config/config.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { createStore } from '../../src/store/create-store.js';
import type { StoreConfig } from '../../src/store/store-config.js';
import type { AssistantRecord, Store, TrainingRecord } from '../../src/store/store.js';
import { checkMessenger, checkRest, messengerLoad, restLoad, startGraphSink, type GraphSink, type MessengerLoadResult, type RestLoadResult } from './chaos.js';
import { appPorts, appProcess, startBalancer, type AppProcess } from './cluster.js';
import { PrivateRedis } from './private-redis.js';
import { startFakeActionServer } from './fake-action-server.js';
import { importDemoAssistant } from './test-platform.js';
import { serveSlowOrder, slowOrderItems } from './slow-order-assistant.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits `ms`, or until `endAt` if that comes first: the chaos stops with the load, not a period later. */
const sleepUntil = (ms: number, endAt: number): Promise<void> => sleep(Math.max(0, Math.min(ms, endAt - Date.now())));

export interface Deployment {
  env: Record<string, string>;
  dataDir: string;
  appSecret: string;
  assistantId: number;
  close(): Promise<void>;
}

/** A store with the demo assistant trained, Messenger set up and an administrator: what every process of a scenario opens. */
export async function seedDeployment(
  location: StoreConfig,
  options: {
    redisUrl?: string;
    graph?: GraphSink;
    env?: Record<string, string>;
    /** Changes the assistant and trains it, in place of the seed's own training. */
    prepare?: (platform: Platform, assistant: AssistantRecord) => Promise<void>;
  } = {},
): Promise<Deployment> {
  const dataDir = location.dataDir && !location.databaseUrl ? location.dataDir : await mkdtemp(join(tmpdir(), 'helper-chaos-'));
  const appSecret = randomBytes(16).toString('hex');
  const env: Record<string, string> = {
    HELPER_DATA_DIR: dataDir,
    HELPER_SECRET_KEY: randomBytes(32).toString('hex'),
    ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    HELPER_LOAD_DEMO: 'false',
    HELPER_ADMIN_PASSWORD: 'chaos-password-1',
    HELPER_TRUST_PROXY: '127.0.0.1',
    // The load sends faster than any person: limits off, so that only crashes refuse messages.
    HELPER_RATE_LIMIT_PER_SENDER: '0',
    HELPER_RATE_LIMIT_SENDER_QUEUE: '0',
    HELPER_RATE_LIMIT_PER_ADDRESS: '0',
    // A crashed process's locks free within seconds; the outbox is swept often. Outbox claims
    // last longer than any stall of a loaded machine (so only a kill re-sends), and a crashed
    // sender's items wait that long.
    HELPER_LOCK_TTL_MS: '3000',
    HELPER_OUTBOX_POLL_MS: '500',
    HELPER_OUTBOX_CLAIM_MS: '15000',
    HELPER_FACEBOOK_RETRY_DELAY_MS: '50',
    HELPER_FACEBOOK_RETRY_MAX_DELAY_MS: '500',
    ...(options.graph ? { HELPER_GRAPH_API_URL: options.graph.url } : {}),
    ...options.env,
  };
  const platform = await openPlatform(loadConfig(env), pino({ level: 'silent' }));
  let assistantId: number;
  try {
    // The default assistant (demo/pt) imported as a first start does, trained once: the load speaks
    // Portuguese to it, so the English demo (and the first start's own training) is left out.
    const assistant = await importDemoAssistant(platform);
    assistantId = assistant.id;
    await ensureFirstAdministrator(platform, () => undefined);
    await setFacebookSecrets(platform, assistant, { appSecret, pageAccessToken: 'chaos-page-token' });
    // The load's varied messages include the demo's "falar com atendente": with the hand-off on, a
    // conversation would pause there and its later messages be recorded without answers, leaving
    // little to check of the delivery. Here that skill only answers.
    const content = await platform.store.content.load(assistant.id);
    content.skills = content.skills.map(({ handoff: _handoff, ...skill }) => skill);
    await platform.store.content.save(assistant.id, content, 'replace');
    if (options.prepare) await options.prepare(platform, assistant);
    else await platform.trainer.train(assistant);
  } finally {
    await platform.close();
  }
  return {
    env,
    dataDir,
    appSecret,
    assistantId,
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export interface ClusterChaosOptions {
  location: StoreConfig;
  processes: number;
  restSenders: number;
  messengerUsers: number;
  loadMs: number;
  killEveryMs: number;
  /** Restart Redis (a private redis-server) this often instead of killing app processes; 0: never. */
  redisRestartEveryMs?: number;
}

export interface ClusterChaosResult {
  kills: number;
  redisRestarts: number;
  /**
   * Send API calls that may be made twice: at each kill, the Messenger users with an outbox item
   * claimed by the killed process (read from the store right after it died). A process sends to
   * one user one item at a time and deletes each as soon as Meta answers, so each such user has
   * at most one call in flight: the bound on `messenger.sendsDuplicated`.
   */
  sendsInFlightAtKills: number;
  rest: RestLoadResult;
  messenger: MessengerLoadResult;
  /** Redis lock keys left without an expiry, or with one longer than the lock's TTL. */
  locksWithoutExpiry: number;
  /**
   * The training scheduled during the load: its end (`orphaned`: left running by a killed process),
   * and how many model versions it made.
   */
  training: { status: TrainingRecord['status'] | 'orphaned' | 'missing'; modelsMade: number };
  /** Whether the outbox was empty at the end (every pending send delivered or given up). */
  outboxEmpty: boolean;
}

/** App processes behind HAProxy on one store and a private Redis, under REST and Messenger load, killed one at a time. */
export async function clusterChaos(options: ClusterChaosOptions): Promise<ClusterChaosResult> {
  const redis = await PrivateRedis.start();
  const graph = await startGraphSink();
  const deployment = await seedDeployment(options.location, { redisUrl: redis.url, graph });
  const store: Store = await createStore(options.location);
  const ports = await appPorts(options.processes);
  const apps: AppProcess[] = ports.map((port, index) => appProcess(`app${index + 1}`, port, { ...deployment.env, HELPER_SHUTDOWN_TIMEOUT_MS: '5000' }));
  let balancer: Awaited<ReturnType<typeof startBalancer>> | undefined;
  try {
    await Promise.all(apps.map((app) => app.start()));
    balancer = await startBalancer(apps);
    const modelsBefore = (await store.models.list(deployment.assistantId)).length;
    const training = await store.trainings.create({ assistantId: deployment.assistantId, scope: 'dialogues', scheduledFor: Date.now() / 1000 + 1, requestedBy: 'chaos' });

    const endAt = Date.now() + options.loadMs;
    const done = (): boolean => Date.now() >= endAt;
    const psidPrefix = `${Date.now() % 1_000_000}`;
    const psids = Array.from({ length: options.messengerUsers }, (_, index) => `${psidPrefix}${index}`);
    let kills = 0;
    let redisRestarts = 0;
    let sendsInFlightAtKills = 0;
    const killedPids = new Set<string>();
    const restarts: Array<Promise<void>> = [];
    const chaos = (async () => {
      for (;;) {
        await sleepUntil(options.redisRestartEveryMs || options.killEveryMs, endAt);
        if (done()) return;
        if (options.redisRestartEveryMs) {
          await redis.down();
          await sleep(1_000);
          await redis.up();
          redisRestarts++;
          continue;
        }
        // One process at a time is down: the victim is one of the running ones, while another runs.
        const running = apps.filter((app) => app.running());
        if (running.length < 2) continue;
        const victim = running[Math.floor(Math.random() * running.length)]!;
        const pid = victim.pid();
        await victim.kill();
        kills++;
        if (pid !== undefined) {
          killedPids.add(String(pid));
          sendsInFlightAtKills += await usersClaimedBy(store, deployment.assistantId, psids, pid);
        }
        restarts.push(victim.start());
      }
    })();
    const url = balancer.url;
    const [rest, messenger] = await Promise.all([
      restLoad(url, options.restSenders, done, `chaos-${Date.now()}`),
      options.messengerUsers > 0 ? messengerLoad(url, deployment.appSecret, options.messengerUsers, done, psidPrefix) : Promise.resolve({ acked: new Map<string, string[]>(), deliveries: 0, events: 0 }),
    ]);
    await chaos;
    // The killed processes start again while the checks below run (the others drain the outbox).
    const restarted = Promise.all(restarts).then(() => Date.now());
    restarted.catch(() => undefined);

    // Locks: every key the processes hold expires within the lock's TTL.
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    let locksWithoutExpiry = 0;
    for (const key of await client.keys('helper:lock:*')) {
      const ttl = await client.pttl(key);
      if (ttl === -1 || ttl > Number(deployment.env['HELPER_LOCK_TTL_MS'])) locksWithoutExpiry++;
    }
    client.disconnect();

    // What the outbox still holds is sent by the processes' sweeps (a killed sender's lock expires first).
    let outboxEmpty = false;
    for (let waited = 0; waited < 60_000; waited += 200) {
      if ((await store.outbox.recipients('facebook')).length === 0) {
        outboxEmpty = true;
        break;
      }
      await sleep(200);
    }
    const outboxAt = Date.now();
    await sleep(300);

    // Until it ends, or is left running by a killed process: nothing makes a model from it then (the
    // others only mark it failed once its heartbeat is a minute old), so the count below is final.
    const orphaned = (record: TrainingRecord): boolean => record.status === 'running' && killedPids.has(record.claimedBy?.split(':').at(-2) ?? '');
    let finished = await store.trainings.get(training.id);
    for (let waited = 0; finished && (finished.status === 'scheduled' || finished.status === 'running') && !orphaned(finished) && waited < 60_000; waited += 250) {
      await sleep(250);
      finished = await store.trainings.get(training.id);
    }
    const modelsMade = (await store.models.list(deployment.assistantId)).length - modelsBefore;
    const trainingAt = Date.now();
    const restartsAt = await restarted;
    if (process.env['HELPER_CHAOS_DEBUG']) process.stderr.write(`phases (ms after the load): restarts ${restartsAt - endAt}, outbox empty ${outboxAt - endAt}, training ${trainingAt - endAt}\n`);
    return {
      kills,
      redisRestarts,
      sendsInFlightAtKills,
      rest: await checkRest(store, deployment.assistantId, rest),
      messenger: await checkMessenger(store, deployment.assistantId, messenger, graph),
      locksWithoutExpiry,
      training: { status: finished ? (orphaned(finished) ? 'orphaned' : finished.status) : 'missing', modelsMade },
      outboxEmpty,
    };
  } finally {
    await balancer?.stop();
    await Promise.all(apps.map((app) => app.stop().catch(() => app.kill())));
    await store.close();
    await graph.close();
    await redis.stop();
    await deployment.close();
  }
}

/** How many of the users have a Messenger outbox item claimed by the process `pid` (a claimant is host:pid:random). */
async function usersClaimedBy(store: Store, assistantId: number, psids: readonly string[], pid: number): Promise<number> {
  let users = 0;
  for (const psid of psids) {
    const items = await store.outbox.pending('facebook', assistantId, psid);
    if (items.some((item) => item.claimedBy?.split(':').at(-2) === String(pid))) users++;
  }
  return users;
}

export interface SqliteCrashOptions {
  location: StoreConfig;
  restSenders: number;
  loadMs: number;
  killEveryMs: number;
}

/** Kills (SIGKILL) the process every `everyMs` and starts it again, until `endAt`; resolves with the number of kills. */
async function killAndRestart(app: AppProcess, everyMs: number, endAt: number): Promise<number> {
  let kills = 0;
  for (;;) {
    await sleepUntil(everyMs, endAt);
    if (Date.now() >= endAt) return kills;
    await app.kill();
    kills++;
    await app.start();
  }
}

/** The single SQLite process under REST load, killed (SIGKILL) and started again: every acknowledged message is in the store. */
export async function sqliteCrash(options: SqliteCrashOptions): Promise<{ kills: number; rest: RestLoadResult }> {
  const deployment = await seedDeployment(options.location);
  const [port] = await appPorts(1);
  const app = appProcess('sqlite', port!, deployment.env);
  try {
    await app.start();
    const endAt = Date.now() + options.loadMs;
    const done = (): boolean => Date.now() >= endAt;
    const chaos = killAndRestart(app, options.killEveryMs, endAt);
    const rest = await restLoad(app.url, options.restSenders, done, `sqlite-${Date.now()}`);
    const kills = await chaos;
    await app.stop();
    const store = await createStore(options.location);
    try {
      return { kills, rest: await checkRest(store, deployment.assistantId, rest) };
    } finally {
      await store.close();
    }
  } finally {
    await app.kill();
    await deployment.close();
  }
}

export interface SlowMessengerCrashOptions {
  location: StoreConfig;
  users: number;
  loadMs: number;
  killEveryMs: number;
  /** How long the action server takes for "consultar pedido" (every third message): past HELPER_WEBHOOK_ACK_MS (300 ms here). */
  actionMs: number;
}

export interface SlowMessengerCrashResult {
  kills: number;
  messenger: MessengerLoadResult;
  /** Pending inbound messages and outbox items left once the process had a minute to finish. */
  pendingLeft: number;
  outboxEmpty: boolean;
}

/**
 * The single SQLite process under Messenger load whose turns often outlast the webhook's deadline
 * (an action server slower than HELPER_WEBHOOK_ACK_MS), killed (SIGKILL) and started again: every
 * acknowledged event is recorded once, in order, and every recorded answer delivered.
 */
export async function slowMessengerCrash(options: SlowMessengerCrashOptions): Promise<SlowMessengerCrashResult> {
  const actions = await startFakeActionServer();
  serveSlowOrder(actions, options.actionMs);
  const graph = await startGraphSink();
  const deployment = await seedDeployment(options.location, {
    graph,
    env: { HELPER_WEBHOOK_ACK_MS: '300', HELPER_OUTBOX_CLAIM_MS: '3000', HELPER_OUTBOX_POLL_MS: '300', HELPER_OUTBOUND_ALLOW: '127.0.0.1' },
    async prepare(platform, assistant) {
      const content = await platform.store.content.load(assistant.id);
      const order = slowOrderItems();
      content.intents.push(...order.intents);
      content.skills.push(...order.skills);
      content.dialogues.push(...order.dialogues);
      await platform.store.content.save(assistant.id, content, 'replace');
      await platform.trainer.train(await platform.store.assistants.updateSettings(assistant.id, { actionEndpointUrl: `${actions.url}/webhook` }));
    },
  });
  const [port] = await appPorts(1);
  const app = appProcess('slow-messenger', port!, deployment.env);
  try {
    await app.start();
    const endAt = Date.now() + options.loadMs;
    const done = (): boolean => Date.now() >= endAt;
    const chaos = killAndRestart(app, options.killEveryMs, endAt);
    const load = await messengerLoad(app.url, deployment.appSecret, options.users, done, `${Date.now() % 1_000_000}`, (n) => (n % 3 === 1 ? 'consultar pedido' : undefined));
    const kills = await chaos;
    const store = await createStore(options.location);
    try {
      // The running process finishes what was pending (replayed once a killed process's claims end) and sends the answers.
      let pendingLeft = -1;
      let outboxEmpty = false;
      for (let waited = 0; waited < 60_000; waited += 200) {
        pendingLeft = (await store.inbound.backlog()).reduce((sum, entry) => sum + entry.pending, 0);
        outboxEmpty = (await store.outbox.recipients('facebook')).length === 0;
        if (pendingLeft === 0 && outboxEmpty) break;
        await sleep(200);
      }
      await app.stop();
      return { kills, messenger: await checkMessenger(store, deployment.assistantId, load, graph), pendingLeft, outboxEmpty };
    } finally {
      await store.close();
    }
  } finally {
    await app.kill();
    await deployment.close();
    await graph.close();
    await actions.close();
  }
}
