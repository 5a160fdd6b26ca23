// Keeps the analytics projection up to date in the background: it tails the events table by id
// (the store's cursor) and projects new events in small batches, off the chat path, so a turn's
// transaction is the same with or without analytics. Several app processes may run it: each batch
// takes the cursor in its transaction, so a batch is projected once.
//
// On PostgreSQL, ids come from a sequence and a transaction may commit after one that took a larger
// id: the projector reads only up to the largest id it saw at least `lagSeconds` ago, by when the
// turns that took smaller ids (milliseconds long) have committed. On SQLite writers take turns, so
// ids commit in order and there is no lag.
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { PROJECTED_EVENT_TYPES, projectEvents } from './project-events.js';

const STATISTICS_FIRST_AFTER = 100_000;
/** The smallest batch: a round always moves the projection on, however slow the machine. */
export const MIN_BATCH = 25;
/**
 * The time one batch is sized for (ms). A batch holds the event loop (and SQLite's connection)
 * until it ends; a round yields between batches, so chat requests wait at most about this long
 * rather than the round's whole budget.
 */
export const BATCH_SLICE_MS = 5;

export interface AnalyticsProjectorOptions {
  /** The most events read per batch (one transaction); batches are smaller when they must fit the round's budget. */
  batchSize?: number;
  /** How often new events are looked for (ms). */
  intervalMs?: number;
  /** PostgreSQL: how old the largest id must be before events up to it are read (s). */
  lagSeconds?: number;
  /** A round stops after this long (ms) and the next one goes on, so the event loop stays free for chat turns. */
  roundBudgetMs?: number;
  logger?: Logger;
}

export class AnalyticsProjector {
  readonly #store: Store;
  readonly #options: Required<Omit<AnalyticsProjectorOptions, 'logger'>>;
  readonly #logger: Logger | undefined;
  /** PostgreSQL: the largest event id seen, and when. */
  readonly #seen: Array<{ at: number; id: number }> = [];
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #stopped = false;
  /** Events projected since the planner's statistics were last refreshed, and when the next refresh is due. */
  #sinceStatistics = 0;
  #statisticsDue = STATISTICS_FIRST_AFTER;
  /** What projecting one event has cost lately (ms, a moving average); undefined before the first batch. */
  #msPerEvent: number | undefined;

  constructor(store: Store, options: AnalyticsProjectorOptions = {}) {
    this.#store = store;
    this.#options = {
      batchSize: options.batchSize ?? 500,
      intervalMs: options.intervalMs ?? 1_000,
      lagSeconds: options.lagSeconds ?? (store.dialect === 'postgres' ? 2 : 0),
      // At most 5 % of the event loop per interval: under a load that saturates the process the
      // chat keeps its throughput and the projection falls behind (helper_analytics_lag_events),
      // catching up as soon as the load drops. Batches are sized to fit what is left of it.
      roundBudgetMs: options.roundBudgetMs ?? 50,
    };
    this.#logger = options.logger;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#stopped = false;
    this.#timer = setInterval(() => void this.round(), this.#options.intervalMs);
    this.#timer.unref();
    void this.round();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }

  /** One round: batches until caught up with the horizon or out of budget. Rounds never overlap. */
  round(): Promise<void> {
    this.#round ??= this.#run(this.#options.roundBudgetMs).finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  /**
   * Projects everything stored before this call (waiting out PostgreSQL's lag once), for the CLI's
   * export and for tests. Resolves when the cursor has passed the newest event seen at the call.
   */
  async catchUp(): Promise<void> {
    const target = await this.#store.analytics.latestEventId();
    if (this.#options.lagSeconds > 0) await new Promise((resolve) => setTimeout(resolve, this.#options.lagSeconds * 1000));
    for (;;) {
      await this.#round;
      const result = await this.#store.analytics.project({ limit: this.#options.batchSize, upToId: target, types: PROJECTED_EVENT_TYPES, build: projectEvents });
      if (result === null) {
        // Another process holds the cursor: its batch will pass the target too.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      await this.#counted(result.read);
      if (result.cursor >= target) return;
    }
  }

  /**
   * How many events the next batch may read: as many as the rest of the round's budget pays for at
   * the recent cost per event, so a round never runs much past its budget (a batch of 500 takes
   * tens of milliseconds on a loaded machine, and on SQLite holds the one connection meanwhile).
   */
  #batchLimit(remainingMs: number): number {
    const max = this.#options.batchSize;
    if (this.#msPerEvent === undefined) return Math.min(max, MIN_BATCH);
    return Math.max(MIN_BATCH, Math.min(max, Math.floor(remainingMs / this.#msPerEvent)));
  }

  async #run(budgetMs: number): Promise<void> {
    const started = performance.now();
    try {
      const upToId = await this.#horizon();
      while (!this.#stopped) {
        const limit = this.#batchLimit(Math.min(BATCH_SLICE_MS, budgetMs - (performance.now() - started)));
        const batchStarted = performance.now();
        const result = await this.#store.analytics.project({
          limit,
          ...(upToId === undefined ? {} : { upToId }),
          types: PROJECTED_EVENT_TYPES,
          build: projectEvents,
        });
        if (result !== null && result.read > 0) {
          const cost = (performance.now() - batchStarted) / result.read;
          this.#msPerEvent = this.#msPerEvent === undefined ? cost : 0.7 * this.#msPerEvent + 0.3 * cost;
        }
        if (result !== null) await this.#counted(result.read);
        if (result === null || result.read < limit) return;
        if (performance.now() - started >= budgetMs) return;
        // Let waiting chat turns run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error: unknown) {
      this.#logger?.error({ err: error }, 'analytics: projecting new events failed; retrying on the next round');
    }
  }

  /**
   * After a large backfill (an existing store's history, a burst), the database's statistics of
   * the analytics tables are refreshed, so its planner picks the indexes (PostgreSQL's autovacuum
   * would, later; SQLite never does on its own).
   */
  async #counted(read: number): Promise<void> {
    this.#sinceStatistics += read;
    if (this.#sinceStatistics < this.#statisticsDue) return;
    // Ever rarer: the distribution of a large table changes slowly (and PostgreSQL's autovacuum keeps up).
    this.#sinceStatistics = 0;
    this.#statisticsDue *= 2;
    await this.#store.analytics.refreshStatistics();
  }

  /** The largest id safe to read: undefined (no limit) without lag. */
  async #horizon(): Promise<number | undefined> {
    if (this.#options.lagSeconds <= 0) return undefined;
    const now = Date.now() / 1000;
    this.#seen.push({ at: now, id: await this.#store.analytics.latestEventId() });
    const cutoff = now - this.#options.lagSeconds;
    let horizon = 0;
    let oldestKept = 0;
    this.#seen.forEach((sample, index) => {
      if (sample.at <= cutoff) {
        horizon = sample.id;
        oldestKept = index;
      }
    });
    // The newest sample old enough to trust is kept (the next round may have no newer one yet).
    this.#seen.splice(0, oldestKept);
    return horizon;
  }
}
