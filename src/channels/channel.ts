// What a channel is: one folder with one definition, registered in ./registry.ts. A channel turns
// its platform's requests into engine turns and renders the engine's BotMessages in its own shape;
// it knows nothing of NLU or dialogue.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Engine } from '../engine/engine.js';
import type { ConversationLock } from '../engine/lock/conversation-lock.js';
import type { Config } from '../config/config.js';
import type { OutboundClient } from '../outbound/outbound-client.js';
import type { PlatformEvents } from '../pubsub/platform-events.js';
import type { RateCounter } from '../rate-limits/rate-counter.js';
import type { RedisUnavailableLog } from '../redis-availability.js';
import type { BotMessage } from '../skills/bot-message.js';
import type { AssistantRecord, NewOutboundMessage, Store } from '../store/store.js';
import type { RetryPolicy } from './core/retry-policy.js';
import type { SenderLimiter } from './sender-limiter.js';

export interface ChannelContext {
  engine: Engine;
  /**
   * Where every user message a channel receives goes (not `engine.handle`): the per-sender limits,
   * then the engine. Over a limit it throws RateLimitedError (nothing recorded); see ./sender-limiter.ts.
   */
  senderLimiter: SenderLimiter;
  /** The rate limits' settings (HELPER_RATE_LIMIT_…), for a channel's own per-connection or per-address limits. */
  rateLimits: Config['rateLimits'];
  /** The platform's counters (Redis when REDIS_URL is set), for those limits. */
  rateCounter: RateCounter;
  /** The client's address of a request that bypasses Fastify (a socket.io handshake), after trusted proxies. */
  clientAddress(request: IncomingMessage): string;
  /**
   * The assistant a request is addressed to (by host; the default assistant otherwise): an HTTP
   * request, or a socket.io handshake's request.
   */
  resolveAssistant(request: { headers: IncomingHttpHeaders }): Promise<AssistantRecord>;
  /** A channel setting kept sealed per assistant (a URL with a credential, an app secret), in plaintext. */
  secret(assistant: AssistantRecord, name: string): Promise<string | undefined>;
  /** Whether the conversation already recorded a user message with this id (a platform's redelivery). */
  hasMessage(assistant: AssistantRecord, sender: string, messageId: string): Promise<boolean>;
  /** An assistant by id (a channel resuming stored work), or undefined when it is gone. */
  assistantById(id: number): Promise<AssistantRecord | undefined>;
  /**
   * A keyed digest (hex) under a key derived from the deployment's secret key for `purpose`, the
   * same in every app process: to recognise values the channel issued without storing them.
   */
  digest(purpose: string, data: string): string;
  /** Seals and stores a channel setting; undefined removes it. */
  setSecret(assistant: AssistantRecord, name: string, value: string | undefined): Promise<void>;
  /** Durable outbound work: sends stored before a platform's request is acknowledged. */
  outbox: Store['outbox'];
  /** Durable inbound work: push channels' messages acknowledged before their turn was recorded (./core/inbound-dispatcher.ts). */
  inbound: Store['inbound'];
  /** How long a push channel's webhook waits for its turns before answering (HELPER_WEBHOOK_ACK_MS). */
  webhookAckMs: number;
  /**
   * The platform's per-key lock (Redis across app processes when REDIS_URL is set): a push
   * channel's inbound pipeline holds it per conversation, so a redelivery racing the first
   * delivery finds it recorded. (The outbox needs none: its senders claim items in the store.)
   */
  lock: ConversationLock;
  /** What push channels keep beside the outbox: their record per assistant, contacts, deliveries, long button payloads. */
  records: Store['channels'];
  /** Meta's Graph API (Messenger's Send API, WhatsApp's Cloud API): base URL (no trailing slash) and version. */
  graphApi: { url: string; version: string };
  /** Messenger: whether a POST signed only with the legacy SHA-1 header is taken (HELPER_FACEBOOK_ACCEPT_SHA1). */
  facebookAcceptSha1: boolean;
  /** Send API retries on Meta's temporary errors (HELPER_FACEBOOK_SEND_ATTEMPTS, …_RETRY_DELAY_MS, …). */
  facebookRetry: RetryPolicy;
  /** WhatsApp's and Telegram's send retries (HELPER_CHANNEL_SEND_ATTEMPTS, …_RETRY_DELAY_MS, …). */
  channelRetry: RetryPolicy;
  /** Telegram's Bot API: base URL (no trailing slash). */
  telegramApi: { url: string };
  /** The socket.io channel: whether the sender is the web chat's session id (else the socket id). */
  socketIo: { sessionPersistence: boolean };
  /**
   * Whether this process sends the push channels' outboxes (HELPER_ROLE all or worker), how
   * often it sweeps them for work nobody is sending, and how long its claims on items last.
   */
  delivery: { delivers: boolean; pollMs: number; claimMs: number };
  /** A push channel acknowledged messages before their turn was recorded (kept as pending): counted by the metrics. */
  onDeferred?: (channel: string, count: number) => void;
  /** A push channel gave up pending messages (failed on every replay, or a day old): counted by the metrics. */
  onInboundGivenUp?: (channel: string, count: number) => void;
  /** Notices between app processes (src/pubsub): web processes announce outbox work to the delivering ones. */
  events: PlatformEvents;
  /** A new, dedicated Redis connection (REDIS_URL), for socket.io's adapter; absent without Redis. */
  redisConnection?: () => Redis;
  /** A push channel gave up a send (a permanent error, or retries exhausted): counted by the metrics. */
  onSendGivenUp?: (channel: string) => void;
  /** The platform's throttle of the lines logged for failures for want of Redis (socket.io's turns). */
  redisUnavailableLog: RedisUnavailableLog;
  /** The SSRF-guarded client (src/outbound) for addresses an assistant's settings name: the callback URL. */
  outbound: OutboundClient;
}

export interface ChannelDefinition {
  /** Mounted at /webhooks/<name>/ (health) and /webhooks/<name>/webhook, as Rasa mounts channels. */
  name: string;
  /** Shown in the console. */
  title: string;
  /** Registers the channel's routes; `app` is already prefixed with /webhooks/<name>. */
  register(app: FastifyInstance, context: ChannelContext): void | Promise<void>;
  /**
   * Sends what an agent wrote (human handoff, src/handoff) to the user at once. It runs in whatever
   * process the agent used (a web process, a worker, the CLI), so it writes to the store and
   * publishes notices (the push channels), or calls the client's own URL (callback). Absent: the
   * user gets it with their next answer (REST). It resolves with `kept` when the messages wait in
   * the store for the user to come back (web chat with no tab connected), else they were sent;
   * it throws when the channel refused them.
   */
  agentReplies?: AgentReplyOutlet;
  /**
   * A push channel's (or the callback channel's) outbox rows for what the platform sends on its own
   * (the conversations API's trigger_intent with this output_channel, a fired reminder), to store in the turn's own
   * transaction (the engine's `outbox` option), as a webhook's turn stores its answer: a recorded
   * turn then always has its answer stored, whatever crashes after. Resolved before the turn (it
   * throws when the channel is not set up for the assistant); the function it resolves with renders
   * the turn's messages (none: no rows), with the channel's window rules for proactive sends. Once
   * the turn is stored, `announceOutboxWork` (./core/channel-sender.ts) tells the delivering processes.
   */
  proactiveOutbox?: ProactiveOutbox;
}

/** See `ChannelDefinition.proactiveOutbox`. */
export type ProactiveOutbox = (target: { assistant: AssistantRecord; recipient: string }, services: AgentReplyServices) => Promise<ProactiveRows>;

/** Renders a turn's messages as a push channel's outbox rows (stored with the turn's events). */
export type ProactiveRows = (messages: readonly BotMessage[]) => Promise<NewOutboundMessage[]>;

/** What an agent reply outlet may use: the store, the notices between processes, the assistant's sealed settings. */
export interface AgentReplyServices {
  store: Pick<Store, 'outbox' | 'channels'>;
  events: PlatformEvents;
  /** A channel setting kept sealed per assistant (the callback URL), in plaintext. */
  secret?: (assistant: AssistantRecord, name: string) => Promise<string | undefined>;
  /** The SSRF-guarded client (src/outbound): the callback URL's POSTs. */
  outbound: OutboundClient;
}

/**
 * Who gets the messages. `proactive`: sent by the platform on its own (the conversations API's
 * output_channel, a reminder), not a person's reply to the user (human handoff) — Messenger marks
 * it `UPDATE` rather than `RESPONSE`, and the channels' reply windows are checked only at send time.
 */
export interface AgentReplyTarget {
  assistant: AssistantRecord;
  recipient: string;
  proactive?: boolean;
}

/** Resolves `'kept'` when the reply waits for the user (web chat with no tab open), else once sent or queued. */
export type AgentReplyOutlet = (target: AgentReplyTarget, messages: readonly BotMessage[], services: AgentReplyServices) => Promise<void | 'kept'>;

/**
 * An outlet refuses an agent's reply the platform would not deliver (outside WhatsApp's 24-hour
 * window, Messenger's 7 days; a web chat session with its most kept replies waiting): nothing is
 * queued; the reply stays in the tracker and reports `delivery: failed`. `code`: the reason the
 * console shows (`outside_window`, `kept_full`).
 */
export class AgentReplyRefusedError extends Error {
  constructor(
    readonly code: 'outside_window' | 'kept_full',
    message: string,
  ) {
    super(message);
    this.name = 'AgentReplyRefusedError';
  }
}
