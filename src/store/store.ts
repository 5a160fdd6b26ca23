// The one interface every part uses to persist data. Two implementations share it through Kysely:
// SQLite (the embedded default, a file in HELPER_DATA_DIR) and PostgreSQL (DATABASE_URL).
import type { CheckpointerStats } from './sqlite-checkpointer.js';
import type { AssistantContent, AssistantSettings } from '../assistant/content.js';
import type { ThirdPartyApi } from '../third-party-apis/api-definition.js';
import type { AnalyticsStore } from './analytics/analytics-store.js';
import type { ReminderStore } from './reminders/reminder-store.js';

/** The lists of named content items that can be edited one item at a time. */
export type ContentListName = 'themes' | 'intents' | 'contexts' | 'skills' | 'dialogues';

/**
 * Item-level changes to an assistant's content, applied in this order: `remove`, `rename` (the
 * item keeps its place under its new name), then `put` (each item written by name: it replaces
 * the item of that name in its place, or is appended).
 */
export interface ContentChanges {
  remove?: Array<{ list: ContentListName; name: string }>;
  rename?: Array<{ list: ContentListName; from: string; to: string }>;
  put?: Partial<Pick<AssistantContent, ContentListName>>;
  /** Regex patterns fill the entity (and context) of their name: they follow a renamed context. */
  renameRegexes?: Array<{ from: string; to: string }>;
}

/** What an edit of the third-party APIs writes (Store['thirdPartyApis'].edit). */
export interface ApiEdit<T> {
  apis: ThirdPartyApi[];
  result: T;
  /** APIs renamed (each recorded as one item under its new name, with its previous one). */
  renames?: Array<{ from: string; to: string }>;
  /** Item-level content changes written in the same transaction (e.g. skills following a renamed API). */
  content?: ContentChanges;
  /** Or content saved in the same transaction (an imported file's; 'merge' as in `content.save`). */
  save?: { content: AssistantContent; mode: 'replace' | 'merge' };
}

/** Who changed the content, and how, for the content versions (Histórico). */
export interface ContentAuthor {
  /** A console login, `operator` (an API token), `cli`, `system`. */
  actor: string;
  action?: ContentVersionAction;
  details?: { importName?: string; restoredVersion?: number };
}

export type ContentVersionAction = 'edit' | 'delete' | 'import' | 'restore' | 'save';
/** The lists a version names items of: the content lists, an entity's regexes and the third-party APIs. */
export type VersionList = ContentListName | 'regexes' | 'apis';

export interface ContentVersionSummaryItem {
  list: VersionList;
  change: 'added' | 'changed' | 'removed';
  name: string;
  /** Set when the item was renamed from this name. */
  previousName?: string;
}

/** One change of an assistant's content: who, when, how, and (the first few of) the items it changed. */
export interface ContentVersionRecord {
  id: number;
  assistantId: number;
  createdAt: number;
  actor: string;
  action: ContentVersionAction;
  /** How many items the version changed; `summary` names the first few. */
  items: number;
  summary: ContentVersionSummaryItem[];
  details: { importName?: string; restoredVersion?: number };
}

/** One item of a version, with its JSON before and after (undefined when it did not exist). */
export interface ContentVersionItem extends ContentVersionSummaryItem {
  before: unknown;
  after: unknown;
}

export interface ServerRecord {
  id: number;
  /** The customer's server name, as in `{server}{lang}.{domain}`: lowercase letters and digits. */
  name: string;
  displayName: string;
  enabled: boolean;
  createdAt: number;
}

export interface AssistantRecord {
  id: number;
  serverId: number;
  serverName: string;
  /** Language code: pt, en, es, … */
  language: string;
  name: string;
  enabled: boolean;
  settings: AssistantSettings;
  createdAt: number;
  /** CIDRs (e.g. 10.0.0.0/8, 2001:db8::/32) whose clients may call the conversations API without a token. */
  apiAllowedCidrs: string[];
}

export type ModelStatus = 'training' | 'ready' | 'failed';

export interface ModelRecord {
  id: number;
  assistantId: number;
  /** 1, 2, 3… per assistant. */
  version: number;
  status: ModelStatus;
  /** A stable id for the model, as Rasa's `model_id` (also the file name shown in /status). */
  modelId: string;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  /** The trained NLU model, serialised by src/nlu (JSON text). Only for status 'ready'. */
  artifact: string | null;
}

export type TrainingScope = 'complete' | 'dialogues' | 'skills' | 'custom_skills';
export type TrainingStatus = 'scheduled' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Something a training found, as a sentence for the administrator. */
export interface TrainingProblem {
  level: 'error' | 'warning';
  message: string;
  /** A stable code and its values (src/admin-api/problem-codes.ts); older records have none. */
  code?: string;
  params?: Record<string, string | number>;
  /** The content item the problem is about, and the field inside it (`buttons.1.payload`), when it is about one. */
  item?: { list: ContentListName; name: string; field: string };
}

/** One training asked for: now, scheduled, or by `helper train` (src/trainings). */
export interface TrainingRecord {
  id: number;
  assistantId: number;
  scope: TrainingScope;
  status: TrainingStatus;
  /** Who asked: `operator`, a console user's login, `cli`. */
  requestedBy: string;
  createdAt: number;
  /** When it is due (epoch seconds); the time it was asked for when it ran at once. */
  scheduledFor: number;
  startedAt: number | null;
  finishedAt: number | null;
  heartbeatAt: number | null;
  /** 0–100 while running; 100 once succeeded. */
  progress: number;
  /** What a running training is doing (e.g. `training the classifier`). */
  phase: string | null;
  /** The model version it produced (also for a failed training: the version that failed). */
  modelVersion: number | null;
  modelId: string | null;
  problems: TrainingProblem[];
  /** The process that runs it. */
  claimedBy: string | null;
}

/** Where an import came from: an uploaded file or project, `helper import`, the Watson API. */
export type ImportSource = 'upload' | 'cli' | 'watson-api';

/** One import in the "Histórico de importações". */
export interface ImportRecord {
  id: number;
  assistantId: number;
  /** The file's or project's name, or the Watson workspace's. */
  name: string;
  source: ImportSource;
  /** helper, rasa-nlu, rasa-project, watson; null when the file could not be read. */
  format: string | null;
  mode: 'merge' | 'replace';
  status: 'imported' | 'failed';
  /** Who: a console login, `operator`, `cli`. */
  requestedBy: string;
  createdAt: number;
  /** Items added, changed and removed by list (`intentsAdded`…), and `skipped`. */
  summary: Record<string, number>;
  /** One line per item kept, renamed or skipped (imports from other platforms). */
  report: string[];
  /** Why a failed import failed. */
  errors: string[];
}

/** One stored tracker event: Rasa's event JSON (with `event` and `timestamp`), kept as given. */
export interface StoredEvent {
  /** Store-assigned, increasing in insertion order for one conversation. */
  id: number;
  event: Record<string, unknown> & { event: string; timestamp: number };
  /** Written as a client posted it (Rasa's tracker events API), to be read back exactly: readers add nothing to it. */
  posted?: true;
}

/** `conversations.append`'s options: `posted` marks the events as a client posted them (StoredEvent.posted). */
export interface AppendOptions {
  posted?: boolean;
}

export interface ConversationRecord {
  assistantId: number;
  senderId: string;
  paused: boolean;
  createdAt: number;
  latestEventTime: number | null;
  /**
   * Grows with every append, replace or pause change: a process that keeps a conversation's state
   * in memory checks it against this before trusting it.
   */
  revision: number;
}

/** One pending send of a channel (./outbox-repository.ts). */
export interface OutboundMessage {
  /** Store-assigned, increasing in insertion order: the sending order. */
  id: number;
  assistantId: number;
  channel: string;
  recipient: string;
  /** The channel's request body, as given to `add` (JSON-serialisable, never a credential). */
  payload: unknown;
  createdAt: number;
  /** The sender that claimed it to send it, and until when (epoch seconds); null when unclaimed. */
  claimedBy: string | null;
  claimedUntil: number | null;
}

/** A send to store in the outbox (with `outbox.add`, or with a turn's events: `conversations.append`). */
export interface NewOutboundMessage {
  assistantId: number;
  channel: string;
  recipient: string;
  payload: unknown;
}

/** A push channel's message acknowledged before its turn was recorded (./inbound/inbound-repository.ts). */
export interface PendingInbound {
  /** Store-assigned, increasing in insertion order: the order the messages arrived in. */
  id: number;
  assistantId: number;
  channel: string;
  sender: string;
  /** The channel's turn, as given to `add` (JSON-serialisable). */
  turn: unknown;
  createdAt: number;
  /** How many times a process took it over to replay it. */
  attempts: number;
}

/** A message to keep until its turn is recorded (`inbound.add`). */
export interface NewPendingInbound {
  assistantId: number;
  channel: string;
  sender: string;
  turn: unknown;
}

/** A sender's claim on a recipient's first pending rows (`outbox.claim`). */
export interface OutboxClaim {
  /** Who claims: unique per sender and process. */
  claimant: string;
  /** At most this many rows, oldest first. */
  limit: number;
  /** Now and the claim's end, epoch seconds. */
  now: number;
  until: number;
}

/** A channel's own record per assistant (./channels/channel-repository.ts). */
export interface ChannelSettingsRecord {
  assistantId: number;
  channel: string;
  /** The assistant's address on the platform (WhatsApp's phone_number_id), unique per channel; null when none. */
  address: string | null;
  /** The channel's non-secret settings (secrets live in `secrets`, sealed). */
  settings: Record<string, unknown>;
  updatedAt: number;
}

/** One user of a channel, as the channel knows them. */
export interface ChannelContactRecord {
  /** When they last wrote (epoch seconds): WhatsApp's 24-hour window. */
  lastInboundAt: number | null;
  /** Since when the platform says they cannot be reached (Telegram: they blocked the bot); null when reachable. */
  unreachableSince: number | null;
  unreachableReason: string | null;
}

/**
 * What became of a channel's answer: a platform's status (`sent`, `delivered`, `read`, `failed`),
 * or ours (`accepted`: the platform took it and gave this id; `refused`: not sent, e.g. outside
 * WhatsApp's 24-hour window; `blocked`: the user cannot be reached; `failed`: given up).
 */
export interface ChannelDeliveryRecord {
  id: number;
  assistantId: number;
  channel: string;
  recipient: string;
  /** The platform's message id (WhatsApp's wamid), when there is one. */
  messageId: string | null;
  status: string;
  /** The platform's error (code, title, details) or our reason, in English; never a credential. */
  detail: Record<string, unknown> | null;
  /**
   * The same reason as a stable code with parameters (src/channels/core/delivery-reason.ts), which
   * the console says in its language; null when there is none (an accepted send, a status that is
   * no failure) or for rows recorded before the codes (migration 0110).
   */
  reasonCode: DeliveryReason | null;
  /** When it happened (the platform's timestamp for its statuses), epoch seconds. */
  occurredAt: number;
  recordedAt: number;
}

/** Why a delivery failed, as a stable code and its parameters (numbers and short texts; never a credential, a URL or an address). */
export interface DeliveryReason {
  code: string;
  params: Record<string, string | number>;
}

/** What `recordDelivery` takes: a record without its id and time of recording; its coded reason may be left out (null). */
export type NewChannelDelivery = Omit<ChannelDeliveryRecord, 'id' | 'recordedAt' | 'reasonCode'> & { reasonCode?: DeliveryReason | null };

/**
 * `administrator` changes everything of their server; `agent` reads and answers the handoff inbox
 * (src/handoff); `viewer` only reads; `operator` is the platform's operator signed in to the
 * console (every server: adds servers and assistants), given only by the CLI or another operator.
 */
export type UserRole = 'administrator' | 'agent' | 'viewer' | 'operator';

export type HandoffStatus = 'waiting' | 'taken' | 'resolved';
/** What handed the conversation off: a skill flagged `handoff`, fallbacks in a row, an agent from the inbox, the API or CLI. */
export type HandoffReason = 'skill' | 'fallbacks' | 'agent' | 'api';

/** One handoff of a conversation to a person (./handoffs/handoff-repository.ts). */
export interface HandoffRecord {
  id: number;
  assistantId: number;
  senderId: string;
  /** The input channel the user wrote on last: where an agent's reply goes (null when unknown). */
  channel: string | null;
  status: HandoffStatus;
  reason: HandoffReason;
  /** The skill that handed off, when one did. */
  detail: string | null;
  /** Whether it was asked for outside office hours. */
  outsideHours: boolean;
  /** The agent who has it (status taken), or had it (resolved). */
  agentLogin: string | null;
  requestedAt: number;
  takenAt: number | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  updatedAt: number;
  lastUserMessageAt: number | null;
  /** User messages since the agent last read the conversation. */
  unread: number;
}

export interface HandoffNoteRecord {
  id: number;
  handoffId: number;
  author: string;
  text: string;
  createdAt: number;
}

/** A console user of one server. The password hash never leaves the store but through `users.credentials`. */
export interface UserRecord {
  id: number;
  serverId: number;
  serverName: string;
  /** Unique per server, lowercase: letters, digits, `.`, `_`, `-` (never `@`, so it is never an e-mail). */
  login: string;
  /** Unique per server, lowercase. */
  email: string;
  firstName: string;
  lastName: string;
  role: UserRole;
  /** An inactive user cannot sign in. */
  active: boolean;
  /** The password is still the one the platform generated at the first start: the console asks to change it. */
  passwordGenerated: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface UserChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  passwordHash?: string;
  role?: UserRole;
  active?: boolean;
}

/** A console sign-in, found by the hash of its id. */
export interface UserSessionRecord {
  user: UserRecord;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

/**
 * Methods reject with the errors of ./store-errors.ts where the caller is at fault:
 * StoreNotFoundError (unknown server, assistant or model), StoreConflictError (a duplicate, a model
 * finished twice) and StoreValidationError (a bad name, language, setting, event or content).
 * Open one with createStore (./create-store.ts); tests use storeVariants (./test-stores.ts).
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  /** The semantic provider's cache: a vector per embeddings model and text (src/embeddings). */
  embeddings: {
    /** The vectors stored for these texts under `model`, by text; texts not stored are absent. */
    get(model: string, texts: readonly string[]): Promise<Map<string, Float32Array>>;
    /** Stores vectors (a text already stored keeps its first vector). */
    put(model: string, vectors: ReadonlyMap<string, Float32Array>): Promise<void>;
  };

  servers: {
    create(input: { name: string; displayName?: string }): Promise<ServerRecord>;
    get(name: string): Promise<ServerRecord | undefined>;
    list(): Promise<ServerRecord[]>;
    /** Renames (the display name: the name is the server's address) or disables/enables a server. */
    update(name: string, changes: { displayName?: string; enabled?: boolean }): Promise<ServerRecord>;
  };

  assistants: {
    /**
     * Adds an assistant; with `content`, that content too (its first version, by `author`), in
     * the same transaction: when the content is refused, no assistant is left behind.
     */
    create(input: { serverName: string; language: string; name?: string; settings?: Partial<AssistantSettings>; content?: AssistantContent; author?: ContentAuthor }): Promise<AssistantRecord>;
    get(serverName: string, language: string): Promise<AssistantRecord | undefined>;
    getById(id: number): Promise<AssistantRecord | undefined>;
    list(): Promise<AssistantRecord[]>;
    updateSettings(id: number, settings: Partial<AssistantSettings>): Promise<AssistantRecord>;
    update(id: number, changes: { name?: string; enabled?: boolean; apiAllowedCidrs?: string[] }): Promise<AssistantRecord>;
  };

  /**
   * The access revision: grows with every change of servers, assistants and their secrets, made by
   * any process (database triggers, migration 0008). Caches of those records compare it to know
   * when to read again.
   */
  revisions: {
    access(): Promise<number>;
    /** Calls `listener` after each such change made through this store object; returns the unsubscribe. */
    onAccessChange(listener: () => void): () => void;
  };

  /** Sealed secrets per assistant, by name; the store never sees them in plaintext. */
  secrets: {
    get(assistantId: number, name: string): Promise<string | undefined>;
    set(assistantId: number, name: string, sealedValue: string): Promise<void>;
    delete(assistantId: number, name: string): Promise<void>;
    names(assistantId: number): Promise<string[]>;
  };

  content: {
    /** The whole content of an assistant, each list in the order it was saved. */
    load(assistantId: number): Promise<AssistantContent>;
    /**
     * Saves content in one transaction. 'replace' makes the stored content exactly `content`;
     * 'merge' adds what is new and overwrites items of the same name (by kind), keeping the rest.
     */
    save(assistantId: number, content: AssistantContent, mode: 'replace' | 'merge', author?: ContentAuthor): Promise<void>;
    /**
     * One edit of a few items, in one transaction that holds the assistant's write lock: `decide`
     * sees the content as it is now (no other writer can change it meanwhile) and returns the
     * changes and a result. If `decide` throws, or a change is refused, nothing is written.
     */
    edit<T>(
      assistantId: number,
      decide: (content: AssistantContent) => { changes: ContentChanges; result: T } | Promise<{ changes: ContentChanges; result: T }>,
      author?: ContentAuthor,
    ): Promise<T>;
  };

  /**
   * Content versions (Histórico): every save, edit, import and API edit records, in its own transaction,
   * the items it changed with their JSON before and after (./versions). Newest first, keyset pages.
   */
  versions: {
    list(assistantId: number, options: { limit: number; beforeId?: number }): Promise<ContentVersionRecord[]>;
    /** The versions that changed one item (also under a name it was renamed from), each with that item's change. */
    listItem(assistantId: number, list: VersionList, name: string, options: { limit: number; beforeId?: number }): Promise<Array<ContentVersionRecord & { item: ContentVersionItem }>>;
    get(assistantId: number, versionId: number): Promise<{ version: ContentVersionRecord; items: ContentVersionItem[] } | undefined>;
    /** The whole content as it was right after the version (StoreNotFoundError when not kept). */
    contentAt(assistantId: number, versionId: number): Promise<AssistantContent>;
    /** The content and the third-party APIs as they were right after the version (one read). */
    stateAt(assistantId: number, versionId: number): Promise<{ content: AssistantContent; apis: ThirdPartyApi[] }>;
    /**
     * Makes the content and the third-party APIs what they were right after the version, recorded as
     * a new version (undefined when nothing changes). `apis`, when given, sees the APIs about to be
     * written (and those there now) inside the restore's transaction and answers what to write: the
     * caller checks their sealed secrets (src/third-party-apis/api-service.ts).
     */
    restore(assistantId: number, versionId: number, actor: string, options?: { apis?: (restored: ThirdPartyApi[], current: ThirdPartyApi[]) => ThirdPartyApi[] }): Promise<ContentVersionRecord | undefined>;
  };

  /** An assistant's third-party APIs (src/third-party-apis), in order; a secret header's value sealed. */
  thirdPartyApis: {
    list(assistantId: number): Promise<ThirdPartyApi[]>;
    /**
     * Rewrites the list in one transaction holding the assistant's write lock: `decide` sees the
     * list and the content as they are now and returns the new list (checked by the caller), a
     * result, and what the content gets in the same transaction (custom skills following a renamed
     * API, an imported file's content). The change is recorded as one content version (`apis`
     * items, and the content's), with `author`.
     */
    edit<T>(assistantId: number, decide: (apis: ThirdPartyApi[], content: AssistantContent) => ApiEdit<T> | Promise<ApiEdit<T>>, author?: ContentAuthor): Promise<T>;
  };

  models: {
    /** Starts a new version in status 'training'. */
    start(assistantId: number): Promise<ModelRecord>;
    /** Only a model in status 'training' finishes; finishing one twice is a StoreConflictError. */
    succeed(id: number, artifact: string): Promise<ModelRecord>;
    fail(id: number, error: string): Promise<ModelRecord>;
    /** The newest model with status 'ready'. */
    latestReady(assistantId: number): Promise<ModelRecord | undefined>;
    /** Every version, oldest first, artifacts included. */
    list(assistantId: number): Promise<ModelRecord[]>;
    /**
     * The id of the newest 'ready' model, without its artifact: what a process polls to learn that
     * another one trained a new version.
     */
    latestReadyId(assistantId: number): Promise<number | undefined>;
    get(id: number): Promise<ModelRecord | undefined>;
  };

  conversations: {
    /** Creates the conversation row if missing; returns it. */
    ensure(assistantId: number, senderId: string, now: number): Promise<ConversationRecord>;
    get(assistantId: number, senderId: string): Promise<ConversationRecord | undefined>;
    /** The conversation's revision alone (what `get` returns in `revision`); undefined when it has no row. */
    revision(assistantId: number, senderId: string): Promise<number | undefined>;
    /**
     * Appends events in one transaction, in order, and updates latestEventTime (to the last
     * event's timestamp). Creates the conversation row if missing. Resolves with the
     * conversation's new revision. `outbox`: sends that deliver the turn's answer, stored in
     * the same transaction (after the events), so a recorded turn always has its answer stored.
     */
    append(assistantId: number, senderId: string, events: StoredEvent['event'][], outbox?: readonly NewOutboundMessage[], options?: AppendOptions): Promise<number>;
    /**
     * Replaces the whole history (Rasa's PUT …/tracker/events; the events are marked `posted`);
     * the session pointer and latestEventTime follow the new events. Creates the conversation row
     * if missing.
     */
    replace(assistantId: number, senderId: string, events: StoredEvent['event'][]): Promise<void>;
    /** All events of a conversation in order. */
    events(assistantId: number, senderId: string): Promise<StoredEvent[]>;
    /**
     * The events of the current session, in order: from the last appended `action_session_start`
     * event on (or from the last `session_started` when none precedes it); all events when the
     * conversation never started a session. Kept cheap: the store remembers where it starts.
     * Precisely: an `action` event named `action_session_start` starts a session, and so does a
     * `session_started` event unless the event just before it is that action (then they start
     * the session together), also when the two arrive in separate appends.
     */
    sessionEvents(assistantId: number, senderId: string): Promise<StoredEvent[]>;
    setPaused(assistantId: number, senderId: string, paused: boolean): Promise<void>;
    /**
     * Whether the conversation already holds a `user` event with this `message_id` (a channel's
     * message id, such as Messenger's `mid`): how a channel drops a platform's redelivery.
     */
    hasMessage(assistantId: number, senderId: string, messageId: string): Promise<boolean>;
  };

  /**
   * Durable outbound work of the channels: sends owed to a platform, stored before the platform's
   * request is acknowledged, deleted once sent or given up.
   */
  outbox: {
    /** Appends the items in one transaction, in order; resolves with them as stored. */
    add(items: readonly NewOutboundMessage[]): Promise<OutboundMessage[]>;
    /** One recipient's pending items of a channel, oldest first (claimed or not). */
    pending(channel: string, assistantId: number, recipient: string): Promise<OutboundMessage[]>;
    /**
     * Every (assistant, recipient) of a channel with pending items, by their oldest item. With
     * `claimableAt` (epoch seconds), only those with an item unclaimed or whose claim has ended then.
     */
    recipients(channel: string, claimableAt?: number): Promise<Array<{ assistantId: number; recipient: string }>>;
    /**
     * Claims the recipient's oldest pending items, at most `claim.limit`, for `claim.claimant`
     * until `claim.until`, and resolves with them in order. Resolves with none when the oldest is
     * held by another claimant's claim that has not ended: one sender at a time per recipient, in
     * id order. Only an unbroken run from the oldest is claimed (two claimants at once: one wins).
     */
    claim(channel: string, assistantId: number, recipient: string, claim: OutboxClaim): Promise<OutboundMessage[]>;
    /** Extends the claimant's claim on these items to `until`; resolves with how many it still held. */
    renew(ids: readonly number[], claimant: string, until: number): Promise<number>;
    /** Gives up the claimant's claim on these items (those it still holds): any sender may take them at once. */
    release(ids: readonly number[], claimant: string): Promise<void>;
    /** Removes a sent (or given up) item; resolves with whether this call removed it (false: gone already, e.g. another process's delete). */
    delete(id: number): Promise<boolean>;
    /** Per channel: how many sends are pending and when the oldest was stored (the metrics). */
    backlog(): Promise<Array<{ channel: string; pending: number; oldestAt: number }>>;
  };

  /**
   * Durable inbound work of the push channels: messages acknowledged to their platform while their
   * turn was still running, each held by the process running it (a claim it renews) and deleted once
   * the turn is recorded; a crashed process's are replayed by another once their claim ends.
   */
  inbound: {
    /** Stores the items in one transaction, claimed by `claimant` until `until` (epoch seconds); resolves with their ids, in order. */
    add(items: readonly NewPendingInbound[], claimant: string, until: number): Promise<number[]>;
    /** Extends the claimant's claim on these items to `until`; resolves with how many it still held. */
    renew(ids: readonly number[], claimant: string, until: number): Promise<number>;
    /** Removes items whose turn was recorded (or that were given up). */
    delete(ids: readonly number[]): Promise<void>;
    /**
     * Whether `claimant` still holds the item (it exists, nobody took it over, an erasure did not
     * delete it), extending its claim to `until` when it does: checked under the conversation's
     * lock before its turn runs.
     */
    holds(id: number, claimant: string, until: number): Promise<boolean>;
    /**
     * Takes over at most `limit` of a channel's items whose claim had ended by `now`, oldest first,
     * for `claimant` until `until`, counting an attempt on each; of two claimants at once, one
     * takes an item. Resolves with them in id order.
     */
    claim(channel: string, claim: { claimant: string; limit: number; now: number; until: number }): Promise<PendingInbound[]>;
    /**
     * Takes over, whoever holds them (this claimant too), one conversation's items that arrived
     * before item `before` (every one without it), counting an attempt on each: a turn that holds
     * the conversation's lock runs them first — nobody else can be running them then — so one
     * user's messages stay in order when a process crashed with some pending, or while they wait
     * to be replayed. Resolves with them in id order.
     */
    takeEarlier(channel: string, assistantId: number, sender: string, take: { claimant: string; until: number; before?: number }): Promise<PendingInbound[]>;
    /** Per channel: how many messages wait for their turn and when the oldest arrived (the metrics). */
    backlog(): Promise<Array<{ channel: string; pending: number; oldestAt: number }>>;
  };

  /**
   * What the push channels keep beside the outbox: their own record per assistant, their users'
   * last message and reachability, the fate of their answers and long button payloads.
   */
  channels: {
    settings(assistantId: number, channel: string): Promise<ChannelSettingsRecord | undefined>;
    /**
     * Writes the channel's record of an assistant (a new one, or replacing it). An address another
     * assistant already has on this channel is a StoreConflictError and changes nothing.
     */
    saveSettings(assistantId: number, channel: string, input: { address: string | null; settings: Record<string, unknown> }): Promise<ChannelSettingsRecord>;
    /** The assistant whose record has this address on this channel. */
    assistantIdByAddress(channel: string, address: string): Promise<number | undefined>;
    /** The user wrote at `at`: their last message time, and they are reachable again. */
    touchContact(assistantId: number, channel: string, recipient: string, at: number): Promise<void>;
    contact(assistantId: number, channel: string, recipient: string): Promise<ChannelContactRecord | undefined>;
    /** Whether the recipient is a contact of the assistant on one of these channels (one look-up). */
    isContactOf(assistantId: number, channels: readonly string[], recipient: string): Promise<boolean>;
    markUnreachable(assistantId: number, channel: string, recipient: string, at: number, reason: string): Promise<void>;
    /** Records a delivery; false when this (message id, status) was already recorded (a redelivered status). */
    recordDelivery(input: NewChannelDelivery): Promise<boolean>;
    /** An assistant's deliveries on a channel, newest first. */
    deliveries(assistantId: number, channel: string, options?: { limit?: number; recipient?: string; messageId?: string; statuses?: readonly string[] }): Promise<ChannelDeliveryRecord[]>;
    /** Everything the channels keep of one user of an assistant, any channel (LGPD access): their contact records and deliveries, oldest first. */
    recordsOf(assistantId: number, recipient: string): Promise<{ contacts: Array<ChannelContactRecord & { channel: string }>; deliveries: ChannelDeliveryRecord[] }>;
    /** Deletes a channel's deliveries recorded before `before` (epoch seconds); resolves with how many. */
    pruneDeliveries(channel: string, before: number): Promise<number>;
    /** Keeps payloads under their short ids (an id already kept is left as it is). */
    saveButtonPayloads(assistantId: number, entries: Array<{ shortId: string; payload: string }>): Promise<void>;
    buttonPayload(assistantId: number, shortId: string): Promise<string | undefined>;
  };

  /**
   * Console users, one server each. A change or deletion that would leave a server that had an
   * active administrator without one is a StoreConflictError (the last administrator stays).
   */
  users: {
    create(input: {
      serverName: string;
      login: string;
      email: string;
      firstName: string;
      lastName: string;
      passwordHash: string;
      role: UserRole;
      active?: boolean;
      /** The password was generated (the first administrator's, printed once); any new password clears it. */
      passwordGenerated?: boolean;
    }): Promise<UserRecord>;
    get(serverName: string, login: string): Promise<UserRecord | undefined>;
    list(serverName: string): Promise<UserRecord[]>;
    /** The user whose login or e-mail (any case) this is, with the password hash: for signing in only. */
    credentials(serverName: string, loginOrEmail: string): Promise<{ user: UserRecord; passwordHash: string } | undefined>;
    /** Changes a user; a new password hash or deactivation also ends every session of the user (a new password is no longer the generated one). */
    update(serverName: string, login: string, changes: UserChanges): Promise<UserRecord>;
    /** Deletes a user and their sessions. */
    delete(serverName: string, login: string): Promise<void>;
  };

  /**
   * Human handoffs: at most one open (waiting or taken) per conversation. Every change of status is
   * one conditional update, so of two agents taking one handoff exactly one gets it, in any
   * number of processes, on either database.
   */
  handoffs: {
    /**
     * Opens a handoff (waiting, or taken by `agent`); when the conversation already has an open
     * one, that one is returned with `created: false` and nothing changes.
     */
    open(input: {
      assistantId: number;
      senderId: string;
      channel: string | null;
      reason: HandoffReason;
      detail?: string | null;
      outsideHours?: boolean;
      agent?: string;
      now: number;
    }): Promise<{ handoff: HandoffRecord; created: boolean }>;
    get(id: number): Promise<HandoffRecord | undefined>;
    /** The conversation's open handoff. */
    current(assistantId: number, senderId: string): Promise<HandoffRecord | undefined>;
    /** Handoffs of these assistants, oldest request first: open ones by default. */
    list(assistantIds: readonly number[], filter?: { status?: HandoffStatus | 'open'; agent?: string; limit?: number }): Promise<HandoffRecord[]>;
    /** Takes a waiting handoff for `agent`; undefined when it is no longer waiting (another agent was first). */
    take(id: number, agent: string, now: number): Promise<HandoffRecord | undefined>;
    /** Gives a taken handoff to `to` (only from `from` when given); undefined when it is not taken (by `from`). */
    transfer(id: number, to: string, now: number, from?: string): Promise<HandoffRecord | undefined>;
    /** Resolves an open handoff; undefined when it was already resolved. */
    resolve(id: number, by: string, now: number): Promise<HandoffRecord | undefined>;
    /** The user wrote while the handoff is open: one more unread message, the channel they wrote on (null: no channel, the handoff keeps its own). */
    userMessage(assistantId: number, senderId: string, channel: string | null, at: number): Promise<HandoffRecord | undefined>;
    /** The agent read the conversation: no unread messages. */
    markRead(id: number): Promise<void>;
    addNote(input: { handoffId: number; author: string; text: string; now: number }): Promise<HandoffNoteRecord>;
    /** A handoff's notes, oldest first. */
    notes(handoffId: number): Promise<HandoffNoteRecord[]>;
    /** Every handoff of one user of an assistant, resolved ones too, with their notes, oldest first (LGPD access). */
    ofSender(assistantId: number, senderId: string): Promise<Array<HandoffRecord & { notes: HandoffNoteRecord[] }>>;
  };

  /** Console sessions, by the SHA-256 of the id the browser holds. */
  userSessions: {
    create(input: { idHash: string; userId: number; csrfToken: string; now: number }): Promise<void>;
    get(idHash: string): Promise<UserSessionRecord | undefined>;
    touch(idHash: string, now: number): Promise<void>;
    delete(idHash: string): Promise<void>;
    /** Deletes sessions idle since before `idleBefore` or created before `createdBefore`. */
    deleteExpired(idleBefore: number, createdBefore: number): Promise<void>;
  };

  /**
   * Sign-in attempts per key in a fixed window, counted before the password is checked (a success
   * takes its attempt back): what throttles guessing, across app processes.
   */
  signInFailures: {
    /**
     * Counts one attempt for each key and resolves with each key's count and window start, in
     * order; a key whose window began before `now - windowSeconds` starts a new one (ended
     * windows are dropped).
     */
    record(keys: string[], now: number, windowSeconds: number): Promise<Array<{ failures: number; windowStartedAt: number }>>;
    /** Takes one attempt off the key's count (an attempt that succeeded). */
    release(key: string): Promise<void>;
    get(key: string): Promise<{ failures: number; windowStartedAt: number } | undefined>;
    clear(key: string): Promise<void>;
  };

  /**
   * Trainings: the history and the scheduler's queue. A training goes scheduled → running →
   * succeeded | failed, or scheduled → cancelled; each step happens once (a conditional update),
   * which is what lets several app processes share the queue.
   */
  trainings: {
    create(input: { assistantId: number; scope: TrainingScope; scheduledFor: number; requestedBy: string }): Promise<TrainingRecord>;
    /**
     * Records a training only when the assistant has none scheduled or running (one step, as a
     * claim): of several processes asking at once, one gets it. Undefined otherwise.
     */
    createIfIdle(input: { assistantId: number; scope: TrainingScope; scheduledFor: number; requestedBy: string }): Promise<TrainingRecord | undefined>;
    get(id: number): Promise<TrainingRecord | undefined>;
    /** An assistant's trainings, newest first. */
    list(assistantId: number, options?: { limit?: number }): Promise<TrainingRecord[]>;
    /**
     * Claims one due training (scheduled, `scheduledFor <= now`, of an assistant with no running
     * training) for `claimant`: it becomes running. Undefined when none is due.
     */
    claimDue(now: number, claimant: string): Promise<TrainingRecord | undefined>;
    /** Claims this scheduled training whatever its time; undefined when it is no longer scheduled. */
    claim(id: number, now: number, claimant: string): Promise<TrainingRecord | undefined>;
    /** Records a running training's progress (and renews its heartbeat). */
    reportProgress(id: number, progress: number, phase: string | null, now: number): Promise<void>;
    /** Renews the heartbeat of every training `claimant` is running. */
    heartbeat(claimant: string, now: number): Promise<void>;
    /** Finishes a running training once; a StoreConflictError when it is not running. */
    finish(
      id: number,
      outcome: { status: 'succeeded' | 'failed'; problems: TrainingProblem[]; modelVersion: number | null; modelId: string | null; now: number },
    ): Promise<TrainingRecord>;
    /**
     * Gives back a training `claimant` runs but stopped before its end (its process is stopping): it is
     * scheduled again, unclaimed, for any process to take. Undefined when it is not running for `claimant`.
     */
    release(id: number, claimant: string): Promise<TrainingRecord | undefined>;
    /** Cancels a scheduled training; a StoreConflictError when it already ran or runs. */
    cancel(id: number, now: number): Promise<TrainingRecord>;
    /** Marks failed, with `reason`, the running trainings whose heartbeat is older than `staleBefore`. */
    failAbandoned(staleBefore: number, reason: string, now: number): Promise<TrainingRecord[]>;
  };

  /** The history of imports; an import's content and its record are written in one transaction. */
  imports: {
    /**
     * Saves the content (the whole content after the import) and records the import, both or
     * neither. With `apis` (a file's third-party APIs), the list it returns for the APIs as they
     * are and the content as saved is written in the same transaction (one content version of
     * both); what it throws undoes everything.
     */
    apply(
      content: AssistantContent,
      record: Omit<ImportRecord, 'id' | 'createdAt' | 'status' | 'errors'>,
      options?: { apis?: (current: ThirdPartyApi[], content: AssistantContent) => ThirdPartyApi[] },
    ): Promise<ImportRecord>;
    /** Records an import whose content its caller already saved (`helper import`). */
    recordApplied(record: Omit<ImportRecord, 'id' | 'createdAt' | 'status' | 'errors'>): Promise<ImportRecord>;
    /** Records an import that failed (nothing else is written). */
    recordFailure(record: Omit<ImportRecord, 'id' | 'createdAt' | 'status' | 'summary' | 'report'>): Promise<ImportRecord>;
    /** An assistant's imports, newest first. */
    list(assistantId: number, options?: { limit?: number }): Promise<ImportRecord[]>;
    get(id: number): Promise<ImportRecord | undefined>;
  };

  /** The projection the analytics pages query, curation, retention and erasure (./analytics/analytics-store.ts). */
  analytics: AnalyticsStore;

  /** Rasa's reminders waiting to fire (src/reminders, migration 0095). */
  reminders: ReminderStore;

  /** Who did what to personal data and curation, per server; only ever added to. */
  audit: {
    record(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
    /** A server's entries, newest first. */
    list(serverId: number, options: { limit: number; beforeId?: number; assistantId?: number }): Promise<AuditEntry[]>;
  };

  /** SQLite only: what its WAL checkpoints' thread has done (./sqlite-checkpointer.ts), for /metrics. */
  readonly sqliteCheckpoints?: () => CheckpointerStats;

  close(): Promise<void>;
}

/** One line of the audit log: `actor` (a console login, `operator`, `cli`, `retention`) did `action` to `subject` (a user id). */
export interface AuditEntry {
  id: number;
  serverId: number;
  assistantId: number | null;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  createdAt: number;
}
