// A data subject's rights (LGPD art. 18): everything stored of one user id of an assistant can be
// exported (their conversation as Rasa's events, what the analytics derived from it, their hand-offs
// with the agents' notes, the channels' contact and delivery records) or erased — the export lists
// every kind of row the erasure deletes. Both are written to the audit log with who asked. Erasure takes the conversation's lock,
// so a turn of that user never interleaves with it.
import type { ConversationLock } from '../engine/lock/conversation-lock.js';
import type { ErasedCounts, SessionRecord } from '../store/analytics/analytics-store.js';
import type { AssistantRecord, ChannelContactRecord, ChannelDeliveryRecord, HandoffNoteRecord, HandoffRecord, Store, StoredEvent } from '../store/store.js';
import { withUserFeaturization } from '../tracker/events.js';

export interface UserDataExport {
  assistant: string;
  userId: string;
  exportedAt: string;
  conversation: { paused: boolean; createdAt: number; latestEventTime: number | null; events: StoredEvent['event'][] } | null;
  sessions: SessionRecord[];
  pendingSends: Array<{ channel: string; payload: unknown; createdAt: number }>;
  /** Messages acknowledged to a push platform whose turn is not recorded yet. */
  pendingMessages: Array<{ channel: string; message: unknown; createdAt: number }>;
  /** Hand-offs to a person, resolved ones too, with the notes agents wrote about the user. */
  handoffs: Array<HandoffRecord & { notes: HandoffNoteRecord[] }>;
  /** What each channel keeps of the user as a contact: last message time, unreachable mark. */
  contacts: Array<ChannelContactRecord & { channel: string }>;
  /** What became of each answer a channel sent them (statuses, errors). */
  deliveries: ChannelDeliveryRecord[];
}

const SESSIONS_IN_EXPORT = 10_000;

export class UserData {
  constructor(
    private readonly store: Store,
    private readonly lock: ConversationLock,
  ) {}

  async export(assistant: AssistantRecord, userId: string, actor: string): Promise<UserDataExport> {
    const record = await this.store.conversations.get(assistant.id, userId);
    const events = record ? withUserFeaturization(await this.store.conversations.events(assistant.id, userId)) : [];
    const sessions = await this.store.analytics.listSessions({
      assistantId: assistant.id,
      senderId: userId,
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      sort: 'started_at',
      direction: 'asc',
      limit: SESSIONS_IN_EXPORT,
    });
    const pendingSends = await this.store.analytics.pendingSends(assistant.id, userId);
    const pendingMessages = await this.store.analytics.pendingMessages(assistant.id, userId);
    const handoffs = await this.store.handoffs.ofSender(assistant.id, userId);
    const { contacts, deliveries } = await this.store.channels.recordsOf(assistant.id, userId);
    await this.#audit(assistant, actor, 'export_user_data', userId, {
      events: events.length,
      sessions: sessions.length,
      handoffs: handoffs.length,
      contacts: contacts.length,
      deliveries: deliveries.length,
    });
    return {
      assistant: `${assistant.serverName}/${assistant.language}`,
      userId,
      exportedAt: new Date().toISOString(),
      conversation: record ? { paused: record.paused, createdAt: record.createdAt, latestEventTime: record.latestEventTime, events } : null,
      sessions,
      pendingSends,
      pendingMessages,
      handoffs,
      contacts,
      deliveries,
    };
  }

  async erase(assistant: AssistantRecord, userId: string, actor: string): Promise<ErasedCounts> {
    const counts = await this.lock.run(`${assistant.id}:${userId}`, () => this.store.analytics.eraseSender(assistant.id, userId));
    await this.#audit(assistant, actor, 'erase_user_data', userId, { ...counts });
    return counts;
  }

  async #audit(assistant: AssistantRecord, actor: string, action: string, subject: string, details: Record<string, unknown>): Promise<void> {
    await this.store.audit.record({ serverId: assistant.serverId, assistantId: assistant.id, actor, action, subject, details, createdAt: Date.now() / 1000 });
  }
}
