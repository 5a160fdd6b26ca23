// Content versions (Store['versions']): the history of an assistant's content, newest first, and
// the content as it was after a version — found by undoing, from the content as it is now, every
// newer version's items (an item's JSON before it), the third-party APIs (list `apis`) likewise.
// Restoring writes that content and those APIs and records the restore as a new version, in one
// transaction holding the assistant.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AssistantContent, RegexPattern } from '../../assistant/content.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { ContentVersionItemsTable, ContentVersionsTable, Database } from '../database-schema.js';
import { loadContent } from '../content/load-content.js';
import { saveContent } from '../content/save-content.js';
import { lockAssistant } from '../lock-assistant.js';
import { loadApis, writeApis } from '../third-party-apis/third-party-api-repository.js';
import type { StoreDialect } from '../store-config.js';
import type { ContentVersionAction, ContentVersionItem, ContentVersionRecord, Store, VersionList } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';
import { recordVersion } from './record-version.js';

type VersionStore = Store['versions'];

function parsed<T>(json: string | null, fallback: T): T {
  if (json === null) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

function toRecord(row: Selectable<ContentVersionsTable>): ContentVersionRecord {
  return {
    id: Number(row.id),
    assistantId: Number(row.assistant_id),
    createdAt: Number(row.created_at),
    actor: row.actor,
    action: row.action as ContentVersionAction,
    items: Number(row.items),
    summary: parsed(row.summary, []),
    details: parsed(row.details, {}),
  };
}

function toItem(row: Selectable<ContentVersionItemsTable>): ContentVersionItem {
  const before = parsed<unknown>(row.before, undefined);
  const after = parsed<unknown>(row.after, undefined);
  return {
    list: row.list as VersionList,
    change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
    name: row.name,
    ...(row.previous_name === null ? {} : { previousName: row.previous_name }),
    before,
    after,
  };
}

/** What a version's items are undone on: the content and the third-party APIs. */
interface VersionedState {
  content: AssistantContent;
  apis: ThirdPartyApi[];
}

/** Undoes one item's change on `state` (in place): the item as it was before, in its place. */
function undo(state: VersionedState, item: ContentVersionItem): void {
  const { content } = state;
  const previousName = item.previousName ?? item.name;
  if (item.list === 'regexes') {
    content.regexes = content.regexes.filter((regex) => regex.name !== item.name);
    if (Array.isArray(item.before)) content.regexes.push(...(item.before as RegexPattern[]));
    return;
  }
  const list = (item.list === 'apis' ? state.apis : content[item.list]) as Array<{ name: string }>;
  const index = list.findIndex((candidate) => candidate.name === item.name);
  if (item.before === undefined) {
    if (index !== -1) list.splice(index, 1);
    return;
  }
  const restored = { ...(item.before as { name: string }), name: previousName };
  if (index === -1) list.push(restored);
  else list[index] = restored;
}

export class VersionRepository implements VersionStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async list(assistantId: number, options: { limit: number; beforeId?: number }): Promise<ContentVersionRecord[]> {
    let query = this.#db.selectFrom('content_versions').selectAll().where('assistant_id', '=', assistantId);
    if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(toRecord);
  }

  async listItem(assistantId: number, list: VersionList, name: string, options: { limit: number; beforeId?: number }): Promise<Array<ContentVersionRecord & { item: ContentVersionItem }>> {
    let query = this.#db
      .selectFrom('content_version_items')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .where('list', '=', list)
      .where((eb) => eb.or([eb('name', '=', name), eb('previous_name', '=', name)]));
    if (options.beforeId !== undefined) query = query.where('version_id', '<', options.beforeId);
    const items = await query.orderBy('version_id', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    if (items.length === 0) return [];
    const versions = await this.#db
      .selectFrom('content_versions')
      .selectAll()
      .where(
        'id',
        'in',
        items.map((item) => Number(item.version_id)),
      )
      .execute();
    const byId = new Map(versions.map((row) => [Number(row.id), toRecord(row)]));
    return items.flatMap((row) => {
      const version = byId.get(Number(row.version_id));
      return version === undefined ? [] : [{ ...version, item: toItem(row) }];
    });
  }

  async get(assistantId: number, versionId: number): Promise<{ version: ContentVersionRecord; items: ContentVersionItem[] } | undefined> {
    const row = await this.#db.selectFrom('content_versions').selectAll().where('assistant_id', '=', assistantId).where('id', '=', versionId).executeTakeFirst();
    if (row === undefined) return undefined;
    const items = await this.#db.selectFrom('content_version_items').selectAll().where('version_id', '=', versionId).orderBy('id').execute();
    return { version: toRecord(row), items: items.map(toItem) };
  }

  async contentAt(assistantId: number, versionId: number): Promise<AssistantContent> {
    return (await this.stateAt(assistantId, versionId)).content;
  }

  async stateAt(assistantId: number, versionId: number): Promise<VersionedState> {
    let transaction = this.#db.transaction();
    if (this.#dialect === 'postgres') transaction = transaction.setIsolationLevel('repeatable read');
    return transaction.execute(async (trx) => {
      const current = { content: await loadContent(trx, assistantId), apis: await loadApis(trx, assistantId) };
      return this.#undoAfter(trx, assistantId, versionId, current);
    });
  }

  async restore(assistantId: number, versionId: number, actor: string, options: { apis?: (restored: ThirdPartyApi[], current: ThirdPartyApi[]) => ThirdPartyApi[] } = {}): Promise<ContentVersionRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      await lockAssistant(trx, this.#dialect, assistantId);
      const before = { content: await loadContent(trx, assistantId), apis: await loadApis(trx, assistantId) };
      const target = await this.#undoAfter(trx, assistantId, versionId, structuredClone(before));
      await saveContent(trx, assistantId, target.content, 'replace');
      // The APIs as they were, their sealed secrets checked by the caller (which may clear those that do not open).
      const apis = options.apis === undefined ? target.apis : options.apis(target.apis, structuredClone(before.apis));
      if (JSON.stringify(apis) !== JSON.stringify(before.apis)) await writeApis(trx, assistantId, apis);
      const after = await loadContent(trx, assistantId);
      const id = await recordVersion(trx, assistantId, before.content, after, { actor, action: 'restore', details: { restoredVersion: versionId } }, [], { before: before.apis, after: apis });
      if (id === undefined) return undefined;
      const row = await trx.selectFrom('content_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return toRecord(row);
    });
  }

  /** `state` (as it is now) with every version newer than `versionId` undone. */
  async #undoAfter(trx: Transaction<Database>, assistantId: number, versionId: number, state: VersionedState): Promise<VersionedState> {
    const version = await trx.selectFrom('content_versions').select('id').where('assistant_id', '=', assistantId).where('id', '=', versionId).executeTakeFirst();
    if (version === undefined) throw new StoreNotFoundError(`version ${versionId} of assistant ${assistantId} is not kept`);
    const newer = await trx
      .selectFrom('content_version_items')
      .selectAll()
      .where('assistant_id', '=', assistantId)
      .where('version_id', '>', versionId)
      .orderBy('version_id', 'desc')
      // Within a version the items are independent; in their order, items it removed come back in theirs.
      .orderBy('id', 'asc')
      .execute();
    for (const row of newer) undo(state, toItem(row));
    return state;
  }
}
