// Pending inbound messages nobody is finishing (./inbound-dispatcher.ts): a push channel answered
// its platform before a turn was recorded, then the process stopped, or the turn failed. In the
// processes that deliver (HELPER_ROLE all or worker), at start and every HELPER_OUTBOX_POLL_MS, the
// channel's rows whose claim has ended are taken over (one process takes a row) and replayed
// through the channel's dispatcher, in arrival order per conversation; a turn recorded just before
// a crash is skipped by its message id. A row is given up — logged as an error and counted — when
// its turn failed on MAX_ATTEMPTS replays, or when it is a day old (Messenger and WhatsApp no longer
// let an answer through after 24 hours). Every process finishes its own deferred turns on close.
import type { FastifyInstance } from 'fastify';
import type { ChannelContext } from '../channel.js';
import type { ChannelTurn, InboundDispatcher, PendingTurn } from './inbound-dispatcher.js';

/** Replays of one row before it is given up (each after its claim, HELPER_OUTBOX_CLAIM_MS, ended). */
export const MAX_ATTEMPTS = 10;
/** A row older than this (seconds) is given up unreplayed. */
export const MAX_AGE_SECONDS = 24 * 60 * 60;
/** Rows taken over at once. */
const BATCH = 50;

type ReplayContext = Pick<ChannelContext, 'delivery' | 'inbound' | 'assistantById' | 'onInboundGivenUp'>;

export function attachInboundReplay<T extends ChannelTurn>(scope: FastifyInstance, dispatcher: InboundDispatcher<T>, channel: string, context: ReplayContext): void {
  let sweeper: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  // A closing process takes no new batch (the one in hand finishes): what is left is another's.
  const closing = { now: false };
  // A stopping process finishes the turns it acknowledged (within the shutdown deadline); rows it
  // could not finish are replayed by another once their claim ends.
  scope.addHook('onClose', async () => {
    closing.now = true;
    clearInterval(sweeper);
    await running;
    await dispatcher.settle();
  });
  if (!context.delivery.delivers) return;
  const sweep = (): void => {
    if (closing.now) return;
    running ??= replayPending(scope, dispatcher, channel, context, closing)
      .catch((error: unknown) => scope.log.warn({ err: error }, `${channel}: pending inbound messages could not be replayed; trying again`))
      .finally(() => (running = undefined));
  };
  scope.addHook('onReady', async () => {
    sweep();
    sweeper = setInterval(sweep, context.delivery.pollMs);
    sweeper.unref();
  });
}

async function replayPending<T extends ChannelTurn>(scope: FastifyInstance, dispatcher: InboundDispatcher<T>, channel: string, context: ReplayContext, closing: { now: boolean }): Promise<void> {
  while (!closing.now) {
    const now = Date.now();
    const rows = await context.inbound.claim(channel, { claimant: dispatcher.claimant, limit: BATCH, now: now / 1000, until: (now + context.delivery.claimMs) / 1000 });
    if (rows.length === 0) return;
    const pending: Array<PendingTurn<T>> = [];
    const givenUp: number[] = [];
    for (const row of rows) {
      const assistant = await context.assistantById(row.assistantId);
      const tooOld = now / 1000 - row.createdAt > MAX_AGE_SECONDS;
      if (!assistant || tooOld || row.attempts > MAX_ATTEMPTS) {
        givenUp.push(row.id);
        scope.log.error({ assistantId: row.assistantId, attempts: row.attempts - 1, ageSeconds: Math.round(now / 1000 - row.createdAt) }, `${channel}: a pending message was given up (${!assistant ? 'its assistant is gone' : tooOld ? 'a day old' : 'its turn failed on every replay'}); it is not answered`);
        continue;
      }
      pending.push({ row: row.id, turn: { ...(row.turn as Omit<T, 'assistant'>), assistant } as T });
    }
    if (givenUp.length > 0) {
      await context.inbound.delete(givenUp);
      context.onInboundGivenUp?.(channel, givenUp.length);
    }
    if (pending.length > 0) {
      scope.log.info({ count: pending.length }, `${channel}: replaying pending messages a stopped process (or a failed turn) left`);
      await dispatcher.replay(pending, scope.log);
    }
    if (rows.length < BATCH) return;
  }
}
