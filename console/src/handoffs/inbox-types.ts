// The shapes of the handoff inbox's API (src/admin-api/handoffs/handoff-routes.ts).
export type HandoffTab = 'waiting' | 'mine' | 'open';

export interface HandoffSummary {
  id: number;
  conversation: string;
  channel: string | null;
  status: 'waiting' | 'taken' | 'resolved';
  reason: 'skill' | 'fallbacks' | 'agent' | 'api';
  skill: string | null;
  outsideHours: boolean;
  agent: string | null;
  requestedAt: number;
  unread: number;
}

export interface HandoffList {
  handoffs: HandoffSummary[];
  counts: { waiting: number; mine: number; open: number; unread: number };
}

export interface InboxEntry {
  id: number;
  kind: 'user' | 'bot' | 'handoff' | 'taken' | 'transferred' | 'resumed';
  time: number;
  text?: string | null;
  intent?: string | null;
  /** For the fallback (`nlu_fallback`): the nearest intent's confidence, not the threshold. */
  confidence?: number | null;
  /** For the fallback: the nearest intent. */
  candidate?: string | null;
  buttons?: string[];
  agent?: string | null;
  reason?: string | null;
}

export interface HandoffConversation {
  handoff: HandoffSummary;
  transcript: InboxEntry[];
  notes: Array<{ id: number; author: string; text: string; createdAt: number }>;
  quickReplies: string[];
}
