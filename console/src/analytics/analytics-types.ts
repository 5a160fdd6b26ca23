// The shapes the Analytics admin API answers (src/admin-api/analytics).

export interface ConversationSummary {
  id: number;
  sender: string;
  startedAt: number;
  lastEventAt: number;
  channel: string | null;
  modelVersion: number | null;
  modelId: string | null;
  userMessages: number;
  fallbacks: number;
  handedOff: boolean;
}

export interface ConversationPage {
  items: ConversationSummary[];
  total: number;
  nextCursor: string | null;
}

export interface Review {
  status: 'phrase_added' | 'out_of_scope' | 'reviewed';
  intent: string | null;
  by: string;
  at: number;
}

export interface UserEntry {
  id: number;
  kind: 'user';
  time: number;
  text: string;
  channel: string | null;
  intent: string | null;
  confidence: number | null;
  candidate: string | null;
  fallback: boolean;
  entities: Array<{ entity: string; value: unknown }>;
  ranking?: Array<{ intent: string; confidence: number }>;
  threshold?: number | null;
  review: Review | null;
}

export interface BotEntry {
  id: number;
  kind: 'bot';
  time: number;
  text: string | null;
  buttons: Array<{ title: string; payload: string }>;
  image: string | null;
  skill: string | null;
  dialogue: string | null;
}

/** A handoff's moment: `agent` who took it, was passed it or gave it back; `from` who passed it on. */
export interface MarkEntry {
  id: number;
  kind: 'handoff' | 'taken' | 'transferred' | 'resume';
  time: number;
  agent?: string | null;
  from?: string | null;
}

export type TranscriptEntry = UserEntry | BotEntry | MarkEntry;

export interface Transcript {
  conversation: ConversationSummary;
  entries: TranscriptEntry[];
  latestEventId: number;
  ended: boolean;
  truncated: boolean;
}

export interface RankingSeries {
  name: string;
  total: number;
  perDay: number[];
}

export interface Ranking {
  timeZone: string;
  days: string[];
  series: RankingSeries[];
  others: RankingSeries | null;
  total: number;
  messagesPerDay?: number[];
  fallbackRatePerDay?: Array<number | null>;
}

export interface Overview {
  timeZone: string;
  days: string[];
  conversations: number;
  conversationsPerDay: number[];
  userMessages: number;
  fallbacks: number;
  fallbackRate: number | null;
  handedOff: number;
  containment: number | null;
  medianConfidence: number | null;
  messagesPerHour: number[];
  busiestHours: Array<{ hour: number; messages: number }>;
  satisfaction: { skill: string; total: number; answers: Array<{ answer: string; count: number }> } | null;
}

export interface InboxMessage {
  id: number;
  conversation: number;
  sender: string;
  time: number;
  channel: string | null;
  text: string;
  intent: string | null;
  confidence: number | null;
  candidate: string | null;
  skill: string | null;
  fallback: boolean;
  review: Review | null;
}

export interface PendingTraining {
  since: number | null;
  intents: Array<{ intent: string; phrases: number }>;
}

export interface Inbox {
  threshold: number;
  toReview: number;
  items: InboxMessage[];
  pendingTraining: PendingTraining;
}

export interface AnalyticsSettings {
  timeZone: string;
  retentionDays: number | null;
  satisfactionSkill: string | null;
}

export interface AuditEntry {
  id: number;
  assistant: string | null;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  at: number;
}
