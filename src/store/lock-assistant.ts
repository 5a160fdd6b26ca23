// Serialises writers of one assistant's data (content saves, new model versions) and checks
// that the assistant exists, inside the caller's transaction.
import type { Transaction } from 'kysely';
import type { Database } from './database-schema.js';
import type { StoreDialect } from './store-config.js';
import { StoreNotFoundError } from './store-errors.js';

export async function lockAssistant(trx: Transaction<Database>, dialect: StoreDialect, assistantId: number): Promise<void> {
  let query = trx.selectFrom('assistants').select('id').where('id', '=', assistantId);
  // SQLite has no row locks and needs none: its write transactions already run one at a time.
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new StoreNotFoundError(`Assistant ${assistantId} does not exist`);
}
