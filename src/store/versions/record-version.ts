// Records one content version inside the caller's transaction (the one that changed the content):
// the items that differ between `before` and `after` (src/assistant/content-changes.ts), each with
// its JSON before and after, a rename as one item with its previous name; with the third-party
// APIs' states too, the APIs that differ (list `apis`, the definition as stored: secrets sealed
// only, src/third-party-apis/api-changes.ts). Then keeps only the newest MAX_VERSIONS versions of
// the assistant.
import type { Transaction } from 'kysely';
import type { AssistantContent } from '../../assistant/content.js';
import { diffContent, type DiffList } from '../../assistant/content-changes.js';
import { apiForHistory, diffApis } from '../../third-party-apis/api-changes.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { Database } from '../database-schema.js';
import type { ContentAuthor, ContentVersionSummaryItem, VersionList } from '../store.js';

/** How many versions of one assistant are kept (older ones are deleted as new ones come). */
export const MAX_VERSIONS = 200;
/** How many of a version's items its summary names (an import may change thousands). */
export const SUMMARY_ITEMS = 20;
const INSERT_CHUNK = 200;
/** Every list a version names items of (the console has a label for each). */
export const VERSION_LISTS: readonly VersionList[] = ['themes', 'intents', 'contexts', 'regexes', 'skills', 'dialogues', 'apis'];

/** The third-party APIs before and after a change, and the APIs it renamed. */
export interface ApiStates {
  before: readonly ThirdPartyApi[];
  after: readonly ThirdPartyApi[];
  renames?: ReadonlyArray<{ from: string; to: string }>;
}

/** An item as the history stores it: the item, or for regexes every pattern of that name. */
export function itemOf(content: AssistantContent, list: DiffList, name: string): unknown {
  if (list === 'regexes') {
    const patterns = content.regexes.filter((regex) => regex.name === name);
    return patterns.length > 0 ? patterns : undefined;
  }
  return (content[list] as Array<{ name: string }>).find((item) => item.name === name);
}

export interface VersionChange extends ContentVersionSummaryItem {
  before: unknown;
  after: unknown;
}

/** The item-level changes from `before` to `after`; a rename (from the edit's changes) is one change. */
export function versionChanges(before: AssistantContent, after: AssistantContent, renames: ReadonlyArray<{ list: string; from: string; to: string }> = []): VersionChange[] {
  const diff = diffContent(before, after);
  const changes: VersionChange[] = [];
  const merged = new Set<string>();
  for (const rename of renames) {
    const removed = diff.find((change) => change.list === rename.list && change.change === 'removed' && change.name === rename.from);
    const added = diff.find((change) => change.list === rename.list && change.change === 'added' && change.name === rename.to);
    if (removed === undefined || added === undefined) continue;
    merged.add(`${rename.list}\u0000${rename.from}`).add(`${rename.list}\u0000${rename.to}`);
    changes.push({
      list: added.list,
      change: 'changed',
      name: rename.to,
      previousName: rename.from,
      before: itemOf(before, added.list, rename.from),
      after: itemOf(after, added.list, rename.to),
    });
  }
  for (const change of diff) {
    if (merged.has(`${change.list}\u0000${change.name}`)) continue;
    changes.push({ ...change, before: itemOf(before, change.list, change.name), after: itemOf(after, change.list, change.name) });
  }
  return changes;
}

/** The `apis` changes from `before` to `after`, each API as the history keeps it; a rename is one change. */
export function apiVersionChanges({ before, after, renames = [] }: ApiStates): VersionChange[] {
  const find = (apis: readonly ThirdPartyApi[], name: string) => {
    const api = apis.find((item) => item.name === name);
    return api === undefined ? undefined : apiForHistory(api);
  };
  const diff = diffApis(before, after);
  const changes: VersionChange[] = [];
  const merged = new Set<string>();
  for (const rename of renames) {
    if (rename.from === rename.to) continue;
    const removed = diff.some((change) => change.change === 'removed' && change.name === rename.from);
    const added = diff.some((change) => change.change === 'added' && change.name === rename.to);
    if (!removed || !added) continue;
    merged.add(rename.from).add(rename.to);
    changes.push({ list: 'apis', change: 'changed', name: rename.to, previousName: rename.from, before: find(before, rename.from), after: find(after, rename.to) });
  }
  for (const change of diff) {
    if (merged.has(change.name)) continue;
    changes.push({ ...change, before: find(before, change.name), after: find(after, change.name) });
  }
  return changes;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/**
 * Inserts the version (nothing when nothing changed) and prunes the oldest; answers its id. `apis`:
 * the third-party APIs' states when the change wrote them (their items come after the content's).
 */
export async function recordVersion(
  trx: Transaction<Database>,
  assistantId: number,
  before: AssistantContent,
  after: AssistantContent,
  author: ContentAuthor,
  renames: ReadonlyArray<{ list: string; from: string; to: string }> = [],
  apis?: ApiStates,
): Promise<number | undefined> {
  const changes = [...versionChanges(before, after, renames), ...(apis === undefined ? [] : apiVersionChanges(apis))];
  if (changes.length === 0) return undefined;
  const summary = changes.slice(0, SUMMARY_ITEMS).map(({ list, change, name, previousName }) => ({ list, change, name, ...(previousName === undefined ? {} : { previousName }) }));
  const row = await trx
    .insertInto('content_versions')
    .values({
      assistant_id: assistantId,
      created_at: Date.now() / 1000,
      actor: author.actor.slice(0, 200),
      action: author.action ?? 'save',
      summary: JSON.stringify(summary),
      items: changes.length,
      details: JSON.stringify(author.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const versionId = Number(row.id);
  for (let start = 0; start < changes.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('content_version_items')
      .values(
        changes.slice(start, start + INSERT_CHUNK).map((change) => ({
          version_id: versionId,
          assistant_id: assistantId,
          list: change.list,
          name: change.name,
          previous_name: change.previousName ?? null,
          before: json(change.before),
          after: json(change.after),
        })),
      )
      .execute();
  }
  const oldestKept = await trx
    .selectFrom('content_versions')
    .select('id')
    .where('assistant_id', '=', assistantId)
    .orderBy('id', 'desc')
    .offset(MAX_VERSIONS - 1)
    .limit(1)
    .executeTakeFirst();
  if (oldestKept !== undefined) {
    const old = trx.selectFrom('content_versions').select('id').where('assistant_id', '=', assistantId).where('id', '<', Number(oldestKept.id));
    await trx.deleteFrom('content_version_items').where('version_id', 'in', old).execute();
    await trx.deleteFrom('content_versions').where('assistant_id', '=', assistantId).where('id', '<', Number(oldestKept.id)).execute();
  }
  return versionId;
}
