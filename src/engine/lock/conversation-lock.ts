// One turn at a time per conversation: messages of one sender are handled one after another in
// arrival order, different senders in parallel.
export interface ConversationLock {
  /** Runs `work` while holding the lock for `key`; waiters run in the order they called. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class LockTimeoutError extends Error {
  constructor(key: string, waitedMs: number) {
    super(`could not lock conversation ${key} within ${waitedMs} ms`);
    this.name = 'LockTimeoutError';
  }
}
