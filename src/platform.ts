// Wires the parts of the platform together from a configuration: the store, the lock, the model
// registry, the trainer and the engine. The HTTP server (src/server) and the CLI (src/cli) both
// start from here.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { EmbeddingsClient } from './embeddings/embeddings-client.js';
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
  /** The optional semantic provider (HELPER_EMBEDDINGS_URL); its `stats` count parses that went without it. */
  embeddings?: EmbeddingsClient;
  /** Trainings asked for (now, scheduled, CLI) and the scheduler; its poller runs with the server. */
  trainings: TrainingService;
  conversations: ConversationService;
  secrets: SecretBox;
  apiAccess: ApiAccessControl;
  hosts: HostRouter;
  logger: Logger;
  /** The assistant of HELPER_DEFAULT_ASSISTANT (created when missing). */
  defaultAssistant(): Promise<AssistantRecord>;
  close(): Promise<void>;
}

export async function openPlatform(config: Config, logger: Logger): Promise<Platform> {
  const store = await createStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  let redis: Redis | undefined;
  let lock: ConversationLock;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
    lock = new RedisLock(redis);
  } else {
    lock = new InProcessLock();
  }
  const registry = new ModelRegistry(store, {
    onLoadError: (error, model) => logger.error({ err: error, modelId: model?.modelId }, 'a trained model could not be loaded; the previous one keeps serving'),
  });
  const embeddings = config.embeddings ? new EmbeddingsClient(config.embeddings) : undefined;
  const trainer = new Trainer(store, registry, embeddings);
  const notifier = new TrainingNotifier({ ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}), from: config.mailFrom, logger });
  const trainings = new TrainingService({ store, trainer, notifier, logger });
  const engine = new Engine({
    store,
    registry,
    lock,
    sessionExpirationSeconds: config.sessionExpirationSeconds,
    ...(embeddings ? { embeddings } : {}),
    onError: (error, turn) => logger.error({ err: error, assistantId: turn.assistantId }, 'turn failed'),
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
    ...(embeddings ? { embeddings } : {}),
    trainings,
    conversations,
    secrets,
    apiAccess,
    hosts,
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
      notifier.close();
      await lock.close();
      await redis?.quit();
      await store.close();
    },
  };
}
