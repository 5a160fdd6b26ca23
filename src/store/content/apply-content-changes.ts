// Writes item-level content changes (ContentChanges) inside the caller's transaction: only the
// rows of the items named are touched, so two administrators editing different items never
// overwrite each other's work.
import type { Transaction } from 'kysely';
import { emptyContent } from '../../assistant/content.js';
import type { Database } from '../database-schema.js';
import { saveContent } from './save-content.js';
import type { ContentChanges } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

export async function applyContentChanges(trx: Transaction<Database>, assistantId: number, changes: ContentChanges): Promise<void> {
  for (const { list, name } of changes.remove ?? []) {
    // An intent's phrases go with it (ON DELETE CASCADE).
    const result = await trx.deleteFrom(list).where('assistant_id', '=', assistantId).where('name', '=', name).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new StoreNotFoundError(`${list} item "${name}" does not exist`);
  }
  for (const { list, from, to } of changes.rename ?? []) {
    if (from === to) continue;
    const result = await trx.updateTable(list).set({ name: to }).where('assistant_id', '=', assistantId).where('name', '=', from).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new StoreNotFoundError(`${list} item "${from}" does not exist`);
  }
  for (const { from, to } of changes.renameRegexes ?? []) {
    await trx.updateTable('regexes').set({ name: to }).where('assistant_id', '=', assistantId).where('name', '=', from).execute();
  }
  const put = changes.put ?? {};
  const hasPut = Object.values(put).some((items) => items.length > 0);
  if (hasPut) await saveContent(trx, assistantId, { ...emptyContent(), ...put }, 'merge');
}
