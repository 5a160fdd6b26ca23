// The store's analytics part (Store['analytics']): the projection of tracker events that the
// analytics pages query (sessions and user messages), the projector's cursor, curation marks,
// per-assistant analytics settings, retention and the erasure of one user's data.
//
// What the projection holds is decided by src/analytics (`build` below): the store reads the
// events, hands them over with what it already knows of each sender, and writes the result in the
// same transaction as the cursor, so a batch is projected once, by one process.
import type { StoredEvent } from '../store.js';

/** An event as the projector reads it. */
export interface ProjectorEvent {
  id: number;
  assistantId: number;
  senderId: string;
  type: string;
  timestamp: number;
  event: StoredEvent['event'];
}

/** What the store knows of a sender before the events of a batch. */
export interface SenderPrior {
  /** The sender's latest projected session before the batch. */
  session?: { id: number; lastEventId: number };
  /** The latest message of that session. */
  lastMessage?: { id: number; skill: string | null; fallback: boolean };
  /** The event just before the sender's first event of the batch is `action_session_start`. */
  previousWasSessionAction: boolean;
}

/** Additions to one session: a new row, or counts added to a row already there. */
export interface SessionDelta {
  id: number;
  assistantId: number;
  senderId: string;
  startedAt: number;
  lastEventAt: number;
  lastEventId: number;
  channel: string | null;
  modelId: string | null;
  userMessages: number;
  fallbacks: number;
  handedOff: boolean;
}

export interface MessageRecord {
  id: number;
  assistantId: number;
  sessionId: number;
  senderId: string;
  timestamp: number;
  channel: string | null;
  text: string;
  searchText: string;
  intent: string | null;
  /** The confidence of the best intent (for a fallback, of the best candidate, not the threshold). */
  confidence: number | null;
  /** The best candidate when `intent` is the fallback. */
  candidateIntent: string | null;
  skill: string | null;
  previousSkill: string | null;
  fallback: boolean;
}

export interface ProjectionWrites {
  sessions: SessionDelta[];
  messages: MessageRecord[];
  /** A message of an earlier batch learns which skill spoke after it, or its fallback (its turn was split). */
  messageUpdates: Array<{ id: number; skill: string | null; fallback: boolean }>;
}

export type ReviewStatus = 'phrase_added' | 'out_of_scope' | 'reviewed';

export interface Review {
  status: ReviewStatus;
  intent: string | null;
  by: string;
  at: number;
}

/** A message row with its curation. */
export interface StoredMessage extends MessageRecord {
  review: Review | null;
}

export interface SessionRecord {
  id: number;
  assistantId: number;
  senderId: string;
  startedAt: number;
  lastEventAt: number;
  lastEventId: number;
  channel: string | null;
  modelId: string | null;
  /** The model version of modelId, when that model still exists. */
  modelVersion: number | null;
  userMessages: number;
  fallbacks: number;
  handedOff: boolean;
}

/** A session of a list page, with the value the page is sorted on (a counter as of the list's snapshot). */
export interface ListedSession extends SessionRecord {
  sortValue: number;
}

export type SessionSort = 'started_at' | 'user_messages' | 'fallbacks';

export interface SessionQuery {
  assistantId: number;
  /** Sessions that started in [from, to): epoch seconds. */
  from: number;
  to: number;
  channel?: string;
  senderId?: string;
  /** Sessions with a user message of this intent / answered by this skill / whose text contains this (normalised) text. */
  intent?: string;
  skill?: string;
  text?: string;
  fallbackOnly?: boolean;
  handedOffOnly?: boolean;
  sort: SessionSort;
  direction: 'asc' | 'desc';
  limit: number;
  /** Keyset: the sort value and id of the last row of the previous page. */
  after?: { value: number; id: number };
  /**
   * The list's snapshot (an event id the projection had passed when its first page was read):
   * only sessions begun by then, and counters sorted on as they were then, so pages skip nothing
   * while conversations go on. Counts and filters are otherwise those of now.
   */
  asOf?: number;
}

export interface BucketQuery {
  assistantId: number;
  from: number;
  to: number;
  /**
   * Counts are grouped per bucket of this many seconds, counted from `origin` (at or before
   * `from`: the local midnight the interval's first day starts at, so buckets never straddle one).
   */
  bucketSeconds: number;
  origin: number;
}

export interface AnalyticsSettingsRecord {
  timeZone: string;
  retentionDays: number | null;
  satisfactionSkill: string | null;
}

export interface AnalyticsStore {
  /** Refreshes the planner's statistics of the analytics tables (after a large backfill). */
  refreshStatistics(): Promise<void>;
  /** The id of the last event projected. */
  cursor(): Promise<number>;
  /** The largest event id stored (0 when none). */
  latestEventId(): Promise<number>;
  /**
   * Projects the next events after the cursor (at most `limit`, none above `upToId`), of the
   * given types, in one transaction with the cursor. Resolves null when another process holds
   * the projector; else how many events were read and the new cursor.
   */
  project(options: {
    limit: number;
    upToId?: number;
    types: readonly string[];
    build: (events: ProjectorEvent[], priors: ReadonlyMap<string, SenderPrior>) => ProjectionWrites;
  }): Promise<{ read: number; cursor: number } | null>;

  listSessions(query: SessionQuery): Promise<ListedSession[]>;
  /** The first page (no `after`) and the count of every match, in one pass: for filters on messages, where a separate count would scan them twice. */
  firstPageWithTotal(query: Omit<SessionQuery, 'after'>): Promise<{ sessions: ListedSession[]; total: number }>;
  countSessions(query: Omit<SessionQuery, 'sort' | 'direction' | 'limit' | 'after'>): Promise<number>;
  getSession(assistantId: number, id: number): Promise<SessionRecord | undefined>;
  /** The id of the sender's next session after `id`, if projected. */
  nextSessionId(assistantId: number, senderId: string, id: number): Promise<number | undefined>;
  /** The events of one conversation with ids in [fromId, beforeId), in order, at most `limit`. */
  events(assistantId: number, senderId: string, fromId: number, beforeId: number | undefined, limit: number): Promise<StoredEvent[]>;
  messages(assistantId: number, ids: readonly number[]): Promise<StoredMessage[]>;
  message(assistantId: number, id: number): Promise<StoredMessage | undefined>;
  /** The sessions of an interval (as listSessions, unpaged) in id order after `afterId`: exports. */
  sessionsForExport(query: Omit<SessionQuery, 'sort' | 'direction' | 'limit' | 'after'>, afterId: number, limit: number): Promise<SessionRecord[]>;

  /** Per bucket and intent (or skill): user messages of the interval (only those that hit the fallback, with `fallbackOnly`). */
  rankingCounts(query: BucketQuery, dimension: 'intent' | 'skill', fallbackOnly?: boolean): Promise<Array<{ name: string | null; bucket: number; count: number }>>;
  /** Per bucket: user messages and fallbacks. */
  messageBuckets(query: BucketQuery): Promise<Array<{ bucket: number; messages: number; fallbacks: number }>>;
  /** Per bucket: sessions started and how many were handed to a human. */
  sessionBuckets(query: BucketQuery): Promise<Array<{ bucket: number; sessions: number; handedOff: number }>>;
  /** User messages per whole percent of confidence (0–100). */
  confidenceHistogram(query: Omit<BucketQuery, 'bucketSeconds' | 'origin'>): Promise<Array<{ percent: number; count: number }>>;
  /** The confidence of rank `offset` (0: the lowest) among the messages of one whole percent of the histogram. */
  confidenceAt(query: Omit<BucketQuery, 'bucketSeconds' | 'origin'>, percent: number, offset: number): Promise<number | null>;
  /** Answers to a skill's question: the (normalised) texts of the messages that followed it, most frequent first. */
  answersAfterSkill(query: Omit<BucketQuery, 'bucketSeconds' | 'origin'>, skill: string, limit: number): Promise<Array<{ answer: string; count: number }>>;

  /** Messages to review (fallback, or below `threshold` confidence), newest first, before id `beforeId`. */
  inbox(assistantId: number, threshold: number, limit: number, beforeId?: number): Promise<StoredMessage[]>;
  inboxCount(assistantId: number, threshold: number): Promise<number>;
  setReview(assistantId: number, messageId: number, review: Review | null): Promise<StoredMessage | undefined>;
  /** Intents that got phrases through curation since `since` (epoch seconds), with how many. */
  phrasesAddedSince(assistantId: number, since: number): Promise<Array<{ intent: string; phrases: number }>>;

  settings(assistantId: number): Promise<AnalyticsSettingsRecord>;
  updateSettings(assistantId: number, changes: Partial<AnalyticsSettingsRecord>): Promise<AnalyticsSettingsRecord>;
  /** Every assistant with a retention period. */
  retentionPolicies(): Promise<Array<{ assistantId: number; retentionDays: number }>>;

  /**
   * Deletes at most `limit` sessions whose last event is older than `before` — their events,
   * their analytics rows, and the conversations left without events — in one short transaction.
   */
  deleteExpired(assistantId: number, before: number, limit: number): Promise<{ sessions: number; events: number; conversations: number }>;
  /** What push channels still owe one user (their outbox items, any channel). */
  pendingSends(assistantId: number, senderId: string): Promise<Array<{ channel: string; payload: unknown; createdAt: number }>>;
  /** One user's messages push channels acknowledged whose turn is not recorded yet (any channel). */
  pendingMessages(assistantId: number, senderId: string): Promise<Array<{ channel: string; message: unknown; createdAt: number }>>;
  /**
   * Deletes everything stored of one user of an assistant (LGPD erasure), in one transaction:
   * events, conversation, analytics rows, pending sends and messages, hand-offs with their notes,
   * the channels' contact and delivery records; says what was deleted, by kind. The access export
   * (src/analytics/user-data.ts) reads the same kinds.
   */
  eraseSender(assistantId: number, senderId: string): Promise<ErasedCounts>;
}

/** What an erasure deleted: rows by kind (handoffs with their notes; the channels' contact and delivery records). */
export interface ErasedCounts {
  conversations: number;
  events: number;
  messages: number;
  outbound: number;
  inbound: number;
  handoffs: number;
  contacts: number;
  deliveries: number;
}
