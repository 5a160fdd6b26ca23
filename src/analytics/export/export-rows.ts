// The rows of a conversations export (API, console, `helper analytics export`): one row per
// message, the user's with what the NLU understood, the assistant's with the skill that answered.
import type { SessionRecord } from '../../store/analytics/analytics-store.js';
import type { Store } from '../../store/store.js';
import { localIso } from '../local-days.js';
import { asRecord } from '../project-events.js';
import { transcriptEntries } from '../transcript.js';

export interface ExportRow {
  conversation: number;
  /** ISO 8601 in the assistant's time zone. */
  time: string;
  /**
   * The assistant's version (the training) that talked, per message: a bot message's own model, a
   * user message's the model of its answer (or the one in use, when it had none); null before any
   * training or when that model is gone.
   */
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
  const versions = new Map<number, Map<string, number>>();
  for await (const session of sessions) {
    let versionOf = versions.get(session.assistantId);
    if (versionOf === undefined) {
      versionOf = new Map((await store.models.list(session.assistantId)).map((model) => [model.modelId, model.version] as const));
      versions.set(session.assistantId, versionOf);
    }
    const next = await store.analytics.nextSessionId(session.assistantId, session.senderId, session.id);
    const events = await store.analytics.events(session.assistantId, session.senderId, session.id, next, EVENTS_PER_CONVERSATION);
    const { entries } = transcriptEntries(events, new Map(), false);
    const models = modelsOfMessages(events);
    for (const entry of entries) {
      const model = models.get(entry.id);
      const version = model === undefined ? null : (versionOf.get(model) ?? null);
      const base = { conversation: session.id, time: localIso(entry.time, timeZone), version, userId: session.senderId };
      if (entry.kind === 'user') {
        yield { ...base, channel: entry.channel ?? session.channel ?? '', from: 'user', text: entry.text, intent: entry.intent ?? '', confidence: entry.confidence, skill: '' };
      } else if (entry.kind === 'bot') {
        yield { ...base, channel: session.channel ?? '', from: 'bot', text: entry.text ?? '', intent: '', confidence: null, skill: entry.skill ?? '' };
      }
    }
  }
}

/**
 * The model (`metadata.model_id`, as Rasa writes it) of each user and bot event: a bot event's
 * own; a user event's the first one its turn's events carry (a user event has the channel's
 * metadata), else the model last seen before it.
 */
function modelsOfMessages(events: ReadonlyArray<{ id: number; event: Record<string, unknown> }>): Map<number, string> {
  const models = new Map<number, string>();
  let current: string | undefined;
  let waiting: number | undefined;
  for (const { id, event } of events) {
    const metadata = asRecord(event['metadata']);
    const model = typeof metadata['model_id'] === 'string' ? metadata['model_id'] : undefined;
    if (event['event'] === 'user') {
      if (waiting !== undefined && current !== undefined) models.set(waiting, current);
      waiting = id;
      if (model === undefined) continue;
    }
    if (model === undefined) continue;
    current = model;
    if (waiting !== undefined) {
      models.set(waiting, model);
      waiting = undefined;
    }
    if (event['event'] === 'bot') models.set(id, model);
  }
  if (waiting !== undefined && current !== undefined) models.set(waiting, current);
  return models;
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
