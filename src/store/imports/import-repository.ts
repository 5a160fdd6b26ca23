// The history of imports (Store['imports']). Applying an import saves the content and inserts its
// record in one transaction, holding the assistant as every content save does: the history never
// lists an import whose content is not there, nor the other way round.
import type { Kysely, Selectable } from 'kysely';
import type { AssistantContent } from '../../assistant/content.js';
import { loadContent } from '../content/load-content.js';
import { saveContent } from '../content/save-content.js';
import { recordVersion, type ApiStates } from '../versions/record-version.js';
import { loadApis, writeApis } from '../third-party-apis/third-party-api-repository.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { ContentImportsTable, Database } from '../database-schema.js';
import { isForeignKeyViolation } from '../database-errors.js';
import { lockAssistant } from '../lock-assistant.js';
import type { StoreDialect } from '../store-config.js';
import type { ImportRecord, ImportSource, Store } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type ImportStore = Store['imports'];

function parsed<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

function toRecord(row: Selectable<ContentImportsTable>): ImportRecord {
  return {
    id: Number(row.id),
    assistantId: Number(row.assistant_id),
    name: row.name,
    source: row.source as ImportSource,
    format: row.format,
    mode: row.mode === 'replace' ? 'replace' : 'merge',
    status: row.status === 'imported' ? 'imported' : 'failed',
    requestedBy: row.requested_by,
    createdAt: Number(row.created_at),
    summary: parsed(row.summary, {}),
    report: parsed(row.report, []),
    errors: parsed(row.errors, []),
  };
}

export class ImportRepository implements ImportStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async apply(
    content: AssistantContent,
    record: Omit<ImportRecord, 'id' | 'createdAt' | 'status' | 'errors'>,
    options: { apis?: (current: ThirdPartyApi[], content: AssistantContent) => ThirdPartyApi[] } = {},
  ): Promise<ImportRecord> {
    const row = await this.#db.transaction().execute(async (trx) => {
      await lockAssistant(trx, this.#dialect, record.assistantId);
      // The whole content after the import (merged already when the import merges).
      const before = await loadContent(trx, record.assistantId);
      await saveContent(trx, record.assistantId, content, 'replace');
      const after = await loadContent(trx, record.assistantId);
      // The file's APIs, decided on the content as saved (its contexts), written with it.
      let apis: ApiStates | undefined;
      if (options.apis !== undefined) {
        const current = await loadApis(trx, record.assistantId);
        const next = options.apis(structuredClone(current), structuredClone(after));
        await writeApis(trx, record.assistantId, next);
        apis = { before: current, after: next };
      }
      await recordVersion(trx, record.assistantId, before, after, { actor: record.requestedBy, action: 'import', details: { importName: record.name } }, [], apis);
      return trx
        .insertInto('content_imports')
        .values({ ...this.#columns(record), status: 'imported', summary: JSON.stringify(record.summary), report: JSON.stringify(record.report) })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return toRecord(row);
  }

  async recordApplied(record: Omit<ImportRecord, 'id' | 'createdAt' | 'status' | 'errors'>): Promise<ImportRecord> {
    const row = await this.#db
      .insertInto('content_imports')
      .values({ ...this.#columns(record), status: 'imported', summary: JSON.stringify(record.summary), report: JSON.stringify(record.report) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async recordFailure(record: Omit<ImportRecord, 'id' | 'createdAt' | 'status' | 'summary' | 'report'>): Promise<ImportRecord> {
    try {
      const row = await this.#db
        .insertInto('content_imports')
        .values({ ...this.#columns(record), status: 'failed', errors: JSON.stringify(record.errors) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    } catch (error: unknown) {
      if (isForeignKeyViolation(error)) throw new StoreNotFoundError(`Assistant ${record.assistantId} does not exist`, { cause: error });
      throw error;
    }
  }

  #columns(record: Pick<ImportRecord, 'assistantId' | 'name' | 'source' | 'format' | 'mode' | 'requestedBy'>) {
    return {
      assistant_id: record.assistantId,
      name: record.name.slice(0, 200),
      source: record.source,
      format: record.format,
      mode: record.mode,
      requested_by: record.requestedBy,
      created_at: Date.now() / 1000,
    };
  }

  async list(assistantId: number, options: { limit?: number } = {}): Promise<ImportRecord[]> {
    const rows = await this.#db
      .selectFrom('content_imports')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }

  async get(id: number): Promise<ImportRecord | undefined> {
    const row = await this.#db.selectFrom('content_imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }
}
