// Conversation states kept in memory between turns, so that a turn does not re-read its session's
// events. An entry is trusted only while the store's revision of the conversation is the one it was
// computed at: a write by another process, or by the conversations API, makes it stale.
import type { ConversationState } from '../tracker/conversation-state.js';

interface Entry {
  revision: number;
  state: ConversationState;
}

export class ConversationStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 10_000) {}

  get(key: string, revision: number): ConversationState | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.revision !== revision) {
      this.entries.delete(key);
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.state;
  }

  set(key: string, revision: number, state: ConversationState): void {
    this.entries.delete(key);
    this.entries.set(key, { revision, state });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
