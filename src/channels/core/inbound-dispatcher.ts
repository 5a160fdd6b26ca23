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
import type { FastifyBaseLogger } from 'fastify';
import type { ParseResult } from '../../nlu/types.js';
import type { BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord } from '../../store/store.js';
import type { EventMetadata } from '../../tracker/events.js';
import { RateLimitedError } from '../../server/rasa-error.js';
import type { ChannelContext } from '../channel.js';
import type { OutboxSender } from './outbox-sender.js';

/** One message of a platform's notification, as a turn to hand to the engine. */
export interface ChannelTurn {
  assistant: AssistantRecord;
  /** The conversation id: the platform's user (or chat) id. */
  sender: string;
  text: string;
  /** The platform's message id: the dedupe key. */
  messageId: string | undefined;
  metadata: EventMetadata;
  /** Recorded, not answered (Messenger's standby). */
  listenOnly?: boolean;
  /** The channel's own answer to a message it cannot read (an image): see the engine's Turn.answer. */
  answer?: BotMessage;
  parseData?: ParseResult;
  /** When the user wrote (epoch seconds), for the contact's last message; undefined: not recorded. */
  receivedAt?: number;
}

export interface InboundDispatcherOptions<T extends ChannelTurn> {
  /** The input channel of the turns: facebook, whatsapp, telegram. */
  channel: string;
  /** Record each turn's `receivedAt` as the user's last message (WhatsApp's window, Telegram's unreachable mark). */
  recordsContacts: boolean;
  /** The platform calls that deliver a turn's answer, in order; called even when the answer is empty. */
  answerCalls(turn: T, messages: readonly BotMessage[]): Promise<unknown[]>;
  /** The channel's outbox sender: the calls become its rows, stored with the turn, then it is notified. */
  sender: Pick<OutboxSender, 'rows' | 'notify'>;
}

export class InboundDispatcher<T extends ChannelTurn> {
  readonly #context: Pick<ChannelContext, 'senderLimiter' | 'lock' | 'hasMessage' | 'records'>;
  readonly #options: InboundDispatcherOptions<T>;

  constructor(context: Pick<ChannelContext, 'senderLimiter' | 'lock' | 'hasMessage' | 'records'>, options: InboundDispatcherOptions<T>) {
    this.#context = context;
    this.#options = options;
  }

  /** Handles the turns; resolves with whether one could not be recorded (answer 5xx then). */
  async dispatch(turns: readonly T[], log: FastifyBaseLogger): Promise<{ failed: boolean }> {
    const byConversation = new Map<string, T[]>();
    for (const turn of turns) {
      const key = `${turn.assistant.id}:${turn.sender}`;
      byConversation.set(key, [...(byConversation.get(key) ?? []), turn]);
    }
    let failed = false;
    await Promise.all(
      [...byConversation.values()].map(async (conversation) => {
        for (const turn of conversation) {
          const { assistant, sender } = turn;
          try {
            // The dedupe check and the recording happen under one lock per conversation (Redis
            // across app processes), so a redelivery racing the first delivery, here or in
            // another process, finds it recorded.
            await this.#context.lock.run(`inbound:${this.#options.channel}:${assistant.id}:${sender}`, () => this.#handle(turn, log));
          } catch (error: unknown) {
            failed = true;
            log.error({ err: error, assistantId: assistant.id }, `${this.#options.channel}: a message could not be handled`);
          }
        }
      }),
    );
    return { failed };
  }

  async #handle(turn: T, log: FastifyBaseLogger): Promise<void> {
    const { channel } = this.#options;
    const { senderLimiter } = this.#context;
    const { assistant, sender, messageId } = turn;
    if (messageId !== undefined && (await this.#context.hasMessage(assistant, sender, messageId))) {
      log.debug({ assistantId: assistant.id }, `${channel}: a redelivered message was skipped`);
      return;
    }
    if (this.#options.recordsContacts && turn.receivedAt !== undefined) await this.#context.records.touchContact(assistant.id, channel, sender, turn.receivedAt);
    const { answerCalls, sender: outboxSender } = this.#options;
    let stored = 0;
    // Rendered inside the turn, stored in its transaction: a rendering or storing failure fails the
    // turn (nothing recorded, the platform redelivers) rather than leaving it unanswered.
    const outbox = async (messages: readonly BotMessage[]) => {
      const rows = outboxSender.rows(assistant.id, sender, await answerCalls(turn, messages));
      stored = rows.length;
      return rows;
    };
    try {
      await senderLimiter.handle(
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
        },
        { outbox },
      );
    } catch (error: unknown) {
      if (!(error instanceof RateLimitedError)) throw error;
      log.warn({ assistantId: assistant.id, retryAfterSeconds: error.retryAfterSeconds }, `${channel}: a message was dropped (not recorded, not answered): ${error.message}`);
      return;
    }
    // Committed with the turn; sent after the platform's request is answered, in order after this
    // user's earlier answers.
    if (stored > 0) outboxSender.notify(assistant.id, sender);
  }
}
