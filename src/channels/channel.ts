// What a channel is: one folder with one definition, registered in ./registry.ts. A channel turns
// its platform's requests into engine turns and renders the engine's BotMessages in its own shape;
// it knows nothing of NLU or dialogue.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../engine/engine.js';
import type { ConversationLock } from '../engine/lock/conversation-lock.js';
import type { AssistantRecord, Store } from '../store/store.js';

export interface ChannelContext {
  engine: Engine;
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
  /** Seals and stores a channel setting; undefined removes it. */
  setSecret(assistant: AssistantRecord, name: string, value: string | undefined): Promise<void>;
  /** Durable outbound work: sends stored before a platform's request is acknowledged. */
  outbox: Store['outbox'];
  /**
   * The platform's per-key lock (Redis across app processes when REDIS_URL is set): a channel's
   * outbound sender holds it per recipient, so two processes never send the same pending item.
   */
  lock: ConversationLock;
  /** Meta's Graph API (Facebook Messenger's Send API): base URL (no trailing slash) and version. */
  graphApi: { url: string; version: string };
  /** Send API retries on Meta's temporary errors (HELPER_FACEBOOK_SEND_ATTEMPTS, …_RETRY_DELAY_MS, …). */
  facebookRetry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  /** The socket.io channel: whether the sender is the web chat's session id (else the socket id). */
  socketIo: { sessionPersistence: boolean };
  /** A push channel gave up a send (a permanent error, or retries exhausted): counted by the metrics. */
  onSendGivenUp?: (channel: string) => void;
}

export interface ChannelDefinition {
  /** Mounted at /webhooks/<name>/ (health) and /webhooks/<name>/webhook, as Rasa mounts channels. */
  name: string;
  /** Shown in the console. */
  title: string;
  /** Registers the channel's routes; `app` is already prefixed with /webhooks/<name>. */
  register(app: FastifyInstance, context: ChannelContext): void | Promise<void>;
}
