// The rows of a conversations export (API, console, `helper analytics export`): one row per
// message, the user's with what the NLU understood, the assistant's with the skill that answered.
import type { SessionRecord } from '../../store/analytics/analytics-store.js';
import type { Store } from '../../store/store.js';
import { localIso } from '../local-days.js';
import { transcriptEntries } from '../transcript.js';

export interface ExportRow {
  conversation: number;
  /** ISO 8601 in the assistant's time zone. */
  time: string;
  /** The assistant's version (the training) that talked; null before any. */
  version: number | null;
  channel: string;
  userId: string;
  from: 'user' | 'bot';
  text: string;
  intent: string;
  /** 0–1; null for the assistant's messages. */
  confidence: number | null;
  skill: string;
}

export const EXPORT_COLUMNS: ReadonlyArray<{ key: keyof ExportRow; header: string }> = [
  { key: 'conversation', header: 'conversation' },
  { key: 'time', header: 'time' },
  { key: 'version', header: 'version' },
  { key: 'channel', header: 'channel' },
  { key: 'userId', header: 'user_id' },
  { key: 'from', header: 'from' },
  { key: 'text', header: 'text' },
  { key: 'intent', header: 'intent' },
  { key: 'confidence', header: 'confidence' },
  { key: 'skill', header: 'skill' },
];

const EVENTS_PER_CONVERSATION = 20_000;

/** The rows of these conversations, in order, read one conversation at a time. */
export async function* exportRows(store: Store, sessions: AsyncIterable<SessionRecord> | Iterable<SessionRecord>, timeZone: string): AsyncGenerator<ExportRow> {
  for await (const session of sessions) {
    const next = await store.analytics.nextSessionId(session.assistantId, session.senderId, session.id);
    const events = await store.analytics.events(session.assistantId, session.senderId, session.id, next, EVENTS_PER_CONVERSATION);
    const { entries } = transcriptEntries(events, new Map(), false);
    for (const entry of entries) {
      const base = { conversation: session.id, time: localIso(entry.time, timeZone), version: session.modelVersion, userId: session.senderId };
      if (entry.kind === 'user') {
        yield { ...base, channel: entry.channel ?? session.channel ?? '', from: 'user', text: entry.text, intent: entry.intent ?? '', confidence: entry.confidence, skill: '' };
      } else if (entry.kind === 'bot') {
        yield { ...base, channel: session.channel ?? '', from: 'bot', text: entry.text ?? '', intent: '', confidence: null, skill: entry.skill ?? '' };
      }
    }
  }
}

/** Every session matching a query, page by page in id order. */
export async function* sessionsMatching(store: Store, filters: Parameters<Store['analytics']['sessionsForExport']>[0], pageSize = 200): AsyncGenerator<SessionRecord> {
  let afterId = 0;
  for (;;) {
    const page = await store.analytics.sessionsForExport(filters, afterId, pageSize);
    yield* page;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return;
    afterId = last.id;
  }
}
