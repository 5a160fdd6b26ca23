// An assistant's third-party APIs (Store['thirdPartyApis'], migration 0045): the definitions as
// given, in order, a secret header's value already sealed by the caller. Saved whole, in one
// transaction that holds the assistant's write lock, so two editors never interleave; the same
// transaction writes what the content gets with them (skills following a renamed API, an imported
// file's content) and records the change as one content version (src/store/versions).
import { createQueryId, type CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { AssistantContent } from '../../assistant/content.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import { applyContentChanges } from '../content/apply-content-changes.js';
import { loadContent } from '../content/load-content.js';
import { saveContent } from '../content/save-content.js';
import type { Database } from '../database-schema.js';
import { epochSeconds } from '../epoch-seconds.js';
import { lockAssistant } from '../lock-assistant.js';
import type { StoreDialect } from '../store-config.js';
import type { ApiEdit, ContentAuthor, Store } from '../store.js';
import { recordVersion } from '../versions/record-version.js';

type ApiStore = Store['thirdPartyApis'];

export class ThirdPartyApiRepository implements ApiStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  /**
   * `list` runs at every custom skill's call: compiled once, its only parameter the assistant's id
   * (Kysely compiles a query anew at each run, which took 9 % of the CPU of a turn up to its call;
   * npm run bench:apis, src/third-party-apis/README.md).
   */
  readonly #listQuery: CompiledQuery<{ definition: string }>;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
    this.#listQuery = db.selectFrom('third_party_apis').select('definition').where('assistant_id', '=', 0).orderBy('position').compile();
  }

  async list(assistantId: number): Promise<ThirdPartyApi[]> {
    const { rows } = await this.#db.executeQuery<{ definition: string }>({ ...this.#listQuery, parameters: [assistantId], queryId: createQueryId() });
    return rows.map((row) => JSON.parse(row.definition) as ThirdPartyApi);
  }

  async edit<T>(assistantId: number, decide: (apis: ThirdPartyApi[], content: AssistantContent) => ApiEdit<T> | Promise<ApiEdit<T>>, author: ContentAuthor = { actor: 'system' }): Promise<T> {
    return this.#db.transaction().execute(async (trx) => {
      await lockAssistant(trx, this.#dialect, assistantId);
      const before = await loadApis(trx, assistantId);
      const content = await loadContent(trx, assistantId);
      const edit = await decide(structuredClone(before), structuredClone(content));
      await writeApis(trx, assistantId, edit.apis);
      if (edit.save !== undefined) await saveContent(trx, assistantId, edit.save.content, edit.save.mode);
      if (edit.content !== undefined) await applyContentChanges(trx, assistantId, edit.content);
      const after = edit.save === undefined && edit.content === undefined ? content : await loadContent(trx, assistantId);
      await recordVersion(trx, assistantId, content, after, { action: 'edit', ...author }, edit.content?.rename ?? [], { before, after: edit.apis, renames: edit.renames ?? [] });
      return edit.result;
    });
  }
}

/** The assistant's APIs in order, inside the caller's transaction. */
export async function loadApis(trx: Transaction<Database>, assistantId: number): Promise<ThirdPartyApi[]> {
  const rows = await trx.selectFrom('third_party_apis').select('definition').where('assistant_id', '=', assistantId).orderBy('position').execute();
  return rows.map((row) => JSON.parse(row.definition) as ThirdPartyApi);
}

/** Makes `apis` the assistant's list, inside the caller's transaction (which holds the assistant). */
export async function writeApis(trx: Transaction<Database>, assistantId: number, apis: readonly ThirdPartyApi[]): Promise<void> {
  await trx.deleteFrom('third_party_apis').where('assistant_id', '=', assistantId).execute();
  const now = epochSeconds();
  if (apis.length > 0) {
    await trx
      .insertInto('third_party_apis')
      .values(apis.map((api, position) => ({ assistant_id: assistantId, name: api.name, position, definition: JSON.stringify(api), updated_at: now })))
      .execute();
  }
}
