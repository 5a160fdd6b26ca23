// Trainings as the admin asks for them: now or at a time, per scope, recorded in the store's
// history. Scheduled trainings are rows in the store, so they survive a restart; a poller in each
// app process claims due ones atomically (the store's conditional update), so two processes never
// run one twice, renews the heartbeat of those it runs, and marks failed the trainings a stopped
// process left running. `helper train` goes through `runNow`, so its trainings join the history.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { describeFlowWarning } from '../assistant/check-flows.js';
import { TrainingError, TrainingInterrupted, type Trainer } from '../engine/trainer.js';
import type { AssistantRecord, Store, TrainingProblem, TrainingRecord, TrainingScope } from '../store/store.js';
import type { TrainingNotifier } from './training-notifier.js';
import { codeTrainingNotice } from './training-notices.js';

export interface TrainingServiceOptions {
  /** How often due trainings are looked for (ms). */
  pollMs?: number;
  /** How often a running training's heartbeat is renewed (ms). */
  heartbeatMs?: number;
  /** A running training whose heartbeat is older than this (s) was left by a stopped process. */
  staleAfterSeconds?: number;
  /** Trainings this process runs at once (each trains in a worker thread). */
  maxConcurrent?: number;
}

const now = (): number => Date.now() / 1000;

export class TrainingService {
  /** This process, as the store's `claimed_by`. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly #running = new Map<number, Promise<TrainingRecord>>();
  /** Ends each running training's NLU process when this process stops. */
  readonly #aborts = new Map<number, AbortController>();
  readonly #options: Required<TrainingServiceOptions>;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly deps: {
      store: Store;
      trainer: Trainer;
      notifier: TrainingNotifier;
      logger: Logger;
      /** Told of every training this process finishes (src/metrics). */
      onFinished?: (training: TrainingRecord) => void;
    },
    options: TrainingServiceOptions = {},
  ) {
    this.#options = { pollMs: 1_000, heartbeatMs: 5_000, staleAfterSeconds: 60, maxConcurrent: 2, ...options };
  }

  /** Records a training: due at once when `scheduledFor` is absent (it starts within a poll). */
  async request(assistant: AssistantRecord, input: { scope: TrainingScope; scheduledFor?: number; requestedBy: string }): Promise<TrainingRecord> {
    const training = await this.deps.store.trainings.create({
      assistantId: assistant.id,
      scope: input.scope,
      scheduledFor: input.scheduledFor ?? now(),
      requestedBy: input.requestedBy,
    });
    if (input.scheduledFor === undefined && this.#timer !== undefined) {
      // A poll already under way may have looked for due trainings before this one existed:
      // then the next one claims it.
      for (let polls = 0; polls < 2; polls++) {
        await this.tick();
        const current = await this.deps.store.trainings.get(training.id);
        if (current?.status !== 'scheduled') return current ?? training;
      }
      return (await this.deps.store.trainings.get(training.id)) ?? training;
    }
    return training;
  }

  /**
   * Records and runs a training in this process (the CLI), waiting while another training of the
   * assistant runs; resolves with the finished record.
   */
  async runNow(assistant: AssistantRecord, scope: TrainingScope, requestedBy: string): Promise<TrainingRecord> {
    const training = await this.deps.store.trainings.create({ assistantId: assistant.id, scope, scheduledFor: now(), requestedBy });
    for (;;) {
      const claimed = await this.deps.store.trainings.claim(training.id, now(), this.instanceId);
      if (claimed) return this.#run(claimed);
      const current = await this.deps.store.trainings.get(training.id);
      if (!current) throw new Error(`training ${training.id} no longer exists (was its assistant removed?)`);
      // A server's poller took it (or it was cancelled): follow it to its end.
      if (current.status !== 'scheduled' && current.status !== 'running') return current;
      await new Promise((resolve) => setTimeout(resolve, this.#options.pollMs));
    }
  }

  /**
   * Runs a training already requested (scheduled) in this process, as `runNow` does; when another
   * process claimed it first, resolves with its record as it is.
   */
  async runRequested(training: TrainingRecord): Promise<TrainingRecord> {
    const claimed = await this.deps.store.trainings.claim(training.id, now(), this.instanceId);
    if (claimed) return this.#run(claimed);
    return (await this.deps.store.trainings.get(training.id)) ?? training;
  }

  /** Starts the poller (with the server). */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#stopped = false;
    this.#timer = setInterval(() => void this.tick(), this.#options.pollMs);
    this.#timer.unref();
    void this.tick();
  }

  /**
   * Stops the poller and the trainings this process runs: each one's NLU process is ended and the
   * training given back (scheduled again, unclaimed), so another process takes it at once — or this
   * one after its restart. A training past its NLU (a partial one, or saving its model) finishes.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
    for (const controller of this.#aborts.values()) controller.abort(new TrainingInterrupted('the app process is stopping'));
    await Promise.allSettled([...this.#running.values()]);
    await this.deps.notifier.settled();
  }

  /** One pass of the poller: recover abandoned trainings, start due ones. */
  tick(): Promise<void> {
    this.#ticking ??= this.#tick()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'the training scheduler failed; it tries again at the next poll'))
      .finally(() => {
        this.#ticking = undefined;
      });
    return this.#ticking;
  }

  async #tick(): Promise<void> {
    const { store } = this.deps;
    const at = now();
    const abandoned = await store.trainings.failAbandoned(
      at - this.#options.staleAfterSeconds,
      `the app process running this training stopped before it finished (no sign of it for ${this.#options.staleAfterSeconds} s); the previous model keeps serving: train again`,
      at,
    );
    for (const training of abandoned) {
      this.deps.logger.warn({ trainingId: training.id, claimedBy: training.claimedBy }, 'a training left running by a stopped process was marked failed');
      const assistant = await store.assistants.getById(training.assistantId);
      if (assistant) this.deps.notifier.notify(assistant, training, 'failed');
    }
    while (!this.#stopped && this.#running.size < this.#options.maxConcurrent) {
      const claimed = await store.trainings.claimDue(now(), this.instanceId);
      if (!claimed) break;
      this.#run(claimed).catch((error: unknown) => this.deps.logger.error({ err: error, trainingId: claimed.id }, 'a training could not be recorded'));
    }
  }

  #run(training: TrainingRecord): Promise<TrainingRecord> {
    const running = this.#execute(training).finally(() => {
      this.#running.delete(training.id);
      // The next training of this assistant may be waiting for this one.
      if (!this.#stopped && this.#timer !== undefined) void this.tick();
    });
    this.#running.set(training.id, running);
    return running;
  }

  async #execute(training: TrainingRecord): Promise<TrainingRecord> {
    const { store, trainer, notifier, logger } = this.deps;
    const assistant = await store.assistants.getById(training.assistantId);
    if (!assistant) {
      return store.trainings.finish(training.id, { status: 'failed', problems: [{ level: 'error', message: 'the assistant no longer exists' }], modelVersion: null, modelId: null, now: now() });
    }
    const where = { assistant: `${assistant.serverName}/${assistant.language}`, trainingId: training.id, scope: training.scope };
    logger.info({ ...where, requestedBy: training.requestedBy }, 'training started');
    notifier.notify(assistant, training, 'started');
    // The heartbeat tells other processes this training is alive (also in the CLI, which has no poller).
    const heartbeat = setInterval(() => {
      store.trainings.heartbeat(this.instanceId, now()).catch((error: unknown) => logger.warn({ err: error, trainingId: training.id }, 'a training heartbeat failed'));
    }, this.#options.heartbeatMs);
    heartbeat.unref();
    // Progress is written in order, at most once per percent step or phase change.
    let written = { percent: -1, phase: '' };
    let writes = Promise.resolve();
    const onProgress = ({ fraction, phase }: { fraction: number; phase: string }) => {
      const percent = Math.floor(fraction * 100);
      if (percent <= written.percent && phase === written.phase) return;
      written = { percent, phase };
      writes = writes.then(() => store.trainings.reportProgress(training.id, percent, phase, now())).catch(() => undefined);
    };
    let finished: TrainingRecord;
    const abort = new AbortController();
    this.#aborts.set(training.id, abort);
    try {
      const model = await trainer.train(assistant, { scope: training.scope, onProgress, signal: abort.signal });
      await writes;
      const problems: TrainingProblem[] = [
        ...model.warnings.map((message): TrainingProblem => ({ level: 'warning', message, ...codeTrainingNotice(message, 'warning') })),
        ...model.flowWarnings.map((warning): TrainingProblem => ({
          level: 'warning',
          message: describeFlowWarning(warning),
          code: warning.code,
          ...(warning.params ? { params: warning.params } : {}),
          item: { list: warning.list, name: warning.name, field: warning.field },
        })),
      ];
      finished = await store.trainings.finish(training.id, { status: 'succeeded', problems, modelVersion: model.version, modelId: model.modelId, now: now() });
      logger.info({ ...where, version: model.version, warnings: problems.length }, 'training succeeded');
      notifier.notify(assistant, finished, 'succeeded');
    } catch (error: unknown) {
      await writes;
      if (error instanceof TrainingInterrupted) {
        // Given back: another process (or this one after a restart) runs it from the start.
        const released = await store.trainings.release(training.id, this.instanceId);
        logger.info({ ...where }, 'training interrupted by the shutdown: scheduled again for another process');
        return released ?? (await store.trainings.get(training.id)) ?? training;
      }
      const problems: TrainingProblem[] =
        error instanceof TrainingError
          ? error.problems.map((message): TrainingProblem => ({ level: 'error', message, ...codeTrainingNotice(message, 'error') }))
          : // Its cause may name internals (paths, queries), and anyone who sees the history reads
            // this (viewers too, and the training e-mail): the cause goes to the log below.
            [{ level: 'error', message: 'unexpected error (the server log has its cause)', code: 'internal' }];
      if (!(error instanceof TrainingError)) logger.error({ err: error, trainingId: training.id }, 'training failed unexpectedly');
      const model = error instanceof TrainingError ? error.model : undefined;
      finished = await store.trainings.finish(training.id, {
        status: 'failed',
        problems,
        // A failed training has no version of its own: the numbers go to models that answer.
        modelVersion: null,
        modelId: model?.modelId ?? null,
        now: now(),
      });
      logger.warn({ ...where, version: finished.modelVersion, problems: problems.map((problem) => problem.message) }, 'training failed; the previous model keeps serving');
      notifier.notify(assistant, finished, 'failed');
    } finally {
      clearInterval(heartbeat);
      this.#aborts.delete(training.id);
    }
    this.deps.onFinished?.(finished);
    return finished;
  }
}
