// The tables as Kysely sees them. Both dialects store the same values: booleans as 0/1 integers,
// JSON as text, times as float epoch seconds, so one set of queries serves SQLite and PostgreSQL.
import type { Generated } from 'kysely';
import type { RemindersTable } from './reminders/reminder-store.js';

export interface ServersTable {
  id: Generated<number>;
  name: string;
  display_name: string;
  enabled: Generated<number>;
  created_at: number;
}

export interface AssistantsTable {
  id: Generated<number>;
  server_id: number;
  language: string;
  name: string;
  enabled: Generated<number>;
  /** JSON of AssistantSettings; missing keys take their defaults when read. */
  settings: string;
  created_at: number;
  /** JSON of string[]: CIDRs whose clients may call the conversations API without a token. */
  api_allowed_cidrs: Generated<string>;
}

export interface AssistantSecretsTable {
  assistant_id: number;
  name: string;
  /** Sealed by src/secrets; never a plaintext secret. */
  sealed_value: string;
  updated_at: number;
}

/** Columns every named content item has: its assistant, its place in the list and its name. */
interface ContentItemColumns {
  id: Generated<number>;
  assistant_id: number;
  position: number;
  name: string;
}

export interface ThemesTable extends ContentItemColumns {
  description: string | null;
}

export interface IntentsTable extends ContentItemColumns {
  theme: string | null;
}

export interface PhrasesTable {
  id: Generated<number>;
  intent_id: number;
  position: number;
  text: string;
  /** JSON of PhraseEntity[], or null when the phrase had no `entities` key. */
  entities: string | null;
}

export interface ContextsTable extends ContentItemColumns {
  type: string;
  description: string | null;
  /** JSON of what depends on the type: `{values, entity?}` (text), `{values}` (categorical), `{min?, max?}` (float), `{}`. */
  details: string;
  /** conversation | session | dialogue, or null for the default (the conversation) (migration 0011). */
  lifetime: string | null;
}

/** Not unique by name: several patterns may fill the same entity. */
export interface RegexesTable {
  id: Generated<number>;
  assistant_id: number;
  position: number;
  name: string;
  pattern: string;
}

export interface SkillsTable extends ContentItemColumns {
  theme: string | null;
  fallback: number;
  kind: string;
  /** JSON of string[]. */
  texts: string;
  /** JSON of Button[], or null when absent. */
  buttons: string | null;
  image: string | null;
  /** JSON of any value, or null when absent (a JSON `null` is stored as the text 'null'). */
  attachment: string | null;
  /** JSON of SkillPreset, or null when absent (migration 0006). */
  preset: string | null;
  /** JSON of SkillVariant[], or null when absent (migration 0011). */
  variants: string | null;
  /** An `action` skill's custom action name, else null (migration 0060). */
  action: string | null;
  /** 1 when the skill hands the conversation to a human (migration 0035). */
  handoff: Generated<number>;
  /** JSON of CustomSkill (a custom skill's API and list buttons), or null (migration 0045). */
  custom: string | null;
}

/** Migration 0045: an assistant's third-party APIs. */
export interface ThirdPartyApisTable {
  assistant_id: number;
  name: string;
  position: number;
  /** JSON of ThirdPartyApi, secret header values sealed. */
  definition: string;
  updated_at: number;
}

export interface DialoguesTable extends ContentItemColumns {
  theme: string | null;
  /** JSON of string[]. */
  intents: string;
  skill: string;
  follow_up_of: string | null;
  /** JSON of DialogueSlot[], or null when the dialogue asks for nothing (migration 0011). */
  slots: string | null;
  /** The skills that confirm and that answer a user who leaves, or null (migration 0011). */
  confirm: string | null;
  cancel: string | null;
}

export interface ModelsTable {
  id: Generated<number>;
  assistant_id: number;
  version: number;
  status: string;
  model_id: string;
  artifact: string | null;
  error: string | null;
  started_at: number;
  finished_at: number | null;
}

export interface ConversationsTable {
  assistant_id: number;
  sender_id: string;
  paused: Generated<number>;
  created_at: number;
  latest_event_time: number | null;
  /** Id of the event where the current session starts; null when no session ever started. */
  session_start_event_id: number | null;
  /**
   * 1 when the last stored event is the `action_session_start` action, so that a
   * `session_started` arriving in the next append joins that session instead of starting one.
   */
  ends_with_session_action: Generated<number>;
  /** Grows by one with every write to the conversation (see ConversationRecord.revision). */
  revision: Generated<number>;
}

export interface EventsTable {
  id: Generated<number>;
  assistant_id: number;
  sender_id: string;
  type: string;
  timestamp: number;
  /** The whole event as JSON text. */
  data: string;
  /** 1 when written as a client posted it (Rasa's tracker events API): readers add nothing to it. */
  posted: Generated<number>;
}

/** A send a channel still owes a platform; deleted once sent or given up. */
/** A push channel's message acknowledged before its turn was recorded (0080). */
export interface InboundPendingTable {
  id: Generated<number>;
  assistant_id: number;
  /** The channel that received it, e.g. `facebook`. */
  channel: string;
  /** The conversation id (the platform's user or chat). */
  sender: string;
  /** JSON of the channel's turn, without the assistant (src/channels/core/inbound-dispatcher.ts). */
  turn: string;
  created_at: number;
  /** How many times another process took it over to replay it. */
  attempts: Generated<number>;
  /** The process running its turn (host:pid:random) and until when (epoch seconds) it holds it. */
  claimed_by: string;
  claimed_until: number;
}

export interface OutboundMessagesTable {
  id: Generated<number>;
  assistant_id: number;
  /** The channel that sends it, e.g. `facebook`. */
  channel: string;
  recipient: string;
  /** JSON of the channel's request body (never a credential). */
  payload: string;
  created_at: number;
  /** The sender that claimed the row to send it (host:pid:random), or null (0055). */
  claimed_by: string | null;
  /** Until when the claim holds (epoch seconds); past it, any sender may claim the row again. */
  claimed_until: number | null;
}

/** A console user of one server; login and e-mail are unique per server (stored lowercase). */
export interface UsersTable {
  id: Generated<number>;
  server_id: number;
  login: string;
  email: string;
  first_name: string;
  last_name: string;
  /** Argon2id, in its PHC string form; never returned by the store's user records. */
  password_hash: string;
  /** 1 while the password is still the one generated at the first start (0100). */
  password_generated: Generated<number>;
  role: string;
  active: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** A console sign-in; the key is a SHA-256 of the id the browser holds, never the id itself. */
export interface UserSessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

/** Failed sign-ins counted per key (a server's login, a client address) in a fixed window. */
export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_started_at: number;
}

/** One training asked for: scheduled, running or finished (./training-repository.ts). */
export interface TrainingsTable {
  id: Generated<number>;
  assistant_id: number;
  scope: string;
  status: string;
  requested_by: string;
  created_at: number;
  scheduled_for: number;
  started_at: number | null;
  finished_at: number | null;
  /** Renewed while running by the process that claimed it; a stale one means that process died. */
  heartbeat_at: number | null;
  progress: Generated<number>;
  phase: string | null;
  model_version: number | null;
  model_id: string | null;
  /** JSON of TrainingProblem[]. */
  problems: Generated<string>;
  claimed_by: string | null;
}

/** The history of imports (migration 0050). */
export interface ContentVersionsTable {
  id: Generated<number>;
  assistant_id: number;
  created_at: number;
  actor: string;
  action: string;
  /** JSON of [{list, change, name, previousName?}] (the first few). */
  summary: Generated<string>;
  items: Generated<number>;
  /** JSON: {importName?, restoredVersion?}. */
  details: Generated<string>;
}

export interface ContentVersionItemsTable {
  id: Generated<number>;
  version_id: number;
  assistant_id: number;
  list: string;
  name: string;
  previous_name: string | null;
  /** JSON of the item, null when absent. */
  before: string | null;
  after: string | null;
}

export interface ContentImportsTable {
  id: Generated<number>;
  assistant_id: number;
  name: string;
  source: string;
  format: string | null;
  mode: string;
  status: string;
  requested_by: string;
  created_at: number;
  /** JSON of Record<string, number>. */
  summary: Generated<string>;
  /** JSON of string[]. */
  report: Generated<string>;
  /** JSON of string[]. */
  errors: Generated<string>;
}

/** Numbers that grow with changes, kept by triggers (migration 0008): `access` for servers, assistants and their secrets. */
export interface RevisionsTable {
  name: string;
  value: Generated<number>;
}

/** A channel's own record per assistant (migration 0020). */
export interface ChannelSettingsTable {
  assistant_id: number;
  channel: string;
  /** The assistant's address on the platform (WhatsApp's phone_number_id); unique per channel. */
  address: string | null;
  /** JSON object of the channel's non-secret settings. */
  settings: string;
  updated_at: number;
}

export interface ChannelContactsTable {
  assistant_id: number;
  channel: string;
  recipient: string;
  last_inbound_at: number | null;
  unreachable_since: number | null;
  unreachable_reason: string | null;
}

export interface ChannelDeliveriesTable {
  id: Generated<number>;
  assistant_id: number;
  channel: string;
  recipient: string;
  message_id: string | null;
  status: string;
  /** JSON object (the platform's error code and title, a refusal's reason), or null. */
  detail: string | null;
  /** The reason's stable code (migration 0110; src/channels/core/delivery-reason.ts), or null (none, or recorded before). */
  reason_code: string | null;
  /** JSON object of the code's parameters, or null. */
  reason_params: string | null;
  occurred_at: number;
  recorded_at: number;
}

export interface ChannelButtonPayloadsTable {
  assistant_id: number;
  short_id: string;
  payload: string;
  created_at: number;
}

/** Where the analytics projector is (migration 0025): the last event id it projected. */
export interface AnalyticsCursorTable {
  name: string;
  last_event_id: number;
  updated_at: number;
}

/** One session of a conversation as the analytics pages list it (src/analytics). */
export interface AnalyticsSessionsTable {
  /** The id of the session's first event. */
  id: number;
  assistant_id: number;
  sender_id: string;
  started_at: number;
  last_event_at: number;
  last_event_id: number;
  channel: string | null;
  model_id: string | null;
  user_messages: Generated<number>;
  fallbacks: Generated<number>;
  handed_off: Generated<number>;
}

/** One user message as the analytics pages query it; `id` is the user event's id. */
export interface AnalyticsMessagesTable {
  id: number;
  assistant_id: number;
  session_id: number;
  sender_id: string;
  timestamp: number;
  channel: string | null;
  text: string;
  /** Lowercase, without accents. */
  search_text: string;
  intent: string | null;
  confidence: number | null;
  candidate_intent: string | null;
  skill: string | null;
  previous_skill: string | null;
  fallback: Generated<number>;
  review_status: string | null;
  review_intent: string | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
}

/** Per-assistant analytics settings; an assistant without a row has the defaults. */
export interface AnalyticsSettingsTable {
  assistant_id: number;
  time_zone: string;
  retention_days: number | null;
  satisfaction_skill: string | null;
  updated_at: number;
}

/** Who did what to personal data and curation (./audit/audit-repository.ts). */
export interface AuditLogTable {
  id: Generated<number>;
  server_id: number;
  assistant_id: number | null;
  actor: string;
  action: string;
  subject: string | null;
  /** JSON object. */
  details: string;
  created_at: number;
}

/** Human handoffs (migration 0035, src/handoff). */
export interface HandoffsTable {
  id: Generated<number>;
  assistant_id: number;
  sender_id: string;
  channel: string | null;
  status: string;
  reason: string;
  detail: string | null;
  outside_hours: Generated<number>;
  agent_login: string | null;
  requested_at: number;
  taken_at: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
  updated_at: number;
  last_user_message_at: number | null;
  unread: Generated<number>;
}

export interface HandoffNotesTable {
  id: Generated<number>;
  handoff_id: number;
  author: string;
  text: string;
  created_at: number;
}

export interface Database {
  servers: ServersTable;
  assistants: AssistantsTable;
  assistant_secrets: AssistantSecretsTable;
  themes: ThemesTable;
  intents: IntentsTable;
  phrases: PhrasesTable;
  contexts: ContextsTable;
  regexes: RegexesTable;
  skills: SkillsTable;
  third_party_apis: ThirdPartyApisTable;
  dialogues: DialoguesTable;
  models: ModelsTable;
  conversations: ConversationsTable;
  events: EventsTable;
  outbound_messages: OutboundMessagesTable;
  inbound_pending: InboundPendingTable;
  reminders: RemindersTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  sign_in_failures: SignInFailuresTable;
  trainings: TrainingsTable;
  content_imports: ContentImportsTable;
  content_versions: ContentVersionsTable;
  content_version_items: ContentVersionItemsTable;
  revisions: RevisionsTable;
  channel_settings: ChannelSettingsTable;
  channel_contacts: ChannelContactsTable;
  channel_deliveries: ChannelDeliveriesTable;
  channel_button_payloads: ChannelButtonPayloadsTable;
  phrase_embeddings: PhraseEmbeddingsTable;
  analytics_cursor: AnalyticsCursorTable;
  analytics_sessions: AnalyticsSessionsTable;
  analytics_messages: AnalyticsMessagesTable;
  analytics_settings: AnalyticsSettingsTable;
  audit_log: AuditLogTable;
  handoffs: HandoffsTable;
  handoff_notes: HandoffNotesTable;
}

export interface PhraseEmbeddingsTable {
  model: string;
  text_sha256: string;
  dimensions: number;
  vector: string;
  created_at: number;
}
