// Notices between app processes: "access changed", "this conversation has new events", "this
// outbox has work", "a human wrote in this conversation". One small service every part uses, so a
// process holds one subscribing connection whatever listens.
//
// Without REDIS_URL everything runs in one process: a publish reaches this process's listeners.
// With it, a publish goes through Redis pub/sub and reaches every process's listeners, this one's
// included (through Redis, so every process hears a channel's notices in the same order).
//
// Pub/sub is a hint, never the record: a notice published while Redis is away, or while a
// subscriber reconnects, is lost. So every user of this service keeps the truth in the store and
// uses a notice only to act sooner (the access revision is polled anyway, the outbox poller looks
// for pending work, live transcripts re-read the store). `onReconnect` tells them when notices may
// have been missed, so they can look at the store at once. A publish that Redis refuses is
// delivered to this process's own listeners, so a single process keeps working with Redis down.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type EventListener = (message: string) => void;

export interface PlatformEvents {
  /** True when notices reach the other app processes (Redis), false when they stay in this one. */
  readonly shared: boolean;
  /** Sends `message` to every listener of `channel` in every process; never throws, never waits. */
  publish(channel: string, message: string): void;
  /** Calls `listener` with each message published on `channel`; returns what unsubscribes. */
  subscribe(channel: string, listener: EventListener): () => void;
  /**
   * Resolves once this process hears what is published on `channel` from then on (through Redis:
   * its subscription confirmed, or given up with a warning): what a stream waits for before telling
   * its client it is ready.
   */
  listening(channel: string): Promise<void>;
  /**
   * Calls `listener` after the connection to Redis came back (notices may have been missed
   * meanwhile), once this process's subscriptions are confirmed again (or after at most
   * LISTENING_WAIT_MS): a store read made then misses nothing that a notice would announce later.
   */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

/** How long a stream waits for its subscription before saying it is ready all the same. */
export const LISTENING_WAIT_MS = 2_000;

/** `listening` (PlatformEvents.listening), or at most `ms`: a Redis that does not answer never holds a stream. */
export async function untilListening(listening: Promise<void>, ms = LISTENING_WAIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([listening, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every channel name starts with this, so a shared Redis can tell the platform's notices apart. */
export const EVENTS_PREFIX = 'helper:';

class Listeners {
  readonly #byChannel = new Map<string, Set<EventListener>>();

  constructor(private readonly logger?: Logger) {}

  add(channel: string, listener: EventListener): { first: boolean; remove: () => boolean } {
    let listeners = this.#byChannel.get(channel);
    const first = listeners === undefined;
    if (!listeners) this.#byChannel.set(channel, (listeners = new Set()));
    listeners.add(listener);
    const set = listeners;
    return {
      first,
      /** True when it was the channel's last listener. */
      remove: () => {
        set.delete(listener);
        if (set.size > 0 || this.#byChannel.get(channel) !== set) return false;
        this.#byChannel.delete(channel);
        return true;
      },
    };
  }

  channels(): string[] {
    return [...this.#byChannel.keys()];
  }

  deliver(channel: string, message: string): void {
    for (const listener of this.#byChannel.get(channel) ?? []) {
      try {
        listener(message);
      } catch (error: unknown) {
        this.logger?.warn({ err: error, channel }, 'events: a listener failed');
      }
    }
  }

  clear(): void {
    this.#byChannel.clear();
  }
}

/** Notices within this process only (no REDIS_URL). */
export class InProcessEvents implements PlatformEvents {
  readonly shared = false;
  readonly #listeners: Listeners;
  #closed = false;

  constructor(logger?: Logger) {
    this.#listeners = new Listeners(logger);
  }

  publish(channel: string, message: string): void {
    if (this.#closed) return;
    // Asynchronous, as through Redis: a publisher never runs its listeners inside its own call.
    queueMicrotask(() => this.#listeners.deliver(channel, message));
  }

  subscribe(channel: string, listener: EventListener): () => void {
    const { remove } = this.#listeners.add(channel, listener);
    return () => void remove();
  }

  listening(): Promise<void> {
    return Promise.resolve();
  }

  onReconnect(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
  }
}

/** Notices through Redis pub/sub: one publishing connection (the platform's) and one subscribing. */
export class RedisEvents implements PlatformEvents {
  readonly shared = true;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listeners: Listeners;
  readonly #reconnectListeners = new Set<() => void>();
  /** Each channel's SUBSCRIBE, settled once Redis confirmed it (or it failed). */
  readonly #subscribing = new Map<string, Promise<void>>();
  readonly #logger: Logger | undefined;
  #everReady = false;
  #closed = false;

  /** `publisher`: a connection shared with other uses; the subscribing one is its duplicate. */
  constructor(publisher: Redis, logger?: Logger) {
    this.#publisher = publisher;
    this.#logger = logger;
    this.#listeners = new Listeners(logger);
    // After a reconnection the channels are subscribed to again here (on 'ready'), not by ioredis
    // itself: its own SUBSCRIBE has no handler, so a connection closed while that was pending (a
    // shutdown while Redis comes back) ended in an unhandled rejection.
    this.#subscriber = publisher.duplicate({ maxRetriesPerRequest: null, autoResubscribe: false });
    this.#subscriber.on('message', (channel: string, message: string) => this.#listeners.deliver(channel, message));
    let warned = false;
    this.#subscriber.on('error', (error: unknown) => {
      if (warned) return;
      warned = true;
      logger?.warn({ err: error }, 'events: the Redis subscription failed; notices from other processes wait for it to come back (the store is still polled)');
    });
    this.#subscriber.on('ready', () => {
      warned = false;
      if (!this.#everReady) {
        this.#everReady = true;
        return;
      }
      logger?.info('events: the Redis subscription is back');
      const subscribed: Array<Promise<void>> = [];
      for (const channel of this.#listeners.channels()) {
        const subscribing = this.#subscribeInRedis(channel);
        this.#subscribing.set(channel, subscribing);
        subscribed.push(subscribing);
      }
      // The listeners re-read the store once the notices reach this process again (or after at
      // most LISTENING_WAIT_MS), so that nothing written between their read and the SUBSCRIBE's
      // confirmation goes without a notice.
      void untilListening(Promise.all(subscribed).then(() => undefined)).then(() => this.#reconnected());
    });
  }

  publish(channel: string, message: string): void {
    if (this.#closed) return;
    this.#publisher.publish(channel, message).catch((error: unknown) => {
      // Redis is away: this process's own listeners still hear it.
      this.#logger?.warn({ err: error, channel }, 'events: a notice could not be published through Redis; only this process hears it');
      this.#listeners.deliver(channel, message);
    });
  }

  subscribe(channel: string, listener: EventListener): () => void {
    const { first, remove } = this.#listeners.add(channel, listener);
    if (first) this.#subscribing.set(channel, this.#subscribeInRedis(channel));
    return () => {
      if (!remove()) return;
      this.#subscribing.delete(channel);
      if (!this.#closed) this.#subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  /** The channel's SUBSCRIBE, settled once Redis confirmed it or it failed (then logged). */
  #subscribeInRedis(channel: string): Promise<void> {
    return this.#subscriber.subscribe(channel).then(
      () => undefined,
      (error: unknown) => {
        if (!this.#closed) this.#logger?.warn({ err: error, channel }, 'events: could not subscribe in Redis (retried on reconnection)');
      },
    );
  }

  listening(channel: string): Promise<void> {
    return this.#subscribing.get(channel) ?? Promise.resolve();
  }

  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  #reconnected(): void {
    if (this.#closed) return;
    for (const listener of this.#reconnectListeners) {
      try {
        listener();
      } catch (error: unknown) {
        this.#logger?.warn({ err: error }, 'events: a reconnection listener failed');
      }
    }
  }

  /** Resolves once the subscriptions asked for so far are in place (tests, start-up). */
  async ready(): Promise<void> {
    const channels = this.#listeners.channels();
    if (channels.length > 0) await this.#subscriber.subscribe(...channels);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    this.#reconnectListeners.clear();
    await this.#subscriber.quit().catch(() => this.#subscriber.disconnect());
  }
}
