// The analytics part of a platform, made once by src/platform.ts: the projection kept up to date
// in the background, the pages' answers, curation, retention, a user's data, and live notices of
// new events. `start` (with the server) runs the background jobs; the CLI uses the rest without.
import type { Logger } from 'pino';
import type { ConversationLock } from '../engine/lock/conversation-lock.js';
import type { Store } from '../store/store.js';
import { AnalyticsProjector } from './analytics-projector.js';
import { AnalyticsService } from './analytics-service.js';
import { Curation } from './curation.js';
import type { ConversationUpdates } from './live/conversation-updates.js';
import { RetentionJob } from './retention-job.js';
import { UserData } from './user-data.js';

export interface Analytics {
  service: AnalyticsService;
  projector: AnalyticsProjector;
  curation: Curation;
  retention: RetentionJob;
  userData: UserData;
  updates: ConversationUpdates;
  start(): void;
  stop(): Promise<void>;
}

export function createAnalytics(options: {
  store: Store;
  lock: ConversationLock;
  updates: ConversationUpdates;
  retentionIntervalSeconds: number;
  logger: Logger;
  onRetentionDeleted?: (counts: { sessions: number; events: number; conversations: number }) => void;
  /** Claims each retention run among the app processes (src/jobs), so it runs once. */
  claim?: (job: string, forMs: number) => Promise<boolean>;
}): Analytics {
  const { store, logger } = options;
  const projector = new AnalyticsProjector(store, { logger });
  const retention = new RetentionJob(store, {
    intervalSeconds: options.retentionIntervalSeconds,
    logger,
    ...(options.onRetentionDeleted ? { onDeleted: options.onRetentionDeleted } : {}),
    ...(options.claim ? { claim: options.claim } : {}),
  });
  return {
    service: new AnalyticsService(store),
    projector,
    curation: new Curation(store),
    retention,
    userData: new UserData(store, options.lock),
    updates: options.updates,
    start() {
      projector.start();
      retention.start();
    },
    async stop() {
      await projector.stop();
      await retention.stop();
    },
  };
}
