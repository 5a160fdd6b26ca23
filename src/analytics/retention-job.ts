// Retention (LGPD): each assistant may keep conversations for a number of days; older sessions are
// deleted by this background job — their events, their analytics rows, and conversations left
// without events — in batches of short transactions, so chat turns never wait long. Each run
// that deleted something is written to the audit log (actor `retention`).
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';

export interface RetentionJobOptions {
  /** Seconds between runs. */
  intervalSeconds: number;
  /** Sessions per transaction. */
  batchSize?: number;
  logger?: Logger;
  onDeleted?: (counts: { sessions: number; events: number; conversations: number }) => void;
  now?: () => number;
  /**
   * Claims this interval's run among the app processes (src/jobs): false when another process
   * already runs it. Without it every process that runs jobs runs it (harmless, only wasteful).
   */
  claim?: (job: string, forMs: number) => Promise<boolean>;
}

export interface RetentionRun {
  assistantId: number;
  retentionDays: number;
  sessions: number;
  events: number;
  conversations: number;
}

export class RetentionJob {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<RetentionRun[]> | undefined;
  #stopped = false;

  constructor(
    private readonly store: Store,
    private readonly options: RetentionJobOptions,
  ) {}

  start(): void {
    if (this.#timer !== undefined) return;
    this.#stopped = false;
    // The first run soon after start, then on the interval.
    this.#timer = setTimeout(() => this.#loop(), Math.min(30_000, this.options.intervalSeconds * 1000));
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** One run over every assistant with a retention period; runs never overlap. */
  runOnce(): Promise<RetentionRun[]> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #loop(): void {
    const claimed = this.options.claim ? this.options.claim('retention', this.options.intervalSeconds * 900) : Promise.resolve(true);
    void claimed
      .then((mine) => (mine ? this.runOnce() : []))
      .catch((error: unknown) => this.options.logger?.error({ err: error }, 'retention: a run failed; it is tried again on the next interval'))
      .finally(() => {
        if (this.#stopped) return;
        this.#timer = setTimeout(() => this.#loop(), this.options.intervalSeconds * 1000);
        this.#timer.unref();
      });
  }

  async #run(): Promise<RetentionRun[]> {
    const now = this.options.now?.() ?? Date.now() / 1000;
    const runs: RetentionRun[] = [];
    for (const policy of await this.store.analytics.retentionPolicies()) {
      const cutoff = now - policy.retentionDays * 86_400;
      const run: RetentionRun = { ...policy, sessions: 0, events: 0, conversations: 0 };
      while (!this.#stopped) {
        const deleted = await this.store.analytics.deleteExpired(policy.assistantId, cutoff, this.options.batchSize ?? 200);
        run.sessions += deleted.sessions;
        run.events += deleted.events;
        run.conversations += deleted.conversations;
        this.options.onDeleted?.(deleted);
        if (deleted.sessions === 0) break;
        // Between batches, the chat path's writes go first.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (run.sessions > 0) {
        const assistant = await this.store.assistants.getById(policy.assistantId);
        if (assistant) {
          await this.store.audit.record({
            serverId: assistant.serverId,
            assistantId: assistant.id,
            actor: 'retention',
            action: 'retention_deleted',
            subject: null,
            details: { retentionDays: policy.retentionDays, before: new Date(cutoff * 1000).toISOString(), sessions: run.sessions, events: run.events, conversations: run.conversations },
            createdAt: Date.now() / 1000,
          });
        }
        this.options.logger?.info(run, 'retention: old conversations deleted');
      }
      runs.push(run);
    }
    return runs;
  }
}
