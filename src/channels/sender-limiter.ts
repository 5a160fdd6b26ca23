// The per-sender limits every channel applies to the user messages it receives, in one place: a
// channel hands each message to `SenderLimiter.handle` instead of calling the engine itself.
//
//   messages per conversation   HELPER_RATE_LIMIT_PER_SENDER per HELPER_RATE_LIMIT_WINDOW_SECONDS,
//                               counted per assistant and sender (the conversation), in Redis when
//                               REDIS_URL is set so every app process shares the count;
//   waiting messages            HELPER_RATE_LIMIT_SENDER_QUEUE turns of one conversation may wait
//                               for the one being handled (in this process); one more is refused
//                               instead of queuing without bound.
//
// Over either limit the message is neither recorded nor answered, and `handle` throws a
// RateLimitedError carrying the seconds to wait. What the channel does with it is the channel's
// protocol: a 429 with Retry-After (REST, callback — the error handler does it), an error event
// (socket.io), or a log line and nothing sent back to a platform that would retry a refusal
// (Messenger answers Meta 200 and drops the message).
import type { Engine, Turn, TurnOptions } from '../engine/engine.js';
import { LockQueueFullError } from '../engine/lock/conversation-lock.js';
import type { BotMessage } from '../skills/bot-message.js';
import { retryAfterSeconds, type RateCounter } from '../rate-limits/rate-counter.js';
import { RateLimitedError } from '../server/rasa-error.js';

export interface SenderLimits {
  windowSeconds: number;
  /** Messages per conversation per window; 0: no limit. */
  perSender: number;
  /** Turns of one conversation that may wait for the running one; 0: no limit. */
  senderQueue: number;
}

export class SenderLimiter {
  constructor(
    private readonly engine: Engine,
    private readonly counter: RateCounter,
    private readonly limits: SenderLimits,
  ) {}

  /**
   * One user message: counted against its conversation's limits, then handled by the engine (its
   * answer, durable before this resolves). Throws RateLimitedError, with nothing recorded, over a limit.
   */
  async handle(turn: Turn, options: TurnOptions = {}): Promise<BotMessage[]> {
    const { perSender, senderQueue, windowSeconds } = this.limits;
    if (perSender > 0) {
      // A counter that fails (Redis away) lets the message through; the platform's counter says so
      // once per outage and counts them (src/rate-limits/let-through-counter.ts).
      const count = await this.counter.hit(`sender:${turn.assistantId}:${turn.sender}`, windowSeconds * 1000).catch(() => null);
      if (count !== null && count.count > perSender) {
        throw new RateLimitedError(`too many messages in this conversation: at most ${perSender} per ${windowSeconds} s`, retryAfterSeconds(count));
      }
    }
    try {
      return await this.engine.handle(turn, senderQueue > 0 ? { ...options, maxWaiting: senderQueue } : options);
    } catch (error: unknown) {
      if (error instanceof LockQueueFullError) {
        throw new RateLimitedError(`${senderQueue} messages of this conversation already wait for their answers: send more once they are answered`, 1);
      }
      throw error;
    }
  }

  /**
   * A message already counted and acknowledged once (a push channel's pending message, replayed
   * after a crash or a failed turn): handled by the engine without counting it again nor limiting
   * its queue, so a backlog is not dropped as a flood.
   */
  async handleUncounted(turn: Turn, options: TurnOptions = {}): Promise<BotMessage[]> {
    return this.engine.handle(turn, options);
  }
}
