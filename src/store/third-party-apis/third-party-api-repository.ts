// An assistant's third-party APIs (Store['thirdPartyApis'], migration 0045): the definitions as
// given, in order, a secret header's value already sealed by the caller. Saved whole, in one
// transaction that holds the assistant's write lock, so two editors never interleave.
import { createQueryId, type CompiledQuery, type Kysely } from 'kysely';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { Database } from '../database-schema.js';
import { epochSeconds } from '../epoch-seconds.js';
import { lockAssistant } from '../lock-assistant.js';
import type { StoreDialect } from '../store-config.js';
import type { Store } from '../store.js';

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

  async edit<T>(assistantId: number, decide: (apis: ThirdPartyApi[]) => { apis: ThirdPartyApi[]; result: T } | Promise<{ apis: ThirdPartyApi[]; result: T }>): Promise<T> {
    return this.#db.transaction().execute(async (trx) => {
      await lockAssistant(trx, this.#dialect, assistantId);
      const rows = await trx.selectFrom('third_party_apis').select('definition').where('assistant_id', '=', assistantId).orderBy('position').execute();
      const { apis, result } = await decide(rows.map((row) => JSON.parse(row.definition) as ThirdPartyApi));
      await trx.deleteFrom('third_party_apis').where('assistant_id', '=', assistantId).execute();
      const now = epochSeconds();
      if (apis.length > 0) {
        await trx
          .insertInto('third_party_apis')
          .values(apis.map((api, position) => ({ assistant_id: assistantId, name: api.name, position, definition: JSON.stringify(api), updated_at: now })))
          .execute();
      }
      return result;
    });
  }
}
