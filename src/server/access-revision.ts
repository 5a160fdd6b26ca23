// How current this process's view of access is: which assistant answers at which host, whether it
// is enabled, its tokens and allow-list. The store keeps one number that grows with every change of
// servers, assistants and their secrets, whichever process made it (database triggers, migration
// 0008). This reads it at most every `refreshMs` (2 s) — and at once after a change made through this
// process's store or announced by another process over Redis — so a change anywhere reaches every
// process within seconds, while a chat message costs no query. Caches built on `cache()` load again
// when the number moves.
//
// Order matters: requests of one sender must reach the engine in the order they arrived, so every
// caller waiting for the same read shares one promise, and a newer read starts only after the one in
// flight (a later request never overtakes an earlier one on a faster query).
import type { PlatformEvents } from '../pubsub/platform-events.js';
import type { Store } from '../store/store.js';

/** The Redis channel on which processes announce access changes to each other. */
export const ACCESS_CHANGED_CHANNEL = 'helper:access-changed';

export class AccessRevision {
  private value: Promise<number> | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private stale = false;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly options: { refreshMs?: number; now?: () => number } = {},
  ) {
    this.unsubscribe = store.revisions.onAccessChange(() => {
      this.markStale();
      for (const listener of this.listeners) listener();
    });
  }

  /** The store's access revision as of at most `refreshMs` ago (or since the last change known here). */
  current(): Promise<number> {
    const now = (this.options.now ?? Date.now)();
    if (this.value !== null && !this.stale && now - this.checkedAt < (this.options.refreshMs ?? 2_000)) return this.value;
    this.stale = false;
    this.checkedAt = now;
    const previous = this.value ?? Promise.resolve(0);
    const next = previous
      .catch(() => 0)
      .then(() => this.store.revisions.access())
      .catch((error: unknown) => {
        // Read again on the next call rather than keep serving a failure.
        if (this.value === next) this.checkedAt = Number.NEGATIVE_INFINITY;
        throw error;
      });
    this.value = next;
    return next;
  }

  /** Read the revision again on the next call (a change was announced). */
  markStale(): void {
    this.stale = true;
  }

  /** `listener` runs after each access change made through this process's store. */
  onLocalChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A value loaded by `load` and kept until the revision moves. Callers waiting for one load share
   * it; a failed load is forgotten, so the next call tries again.
   */
  cache<T>(load: () => Promise<T>): () => Promise<T> {
    let entry: { revision: number; value: Promise<T> } | null = null;
    return () =>
      this.current().then((revision) => {
        if (entry?.revision === revision) return entry.value;
        const value = load();
        const loaded = { revision, value };
        entry = loaded;
        value.catch(() => {
          if (entry === loaded) entry = null;
        });
        return value;
      });
  }

  /**
   * Shares changes with the other processes (src/pubsub: Redis pub/sub when REDIS_URL is set): this
   * process's changes are announced, theirs mark the revision stale here. Without it (or while Redis
   * is away) the poll every `refreshMs` still brings them. Returns what stops sharing.
   */
  shareThrough(events: PlatformEvents): () => void {
    const stopListening = events.subscribe(ACCESS_CHANGED_CHANNEL, () => this.markStale());
    // Announcements missed while Redis was away: read the store at once.
    const stopReconnect = events.onReconnect(() => this.markStale());
    const stopPublishing = this.onLocalChange(() => events.publish(ACCESS_CHANGED_CHANNEL, '1'));
    return () => {
      stopListening();
      stopReconnect();
      stopPublishing();
    };
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
