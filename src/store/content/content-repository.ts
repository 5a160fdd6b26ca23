// An assistant's content: themes, intents with phrases, contexts, regexes, skills, dialogues.
import type { Kysely } from 'kysely';
import type { AssistantContent } from '../../assistant/content.js';
import type { Database } from '../database-schema.js';
import { loadContent } from './load-content.js';
import { lockAssistant } from '../lock-assistant.js';
import { applyContentChanges } from './apply-content-changes.js';
import { saveContent } from './save-content.js';
import type { ContentAuthor, ContentChanges, Store } from '../store.js';
import { recordVersion } from '../versions/record-version.js';
import type { StoreDialect } from '../store-config.js';
import { StoreNotFoundError } from '../store-errors.js';

type ContentStore = Store['content'];

export class ContentRepository implements ContentStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async load(assistantId: number): Promise<AssistantContent> {
    // Seven reads must see one save, not the halves of two: PostgreSQL needs REPEATABLE READ
    // for one snapshot per transaction; an SQLite transaction is a snapshot already.
    let transaction = this.#db.transaction();
    if (this.#dialect === 'postgres') transaction = transaction.setIsolationLevel('repeatable read');
    return transaction.execute(async (trx) => {
      const assistant = await trx.selectFrom('assistants').select('id').where('id', '=', assistantId).executeTakeFirst();
      if (assistant === undefined) throw new StoreNotFoundError(`Assistant ${assistantId} does not exist`);
      return loadContent(trx, assistantId);
    });
  }

  async save(assistantId: number, content: AssistantContent, mode: 'replace' | 'merge', author: ContentAuthor = { actor: 'system' }): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await lockAssistant(trx, this.#dialect, assistantId);
      const before = await loadContent(trx, assistantId);
      await saveContent(trx, assistantId, content, mode);
      await recordVersion(trx, assistantId, before, await loadContent(trx, assistantId), { action: 'save', ...author });
    });
  }

  async edit<T>(
    assistantId: number,
    decide: (content: AssistantContent) => { changes: ContentChanges; result: T } | Promise<{ changes: ContentChanges; result: T }>,
    author: ContentAuthor = { actor: 'system' },
  ): Promise<T> {
    return this.#db.transaction().execute(async (trx) => {
      await lockAssistant(trx, this.#dialect, assistantId);
      const before = await loadContent(trx, assistantId);
      const { changes, result } = await decide(structuredClone(before));
      await applyContentChanges(trx, assistantId, changes);
      // The version of this edit, in its transaction: what the edit changed, renames as one item.
      await recordVersion(trx, assistantId, before, await loadContent(trx, assistantId), { action: 'edit', ...author }, changes.rename ?? []);
      return result;
    });
  }
}
