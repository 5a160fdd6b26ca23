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
  return (stateJsonLength(state) + key.length) * 2 + ENTRY_OVERHEAD_BYTES;
}

/**
 * The JSON lengths of the parts states share from turn to turn (slots, their owners, the agents'
 * replies: applyEvents copies them before changing them, so an object measured once keeps its
 * length): a turn that changes none of them does not write them out again.
 */
const sharedLengths = new WeakMap<object, number>();

function sharedJsonLength(value: object): number {
  // Each message starts a new empty list of agents' replies: not worth remembering.
  if (Array.isArray(value) && value.length === 0) return 2;
  let length = sharedLengths.get(value);
  if (length === undefined) {
    length = JSON.stringify(value).length;
    sharedLengths.set(value, length);
  }
  return length;
}

/** `{"slots":…,"previousDialogue":…,…,"agentReplies":…}` without its values: the keys, quotes, colons, commas and braces. */
const STATE_JSON_FRAME = JSON.stringify({
  slots: 0,
  previousDialogue: 0,
  paused: 0,
  latestUserTime: 0,
  sessionStarted: 0,
  slotOwners: 0,
  activeLoop: 0,
  fallbacksInARow: 0,
  agentReplies: 0,
}).length - 9;

/** A field's JSON length; `null` (also for a missing value, counted as `null`: only an estimate). */
function valueLength(value: unknown): number {
  if (value === null || value === undefined) return 4;
  // A finite number's JSON is its String(): no call into the JSON writer for the times and counts.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : 4;
  return (JSON.stringify(value) as string).length;
}

/** `JSON.stringify(state).length`, without writing out again what it shares with earlier states. */
export function stateJsonLength(state: ConversationState): number {
  const { previousDialogue, latestUserTime, activeLoop } = state;
  return (
    STATE_JSON_FRAME +
    sharedJsonLength(state.slots) +
    valueLength(previousDialogue) +
    (state.paused ? 4 : 5) +
    valueLength(latestUserTime) +
    (state.sessionStarted ? 4 : 5) +
    sharedJsonLength(state.slotOwners) +
    valueLength(activeLoop) +
    valueLength(state.fallbacksInARow) +
    sharedJsonLength(state.agentReplies)
  );
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
