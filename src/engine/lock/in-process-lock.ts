// The default lock: a promise chain per key. Arrival order is kept because each caller waits for
// the tail of the chain it found; the map entry is dropped when the chain drains, so memory stays
// proportional to the conversations in flight.
import { LockQueueFullError, type ConversationLock, type LockRunOptions } from './conversation-lock.js';

interface Chain {
  tail: Promise<void>;
  /** Callers holding or waiting for the key. */
  callers: number;
}

export class InProcessLock implements ConversationLock {
  private readonly chains = new Map<string, Chain>();

  async run<T>(key: string, work: () => Promise<T>, options: LockRunOptions = {}): Promise<T> {
    const chain = this.chains.get(key);
    if (chain && options.maxWaiting !== undefined && chain.callers - 1 >= options.maxWaiting) {
      throw new LockQueueFullError(key, chain.callers - 1);
    }
    const previous = chain?.tail;
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => done) : done;
    const current: Chain = { tail, callers: (chain?.callers ?? 0) + 1 };
    this.chains.set(key, current);
    try {
      if (previous) await previous;
      return await work();
    } finally {
      release();
      const now = this.chains.get(key);
      if (now) now.callers -= 1;
      if (now?.tail === tail) this.chains.delete(key);
    }
  }

  /** How many conversations have a turn running or waiting (for tests and metrics). */
  get size(): number {
    return this.chains.size;
  }

  async close(): Promise<void> {
    // Nothing to release: the chains end with their turns.
  }
}
