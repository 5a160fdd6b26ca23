// Wires the parts of the platform together from a configuration: the store, the lock, the model
// registry, the trainer and the engine. The HTTP server (src/server) and the CLI (src/cli) both
// start from here.
// ioredis is loaded only when REDIS_URL is set.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createAnalytics, type Analytics } from './analytics/analytics.js';
import { ConversationUpdates } from './analytics/live/conversation-updates.js';
import { observeConversationWrites } from './analytics/live/observe-conversation-writes.js';
import { ActionServerClient } from './actions/action-server-client.js';
import { OutboundAllowList } from './actions/outbound-address-guard.js';
import type { Config } from './config/config.js';
import { EmbeddingsClient } from './embeddings/embeddings-client.js';
import { Engine } from './engine/engine.js';
import type { ConversationLock } from './engine/lock/conversation-lock.js';
import { InProcessLock } from './engine/lock/in-process-lock.js';
import { RedisLock } from './engine/lock/redis-lock.js';
import { ModelRegistry } from './engine/model-registry.js';
import { Trainer } from './engine/trainer.js';
import { ConversationService } from './engine/conversation-service.js';
import { Reminders, scheduleRemindersOfTurns } from './reminders/reminders.js';
import { SenderLimiter } from './channels/sender-limiter.js';
import { channels } from './channels/registry.js';
import { ticketOnHandoff } from './handoff/ticket-on-handoff.js';
import { HandoffService } from './handoff/handoff-service.js';
import { InProcessRateCounter } from './rate-limits/in-process-rate-counter.js';
import type { RateCounter } from './rate-limits/rate-counter.js';
import { LetThroughCounter } from './rate-limits/let-through-counter.js';
import { RedisRateCounter } from './rate-limits/redis-rate-counter.js';
import { SecretBox } from './secrets/secret-box.js';
import { OutboundClient } from './outbound/outbound-client.js';
import { parseOutboundAllow } from './outbound/outbound-policy.js';
import { CustomSkillAnswerer } from './third-party-apis/custom-skill-answer.js';
import { ApiService } from './third-party-apis/api-service.js';
import { AccessRevision } from './server/access-revision.js';
import { ApiAccessControl } from './server/api-access.js';
import { HostRouter } from './server/host-routing.js';
import { PlatformMetrics } from './metrics/platform-metrics.js';
import { redisJobClaim } from './jobs/job-claim.js';
import { InProcessEvents, RedisEvents, type PlatformEvents } from './pubsub/platform-events.js';
import { createStore } from './store/create-store.js';
import { StoreConflictError } from './store/store-errors.js';
import { TrainingNotifier } from './trainings/training-notifier.js';
import { TrainingService } from './trainings/training-service.js';
import { RedisUnavailableLog } from './redis-availability.js';
import type { AssistantRecord, Store } from './store/store.js';

export interface Platform {
  config: Config;
  store: Store;
  registry: ModelRegistry;
  lock: ConversationLock;
  engine: Engine;
  trainer: Trainer;
  /** The optional semantic provider (HELPER_EMBEDDINGS_URL); its `stats` count parses that went without it. */
  embeddings?: EmbeddingsClient;
  /** Trainings asked for (now, scheduled, CLI) and the scheduler; its poller runs with the server. */
  trainings: TrainingService;
  conversations: ConversationService;
  /** Human handoff: the agents' inbox, take, reply, notes, transfer, resolve (src/handoff). */
  handoffs: HandoffService;
  /** Rasa's reminders: scheduled by turns and posted events, fired by the job (src/reminders). */
  reminders: Reminders;
  secrets: SecretBox;
  /** Custom skills' API calls and the console's "testar" (src/third-party-apis), through the SSRF-guarded client. */
  customSkills: CustomSkillAnswerer;
  /**
   * The SSRF-guarded client (src/outbound) for every call to an address an administrator or a
   * client chose (third-party APIs, the Watson import, callback URLs): checked on each connection.
   */
  outbound: OutboundClient;
  /** Saving, deleting and showing third-party APIs (secret headers sealed). */
  apis: ApiService;
  apiAccess: ApiAccessControl;
  /** How current this process's view of servers, assistants and their secrets is (polled, and pushed through Redis). */
  accessRevision: AccessRevision;
  hosts: HostRouter;
  /** The rate limits' counters: in Redis when REDIS_URL is set (shared by every process), else in memory. */
  rateCounter: RateCounter;
  /** Every channel's per-sender limits (src/channels/sender-limiter.ts). */
  senderLimiter: SenderLimiter;
  /** Conversation lists, transcripts, rankings, curation, retention and a user's data (src/analytics). */
  analytics: Analytics;
  /**
   * Notices between app processes (src/pubsub): Redis pub/sub when REDIS_URL is set, else within
   * this process. Hints only — what matters is in the store.
   */
  events: PlatformEvents;
  /** The platform's Redis connection (REDIS_URL), for health checks; undefined without Redis. */
  redis?: Redis;
  /**
   * A new, dedicated connection to REDIS_URL (for a blocking reader such as socket.io's adapter),
   * whose commands wait for Redis rather than fail while it is away (`maxRetriesPerRequest: null`),
   * its errors logged; undefined without Redis.
   */
  redisConnection?: () => Redis;
  /** This platform's throttle of the lines logged for failures for want of Redis (at most one each 10 s). */
  redisUnavailableLog: RedisUnavailableLog;
  /** Prometheus metrics, served at /metrics (src/metrics). */
  metrics: PlatformMetrics;
  logger: Logger;
  /** The assistant of HELPER_DEFAULT_ASSISTANT (created when missing). */
  defaultAssistant(): Promise<AssistantRecord>;
  /** Stops the jobs (the trainings under way are ended and given back) and closes the connections. */
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** How often each process re-reads the store's access revision (default 2 s); tests stretch it to see Redis at work. */
  accessRefreshMs?: number;
  /** How often the reminders' job looks for due ones (default 1 s); tests shorten it. */
  reminderPollMs?: number;
}

export async function openPlatform(config: Config, logger: Logger, options: PlatformOptions = {}): Promise<Platform> {
  const storeParts = await createStore(
    { dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) },
    {
      // Said once per outage, without the connection string (it holds the password).
      onConnectionError: (error) =>
        logger.warn({ err: error }, 'a PostgreSQL connection was lost; the query on it failed and the next one opens a new connection'),
    },
  );
  let redis: Redis | undefined;
  let lock: ConversationLock;
  let countedIn: RateCounter;
  if (config.redisUrl) {
    const { Redis: RedisClient } = await import('ioredis');
    redis = new RedisClient(config.redisUrl, { maxRetriesPerRequest: 3 });
    // Said once per outage (ioredis reconnects by itself); what depends on Redis says what it does meanwhile.
    let redisDown = false;
    redis.on('error', (error: unknown) => {
      if (!redisDown) logger.warn({ err: error }, 'Redis is unreachable; reconnecting');
      redisDown = true;
    });
    redis.on('ready', () => {
      if (redisDown) logger.info('Redis is reachable again');
      redisDown = false;
    });
    lock = new RedisLock(redis, { ttlMs: config.lockTtlMs });
    countedIn = new RedisRateCounter(redis);
  } else {
    lock = new InProcessLock();
    countedIn = new InProcessRateCounter();
  }
  const events: PlatformEvents = redis ? new RedisEvents(redis, logger) : new InProcessEvents(logger);
  const updates = new ConversationUpdates({ logger, events });
  const metrics = new PlatformMetrics(storeParts);
  // The callers let a request through when the counter fails: said once per outage, each counted.
  const rateCounter = new LetThroughCounter(countedIn, logger, (limit) => metrics.rateLimitLetThrough(limit));
  // Every part writes conversations through this store: each write is told to the live
  // transcripts and counted by the metrics, once durable.
  // Each turn's reminder events are scheduled right after it is durable (src/reminders).
  const store = scheduleRemindersOfTurns(
    observeConversationWrites(storeParts, (assistantId, senderId, events) => {
      updates.notify(assistantId, senderId);
      metrics.conversationWrite(assistantId, events);
    }),
    (assistantId, senderId, events) => reminders.afterTurn(assistantId, senderId, events),
  );
  const registry = new ModelRegistry(store, {
    budgetBytes: config.cacheBudgets.modelBytes,
    onLoadError: (error, model) => logger.error({ err: error, modelId: model?.modelId }, 'a trained model could not be loaded; the previous one keeps serving'),
  });
  const embeddings = config.embeddings ? new EmbeddingsClient(config.embeddings) : undefined;
  const trainer = new Trainer(store, registry, embeddings, logger);
  const notifier = new TrainingNotifier({ ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}), from: config.mailFrom, logger });
  const trainings = new TrainingService({ store, trainer, notifier, logger, onFinished: (training) => metrics.trainingFinished(training) });
  const secrets = SecretBox.open({ dataDir: config.dataDir, ...(config.secretKey ? { secretKey: config.secretKey } : {}) });
  const actionServer = new ActionServerClient(store, secrets, {
    allow: OutboundAllowList.parse(config.actionServers.allow),
    timeoutMs: config.actionServers.timeoutMs,
    maxResponseBytes: config.actionServers.maxResponseBytes,
  });

  const outbound = new OutboundClient(parseOutboundAllow(config.outboundAllow));
  const customSkills = new CustomSkillAnswerer({ store, secrets, client: outbound });
  const accessRevision = new AccessRevision(store, { ...(options.accessRefreshMs === undefined ? {} : { refreshMs: options.accessRefreshMs }) });
  // Each assistant's record, read again only when the access revision moves (the handoff settings
  // of a fallback answer, src/engine/engine.ts).
  const assistantRecords = new Map<number, () => Promise<AssistantRecord | undefined>>();
  const currentAssistant = (assistantId: number): Promise<AssistantRecord | undefined> => {
    let read = assistantRecords.get(assistantId);
    if (!read) {
      // Read again when the access revision moves; an assistant found deleted leaves the map.
      read = accessRevision.cache(async () => {
        const record = await store.assistants.getById(assistantId);
        if (!record) assistantRecords.delete(assistantId);
        return record;
      });
      assistantRecords.set(assistantId, read);
    }
    return read();
  };
  const readSecret = async (assistant: AssistantRecord, name: string): Promise<string | undefined> => {
    const sealed = await store.secrets.get(assistant.id, name);
    return sealed === undefined ? undefined : secrets.decrypt(sealed, { assistantId: assistant.id, name });
  };
  const handoffs = new HandoffService({ store, lock, events, channels, logger, secret: readSecret, outbound, onRequested: ticketOnHandoff({ store, customSkills, logger }) });
  const engine = new Engine({
    customSkills,
    store,
    registry,
    lock,
    sessionExpirationSeconds: config.sessionExpirationSeconds,
    stateCacheBytes: config.cacheBudgets.conversationStateBytes,
    ...(embeddings ? { embeddings } : {}),
    onError: (error, turn) => logger.error({ err: error, assistantId: turn.assistantId }, 'turn failed'),
    observer: { turn: (channel, seconds) => metrics.turn(channel, seconds), parse: (seconds) => metrics.parse(seconds) },
    actionServer,
    onActionFailure: (failure, conversation) => logger.warn({ assistantId: conversation.assistantId, ...failure }, 'custom action did not complete'),
    onUnknownResponses: (unknown, conversation) => logger.error({ assistantId: conversation.assistantId, ...unknown }, 'custom action named responses the assistant does not have (skipped)'),
    handoff: handoffs,
    currentAssistant,
  });
  const analytics = createAnalytics({
    store,
    lock,
    updates,
    retentionIntervalSeconds: config.retentionIntervalSeconds,
    logger,
    onRetentionDeleted: (counts) => metrics.retentionDeleted(counts),
    ...(redis ? { claim: redisJobClaim(redis, trainings.instanceId) } : {}),
  });

  const reminders = new Reminders({
    store,
    lock,
    engine,
    registry,
    sessionExpirationSeconds: config.sessionExpirationSeconds,
    logger,
    instanceId: trainings.instanceId,
    ...(options.reminderPollMs === undefined ? {} : { pollMs: options.reminderPollMs }),
  });
  const conversations = new ConversationService({ store, registry, lock, engine, handoff: handoffs });
  const senderLimiter = new SenderLimiter(engine, rateCounter, config.rateLimits);
  const stopSharing = events.shared ? accessRevision.shareThrough(events) : undefined;
  const apiAccess = new ApiAccessControl(store, secrets, accessRevision);
  const hosts = new HostRouter(store, config.publicUrlConfigured ? config.publicUrl.domain : null, accessRevision);

  /** The default assistant while this process created it and the host snapshot does not list it yet. */
  let created: Promise<AssistantRecord> | undefined;
  const createDefaultAssistant = async (): Promise<AssistantRecord> => {
    const { server, language } = config.defaultAssistant;
    const found = await store.assistants.get(server, language);
    if (found) return found;
    try {
      if (!(await store.servers.get(server))) await store.servers.create({ name: server });
      return await store.assistants.create({ serverName: server, language });
    } catch (error: unknown) {
      // Another process created it (or its server) at the same moment.
      const again = error instanceof StoreConflictError ? await store.assistants.get(server, language) : undefined;
      if (again) return again;
      if (error instanceof StoreConflictError) return createDefaultAssistant();
      throw error;
    }
  };
  return {
    config,
    store,
    registry,
    lock,
    engine,
    trainer,
    ...(embeddings ? { embeddings } : {}),
    trainings,
    conversations,
    handoffs,
    reminders,
    secrets,
    customSkills,
    outbound,
    apis: new ApiService({ store, secrets }),
    apiAccess,
    accessRevision,
    hosts,
    rateCounter,
    senderLimiter,
    analytics,
    events,
    ...(redis ? { redis, redisConnection: () => dedicatedConnection(redis, logger) } : {}),
    redisUnavailableLog: new RedisUnavailableLog(),
    metrics,
    logger,
    defaultAssistant() {
      // One look-up shared by every caller (the host router's snapshot of the current access
      // revision): requests that arrive together must reach the engine in the order they came (one
      // sender's messages are handled in arrival order), so none may overtake another on a separate,
      // faster query. A change of the record (disabled, allow-list) in any process is seen within
      // seconds, as the revision moves.
      const { server, language } = config.defaultAssistant;
      return hosts.find(server, language).then((found) => {
        if (found) return found;
        created ??= createDefaultAssistant().catch((error: unknown) => {
          created = undefined;
          throw error;
        });
        return created;
      });
    },
    async close() {
      stopSharing?.();
      accessRevision.close();
      await trainings.stop();
      await reminders.stop();
      await analytics.stop();
      await updates.close();
      await events.close();
      notifier.close();
      outbound.close();
      await lock.close();
      await redis?.quit();
      await store.close();
    },
  };
}

/**
 * A connection of one user's own (socket.io's streams adapter: blocking XREADs, SUBSCRIBE, and the
 * duplicates it makes of it, which inherit its options). Its commands wait while Redis is away
 * instead of failing after three reconnection attempts: the adapter issues some without a handler
 * (its SUBSCRIBE), whose failure was an unhandled rejection that ended the process. Its errors are
 * logged once per outage.
 */
function dedicatedConnection(redis: Redis, logger: Logger): Redis {
  const connection = redis.duplicate({ maxRetriesPerRequest: null });
  let down = false;
  connection.on('error', (error: unknown) => {
    if (!down) logger.warn({ err: error }, 'a dedicated Redis connection failed; it reconnects by itself');
    down = true;
  });
  connection.on('ready', () => {
    down = false;
  });
  return connection;
}
