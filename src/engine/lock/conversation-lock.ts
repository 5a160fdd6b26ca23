// One turn at a time per conversation: messages of one sender are handled one after another in
// arrival order, different senders in parallel.
export interface LockRunOptions {
  /**
   * Refuse (LockQueueFullError) rather than wait when this many callers already wait for the key
   * in this process (the one holding it not counted): a sender who floods cannot pile up work.
   */
  maxWaiting?: number;
}

export interface ConversationLock {
  /** Runs `work` while holding the lock for `key`; waiters run in the order they called. */
  run<T>(key: string, work: () => Promise<T>, options?: LockRunOptions): Promise<T>;
  close(): Promise<void>;
}

export class LockQueueFullError extends Error {
  constructor(
    key: string,
    readonly waiting: number,
  ) {
    super(`${waiting} turns already wait for conversation ${key}`);
    this.name = 'LockQueueFullError';
  }
}

export class LockTimeoutError extends Error {
  constructor(key: string, waitedMs: number) {
    super(`could not lock conversation ${key} within ${waitedMs} ms`);
    this.name = 'LockTimeoutError';
  }
}
