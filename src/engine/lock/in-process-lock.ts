// The default lock: a promise chain per key. Arrival order is kept because each caller waits for
// the tail of the chain it found; the map entry is dropped when the chain drains, so memory stays
// proportional to the conversations in flight.
import type { ConversationLock } from './conversation-lock.js';

export class InProcessLock implements ConversationLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => done) : done;
    this.tails.set(key, tail);
    try {
      if (previous) await previous;
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many conversations have a turn running or waiting (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }

  async close(): Promise<void> {
    // Nothing to release: the chains end with their turns.
  }
}
