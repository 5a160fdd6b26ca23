// Opens the store the configuration names, brings its schema up to date and returns the one
// `Store` every part of the platform uses.
import { AnalyticsRepository } from './analytics/analytics-repository.js';
import { AssistantRepository } from './servers/assistant-repository.js';
import { ChannelRepository } from './channels/channel-repository.js';
import { AuditRepository } from './audit/audit-repository.js';
import { ContentRepository } from './content/content-repository.js';
import { ConversationRepository } from './conversations/conversation-repository.js';
import { openStoreDatabase, type DatabaseOptions } from './database.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { ModelRepository } from './models/model-repository.js';
import { EmbeddingRepository } from './embeddings/embedding-repository.js';
import { HandoffRepository } from './handoffs/handoff-repository.js';
import { InboundRepository } from './inbound/inbound-repository.js';
import { ReminderRepository } from './reminders/reminder-repository.js';
import { OutboxRepository } from './outbox/outbox-repository.js';
import { RevisionRepository } from './revisions/revision-repository.js';
import { SecretRepository } from './secrets/secret-repository.js';
import { ServerRepository } from './servers/server-repository.js';
import { SignInFailureRepository } from './users/sign-in-failure-repository.js';
import type { Store } from './store.js';
import { ThirdPartyApiRepository } from './third-party-apis/third-party-api-repository.js';
import { TrainingRepository } from './trainings/training-repository.js';
import { ImportRepository } from './imports/import-repository.js';
import { VersionRepository } from './versions/version-repository.js';
import { storeDialect } from './store-config.js';
import { UserRepository } from './users/user-repository.js';
import { UserSessionRepository } from './users/user-session-repository.js';
import type { StoreConfig } from './store-config.js';

export async function createStore(config: StoreConfig, options: DatabaseOptions = {}): Promise<Store> {
  const dialect = storeDialect(config);
  const { db, sqlite } = openStoreDatabase(config, options);
  const checkpointer = sqlite && new SqliteCheckpointer(sqlite);
  // The checkpointer's thread holds a connection of its own: closed first, so that closing the
  // store's connection (the last one) copies the WAL into the database file and removes it.
  const destroy = async (): Promise<void> => {
    await checkpointer?.close();
    await db.destroy();
  };
  try {
    await migrateToLatest(db, dialect);
  } catch (error: unknown) {
    await destroy();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const users = new UserRepository(db, dialect);
  const revisions = new RevisionRepository(db);
  const accessChanged = (): void => revisions.accessChanged();
  return {
    dialect,
    revisions,
    servers: new ServerRepository(db, dialect, accessChanged),
    assistants: new AssistantRepository(db, dialect, accessChanged),
    content: new ContentRepository(db, dialect),
    thirdPartyApis: new ThirdPartyApiRepository(db, dialect),
    models: new ModelRepository(db, dialect),
    secrets: new SecretRepository(db, accessChanged),
    conversations: new ConversationRepository(db, sqlite),
    outbox: new OutboxRepository(db),
    inbound: new InboundRepository(db),
    reminders: new ReminderRepository(db),
    channels: new ChannelRepository(db),
    users,
    userSessions: new UserSessionRepository(db, users),
    signInFailures: new SignInFailureRepository(db),
    trainings: new TrainingRepository(db, dialect),
    imports: new ImportRepository(db, dialect),
    versions: new VersionRepository(db, dialect),
    embeddings: new EmbeddingRepository(db),
    analytics: new AnalyticsRepository(db, dialect),
    audit: new AuditRepository(db),
    handoffs: new HandoffRepository(db, sqlite),
    ...(checkpointer ? { sqliteCheckpoints: () => checkpointer.stats } : {}),
    // Closing twice (a test's cleanup after the code under test closed) is harmless.
    close() {
      closing ??= destroy();
      return closing;
    },
  };
}
