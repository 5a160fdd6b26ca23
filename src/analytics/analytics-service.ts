// The analytics pages' answers, over the store's projection: the conversation list (filters,
// sort, keyset pages), a conversation's transcript, the rankings per day (intents, responses,
// fallbacks) and the overview's KPIs, with days cut in the assistant's time zone.
import type { AnalyticsSettingsRecord, SessionQuery, SessionRecord, SessionSort, StoredMessage } from '../store/analytics/analytics-store.js';
import type { Store } from '../store/store.js';
import { datesBetween, localDayStart, localParts, nextDate, parseBound, type LocalInterval } from './local-days.js';
import { normaliseText } from './normalise-text.js';
import { transcriptEntries, type TranscriptEntry } from './transcript.js';

/** Bad input to an analytics question, naming its field (the admin API answers 400). */
export class AnalyticsInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnalyticsInputError';
  }
}

export class AnalyticsNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyticsNotFoundError';
  }
}

/**
 * Counts are grouped in quarter hours from the local midnight of the interval's first day: every
 * time zone's offset is a multiple of 15 minutes, so no bucket straddles a local midnight or hour.
 */
const BUCKET_SECONDS = 900;
const MAX_INTERVAL_DAYS = 366;
const TRANSCRIPT_LIMIT = 2_000;
export const MAX_PAGE_SIZE = 200;

export interface ConversationFilters {
  from: string;
  to: string;
  channel?: string;
  intent?: string;
  skill?: string;
  text?: string;
  sender?: string;
  fallbackOnly?: boolean;
  handedOffOnly?: boolean;
}

export interface ConversationListQuery extends ConversationFilters {
  sort?: SessionSort;
  direction?: 'asc' | 'desc';
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

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

export interface RankingSeries {
  name: string;
  total: number;
  perDay: number[];
}

export interface Ranking {
  timeZone: string;
  days: string[];
  series: RankingSeries[];
  /** What the series beyond the limit add up to, per day. */
  others: RankingSeries | null;
  total: number;
  /** Fallbacks only: user messages per day and the share that hit the fallback. */
  messagesPerDay?: number[];
  fallbackRatePerDay?: Array<number | null>;
}

export class AnalyticsService {
  constructor(private readonly store: Store) {}

  settings(assistantId: number): Promise<AnalyticsSettingsRecord> {
    return this.store.analytics.settings(assistantId);
  }

  /** An interval of the API or CLI in the assistant's time zone, checked. */
  async interval(assistantId: number, from: string | undefined, to: string | undefined): Promise<{ interval: LocalInterval; timeZone: string }> {
    if (!from) throw new AnalyticsInputError('from', '"from" is required: a date (2025-06-01) or a date and time with its offset');
    if (!to) throw new AnalyticsInputError('to', '"to" is required: a date (2025-06-30, included) or a date and time with its offset');
    const { timeZone } = await this.settings(assistantId);
    const bound = (field: 'from' | 'to', text: string): number => {
      try {
        return parseBound(text, timeZone, field === 'to');
      } catch (error: unknown) {
        throw new AnalyticsInputError(field, error instanceof Error ? error.message : String(error));
      }
    };
    const interval: LocalInterval = { from: bound('from', from), to: bound('to', to) };
    if (interval.to <= interval.from) throw new AnalyticsInputError('to', '"to" must come after "from"');
    if (interval.to - interval.from > MAX_INTERVAL_DAYS * 86_400 + 3_600) {
      throw new AnalyticsInputError('to', `the interval may span at most ${MAX_INTERVAL_DAYS} days`);
    }
    return { interval, timeZone };
  }

  async filters(assistantId: number, filters: ConversationFilters): Promise<Omit<SessionQuery, 'sort' | 'direction' | 'limit' | 'after'>> {
    const { interval } = await this.interval(assistantId, filters.from, filters.to);
    const text = filters.text === undefined ? undefined : normaliseText(filters.text);
    return {
      assistantId,
      from: interval.from,
      to: interval.to,
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(filters.intent ? { intent: filters.intent } : {}),
      ...(filters.skill ? { skill: filters.skill } : {}),
      ...(text ? { text } : {}),
      ...(filters.sender ? { senderId: filters.sender } : {}),
      ...(filters.fallbackOnly ? { fallbackOnly: true } : {}),
      ...(filters.handedOffOnly ? { handedOffOnly: true } : {}),
    };
  }

  async listConversations(assistantId: number, query: ConversationListQuery): Promise<{ items: ConversationSummary[]; total: number; nextCursor: string | null }> {
    const filters = await this.filters(assistantId, query);
    const sort = query.sort ?? 'started_at';
    const direction = query.direction ?? 'desc';
    const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE_SIZE);
    const decoded = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort, direction);
    const after = decoded && { value: decoded.value, id: decoded.id };
    // The list's snapshot, kept by its cursor: pages sort on the counters as they were when the
    // first page was read (they grow while conversations go on) and leave out sessions begun since.
    const asOf = decoded?.asOf ?? (await this.store.analytics.cursor());
    const snapshot = { ...filters, asOf };
    // With filters on messages, the first page and its count come from one pass over them.
    const onMessages = filters.intent !== undefined || filters.skill !== undefined || filters.text !== undefined;
    const { rows, total } =
      onMessages && !after
        ? await this.store.analytics.firstPageWithTotal({ ...snapshot, sort, direction, limit: limit + 1 }).then((page) => ({ rows: page.sessions, total: page.total }))
        : await Promise.all([
            this.store.analytics.listSessions({ ...snapshot, sort, direction, limit: limit + 1, ...(after ? { after } : {}) }),
            this.store.analytics.countSessions(snapshot),
          ]).then(([sessions, count]) => ({ rows: sessions, total: count }));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor(sort, direction, last.sortValue, last.id, asOf) : null;
    return { items: page.map(summary), total, nextCursor };
  }

  async conversation(assistantId: number, id: number): Promise<ConversationSummary> {
    const session = await this.store.analytics.getSession(assistantId, id);
    if (!session) throw new AnalyticsNotFoundError(`conversation ${id} does not exist (or is not yet in the analytics, which follow the chat within seconds)`);
    return summary(session);
  }

  /**
   * The transcript of a conversation; with `after`, only what came after that event (the live
   * view's updates). `ended`: a newer session of the same user started, so nothing more comes.
   */
  async transcript(assistantId: number, id: number, after?: number): Promise<{ conversation: ConversationSummary; entries: TranscriptEntry[]; latestEventId: number; ended: boolean; truncated: boolean }> {
    const session = await this.store.analytics.getSession(assistantId, id);
    if (!session) throw new AnalyticsNotFoundError(`conversation ${id} does not exist (or is not yet in the analytics, which follow the chat within seconds)`);
    const next = await this.store.analytics.nextSessionId(assistantId, session.senderId, session.id);
    const fromId = after === undefined ? session.id : Math.max(session.id, after + 1);
    const events = await this.store.analytics.events(assistantId, session.senderId, fromId, next, TRANSCRIPT_LIMIT + 1);
    const truncated = events.length > TRANSCRIPT_LIMIT;
    const kept = events.slice(0, TRANSCRIPT_LIMIT);
    const userIds = kept.filter((entry) => entry.event.event === 'user').map((entry) => entry.id);
    const messages = new Map<number, StoredMessage>();
    for (const message of await this.store.analytics.messages(assistantId, userIds)) messages.set(message.id, message);
    const { entries, ended } = transcriptEntries(kept, messages, after !== undefined);
    const lastEntry = kept[kept.length - 1];
    return {
      conversation: summary(session),
      entries,
      latestEventId: ended ? (entries[entries.length - 1]?.id ?? after ?? session.id) : (lastEntry?.id ?? after ?? session.id),
      ended: ended || next !== undefined,
      truncated,
    };
  }

  /** Intents or responses (skills) per day, most frequent first; fallbacks per day with their rate. */
  async ranking(assistantId: number, kind: 'intents' | 'responses' | 'fallbacks', from: string | undefined, to: string | undefined, limit = 10): Promise<Ranking> {
    const { interval, timeZone } = await this.interval(assistantId, from, to);
    const days = datesBetween(interval, timeZone);
    const calendar = bucketCalendar(interval, timeZone, days);
    // Days of 24 hours (no daylight-saving change inside): group by local day in SQL, far fewer rows.
    const bucketSeconds = calendar.uniform ? 86_400 : BUCKET_SECONDS;
    const dayOf = (bucket: number) => calendar.day(bucket, bucketSeconds);
    const range = { assistantId, from: interval.from, to: interval.to, bucketSeconds, origin: calendar.origin };
    const counts = await this.store.analytics.rankingCounts(range, kind === 'intents' ? 'intent' : 'skill', kind === 'fallbacks');
    const byName = new Map<string, number[]>();
    for (const row of counts) {
      const name = row.name ?? (kind === 'fallbacks' ? 'nlu_fallback' : '');
      if (name === '') continue;
      let perDay = byName.get(name);
      if (!perDay) byName.set(name, (perDay = days.map(() => 0)));
      const day = dayOf(row.bucket);
      perDay[day] = (perDay[day] ?? 0) + row.count;
    }
    const all = [...byName.entries()]
      .map(([name, perDay]) => ({ name, perDay, total: perDay.reduce((sum, value) => sum + value, 0) }))
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
    const series = all.slice(0, limit);
    const rest = all.slice(limit);
    const others = rest.length === 0 ? null : { name: 'others', total: rest.reduce((sum, item) => sum + item.total, 0), perDay: days.map((_, day) => rest.reduce((sum, item) => sum + (item.perDay[day] ?? 0), 0)) };
    const ranking: Ranking = { timeZone, days, series, others, total: all.reduce((sum, item) => sum + item.total, 0) };
    if (kind === 'fallbacks') {
      const messagesPerDay = days.map(() => 0);
      for (const row of await this.store.analytics.messageBuckets(range)) {
        const day = dayOf(row.bucket);
        messagesPerDay[day] = (messagesPerDay[day] ?? 0) + row.messages;
      }
      const fallbacksPerDay = days.map((_, day) => all.reduce((sum, item) => sum + (item.perDay[day] ?? 0), 0));
      ranking.messagesPerDay = messagesPerDay;
      ranking.fallbackRatePerDay = messagesPerDay.map((messages, day) => (messages === 0 ? null : (fallbacksPerDay[day] ?? 0) / messages));
    }
    return ranking;
  }

  /** The KPIs of one page: conversations per day, fallback rate, containment, median confidence, busiest hours, satisfaction. */
  async overview(assistantId: number, from: string | undefined, to: string | undefined) {
    const { interval, timeZone } = await this.interval(assistantId, from, to);
    const settings = await this.settings(assistantId);
    const days = datesBetween(interval, timeZone);
    const calendar = bucketCalendar(interval, timeZone, days);
    // Hours suffice for the busiest hours when no daylight-saving change falls inside.
    const bucketSeconds = calendar.uniform ? 3_600 : BUCKET_SECONDS;
    const dayOf = (bucket: number) => calendar.day(bucket, bucketSeconds);
    const range = { assistantId, from: interval.from, to: interval.to, bucketSeconds, origin: calendar.origin };
    const [sessionBuckets, messageBuckets, histogram, answers] = await Promise.all([
      this.store.analytics.sessionBuckets(range),
      this.store.analytics.messageBuckets(range),
      this.store.analytics.confidenceHistogram(range),
      settings.satisfactionSkill ? this.store.analytics.answersAfterSkill(range, settings.satisfactionSkill, 10) : Promise.resolve([]),
    ]);
    const conversationsPerDay = days.map(() => 0);
    let conversations = 0;
    let handedOff = 0;
    for (const row of sessionBuckets) {
      const day = dayOf(row.bucket);
      conversationsPerDay[day] = (conversationsPerDay[day] ?? 0) + row.sessions;
      conversations += row.sessions;
      handedOff += row.handedOff;
    }
    const messagesPerHour = Array.from({ length: 24 }, () => 0);
    let userMessages = 0;
    let fallbacks = 0;
    for (const row of messageBuckets) {
      userMessages += row.messages;
      fallbacks += row.fallbacks;
      const hour = calendar.hour(row.bucket, bucketSeconds);
      messagesPerHour[hour] = (messagesPerHour[hour] ?? 0) + row.messages;
    }
    return {
      timeZone,
      days,
      conversations,
      conversationsPerDay,
      userMessages,
      fallbacks,
      fallbackRate: userMessages === 0 ? null : fallbacks / userMessages,
      handedOff,
      /** Conversations the assistant kept to the end (no human took over). */
      containment: conversations === 0 ? null : (conversations - handedOff) / conversations,
      medianConfidence: await this.medianConfidence(range, histogram),
      messagesPerHour,
      busiestHours: messagesPerHour
        .map((messages, hour) => ({ hour, messages }))
        .filter((entry) => entry.messages > 0)
        .sort((a, b) => b.messages - a.messages || a.hour - b.hour)
        .slice(0, 3),
      satisfaction: settings.satisfactionSkill ? { skill: settings.satisfactionSkill, answers, total: answers.reduce((sum, answer) => sum + answer.count, 0) } : null,
    };
  }

  /**
   * The exact median confidence (0–1; of an even count, the mean of the middle two); null without
   * messages. The histogram per whole percent says which percent holds the middle; only that
   * percent's messages are read in order.
   */
  private async medianConfidence(range: { assistantId: number; from: number; to: number }, histogram: ReadonlyArray<{ percent: number; count: number }>): Promise<number | null> {
    const sorted = [...histogram].sort((a, b) => a.percent - b.percent);
    const total = sorted.reduce((sum, entry) => sum + entry.count, 0);
    if (total === 0) return null;
    const ranks = total % 2 === 1 ? [(total - 1) / 2] : [total / 2 - 1, total / 2];
    const values: number[] = [];
    for (const rank of ranks) {
      const place = percentOfRank(sorted, rank);
      const value = place === undefined ? null : await this.store.analytics.confidenceAt(range, place.percent, place.offset);
      if (value !== null) values.push(value);
    }
    return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  }
}

function summary(session: SessionRecord): ConversationSummary {
  return {
    id: session.id,
    sender: session.senderId,
    startedAt: session.startedAt,
    lastEventAt: session.lastEventAt,
    channel: session.channel,
    modelVersion: session.modelVersion,
    modelId: session.modelId,
    userMessages: session.userMessages,
    fallbacks: session.fallbacks,
    handedOff: session.handedOff,
  };
}

/**
 * Maps a bucket, counted from `origin` (the first day's local start, at or before the interval's
 * start), to its local day (an index into `days`) and local hour. Day starts are computed once per
 * day (Intl is slow per bucket); within a 24-hour day the hour is arithmetic, and only on a day of
 * a daylight-saving change is each bucket asked of Intl.
 */
function bucketCalendar(interval: LocalInterval, timeZone: string, days: readonly string[]) {
  const starts = days.map((date) => localDayStart(date, timeZone));
  const origin = Math.min(starts[0] ?? interval.from, interval.from);
  starts.push(Number.POSITIVE_INFINITY);
  const dayIndex = (instant: number): number => {
    let low = 0;
    let high = days.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= instant) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  // The last day's 24 hours too: its end is the next local midnight.
  const lastDay = days[days.length - 1];
  const end = lastDay === undefined ? Number.POSITIVE_INFINITY : localDayStart(nextDate(lastDay), timeZone);
  const uniform = [...starts.slice(0, -1), end].every((start, index, all) => index === 0 || start - (all[index - 1] ?? start) === 86_400);
  return {
    origin,
    /** Every day of the interval has 24 hours (no daylight-saving change): buckets may be hours or days from `origin`. */
    uniform,
    day(bucket: number, bucketSeconds: number): number {
      return dayIndex(origin + bucket * bucketSeconds);
    },
    hour(bucket: number, bucketSeconds: number): number {
      const instant = origin + bucket * bucketSeconds;
      const index = dayIndex(instant);
      const start = starts[index] ?? interval.from;
      const next = starts[index + 1] ?? start + 86_400;
      if (next - start !== 86_400 && Number.isFinite(next)) return localParts(instant, timeZone).hour;
      return Math.min(23, Math.max(0, Math.floor((instant - start) / 3_600)));
    },
  };
}

/** The whole percent of the histogram holding the confidence of rank `rank` (0: the lowest), and its rank there. */
function percentOfRank(sorted: ReadonlyArray<{ percent: number; count: number }>, rank: number): { percent: number; offset: number } | undefined {
  let before = 0;
  for (const entry of sorted) {
    if (rank < before + entry.count) return { percent: entry.percent, offset: rank - before };
    before += entry.count;
  }
  return undefined;
}

function encodeCursor(sort: SessionSort, direction: string, value: number, id: number, asOf: number): string {
  return Buffer.from(JSON.stringify([sort, direction, value, id, asOf])).toString('base64url');
}

function decodeCursor(cursor: string, sort: SessionSort, direction: string): { value: number; id: number; asOf: number } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed[0] === sort && parsed[1] === direction && typeof parsed[2] === 'number' && typeof parsed[3] === 'number' && typeof parsed[4] === 'number') {
      return { value: parsed[2], id: parsed[3], asOf: parsed[4] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AnalyticsInputError('cursor', 'the cursor does not belong to this list and sort (start again without it)');
}
