// "This conversation has new events": what the console's live transcript listens for (through
// server-sent events). Every write to a conversation notifies; listeners subscribe per
// conversation. In one process the notice goes straight to the listeners; with REDIS_URL it goes
// through the platform's events (src/pubsub: Redis pub/sub), so a console connected to one app
// process hears the turns another process handled. Notices are coalesced (at most one publish per interval), so the chat path
// pays a Set insertion per turn, never a Redis round trip.
import type { Logger } from 'pino';
import type { PlatformEvents } from '../../pubsub/platform-events.js';

export const UPDATES_CHANNEL = 'helper:conversation-updates';

type Listener = () => void;

export interface ConversationUpdatesOptions {
  /** The platform's notices between processes; without them (or when not shared) notices stay in this process. */
  events?: PlatformEvents;
  /** How long notices are gathered before they are delivered or published (ms). */
  flushMs?: number;
  logger?: Logger;
}

export class ConversationUpdates {
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #pending = new Set<string>();
  readonly #options: ConversationUpdatesOptions;
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: ConversationUpdatesOptions = {}) {
    this.#options = options;
  }

  /** Called on every write to a conversation; cheap. */
  notify(assistantId: number, senderId: string): void {
    if (this.#closed) return;
    // Without Redis, nobody elsewhere listens: skip conversations nobody here watches.
    const key = conversationKey(assistantId, senderId);
    if (!this.#options.events?.shared && !this.#listeners.has(key)) return;
    this.#pending.add(key);
    this.#timer ??= setTimeout(() => this.#flush(), this.#options.flushMs ?? 100);
  }

  /** Calls `listener` after new events of the conversation; returns the unsubscribe function. */
  subscribe(assistantId: number, senderId: string, listener: Listener): () => void {
    const key = conversationKey(assistantId, senderId);
    let listeners = this.#listeners.get(key);
    if (!listeners) this.#listeners.set(key, (listeners = new Set()));
    listeners.add(listener);
    this.#ensureSubscribed();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(key);
    };
  }

  /** Resolves once updates from every process reach this one (see PlatformEvents.listening). */
  listening(): Promise<void> {
    const events = this.#options.events;
    return events?.shared ? events.listening(UPDATES_CHANNEL) : Promise.resolve();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#listeners.clear();
    this.#unsubscribe?.();
  }

  #flush(): void {
    this.#timer = undefined;
    const keys = [...this.#pending];
    this.#pending.clear();
    if (keys.length === 0) return;
    const events = this.#options.events;
    if (!events?.shared) return this.#deliver(keys);
    // Redis away: the events service delivers to this process's listeners, which still hear their own turns.
    events.publish(UPDATES_CHANNEL, JSON.stringify({ keys }));
  }

  #deliver(keys: readonly string[]): void {
    for (const key of keys) {
      for (const listener of this.#listeners.get(key) ?? []) {
        try {
          listener();
        } catch (error: unknown) {
          this.#options.logger?.warn({ err: error }, 'analytics: a live update listener failed');
        }
      }
    }
  }

  #ensureSubscribed(): void {
    const events = this.#options.events;
    if (!events?.shared || this.#unsubscribe || this.#closed) return;
    this.#unsubscribe = events.subscribe(UPDATES_CHANNEL, (message) => {
      try {
        const parsed = JSON.parse(message) as { keys?: unknown };
        if (Array.isArray(parsed.keys)) this.#deliver(parsed.keys.filter((key): key is string => typeof key === 'string'));
      } catch {
        // Not ours: ignored.
      }
    });
  }
}

function conversationKey(assistantId: number, senderId: string): string {
  return `${assistantId}:${senderId}`;
}
