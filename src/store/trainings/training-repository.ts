// Trainings (Store['trainings']): the history and the scheduler's queue. Every change of status is
// one conditional UPDATE (`… WHERE status = 'scheduled'`), so of two processes claiming the same
// training exactly one gets it; a claim also holds the assistant's row, so one assistant never
// runs two trainings at once, on SQLite (one writer at a time) and on PostgreSQL (row locks).
import type { Kysely, Selectable } from 'kysely';
import type { Database, TrainingsTable } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { lockAssistant } from '../lock-assistant.js';
import type { StoreDialect } from '../store-config.js';
import type { Store, TrainingProblem, TrainingRecord, TrainingScope, TrainingStatus } from '../store.js';
import { StoreConflictError, StoreNotFoundError } from '../store-errors.js';

type TrainingStore = Store['trainings'];

/** Due trainings looked at per claim: enough to step over assistants that are busy training. */
const CLAIM_CANDIDATES = 20;

export class TrainingRepository implements TrainingStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async create(input: { assistantId: number; scope: TrainingScope; scheduledFor: number; requestedBy: string }): Promise<TrainingRecord> {
    try {
      return await insertScheduled(this.#db, input);
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`Assistant ${input.assistantId} does not exist`, { cause: error });
      throw error;
    }
  }

  async createIfIdle(input: { assistantId: number; scope: TrainingScope; scheduledFor: number; requestedBy: string }): Promise<TrainingRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      // Holding the assistant's row makes "none scheduled or running" and the insert one step.
      await lockAssistant(trx, this.#dialect, input.assistantId);
      const busy = await trx
        .selectFrom('trainings')
        .select('id')
        .where('assistant_id', '=', input.assistantId)
        .where('status', 'in', ['scheduled', 'running'])
        .executeTakeFirst();
      if (busy !== undefined) return undefined;
      return insertScheduled(trx, input);
    });
  }

  async get(id: number): Promise<TrainingRecord | undefined> {
    const row = await this.#db.selectFrom('trainings').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async list(assistantId: number, options: { limit?: number } = {}): Promise<TrainingRecord[]> {
    const rows = await this.#db
      .selectFrom('trainings')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }

  async claimDue(now: number, claimant: string): Promise<TrainingRecord | undefined> {
    const candidates = await this.#db
      .selectFrom('trainings as t')
      .select('t.id')
      .where('t.status', '=', 'scheduled')
      .where('t.scheduled_for', '<=', now)
      // One training at a time per assistant: the next waits until the running one finishes.
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('trainings as r').select('r.id').whereRef('r.assistant_id', '=', 't.assistant_id').where('r.status', '=', 'running'))),
      )
      .orderBy('t.scheduled_for')
      .orderBy('t.id')
      .limit(CLAIM_CANDIDATES)
      .execute();
    for (const { id } of candidates) {
      const claimed = await this.claim(id, now, claimant);
      if (claimed) return claimed;
    }
    return undefined;
  }

  async claim(id: number, now: number, claimant: string): Promise<TrainingRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const training = await trx.selectFrom('trainings').select(['assistant_id', 'status']).where('id', '=', id).executeTakeFirst();
      if (training?.status !== 'scheduled') return undefined;
      // Holding the assistant's row (PostgreSQL; SQLite's write transactions run one at a time)
      // makes "no training of this assistant is running" and the claim one step.
      await lockAssistant(trx, this.#dialect, training.assistant_id);
      const busy = await trx
        .selectFrom('trainings')
        .select('id')
        .where('assistant_id', '=', training.assistant_id)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (busy !== undefined) return undefined;
      const row = await trx
        .updateTable('trainings')
        .set({ status: 'running', started_at: now, heartbeat_at: now, claimed_by: claimant, progress: 0, phase: null })
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    });
  }

  async reportProgress(id: number, progress: number, phase: string | null, now: number): Promise<void> {
    await this.#db
      .updateTable('trainings')
      .set({ progress: Math.max(0, Math.min(100, Math.round(progress))), phase, heartbeat_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async heartbeat(claimant: string, now: number): Promise<void> {
    await this.#db.updateTable('trainings').set({ heartbeat_at: now }).where('claimed_by', '=', claimant).where('status', '=', 'running').execute();
  }

  async finish(
    id: number,
    outcome: { status: 'succeeded' | 'failed'; problems: TrainingProblem[]; modelVersion: number | null; modelId: string | null; now: number },
  ): Promise<TrainingRecord> {
    const row = await this.#db
      .updateTable('trainings')
      .set({
        status: outcome.status,
        problems: JSON.stringify(outcome.problems),
        model_version: outcome.modelVersion,
        model_id: outcome.modelId,
        finished_at: outcome.now,
        phase: null,
        ...(outcome.status === 'succeeded' ? { progress: 100 } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .returningAll()
      .executeTakeFirst();
    if (row !== undefined) return toRecord(row);
    throw await this.#notInStatus(id, 'running');
  }

  async release(id: number, claimant: string): Promise<TrainingRecord | undefined> {
    const row = await this.#db
      .updateTable('trainings')
      .set({ status: 'scheduled', claimed_by: null, started_at: null, heartbeat_at: null, progress: 0, phase: null })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('claimed_by', '=', claimant)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async cancel(id: number, now: number): Promise<TrainingRecord> {
    const row = await this.#db
      .updateTable('trainings')
      .set({ status: 'cancelled', finished_at: now })
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .returningAll()
      .executeTakeFirst();
    if (row !== undefined) return toRecord(row);
    throw await this.#notInStatus(id, 'scheduled');
  }

  async failAbandoned(staleBefore: number, reason: string, now: number): Promise<TrainingRecord[]> {
    const rows = await this.#db
      .updateTable('trainings')
      .set({ status: 'failed', finished_at: now, phase: null, problems: JSON.stringify([{ level: 'error', message: reason }]) })
      .where('status', '=', 'running')
      .where('heartbeat_at', '<', staleBefore)
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }

  async #notInStatus(id: number, expected: TrainingStatus): Promise<Error> {
    const existing = await this.get(id);
    if (existing === undefined) return new StoreNotFoundError(`Training ${id} does not exist`);
    return new StoreConflictError(`Training ${id} is ${existing.status}, not ${expected}`);
  }
}

async function insertScheduled(
  db: Kysely<Database>,
  input: { assistantId: number; scope: TrainingScope; scheduledFor: number; requestedBy: string },
): Promise<TrainingRecord> {
  const row = await db
    .insertInto('trainings')
    .values({
      assistant_id: input.assistantId,
      scope: input.scope,
      status: 'scheduled',
      requested_by: input.requestedBy,
      created_at: Date.now() / 1000,
      scheduled_for: input.scheduledFor,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

function toRecord(row: Selectable<TrainingsTable>): TrainingRecord {
  return {
    id: row.id,
    assistantId: row.assistant_id,
    scope: row.scope as TrainingScope,
    status: row.status as TrainingStatus,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    scheduledFor: row.scheduled_for,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heartbeatAt: row.heartbeat_at,
    progress: row.progress,
    phase: row.phase,
    modelVersion: row.model_version,
    modelId: row.model_id,
    problems: JSON.parse(row.problems) as TrainingProblem[],
    claimedBy: row.claimed_by,
  };
}
