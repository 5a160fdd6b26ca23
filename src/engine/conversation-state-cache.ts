// Conversation states kept in memory between turns, so that a turn does not re-read its session's
// events. An entry is trusted only while the store's revision of the conversation is the one it was
// computed at: a write by another process, or by the conversations API, makes it stale.
//
// Held to a budget of bytes (HELPER_CONVERSATION_CACHE_MB), not a count: a state carries its slots,
// and a client may fill them with large values (a session's metadata up to the body limit), so
// ten thousand states could be ten gigabytes. A state's size is estimated from its JSON length.
import type { ConversationState } from '../tracker/conversation-state.js';
import { SizedLru } from './sized-lru.js';

interface Entry {
  revision: number;
  state: ConversationState;
}

/** What a Map entry, its key and the state's objects cost beyond the JSON text. */
const ENTRY_OVERHEAD_BYTES = 256;

/** The estimated bytes of a cached state: its JSON as UTF-16 (as JS strings hold it) and its key. */
export function stateBytes(key: string, state: ConversationState): number {
  return (JSON.stringify(state).length + key.length) * 2 + ENTRY_OVERHEAD_BYTES;
}

export class ConversationStateCache {
  private readonly entries: SizedLru<string, Entry>;

  constructor(budgetBytes = 64 * 1024 * 1024) {
    this.entries = new SizedLru(budgetBytes);
  }

  get(key: string, revision: number): ConversationState | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.revision !== revision) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.state;
  }

  set(key: string, revision: number, state: ConversationState): void {
    this.entries.set(key, { revision, state }, stateBytes(key, state));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated bytes held. */
  get bytes(): number {
    return this.entries.bytes;
  }
}
