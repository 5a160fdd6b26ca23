// The push channels' inbound pipeline after the signature and the parse (Messenger, WhatsApp,
// Telegram): each message becomes an engine turn, recorded durably before the platform's request
// is answered, with its answer's outbox rows in the same transaction, so nothing acknowledged —
// nor anything recorded — goes unanswered; the sending happens after (./outbox-sender.ts).
//
// For every message, in order per conversation (conversations in parallel):
//   1. dedupe: a message id already recorded in the conversation (the platform redelivers) is
//      skipped; the check and the recording hold one lock per conversation, so a redelivery that
//      races the first one (in this process or another) is skipped too;
//   2. the user's last message time is recorded (WhatsApp's 24-hour window; it also clears an
//      "unreachable" mark);
//   3. the per-sender limits (../sender-limiter.ts), then engine.handle, which records the turn,
//      its answer and the calls that deliver it (`answerCalls`, as outbox rows) in one
//      transaction; a message over a limit is dropped — acknowledged to the platform (which
//      would retry a refusal) but neither recorded nor answered;
//   4. the channel's sender is notified of the stored calls (sent here, or announced to a worker).
// A message that cannot be recorded makes the whole request fail (the caller answers 5xx), so the
// platform redelivers it; those already recorded are then skipped by their id.
//
// The platform waits a few seconds at most (Meta: 5 s; past that it redelivers, and after an hour
// of failures disables the webhook). A turn whose skill calls a third-party API or an action server
// can take longer. So the turns race `ackMs` (HELPER_WEBHOOK_ACK_MS): when they are not all recorded
// by then, the unrecorded ones (running, or failed) are first stored as pending inbound messages
// (store.inbound), claimed by this process, and the request is answered as if recorded; each row is
// deleted once its turn is recorded, its claim renewed meanwhile. A row whose turn failed, or whose
// process stopped, is replayed once its claim has ended (./inbound-replay.ts), through `replay`:
// the same steps, where the dedupe by message id makes a replay of a turn recorded just before a
// crash do nothing. When the rows cannot be stored, the request waits for the turns as before.
// One user's order across a crash: under the conversation's lock, a turn first takes over and
// handles that user's earlier pending rows, whoever holds them (#catchUp).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { ParseResult } from '../../nlu/types.js';
import type { BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord } from '../../store/store.js';
import type { EventMetadata } from '../../tracker/events.js';
import { LockQueueFullError } from '../../engine/lock/conversation-lock.js';
import { RateLimitedError } from '../../server/rasa-error.js';
import type { ChannelContext } from '../channel.js';
import type { OutboxSender } from './outbox-sender.js';

/** One message of a platform's notification, as a turn to hand to the engine. */
export interface ChannelTurn {
  assistant: AssistantRecord;
  /** The conversation id: the platform's user (or chat) id. */
  sender: string;
  text: string;
  /** What the message means when it is not its text (a conversation's opening): see the engine's Turn.understoodAs. */
  understoodAs?: string;
  /** The platform's message id: the dedupe key. */
  messageId: string | undefined;
  metadata: EventMetadata;
  /** Recorded, not answered (Messenger's standby). */
  listenOnly?: boolean;
  /** The channel's own answer to a message it cannot read (an image): see the engine's Turn.answer. */
  answer?: BotMessage;
  parseData?: ParseResult;
  /** With `answer`: it is the greeting answering a conversation's opening (see the engine's Turn.opening). */
  opening?: boolean;
  /** When the user wrote (epoch seconds), for the contact's last message; undefined: not recorded. */
  receivedAt?: number;
}

export interface InboundDispatcherOptions<T extends ChannelTurn> {
  /** The input channel of the turns: facebook, whatsapp, telegram. */
  channel: string;
  /** Record each turn's `receivedAt` as the user's last message (WhatsApp's window, Telegram's unreachable mark). */
  recordsContacts: boolean;
  /**
   * The platform calls that deliver a turn's answer, in order; called even when the answer is empty.
   * `waited`: the waiting calls were stored before (what they did need not be done again).
   */
  answerCalls(turn: T, messages: readonly BotMessage[], options: { waited: boolean }): Promise<unknown[]>;
  /** The channel's outbox sender: the calls become its rows, stored with the turn, then it is notified. */
  sender: Pick<OutboxSender, 'rows' | 'notify' | 'enqueue'>;
  /**
   * The calls that show the user their message is being handled (a typing indicator), sent when a
   * turn has run `webhookAckMs` without its answer (a skill waiting for an API): the user sees
   * something while they wait. Sent before the answer's calls, never after (see #handle).
   */
  waitingCalls?(turn: T): unknown[];
}

type DispatchContext = Pick<ChannelContext, 'senderLimiter' | 'lock' | 'hasMessage' | 'records' | 'inbound' | 'webhookAckMs' | 'delivery' | 'onDeferred' | 'rateLimits'>;

/** One message on its way: whether its turn was recorded (or rightly skipped), and its pending row once it has one. */
interface Work<T> {
  turn: T;
  settled: boolean;
  ok: boolean;
  row?: number;
  /** Acknowledged and counted once before (a replay): not counted against the sender's limits again. */
  replayed?: boolean;
}

/** A message stored as pending inbound, as `replay` takes it back. */
export interface PendingTurn<T> {
  row: number;
  turn: T;
}

export class InboundDispatcher<T extends ChannelTurn> {
  readonly #context: DispatchContext;
  readonly #options: InboundDispatcherOptions<T>;
  /** Who holds this dispatcher's pending rows: unique per dispatcher and process. */
  readonly claimant = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  /** Turns still running after their request was answered (or while replayed). */
  readonly #outstanding = new Set<Promise<void>>();

  constructor(context: DispatchContext, options: InboundDispatcherOptions<T>) {
    this.#context = context;
    this.#options = options;
  }

  /**
   * Handles the turns. Resolves once all are recorded, or at the acknowledgement deadline with the
   * rest stored as pending (`deferred`); `failed`: one could not be recorded nor kept (answer 5xx).
   */
  async dispatch(turns: readonly T[], log: FastifyBaseLogger): Promise<{ failed: boolean; deferred: number }> {
    const work: Array<Work<T>> = turns.map((turn) => ({ turn, settled: false, ok: false }));
    const done = this.#run(work, log);
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([done.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(resolve, this.#context.webhookAckMs, false)))]);
    clearTimeout(timer);
    if (inTime) return { failed: work.some((item) => !item.ok), deferred: 0 };

    const open = work.filter((item) => !item.ok);
    let rows: number[];
    try {
      rows = await this.#context.inbound.add(
        open.map(({ turn }) => ({ assistantId: turn.assistant.id, channel: this.#options.channel, sender: turn.sender, turn: storedTurn(turn) })),
        this.claimant,
        this.#claimUntil(),
      );
    } catch (error: unknown) {
      log.error({ err: error }, `${this.#options.channel}: slow messages could not be kept as pending; the platform waits for their turns`);
      await done;
      return { failed: work.some((item) => !item.ok), deferred: 0 };
    }
    open.forEach((item, index) => (item.row = rows[index]));
    // Turns recorded while the rows were written: theirs go at once (the others' when recorded, in #run).
    const recorded = open.filter((item) => item.ok).map((item) => item.row!);
    if (recorded.length > 0) this.#track(this.#forget(recorded, log));
    this.#hold(open, done, log);
    this.#context.onDeferred?.(this.#options.channel, open.length);
    log.info({ deferred: open.length }, `${this.#options.channel}: acknowledged before every turn was recorded; the rest are kept as pending`);
    return { failed: false, deferred: open.length };
  }

  /**
   * Handles messages taken back from the pending rows (a stopped process's, or a failed turn's):
   * each row is deleted once its turn is recorded (or found already recorded); a row whose turn
   * fails again stays, to be taken again once the claim given to this dispatcher ends.
   */
  async replay(pending: ReadonlyArray<PendingTurn<T>>, log: FastifyBaseLogger): Promise<void> {
    const work: Array<Work<T>> = pending.map(({ row, turn }) => ({ turn, row, settled: false, ok: false, replayed: true }));
    const done = this.#run(work, log);
    this.#hold(work, done, log);
    await done;
  }

  /** Waits for the turns still running after their request was answered (a closing app). */
  async settle(): Promise<void> {
    while (this.#outstanding.size > 0) await Promise.allSettled([...this.#outstanding]);
  }

  #claimUntil(): number {
    return (Date.now() + this.#context.delivery.claimMs) / 1000;
  }

  /** Keeps the claim on the unsettled rows while `done` runs (renewed once half spent). */
  #hold(work: ReadonlyArray<Work<T>>, done: Promise<void>, log: FastifyBaseLogger): void {
    const renewer = setInterval(() => {
      const held = work.filter((item) => !item.settled && item.row !== undefined).map((item) => item.row!);
      if (held.length === 0) return;
      this.#context.inbound.renew(held, this.claimant, this.#claimUntil()).catch((error: unknown) => log.warn({ err: error }, `${this.#options.channel}: the claim on pending messages could not be renewed`));
    }, Math.max(100, this.#context.delivery.claimMs / 2));
    renewer.unref();
    this.#track(done.finally(() => clearInterval(renewer)));
  }

  /** Work a closing app waits for (`settle`). */
  #track(work: Promise<void>): void {
    this.#outstanding.add(work);
    void work.finally(() => this.#outstanding.delete(work));
  }

  async #forget(rows: readonly number[], log: FastifyBaseLogger): Promise<void> {
    try {
      await this.#context.inbound.delete(rows);
    } catch (error: unknown) {
      // Left behind, the row is replayed after its claim ends, and skipped by its message id.
      log.warn({ err: error }, `${this.#options.channel}: a recorded message's pending row could not be deleted`);
    }
  }

  /** Runs the turns, in order per conversation, conversations in parallel; never rejects. */
  async #run(work: ReadonlyArray<Work<T>>, log: FastifyBaseLogger): Promise<void> {
    const byConversation = new Map<string, Array<Work<T>>>();
    for (const item of work) {
      const key = `${item.turn.assistant.id}:${item.turn.sender}`;
      byConversation.set(key, [...(byConversation.get(key) ?? []), item]);
    }
    await Promise.all(
      [...byConversation.values()].map(async (conversation) => {
        for (const item of conversation) {
          const { assistant, sender } = item.turn;
          // At most HELPER_RATE_LIMIT_SENDER_QUEUE of one user's messages wait (a flood cannot pile up
          // pending work now that the platform no longer waits for it); over it, dropped as a flood.
          const { senderQueue } = this.#context.rateLimits;
          try {
            // The dedupe check and the recording happen under one lock per conversation (Redis
            // across app processes), so a redelivery racing the first delivery, here or in
            // another process, finds it recorded.
            await this.#context.lock.run(
              `inbound:${this.#options.channel}:${assistant.id}:${sender}`,
              async () => {
                // A pending row taken over meanwhile (another turn's catch-up ran it) or deleted
                // (the user's data erased) is no longer this turn's to run.
                if (item.row !== undefined && !(await this.#context.inbound.holds(item.row, this.claimant, this.#claimUntil()))) {
                  log.debug({ assistantId: assistant.id }, `${this.#options.channel}: a pending message was taken over or erased; not run here`);
                  item.ok = true;
                  item.settled = true;
                  return;
                }
                await this.#catchUp(item, work, log);
                await this.#handle(item.turn, log, item.replayed === true);
                // Set together with the check of the row (dispatch assigns rows and checks `ok` the
                // same way): exactly one of the two deletes a row written while the turn ran.
                item.ok = true;
                item.settled = true;
                if (item.row !== undefined) await this.#forget([item.row], log);
              },
              senderQueue > 0 && item.replayed !== true ? { maxWaiting: senderQueue } : undefined,
            );
          } catch (error: unknown) {
            if (error instanceof LockQueueFullError) {
              log.warn({ assistantId: assistant.id }, `${this.#options.channel}: a message was dropped (not recorded, not answered): ${senderQueue} messages of this conversation already wait`);
              item.ok = true;
              item.settled = true;
              if (item.row !== undefined) await this.#forget([item.row], log);
            } else {
              log.error({ err: error, assistantId: assistant.id }, `${this.#options.channel}: a message could not be handled`);
            }
          }
          item.settled = true;
        }
      }),
    );
  }

  /**
   * Under the conversation's lock, before a turn: the conversation's earlier pending messages are
   * taken over and handled first, whoever holds them. Nobody can be running them (the lock is ours;
   * a turn deletes its row before it lets the lock go), so their process stopped, their turn
   * failed, or they wait to be replayed (by this process's replayer too); one user's messages stay
   * in order. One already recorded (just before a crash, or by this catch-up before its replay) is
   * skipped by its id. The rows of this run's own messages still to come (this one's included: the
   * deadline may write them while this looks) are left to the run, which takes them in order.
   */
  async #catchUp(item: Work<T>, work: ReadonlyArray<Work<T>>, log: FastifyBaseLogger): Promise<void> {
    const { assistant, sender } = item.turn;
    const taken = await this.#context.inbound.takeEarlier(this.#options.channel, assistant.id, sender, {
      claimant: this.claimant,
      until: this.#claimUntil(),
      ...(item.row === undefined ? {} : { before: item.row }),
    });
    const ours = new Set(work.filter((other) => !other.settled && other.row !== undefined).map((other) => other.row));
    const earlier = taken.filter((pending) => !ours.has(pending.id));
    for (const [index, pending] of earlier.entries()) {
      try {
        await this.#handle({ ...(pending.turn as Omit<T, 'assistant'>), assistant } as T, log, true);
        await this.#forget([pending.id], log);
      } catch (error: unknown) {
        // Left claimed by this dispatcher: replayed once the claim ends.
        log.error({ err: error, assistantId: assistant.id }, `${this.#options.channel}: an earlier pending message could not be handled`);
      }
      // The ones still to run keep their claim however long these took.
      const rest = earlier.slice(index + 1).map((row) => row.id);
      if (rest.length > 0) await this.#context.inbound.renew(rest, this.claimant, this.#claimUntil()).catch(() => 0);
    }
  }

  async #handle(turn: T, log: FastifyBaseLogger, replayed = false): Promise<void> {
    const { channel } = this.#options;
    const { senderLimiter } = this.#context;
    const { assistant, sender, messageId } = turn;
    if (messageId !== undefined && (await this.#context.hasMessage(assistant, sender, messageId))) {
      log.debug({ assistantId: assistant.id }, `${channel}: a redelivered message was skipped`);
      return;
    }
    if (this.#options.recordsContacts && turn.receivedAt !== undefined) await this.#context.records.touchContact(assistant.id, channel, sender, turn.receivedAt);
    const { answerCalls, waitingCalls, sender: outboxSender } = this.#options;
    let stored = 0;
    // A turn still without its answer after webhookAckMs: the waiting calls go into the outbox at
    // once. The engine renders the answer's calls (below) before it opens the turn's transaction;
    // rendering waits for the waiting calls to be stored and stops the timer, so they always come
    // first in the user's outbox, and never once the answer is on its way.
    let rendering = false;
    let waiting: Promise<void> | undefined;
    // Only once they are stored: a failed store leaves the answer to do what they would have done.
    let waited = false;
    const waitingTimer =
      waitingCalls === undefined || turn.listenOnly
        ? undefined
        : setTimeout(() => {
            if (rendering) return;
            const calls = waitingCalls(turn);
            if (calls.length === 0) return;
            waiting = outboxSender.enqueue(assistant.id, sender, calls).then(
              () => {
                waited = true;
              },
              (error: unknown) => log.warn({ err: error, assistantId: assistant.id }, `${channel}: the waiting indicator could not be stored`),
            );
          }, this.#context.webhookAckMs);
    // Rendered inside the turn, stored in its transaction: a rendering or storing failure fails the
    // turn (nothing recorded, the platform redelivers) rather than leaving it unanswered.
    const outbox = async (messages: readonly BotMessage[]) => {
      rendering = true;
      clearTimeout(waitingTimer);
      await waiting;
      const rows = outboxSender.rows(assistant.id, sender, await answerCalls(turn, messages, { waited }));
      stored = rows.length;
      return rows;
    };
    try {
      const handle = replayed ? senderLimiter.handleUncounted.bind(senderLimiter) : senderLimiter.handle.bind(senderLimiter);
      await handle(
        {
          assistantId: assistant.id,
          sender,
          text: turn.text,
          inputChannel: channel,
          metadata: turn.metadata,
          ...(messageId === undefined ? {} : { messageId }),
          ...(turn.listenOnly ? { listenOnly: true } : {}),
          ...(turn.answer === undefined ? {} : { answer: turn.answer }),
          ...(turn.parseData === undefined ? {} : { parseData: turn.parseData }),
          ...(turn.understoodAs === undefined ? {} : { understoodAs: turn.understoodAs }),
          ...(turn.opening === true ? { opening: true } : {}),
        },
        { outbox },
      );
    } catch (error: unknown) {
      if (!(error instanceof RateLimitedError)) throw error;
      log.warn({ assistantId: assistant.id, retryAfterSeconds: error.retryAfterSeconds }, `${channel}: a message was dropped (not recorded, not answered): ${error.message}`);
      return;
    } finally {
      clearTimeout(waitingTimer);
    }
    // Committed with the turn; sent after the platform's request is answered, in order after this
    // user's earlier answers.
    if (stored > 0) outboxSender.notify(assistant.id, sender);
  }
}

/** The turn as a pending row keeps it: everything but the assistant, read again by id on replay. */
function storedTurn<T extends ChannelTurn>(turn: T): Omit<T, 'assistant'> {
  const { assistant: _assistant, ...rest } = turn;
  return rest;
}
