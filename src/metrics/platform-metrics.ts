// The platform's Prometheus metrics (prom-client), one registry per platform (tests open several
// in one process). The hot paths only add to counters in memory; what lives in the store (outbox
// backlog, the analytics projector's lag) is read when Prometheus scrapes.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { NLU_FALLBACK_INTENT } from '../nlu/types.js';
import type { CheckpointerStats } from '../store/sqlite-checkpointer.js';
import type { Store, StoredEvent, TrainingRecord } from '../store/store.js';

/** Seconds: a turn takes milliseconds; the tail shows a slow store or lock. */
const TURN_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const PARSE_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];
const TRAINING_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** The outbox channel of web chat's kept agent replies (src/channels/socketio). */
const WEB_CHAT_KEPT_CHANNEL = 'socketio';

export class PlatformMetrics {
  readonly registry = new Registry();
  /** User messages and fallbacks per (assistant id, channel), labelled with the assistant's name at scrape time. */
  readonly #messages = new Map<string, { assistantId: number; channel: string; messages: number; fallbacks: number }>();
  readonly #assistantNames = new Map<number, string>();
  readonly #turn: Histogram<'channel'>;
  readonly #parse: Histogram;
  readonly #sendFailures: Counter<'channel'>;
  readonly #deferred: Counter<'channel'>;
  readonly #inboundGivenUp: Counter<'channel'>;
  readonly #trainings: Counter<'scope' | 'status'>;
  readonly #trainingSeconds: Histogram<'scope' | 'status'>;
  readonly #http: Counter<'method' | 'route' | 'status'>;
  readonly #retentionDeleted: Counter<'kind'>;
  readonly #rateLimitLetThrough: Counter<'limit'>;
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
    const registry = this.registry;
    collectDefaultMetrics({ register: registry });
    const metrics = this;
    new Counter({
      name: 'helper_messages_total',
      help: 'User messages received, per assistant (server/language) and input channel',
      labelNames: ['assistant', 'channel'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const entry of await metrics.#labelledCounts()) this.inc({ assistant: entry.assistant, channel: entry.channel }, entry.messages);
      },
    });
    new Counter({
      name: 'helper_fallbacks_total',
      help: 'User messages that hit the fallback (not understood, or answered by the fallback skill), per assistant and channel',
      labelNames: ['assistant', 'channel'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const entry of await metrics.#labelledCounts()) this.inc({ assistant: entry.assistant, channel: entry.channel }, entry.fallbacks);
      },
    });
    this.#turn = new Histogram({ name: 'helper_turn_duration_seconds', help: 'Time to handle one user message (lock, NLU, dialogue, store), per channel', labelNames: ['channel'], buckets: TURN_BUCKETS, registers: [registry] });
    this.#parse = new Histogram({ name: 'helper_nlu_parse_duration_seconds', help: 'Time the NLU takes to parse one message', buckets: PARSE_BUCKETS, registers: [registry] });
    // Web chat's kept rows (agents' replies waiting for a session to come back, up to 7 days) are
    // not a backlog a platform owes: they have their own gauge, so outbox alerts keep their meaning.
    const backlog = async (): Promise<{ push: { channel: string; pending: number; oldestAt: number }[]; kept: number }> => {
      const entries = await store.outbox.backlog();
      return { push: entries.filter((entry) => entry.channel !== WEB_CHAT_KEPT_CHANNEL), kept: entries.find((entry) => entry.channel === WEB_CHAT_KEPT_CHANNEL)?.pending ?? 0 };
    };
    new Gauge({
      name: 'helper_outbox_pending',
      help: 'Sends a channel still owes its platform or the callback URL (the durable outbox), per channel',
      labelNames: ['channel'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const entry of (await backlog()).push) this.set({ channel: entry.channel }, entry.pending);
      },
    });
    new Gauge({
      name: 'helper_outbox_oldest_pending_seconds',
      help: 'Age of the oldest send still in the outbox, per channel',
      labelNames: ['channel'],
      registers: [registry],
      async collect() {
        this.reset();
        const now = Date.now() / 1000;
        for (const entry of (await backlog()).push) this.set({ channel: entry.channel }, Math.max(0, now - entry.oldestAt));
      },
    });
    new Gauge({
      name: 'helper_web_chat_kept_replies',
      help: 'Agents’ replies kept for web chat sessions to come back (no tab was connected when they were written)',
      registers: [registry],
      async collect() {
        this.set((await backlog()).kept);
      },
    });
    new Gauge({
      name: 'helper_inbound_pending',
      help: 'Push channel messages acknowledged to their platform whose turn is not recorded yet (running, or to replay), per channel',
      labelNames: ['channel'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const entry of await store.inbound.backlog()) this.set({ channel: entry.channel }, entry.pending);
      },
    });
    this.#deferred = new Counter({ name: 'helper_webhook_deferred_total', help: 'Push channel messages acknowledged before their turn was recorded (past HELPER_WEBHOOK_ACK_MS), per channel', labelNames: ['channel'], registers: [registry] });
    this.#inboundGivenUp = new Counter({ name: 'helper_inbound_given_up_total', help: 'Pending push channel messages given up (their turn failed on every replay, or they waited a day), per channel', labelNames: ['channel'], registers: [registry] });
    this.#sendFailures = new Counter({ name: 'helper_outbox_send_failures_total', help: 'Sends given up (permanent errors, or temporary ones past the retries), per channel', labelNames: ['channel'], registers: [registry] });
    this.#trainings = new Counter({ name: 'helper_trainings_total', help: 'Trainings finished by this process, per scope and outcome', labelNames: ['scope', 'status'], registers: [registry] });
    this.#trainingSeconds = new Histogram({ name: 'helper_training_duration_seconds', help: 'How long trainings took, per scope and outcome', labelNames: ['scope', 'status'], buckets: TRAINING_BUCKETS, registers: [registry] });
    this.#http = new Counter({ name: 'helper_http_requests_total', help: 'HTTP answers per method, route (its pattern) and status code', labelNames: ['method', 'route', 'status'], registers: [registry] });
    new Gauge({
      name: 'helper_analytics_lag_events',
      help: 'Events stored but not yet in the analytics projection (it follows the chat within seconds)',
      registers: [registry],
      async collect() {
        const [latest, cursor] = await Promise.all([store.analytics.latestEventId(), store.analytics.cursor()]);
        this.set(Math.max(0, latest - cursor));
      },
    });
    this.#retentionDeleted = new Counter({ name: 'helper_retention_deleted_total', help: 'What the retention job deleted: sessions, events and conversations', labelNames: ['kind'], registers: [registry] });
    this.#rateLimitLetThrough = new Counter({
      name: 'helper_rate_limit_let_through_total',
      help: 'Requests, messages and connections let through uncounted because the rate counter failed (Redis away or not answering), per limit: address, sender, connections',
      labelNames: ['limit'],
      registers: [registry],
    });
    const checkpoints = store.sqliteCheckpoints;
    if (checkpoints) registerCheckpointMetrics(registry, checkpoints);
  }

  /** A conversation write (./src/analytics/live/observe-conversation-writes.ts): counts its user messages and fallbacks. */
  conversationWrite(assistantId: number, events: readonly StoredEvent['event'][]): void {
    let pending: { channel: string; fallback: boolean } | undefined;
    for (const event of events) {
      if (event.event === 'user') {
        if (pending) this.#countMessage(assistantId, pending.channel, pending.fallback);
        const intent = (event['parse_data'] as { intent?: { name?: unknown } } | undefined)?.intent?.name;
        pending = { channel: typeof event['input_channel'] === 'string' ? event['input_channel'] : 'unknown', fallback: intent === NLU_FALLBACK_INTENT };
      } else if (pending && event.event === 'action' && event['policy'] === 'FallbackPolicy') {
        pending.fallback = true;
      }
    }
    if (pending) this.#countMessage(assistantId, pending.channel, pending.fallback);
  }

  #countMessage(assistantId: number, channel: string, fallback: boolean): void {
    const key = `${assistantId}\u0000${channel}`;
    let entry = this.#messages.get(key);
    if (!entry) this.#messages.set(key, (entry = { assistantId, channel, messages: 0, fallbacks: 0 }));
    entry.messages += 1;
    if (fallback) entry.fallbacks += 1;
  }

  async #labelledCounts(): Promise<Array<{ assistant: string; channel: string; messages: number; fallbacks: number }>> {
    const entries = [...this.#messages.values()];
    for (const { assistantId } of entries) {
      if (this.#assistantNames.has(assistantId)) continue;
      const assistant = await this.#store.assistants.getById(assistantId);
      this.#assistantNames.set(assistantId, assistant ? `${assistant.serverName}/${assistant.language}` : `#${assistantId}`);
    }
    return entries.map((entry) => ({ ...entry, assistant: this.#assistantNames.get(entry.assistantId) ?? `#${entry.assistantId}` }));
  }

  turn(channel: string, seconds: number): void {
    this.#turn.observe({ channel }, seconds);
  }

  parse(seconds: number): void {
    this.#parse.observe(seconds);
  }

  sendFailed(channel: string): void {
    this.#sendFailures.inc({ channel });
  }

  webhookDeferred(channel: string, count: number): void {
    this.#deferred.inc({ channel }, count);
  }

  inboundGivenUp(channel: string, count: number): void {
    this.#inboundGivenUp.inc({ channel }, count);
  }

  trainingFinished(training: TrainingRecord): void {
    const labels = { scope: training.scope, status: training.status };
    this.#trainings.inc(labels);
    if (training.startedAt !== null && training.finishedAt !== null) this.#trainingSeconds.observe(labels, Math.max(0, training.finishedAt - training.startedAt));
  }

  http(method: string, route: string, status: number): void {
    this.#http.inc({ method, route, status: String(status) });
  }

  rateLimitLetThrough(limit: string): void {
    this.#rateLimitLetThrough.inc({ limit });
  }

  retentionDeleted(counts: { sessions: number; events: number; conversations: number }): void {
    for (const [kind, value] of Object.entries(counts)) if (value > 0) this.#retentionDeleted.inc({ kind }, value);
  }
}

/**
 * SQLite's WAL checkpoints (src/store/sqlite-checkpointer.ts), read at scrape: which mode they are
 * in, and what the thread copied — while commits went on, or during the short passes that make
 * commits wait so that the WAL starts over (that count growing fast means long waits).
 */
function registerCheckpointMetrics(registry: Registry, checkpoints: () => CheckpointerStats): void {
  new Gauge({
    name: 'helper_sqlite_checkpoint_mode',
    help: "1 for the WAL checkpoints' current mode: inline (SQLite's own: the thread not needed yet), thread, or failed (the thread ended; SQLite's own again)",
    labelNames: ['mode'],
    registers: [registry],
    collect() {
      const stats = checkpoints();
      const current = stats.failed ? 'failed' : stats.started ? 'thread' : 'inline';
      for (const mode of ['inline', 'thread', 'failed']) this.set({ mode }, mode === current ? 1 : 0);
    },
  });
  new Counter({
    name: 'helper_sqlite_checkpoint_frames_total',
    help: 'WAL frames the checkpoint thread copied into the database file: while commits went on (by="thread") or while they waited for the WAL to start over (by="held")',
    labelNames: ['by'],
    registers: [registry],
    collect() {
      const stats = checkpoints();
      this.reset();
      this.inc({ by: 'thread' }, stats.framesByThread);
      this.inc({ by: 'held' }, stats.framesWhileHeld);
    },
  });
  new Counter({
    name: 'helper_sqlite_wal_restarts_total',
    help: 'Times the WAL was found started over by the checkpoint thread (it stays small when this grows)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(checkpoints().restarts);
    },
  });
}
