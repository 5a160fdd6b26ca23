// The outbox's one delivery mechanism (Messenger, WhatsApp, Telegram, the callback URL): durable, ordered per
// user, retried, crash-safe. A channel fills in a ChannelTransport (how to make one call and
// how to read its failures); everything else is here, so a fix to delivery is made once.
//
// - The webhook's turn stores every platform call its answer needs in the store's outbox (table
//   `outbound_messages`) in the transaction that records the turn (`rows`, given to the engine),
//   before the platform is acknowledged; then `notify` kicks the sender (or announces the work).
// - Claims, not locks: to send, a sender claims a recipient's oldest items (at most CLAIM_BATCH)
//   in the store for `claimMs`; nobody else claims that recipient while the oldest item is held,
//   so one user's items go one after another in id order, different users in parallel, across
//   every app process. Each item is deleted as soon as the platform has answered for it; when the
//   store fails that delete (SQLite busy, a PostgreSQL blip), only the delete is retried, under the
//   same claim, never the call. Before
//   each call the claim is checked, and renewed once half of it is spent: a sender that lost its
//   claim (stalled past its end) stops before calling. A crashed sender's claim ends by itself
//   and another process's sweep takes its items on.
// - A call that fails for now is retried with exponential backoff and jitter (or after the wait
//   the platform asked for), at most `retry.attempts` calls; then it is given up with a log line.
//   Permanent failures are never retried. Either way the item is deleted and the user's next item
//   goes; what is worth keeping (refusals, failures, the platform's message ids) is recorded.
// - `stop` cuts waits short, lets the calls in flight finish, releases the claims on what is not
//   sent, and leaves it in the outbox; `resume` (at start) and `sweep` (on an interval, in every
//   process that delivers) send it.
// - A process that does not deliver (HELPER_ROLE=web) only stores, and `announce`s the work to
//   those that do (./channel-sender.ts).
// What is not exactly once: a call the platform answered whose item a crash (or a stall longer
// than half a claim, or a stop while the store still refused the delete) kept from being deleted
// is made again once the claim ends; the platforms
// have no idempotency key. That is at most the one call in flight per recipient being sent to by
// the crashed process.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { DeliveryReason, NewOutboundMessage, OutboundMessage, Store } from '../../store/store.js';
import { DELIVERY_REASONS, deliveryReason, type DeliveryReasonCode } from './delivery-reason.js';
import { PlatformCallError } from './platform-call-error.js';
import { abortableSleep, backoffDelay, type RetryPolicy } from './retry-policy.js';

/** How to go on after a failed call. */
export type FailureHandling =
  | {
      retry: true;
      /** Wait this long instead of the backoff step (Telegram's retry_after). */
      delayMs?: number;
      /** Wait at least this long (capped by the policy's longest step; by THROTTLE_MAX_MS when throttled): WhatsApp's pair rate limit. */
      atLeastMs?: number;
      /**
       * A rate limit, not a fault: never counted against the item's attempts (nothing is given up to
       * it). `sender`: the platform throttles the assistant's app or account (Meta's 4, 17, 32, 613,
       * 130429, 80007): every send of that assistant on this channel, in this process, pauses for a
       * growing time (`delayMs` when the platform says, else the policy's throttleBaseMs doubling per
       * new pause up to its throttleMaxMs; reset by a call that succeeds). `recipient`: only this recipient is
       * throttled (WhatsApp's 131056, Telegram's 429 per chat): only this item waits, as long,
       * growing per throttled call.
       */
      throttled?: 'sender' | 'recipient';
    }
  | {
      retry: false;
      /** `refused`: the platform will not take it (WhatsApp's window); `blocked`: the user cannot be reached. */
      status: 'failed' | 'refused' | 'blocked';
      /** The platform refused the credential itself: the integration needs a new one. */
      invalidToken?: boolean;
      /** Why, coded, when the transport reads it otherwise than the error does (WhatsApp's 131047: `outside_window`). */
      reasonCode?: DeliveryReason;
    };

/** Why an item is not sent at all; `record`: keep it among the channel's deliveries. */
export interface TransportRefusal {
  status: 'refused' | 'blocked';
  /** In English, for the log line and the record's `detail`. */
  reason: string;
  /** The same, coded (./delivery-reason.ts). */
  reasonCode: DeliveryReason;
  record: boolean;
}

/** What a channel gives the sender: its outbox name and how to make and judge one call. */
export interface ChannelTransport {
  /** The outbox channel and the log prefix, e.g. `whatsapp`. */
  readonly channel: string;
  /** The credential to call with (a token), or undefined when none is set: nothing is sent. */
  credential(assistantId: number): Promise<string | undefined>;
  /**
   * What is missing when `credential` finds none, for the log line and the recorded failure (in
   * English and as a code), and how to set it; by default `no access token is set` (`no_token`),
   * `helper integrations set <channel>`.
   */
  readonly missingCredential?: { reason: string; remedy: string; code: DeliveryReasonCode };
  /** Checked before each item: a reason not to send it at all (outside WhatsApp's 24-hour window, a user who blocked the bot). */
  refusal?(item: OutboundMessage): Promise<TransportRefusal | undefined>;
  /** Makes the call; resolves with the platform's id of the message when it is worth recording (WhatsApp's wamid). */
  send(item: OutboundMessage, credential: string): Promise<string | undefined>;
  /** Reads a failed call (an error that is not a PlatformCallError is retried as ours). */
  classify(error: PlatformCallError): FailureHandling;
}

/** One outcome worth keeping, for the channel's deliveries. */
export interface DeliveryOutcome {
  item: OutboundMessage;
  status: 'accepted' | 'failed' | 'refused' | 'blocked';
  messageId: string | null;
  detail: Record<string, unknown> | null;
  /** Why it failed, coded (./delivery-reason.ts); null for an accepted send. */
  reasonCode: DeliveryReason | null;
}

export interface OutboxSenderOptions {
  outbox: Store['outbox'];
  /**
   * How long a claim on a recipient's items lasts unrenewed (HELPER_OUTBOX_CLAIM_MS): a crashed
   * sender's items wait this long; it must exceed the longest platform call twice over.
   */
  claimMs?: number;
  retry: RetryPolicy;
  log: FastifyBaseLogger;
  transport: ChannelTransport;
  /** The platform refused `credential`: flag the integration as needing a new one. */
  markNeedsNewToken(assistantId: number, reason: string, credential: string): Promise<void>;
  /** Records refusals, failures and accepted ids; a failure to record is logged, never resent. */
  record?(outcome: DeliveryOutcome): Promise<void>;
  /** An answer item was given up (no credential, a final error, or out of attempts): the metrics count it. */
  onGivenUp?(): void;
  /**
   * Called instead of sending when this process does not deliver (HELPER_ROLE=web): tells the
   * processes that do that this recipient has work (src/pubsub), once the items are stored.
   */
  announce?(assistantId: number, recipient: string): void;
}

/**
 * Why a send was given up, coded: the transport's reading when it has one; a user the platform
 * says cannot be reached (`blocked`) with the platform's words; else the error's own reason; an
 * error that is not the platform's answer is ours (`internal_error`, its text only in the log).
 */
function givenUpReason(error: unknown, handling: FailureHandling): DeliveryReason {
  if (!(error instanceof PlatformCallError)) return deliveryReason('internal_error');
  if (!handling.retry && handling.reasonCode !== undefined) return handling.reasonCode;
  if (!handling.retry && handling.status === 'blocked') return deliveryReason('blocked', { status: error.status, code: error.code === error.status ? null : error.code, message: error.detail });
  return error.reasonCode;
}

/**
 * What is logged and recorded of a failed call that is not the platform's answer (a fault of ours,
 * a library's error): a fixed sentence and the error's class, never its message, which can quote
 * anything (a URL with a token, a header) and is read by every console role, viewers included. The
 * error itself goes to the log once, when the send is given up.
 */
function faultDetail(error: unknown): { reason: string; error?: string } {
  const name = error instanceof Error ? error.constructor.name : undefined;
  // A class name as code spells it, nothing longer: a made-up `name` is not a place for data either.
  return { reason: DELIVERY_REASONS.internal_error, ...(name !== undefined && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? { error: name } : {}) };
}

/** The events channel on which web processes tell delivering ones of new outbox work. */
export function outboxWorkChannel(channel: string): string {
  return `helper:outbox:${channel}`;
}

/**
 * `done`: to delete; `deleted`: the platform took it and its row is gone already; `kept`: the
 * platform took it but its row could not be deleted (it stays claimed: never given back to be sent
 * again); `lost`: the claim on the item ended and another sender may have it, so it was not called here.
 */
type Outcome = 'done' | 'deleted' | 'kept' | 'stopped' | 'lost';

/** The first pause on a platform's rate limit, and the longest (doubling in between), unless the policy sets them. */
export const THROTTLE_BASE_MS = 5_000;
export const THROTTLE_MAX_MS = 5 * 60_000;

/** Items claimed at once: few, so that a crash holds back little and a claim is renewed in one statement. */
export const CLAIM_BATCH = 4;
export const DEFAULT_CLAIM_MS = 60_000;

/** A claim being worked through: its items from `next` on are still this sender's. */
interface Held {
  items: OutboundMessage[];
  next: number;
  /** When the claim ends, by this process's clock (epoch ms). */
  endsAt: number;
}

export class OutboxSender {
  readonly #options: OutboxSenderOptions;
  readonly #channel: string;
  readonly #claimMs: number;
  readonly #tails = new Map<string, Promise<void>>();
  /** Per assistant: its sends on this channel wait until `until` (epoch ms); `level`: pauses in a row. */
  readonly #pauses = new Map<number, { until: number; level: number }>();
  readonly #stop = new AbortController();
  /** Who claims, in the store: this host and process (an operator sees whose claim a row has), and this sender. */
  readonly claimant: string;

  constructor(options: OutboxSenderOptions) {
    this.#options = options;
    this.#channel = options.transport.channel;
    this.#claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
    this.claimant = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  }

  /** The outbox rows of an answer's calls for one recipient, in order: to store with the turn (engine's TurnOptions.outbox). */
  rows(assistantId: number, recipient: string, payloads: readonly unknown[]): NewOutboundMessage[] {
    return payloads.map((payload) => ({ assistantId, channel: this.#channel, recipient, payload }));
  }

  /** Stores an answer's calls for one recipient (durably, in order), then starts sending them. */
  async enqueue(assistantId: number, recipient: string, payloads: readonly unknown[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.#options.outbox.add(this.rows(assistantId, recipient, payloads));
    this.notify(assistantId, recipient);
  }

  /** The recipient's items are stored: send them here, or tell the processes that deliver. */
  notify(assistantId: number, recipient: string): void {
    if (this.#options.announce) this.#options.announce(assistantId, recipient);
    else this.kick(assistantId, recipient);
  }

  /** Sends whatever the outbox holds for this recipient, after what is already being sent to them. */
  kick(assistantId: number, recipient: string): void {
    if (this.#stop.signal.aborted) return;
    const key = `${assistantId}:${recipient}`;
    const next = (this.#tails.get(key) ?? Promise.resolve())
      .then(() => this.#drain(assistantId, recipient))
      .catch((error: unknown) =>
        this.#options.log.error({ err: error, assistantId }, `${this.#channel}: the outbox could not be read or updated; pending answers are retried on the next message or start`),
      );
    this.#tails.set(key, next);
    void next.then(() => {
      if (this.#tails.get(key) === next) this.#tails.delete(key);
    });
  }

  /** Starts sending everything left in the outbox (at start-up). */
  async resume(): Promise<void> {
    const recipients = await this.#options.outbox.recipients(this.#channel);
    if (recipients.length > 0) this.#options.log.info({ recipients: recipients.length }, `${this.#channel}: resuming pending answers`);
    for (const { assistantId, recipient } of recipients) this.kick(assistantId, recipient);
  }

  /**
   * Sends what the outbox holds for recipients nobody here is sending to: answers stored by a web
   * process whose notice was missed, or left by a process that crashed mid-drain (once its claim
   * ends). Run on an interval by the processes that deliver.
   */
  async sweep(): Promise<void> {
    if (this.#stop.signal.aborted) return;
    for (const { assistantId, recipient } of await this.#options.outbox.recipients(this.#channel, Date.now() / 1000)) {
      if (!this.#tails.has(`${assistantId}:${recipient}`)) this.kick(assistantId, recipient);
    }
  }

  /** Stops sending: waits cut short, nothing new started; what is not sent stays in the outbox, unclaimed. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.all([...this.#tails.values()]);
  }

  /**
   * Sends the recipient's pending items until none is left, claiming a few at a time: items
   * another process stored meanwhile are sent here too. Returns at once when another sender holds
   * the recipient's oldest item (it sends the rest after it).
   */
  async #drain(assistantId: number, recipient: string): Promise<void> {
    const { outbox } = this.#options;
    for (;;) {
      if (this.#stop.signal.aborted) return;
      const now = Date.now();
      const items = await outbox.claim(this.#channel, assistantId, recipient, { claimant: this.claimant, limit: CLAIM_BATCH, now: now / 1000, until: (now + this.#claimMs) / 1000 });
      if (items.length === 0) return;
      const held: Held = { items, next: 0, endsAt: now + this.#claimMs };
      for (; held.next < items.length; held.next++) {
        const item = items[held.next]!;
        const outcome = this.#stop.signal.aborted ? 'stopped' : await this.#deliver(item, held);
        if (outcome === 'deleted') continue;
        if (outcome === 'done' && (await this.#forget(item, held))) continue;
        // What is not sent is given back; an item done with whose row is still there is not.
        const rest = outcome === 'stopped' || outcome === 'lost' ? held.next : held.next + 1;
        await outbox.release(items.slice(rest).map((left) => left.id), this.claimant);
        if (outcome === 'lost') this.#options.log.warn({ assistantId }, `${this.#channel}: a claim on pending answers ended before they were sent (this process stalled); another process sends them`);
        return;
      }
    }
  }

  /**
   * Whether the claim still holds the items from `held.next` on, renewed once half of it is spent:
   * checked before every call, so a sender whose claim ended (a stall) never calls with it.
   */
  async #holds(held: Held): Promise<boolean> {
    const now = Date.now();
    if (held.endsAt - now > this.#claimMs / 2) return true;
    const ids = held.items.slice(held.next).map((item) => item.id);
    const renewed = await this.#options.outbox.renew(ids, this.claimant, (now + this.#claimMs) / 1000);
    if (renewed < ids.length) return false;
    held.endsAt = now + this.#claimMs;
    return true;
  }

  async #record(outcome: DeliveryOutcome): Promise<void> {
    await this.#options.record?.(outcome).catch((error: unknown) => this.#options.log.error({ err: error, assistantId: outcome.item.assistantId }, `${this.#channel}: a delivery could not be recorded`));
  }

  async #deliver(item: OutboundMessage, held: Held): Promise<Outcome> {
    const { log, retry, transport } = this.#options;
    const channel = this.#channel;
    if (!(await this.#holds(held))) return 'lost';
    const refusal = await transport.refusal?.(item);
    if (refusal) {
      log.info({ assistantId: item.assistantId, status: refusal.status, reason: refusal.reason }, `${channel}: an answer was not sent`);
      if (refusal.record) await this.#record({ item, status: refusal.status, messageId: null, detail: { reason: refusal.reason }, reasonCode: refusal.reasonCode });
      return 'done';
    }
    const credential = await transport.credential(item.assistantId);
    if (!credential) {
      const { reason, remedy, code } = transport.missingCredential ?? { reason: 'no access token is set', remedy: `helper integrations set ${channel}`, code: 'no_token' };
      log.warn({ assistantId: item.assistantId }, `${channel}: ${reason}; the answer is not sent (${remedy})`);
      await this.#record({ item, status: 'failed', messageId: null, detail: { reason }, reasonCode: deliveryReason(code) });
      this.#options.onGivenUp?.();
      return 'done';
    }
    const attempts = Math.max(1, retry.attempts);
    const throttle = { baseMs: retry.throttleBaseMs ?? THROTTLE_BASE_MS, maxMs: retry.throttleMaxMs ?? THROTTLE_MAX_MS };
    let throttles = 0;
    for (let attempt = 1; ; ) {
      // The assistant's sends are paused by a rate limit: wait with the others.
      const paused = (this.#pauses.get(item.assistantId)?.until ?? 0) - Date.now();
      if (paused > 0) {
        const waited = await this.#wait(paused, held);
        if (waited !== 'ok') return waited;
        continue;
      }
      let messageId: string | undefined;
      try {
        messageId = await transport.send(item, credential);
      } catch (error: unknown) {
        // PlatformCallError carries the platform's code and message only; never the credential.
        // Any other error's words stay out of the record (./faultDetail).
        const known = error instanceof PlatformCallError;
        const detail = known ? error.logFields : faultDetail(error);
        const handling: FailureHandling = known ? transport.classify(error) : { retry: true };
        if (handling.retry && handling.throttled !== undefined) {
          // A rate limit: not an attempt; waited out however long it takes (or until a stop).
          throttles++;
          if (handling.throttled === 'sender') {
            const pause = this.#pauses.get(item.assistantId) ?? { until: 0, level: 0 };
            // Calls in flight when the pause began fail too: only one made after it ends makes it longer.
            if (Date.now() >= pause.until) {
              pause.level++;
              pause.until = Date.now() + (handling.delayMs ?? throttleDelay(throttle, pause.level));
              this.#pauses.set(item.assistantId, pause);
              log.warn({ assistantId: item.assistantId, pauseMs: pause.until - Date.now(), pauses: pause.level, ...detail }, `${channel}: the platform's rate limit; this assistant's sends are paused`);
            }
            continue;
          }
          const delayMs = handling.delayMs ?? throttleDelay(throttle, throttles, handling.atLeastMs);
          log.info({ assistantId: item.assistantId, throttled: throttles, delayMs, ...detail }, `${channel}: the platform's rate limit for this user; waiting`);
          const waited = await this.#wait(delayMs, held);
          if (waited !== 'ok') return waited;
          continue;
        }
        if (handling.retry && attempt < attempts) {
          const delayMs = handling.delayMs ?? Math.max(backoffDelay(retry, attempt), Math.min(handling.atLeastMs ?? 0, retry.maxDelayMs));
          log.info({ assistantId: item.assistantId, attempt, delayMs, ...detail }, `${channel}: the platform failed for now; retrying`);
          attempt++;
          const waited = await this.#wait(delayMs, held);
          if (waited !== 'ok') return waited;
          continue;
        }
        const temporary = handling.retry;
        log.warn({ assistantId: item.assistantId, attempts: attempt, retried: attempt > 1, temporary, ...detail, ...(known ? {} : { err: error }) }, `${channel}: sending the answer failed`);
        // How many calls were made, beside the platform's answer to the last: what the console's list of failures shows.
        await this.#record({ item, status: handling.retry ? 'failed' : handling.status, messageId: null, detail: { ...detail, attempts: attempt }, reasonCode: givenUpReason(error, handling) });
        this.#options.onGivenUp?.();
        if (!handling.retry && handling.invalidToken) {
          await this.#options
            .markNeedsNewToken(item.assistantId, detail.reason, credential)
            .catch((markError: unknown) => log.error({ err: markError, assistantId: item.assistantId }, `${channel}: could not flag the integration as needing a new token`));
        }
        return 'done';
      }
      // Marked done the moment the platform answered, before anything else: after a crash, only
      // a call in flight is made again. Only the send is retried above: from here on the call is
      // never made again by this sender, whatever the store does.
      const forgotten = await this.#forget(item, held);
      // The platform takes this assistant's calls again: the next rate limit starts from the first pause.
      const pause = this.#pauses.get(item.assistantId);
      if (pause !== undefined && Date.now() >= pause.until) this.#pauses.delete(item.assistantId);
      if (messageId !== undefined) await this.#record({ item, status: 'accepted', messageId, detail: null, reasonCode: null });
      return forgotten ? 'deleted' : 'kept';
    }
  }

  /**
   * Waits `ms` (cut short by a stop) while keeping the claim: checked and renewed in steps, so a
   * wait of minutes (a rate limit) keeps the items this sender's. `lost`: the claim ended meanwhile.
   */
  async #wait(ms: number, held: Held): Promise<'ok' | 'stopped' | 'lost'> {
    const until = Date.now() + ms;
    for (;;) {
      if (this.#stop.signal.aborted) return 'stopped';
      if (!(await this.#holds(held))) return 'lost';
      const left = until - Date.now();
      if (left <= 0) return 'ok';
      await abortableSleep(Math.min(left, Math.max(1, Math.floor(this.#claimMs / 4))), this.#stop.signal);
    }
  }

  /**
   * Deletes the row of an item that is done with (sent, refused or given up), retrying only the
   * delete when the store fails (SQLite busy, a PostgreSQL blip), with the policy's backoff and
   * for as long as this sender runs, keeping its claim meanwhile so no other process takes the
   * item and makes its call again. False when the row is still there: stopped (its claim is kept
   * until it ends, and the next sender makes the call again, as a crash would leave it) or the
   * claim was lost.
   */
  async #forget(item: OutboundMessage, held: Held): Promise<boolean> {
    const { log, retry } = this.#options;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#options.outbox.delete(item.id);
        return true;
      } catch (error: unknown) {
        const delayMs = backoffDelay(retry, attempt);
        const stopped = this.#stop.signal.aborted;
        log.error({ err: error, assistantId: item.assistantId, attempt, ...(stopped ? {} : { delayMs }) }, stopped
          ? `${this.#channel}: a finished answer's outbox row could not be deleted before the stop; it stays claimed until its claim ends`
          : `${this.#channel}: a finished answer's outbox row could not be deleted; retrying the delete (the call is not made again)`);
        if (stopped) return false;
        await abortableSleep(delayMs, this.#stop.signal);
        if (!(await this.#holds(held).catch(() => true))) return false;
      }
    }
  }
}

/** The `level`th pause of a rate limit: the base (or the platform's `atLeastMs`, when longer) doubled per level, up to the maximum. */
function throttleDelay(throttle: { baseMs: number; maxMs: number }, level: number, atLeastMs = 0): number {
  return Math.min(throttle.maxMs, Math.max(throttle.baseMs, atLeastMs) * 2 ** (level - 1));
}
