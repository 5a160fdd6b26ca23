// Wires the parts of the platform together from a configuration: the store, the lock, the model
// registry, the trainer and the engine. The HTTP server (src/server) and the CLI (src/cli) both
// start from here.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createAnalytics, type Analytics } from './analytics/analytics.js';
import { ConversationUpdates } from './analytics/live/conversation-updates.js';
import { observeConversationWrites } from './analytics/live/observe-conversation-writes.js';
import type { Config } from './config/config.js';
import { Engine } from './engine/engine.js';
import type { ConversationLock } from './engine/lock/conversation-lock.js';
import { InProcessLock } from './engine/lock/in-process-lock.js';
import { RedisLock } from './engine/lock/redis-lock.js';
import { ModelRegistry } from './engine/model-registry.js';
import { Trainer } from './engine/trainer.js';
import { ConversationService } from './engine/conversation-service.js';
import { SecretBox } from './secrets/secret-box.js';
import { ApiAccessControl } from './server/api-access.js';
import { HostRouter } from './server/host-routing.js';
import { PlatformMetrics } from './metrics/platform-metrics.js';
import { createStore } from './store/create-store.js';
import { TrainingNotifier } from './trainings/training-notifier.js';
import { TrainingService } from './trainings/training-service.js';
import type { AssistantRecord, Store } from './store/store.js';

export interface Platform {
  config: Config;
  store: Store;
  registry: ModelRegistry;
  lock: ConversationLock;
  engine: Engine;
  trainer: Trainer;
  /** Trainings asked for (now, scheduled, CLI) and the scheduler; its poller runs with the server. */
  trainings: TrainingService;
  conversations: ConversationService;
  secrets: SecretBox;
  apiAccess: ApiAccessControl;
  hosts: HostRouter;
  /** Conversation lists, transcripts, rankings, curation, retention and a user's data (src/analytics). */
  analytics: Analytics;
  /** Prometheus metrics, served at /metrics (src/metrics). */
  metrics: PlatformMetrics;
  logger: Logger;
  /** The assistant of HELPER_DEFAULT_ASSISTANT (created when missing). */
  defaultAssistant(): Promise<AssistantRecord>;
  close(): Promise<void>;
}

export async function openPlatform(config: Config, logger: Logger): Promise<Platform> {
  const storeParts = await createStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  let redis: Redis | undefined;
  let lock: ConversationLock;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
    lock = new RedisLock(redis);
  } else {
    lock = new InProcessLock();
  }
  const redisUrl = config.redisUrl;
  const updates = new ConversationUpdates({
    logger,
    ...(redis && redisUrl ? { redis: { publisher: redis, subscriber: () => new Redis(redisUrl, { maxRetriesPerRequest: 3 }) } } : {}),
  });
  const metrics = new PlatformMetrics(storeParts);
  // Every part writes conversations through this store: each write is told to the live
  // transcripts and counted by the metrics, once durable.
  const store = observeConversationWrites(storeParts, (assistantId, senderId, events) => {
    updates.notify(assistantId, senderId);
    metrics.conversationWrite(assistantId, events);
  });
  const registry = new ModelRegistry(store, {
    onLoadError: (error, model) => logger.error({ err: error, modelId: model?.modelId }, 'a trained model could not be loaded; the previous one keeps serving'),
  });
  const trainer = new Trainer(store, registry);
  const notifier = new TrainingNotifier({ ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}), from: config.mailFrom, logger });
  const trainings = new TrainingService({ store, trainer, notifier, logger, onFinished: (training) => metrics.trainingFinished(training) });
  const engine = new Engine({
    store,
    registry,
    lock,
    sessionExpirationSeconds: config.sessionExpirationSeconds,
    onError: (error, turn) => logger.error({ err: error, assistantId: turn.assistantId }, 'turn failed'),
    observer: { turn: (channel, seconds) => metrics.turn(channel, seconds), parse: (seconds) => metrics.parse(seconds) },
  });
  const analytics = createAnalytics({
    store,
    lock,
    updates,
    retentionIntervalSeconds: config.retentionIntervalSeconds,
    logger,
    onRetentionDeleted: (counts) => metrics.retentionDeleted(counts),
  });

  const conversations = new ConversationService({ store, registry, lock, engine });
  const secrets = SecretBox.open({ dataDir: config.dataDir, ...(config.secretKey ? { secretKey: config.secretKey } : {}) });
  const apiAccess = new ApiAccessControl(store, secrets);
  const hosts = new HostRouter(store, config.publicUrl.domain);

  let defaultAssistant: Promise<AssistantRecord> | undefined;
  return {
    config,
    store,
    registry,
    lock,
    engine,
    trainer,
    trainings,
    conversations,
    secrets,
    apiAccess,
    hosts,
    analytics,
    metrics,
    logger,
    defaultAssistant() {
      // One look-up shared by every caller: requests that arrive together must reach the engine in
      // the order they came (one sender's messages are handled in arrival order), so none may
      // overtake another on a separate, faster query.
      defaultAssistant ??= (async () => {
        const { server, language } = config.defaultAssistant;
        const found = await store.assistants.get(server, language);
        if (found) return found;
        if (!(await store.servers.get(server))) await store.servers.create({ name: server });
        return store.assistants.create({ serverName: server, language });
      })().catch((error: unknown) => {
        defaultAssistant = undefined;
        throw error;
      });
      return defaultAssistant;
    },
    async close() {
      await trainings.stop();
      await analytics.stop();
      await updates.close();
      notifier.close();
      await lock.close();
      await redis?.quit();
      await store.close();
    },
  };
}
