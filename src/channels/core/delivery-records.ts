// What became of a push channel's answers, kept in the store's channel_deliveries: refusals (e.g.
// outside WhatsApp's 24-hour window), sends given up, users who blocked the bot, the platform's
// ids of accepted messages and its statuses. Kept DELIVERY_RETENTION_DAYS, pruned by each
// channel's scope once it is ready and then daily.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';
import type { DeliveryOutcome } from './outbox-sender.js';

export const DELIVERY_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/** The `record` of a channel's OutboxSender; also schedules the pruning of its old deliveries in `scope`. */
export function recordDeliveries(scope: FastifyInstance, records: Store['channels'], channel: string): (outcome: DeliveryOutcome) => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const prune = (): void => {
    records
      .pruneDeliveries(channel, Date.now() / 1000 - DELIVERY_RETENTION_DAYS * 86_400)
      .catch((error: unknown) => scope.log.warn({ err: error }, `${channel}: old deliveries could not be pruned`));
  };
  scope.addHook('onReady', async () => {
    prune();
    timer = setInterval(prune, PRUNE_EVERY_MS);
    timer.unref();
  });
  scope.addHook('onClose', async () => clearInterval(timer));
  return async ({ item, status, messageId, detail, reasonCode }) => {
    await records.recordDelivery({ assistantId: item.assistantId, channel, recipient: item.recipient, messageId, status, detail, reasonCode, occurredAt: Date.now() / 1000 });
  };
}
