// Trained model versions: 1, 2, 3… per assistant, without gaps. A training's row holds a negative
// placeholder (-1, -2…) while it runs and when it fails; the next version number is given when it
// succeeds, so a failed training never takes a number of its own.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ModelsTable } from '../database-schema.js';
import { epochSeconds } from '../epoch-seconds.js';
import { lockAssistant } from '../lock-assistant.js';
import type { ModelRecord, ModelStatus, Store } from '../store.js';
import type { StoreDialect } from '../store-config.js';
import { StoreConflictError, StoreNotFoundError } from '../store-errors.js';

type ModelStore = Store['models'];

export class ModelRepository implements ModelStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async start(assistantId: number): Promise<ModelRecord> {
    return this.#db.transaction().execute(async (trx) => {
      // The lock makes two trainings started at once get different placeholders.
      await lockAssistant(trx, this.#dialect, assistantId);
      const lowest = await trx
        .selectFrom('models')
        .select((eb) => eb.fn.min('version').as('version'))
        .where('assistant_id', '=', assistantId)
        .executeTakeFirst();
      const placeholder = Math.min(lowest?.version ?? 0, 0) - 1;
      const startedAt = epochSeconds();
      const row = await trx
        .insertInto('models')
        .values({ assistant_id: assistantId, version: placeholder, status: 'training', model_id: newModelId(startedAt), started_at: startedAt })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toModelRecord(row);
    });
  }

  /** The training's model is ready: it takes the next version number (under the assistant's lock). */
  async succeed(id: number, artifact: string): Promise<ModelRecord> {
    const model = await this.#db.selectFrom('models').select(['assistant_id', 'status']).where('id', '=', id).executeTakeFirst();
    if (model === undefined) throw new StoreNotFoundError(`Model ${id} does not exist`);
    if (model.status !== 'training') throw new StoreConflictError(`Model ${id} already finished (status "${model.status}")`);
    return this.#db.transaction().execute(async (trx) => {
      await lockAssistant(trx, this.#dialect, model.assistant_id);
      const last = await trx
        .selectFrom('models')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('assistant_id', '=', model.assistant_id)
        .executeTakeFirst();
      return this.#finish(id, { status: 'ready', artifact, error: null, version: Math.max(last?.version ?? 0, 0) + 1 }, trx);
    });
  }

  async fail(id: number, error: string): Promise<ModelRecord> {
    return this.#finish(id, { status: 'failed', artifact: null, error });
  }

  async latestReady(assistantId: number): Promise<ModelRecord | undefined> {
    const row = await this.#db
      .selectFrom('models')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .where('status', '=', 'ready')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toModelRecord(row);
  }

  async latestReadyId(assistantId: number): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('models')
      .select('id')
      .where('assistant_id', '=', assistantId)
      .where('status', '=', 'ready')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }

  async get(id: number): Promise<ModelRecord | undefined> {
    const row = await this.#db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toModelRecord(row);
  }

  async list(assistantId: number): Promise<ModelRecord[]> {
    // In the order they started (placeholders are negative).
    const rows = await this.#db.selectFrom('models').selectAll().where('assistant_id', '=', assistantId).orderBy('id').execute();
    return rows.map(toModelRecord);
  }

  /** Only a training model finishes, once: a late or repeated report must not rewrite history. */
  async #finish(id: number, outcome: { status: ModelStatus; artifact: string | null; error: string | null; version?: number }, db: Kysely<Database> = this.#db): Promise<ModelRecord> {
    const row = await db
      .updateTable('models')
      .set({ ...outcome, finished_at: epochSeconds() })
      .where('id', '=', id)
      .where('status', '=', 'training')
      .returningAll()
      .executeTakeFirst();
    if (row !== undefined) return toModelRecord(row);
    const existing = await db.selectFrom('models').select('status').where('id', '=', id).executeTakeFirst();
    if (existing === undefined) throw new StoreNotFoundError(`Model ${id} does not exist`);
    throw new StoreConflictError(`Model ${id} already finished (status "${existing.status}")`);
  }
}

/** Like Rasa's model file names: when it was trained, and a random part so ids never repeat. */
function newModelId(startedAt: number): string {
  const stamp = new Date(startedAt * 1000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

function toModelRecord(row: Selectable<ModelsTable>): ModelRecord {
  return {
    id: row.id,
    assistantId: row.assistant_id,
    version: row.version,
    status: row.status as ModelStatus,
    modelId: row.model_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    artifact: row.artifact,
  };
}
