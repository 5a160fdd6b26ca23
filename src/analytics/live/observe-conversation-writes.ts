// The store as every part sees it, with one addition: each write to a conversation (a turn's
// events, a history replaced, a pause) is told to `onWrite` after it is durable. That is how the
// live transcript and the message metrics hear about turns without a line in the engine or the
// channels. `events` is what was appended (empty for a replace or a pause change).
import type { Store, StoredEvent } from '../../store/store.js';

export type ConversationWriteListener = (assistantId: number, senderId: string, events: readonly StoredEvent['event'][]) => void;

export function observeConversationWrites(store: Store, listener: ConversationWriteListener): Store {
  const conversations = store.conversations;
  // The write is durable whatever a listener does: its failure must not fail the turn.
  const onWrite: ConversationWriteListener = (assistantId, senderId, events) => {
    try {
      listener(assistantId, senderId, events);
    } catch {
      // Listeners (metrics, live notices) log their own problems.
    }
  };
  const observed: Store['conversations'] = {
    ensure: (assistantId, senderId, now) => conversations.ensure(assistantId, senderId, now),
    get: (assistantId, senderId) => conversations.get(assistantId, senderId),
    revision: (assistantId, senderId) => conversations.revision(assistantId, senderId),
    append: (assistantId, senderId, events, outbox, options) =>
      conversations.append(assistantId, senderId, events, outbox, options).then((revision) => {
        onWrite(assistantId, senderId, events);
        return revision;
      }),
    replace: (assistantId, senderId, events) =>
      conversations.replace(assistantId, senderId, events).then(() => onWrite(assistantId, senderId, [])),
    events: (assistantId, senderId) => conversations.events(assistantId, senderId),
    sessionEvents: (assistantId, senderId) => conversations.sessionEvents(assistantId, senderId),
    setPaused: (assistantId, senderId, paused) =>
      conversations.setPaused(assistantId, senderId, paused).then(() => onWrite(assistantId, senderId, [])),
    hasMessage: (assistantId, senderId, messageId) => conversations.hasMessage(assistantId, senderId, messageId),
  };
  return { ...store, conversations: observed };
}
