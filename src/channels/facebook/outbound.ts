// Durable, ordered, retried delivery of Messenger answers (reference/messenger.md §4).
//
// The webhook stores every Send API body an answer needs (typing_on, the messages, typing_off) in
// the store's outbox before it acknowledges Meta's POST; this sender then delivers them, one
// recipient's items one after another in id order (different recipients in parallel), and deletes
// each once it is sent or given up. Items still in the outbox when the process stops are sent
// after the next start (`resume`), so an acknowledged message is answered across a restart.
//
// Each Send API call is retried with exponential backoff and jitter on Meta's temporary errors and
// rate limits (codes 1200, 2, 4, 17, 32, 613, HTTP 5xx and 429, timeouts and network errors), at
// most `attempts` calls, then given up with a log line. Permanent errors (10/2018278, 100, 190,
// 200, 551 and any other 4xx) are never retried; 190 (an invalid or expired Page access token)
// also marks the integration as needing a new token. Log lines carry Meta's code and message,
// never the token.
import type { FastifyBaseLogger } from 'fastify';
import type { ConversationLock } from '../../engine/lock/conversation-lock.js';
import type { OutboundMessage, Store } from '../../store/store.js';
import { callSendApi, SendApiError, type GraphApi, type SendBody } from './send-api.js';

export const MESSENGER_OUTBOX_CHANNEL = 'facebook';

export interface RetryPolicy {
  /** Calls per send at most (the first included). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const TEMPORARY_CODES = new Set([1200, 2, 4, 17, 32, 613]);
export const INVALID_TOKEN_CODE = 190;

/** Whether a failed Send API call may succeed if tried again. */
export function isTemporary(error: unknown): boolean {
  if (!(error instanceof SendApiError)) return true; // not Meta's answer: a fault on our side of the wire
  if (error.status === null) return true; // timeout or network error
  if (error.code !== null && TEMPORARY_CODES.has(error.code)) return true;
  if (error.code !== null) return false; // 10, 100, 190, 200, 551 and every other code Meta gives
  return error.status >= 500 || error.status === 429;
}

/** The wait before attempt `attempt + 1`: base · 2^(attempt-1), capped, then a random half to whole of it. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface MessengerSenderOptions {
  outbox: Store['outbox'];
  /** Held per recipient while sending: with Redis, app processes take turns on a recipient's outbox. */
  lock: ConversationLock;
  graph: GraphApi;
  retry: RetryPolicy;
  log: FastifyBaseLogger;
  /** The assistant's Page access token, in plaintext; undefined when none is set. */
  pageAccessToken(assistantId: number): Promise<string | undefined>;
  /** Meta answered 190 to `token`: flag the integration as needing a new Page access token. */
  markNeedsNewToken(assistantId: number, reason: string, token: string): Promise<void>;
  /** An item was given up (the metrics count it). */
  onGivenUp?: () => void;
}

type Outcome = 'sent' | 'given up' | 'stopped';

export class MessengerSender {
  readonly #options: MessengerSenderOptions;
  readonly #tails = new Map<string, Promise<void>>();
  readonly #stop = new AbortController();

  constructor(options: MessengerSenderOptions) {
    this.#options = options;
  }

  /** Stores an answer's Send API bodies for one recipient (durably, in order), then starts sending them. */
  async enqueue(assistantId: number, recipient: string, bodies: readonly SendBody[]): Promise<void> {
    if (bodies.length === 0) return;
    await this.#options.outbox.add(bodies.map((payload) => ({ assistantId, channel: MESSENGER_OUTBOX_CHANNEL, recipient, payload })));
    this.kick(assistantId, recipient);
  }

  /** Sends whatever the outbox holds for this recipient, after what is already being sent to them. */
  kick(assistantId: number, recipient: string): void {
    if (this.#stop.signal.aborted) return;
    const key = `${assistantId}:${recipient}`;
    const next = (this.#tails.get(key) ?? Promise.resolve())
      .then(() => this.#options.lock.run(`outbox:${MESSENGER_OUTBOX_CHANNEL}:${key}`, () => this.#drain(assistantId, recipient)))
      .catch((error: unknown) => this.#options.log.error({ err: error, assistantId }, 'facebook: the outbox could not be read or updated; pending answers are retried on the next message or start'));
    this.#tails.set(key, next);
    void next.then(() => {
      if (this.#tails.get(key) === next) this.#tails.delete(key);
    });
  }

  /** Starts sending everything left in the outbox (at start-up). */
  async resume(): Promise<void> {
    const recipients = await this.#options.outbox.recipients(MESSENGER_OUTBOX_CHANNEL);
    if (recipients.length > 0) this.#options.log.info({ recipients: recipients.length }, 'facebook: resuming pending answers');
    for (const { assistantId, recipient } of recipients) this.kick(assistantId, recipient);
  }

  /** Stops sending: waits cut short, nothing new started; what is not sent stays in the outbox. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.all([...this.#tails.values()]);
  }

  /**
   * Sends the recipient's pending items until none is left, re-reading the outbox after each batch:
   * items another process stored while this one held the lock are sent here too.
   */
  async #drain(assistantId: number, recipient: string): Promise<void> {
    for (;;) {
      const items = await this.#options.outbox.pending(MESSENGER_OUTBOX_CHANNEL, assistantId, recipient);
      if (items.length === 0) return;
      for (const item of items) {
        if (this.#stop.signal.aborted) return;
        const outcome = await this.#deliver(item);
        if (outcome === 'stopped') return;
        if (outcome === 'given up') this.#options.onGivenUp?.();
        await this.#options.outbox.delete(item.id);
      }
    }
  }

  async #deliver(item: OutboundMessage): Promise<Outcome> {
    const { log, retry } = this.#options;
    const token = await this.#options.pageAccessToken(item.assistantId);
    if (!token) {
      log.warn({ assistantId: item.assistantId }, 'facebook: no Page access token set; the answer is not sent (helper integrations set facebook)');
      return 'given up';
    }
    const attempts = Math.max(1, retry.attempts);
    for (let attempt = 1; ; attempt++) {
      try {
        await callSendApi(this.#options.graph, token, item.payload as SendBody);
        return 'sent';
      } catch (error: unknown) {
        // SendApiError carries Meta's code and message only; never the token.
        const detail = error instanceof SendApiError ? { status: error.status, code: error.code, subcode: error.subcode, reason: error.message } : { reason: String(error) };
        const temporary = isTemporary(error);
        if (temporary && attempt < attempts) {
          if (this.#stop.signal.aborted) return 'stopped';
          const delayMs = backoffDelay(retry, attempt);
          log.info({ assistantId: item.assistantId, attempt, delayMs, ...detail }, 'facebook: the Send API failed for now; retrying');
          await abortableSleep(delayMs, this.#stop.signal);
          if (this.#stop.signal.aborted) return 'stopped';
          continue;
        }
        log.warn({ assistantId: item.assistantId, attempts: attempt, retried: attempt > 1, temporary, ...detail }, 'facebook: sending the answer failed');
        if (error instanceof SendApiError && error.code === INVALID_TOKEN_CODE) {
          await this.#options
            .markNeedsNewToken(item.assistantId, detail.reason, token)
            .catch((markError: unknown) => log.error({ err: markError, assistantId: item.assistantId }, 'facebook: could not flag the integration as needing a new token'));
        }
        return 'given up';
      }
    }
  }
}
