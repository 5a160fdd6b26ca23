// What an import would do to an assistant's content: the content after it (merged by name, or
// replaced), and the counts of the items added, changed or removed (src/assistant/content-changes.ts;
// a file's third-party APIs: src/third-party-apis/api-changes.ts). Pure, so the preview and the
// import compute exactly the same thing.
import { DIFF_LISTS, type DiffList, type ItemChange } from '../../assistant/content-changes.js';
import type { ApiChange } from '../../third-party-apis/api-changes.js';
export { contentAfterImport } from '../../assistant/merge-content.js';

/** `intentsAdded`: a list and a change as one key of the summary. */
function summaryKey(list: DiffList | 'apis', change: ItemChange['change']): string {
  return `${list}${change[0]?.toUpperCase() ?? ''}${change.slice(1)}`;
}

/** Every key a summary can hold (the console says each in its user's language: `migrations.summaryKeys.<key>`). */
export const SUMMARY_KEYS: readonly string[] = [...[...DIFF_LISTS, 'apis' as const].flatMap((list) => (['added', 'changed', 'removed'] as const).map((change) => summaryKey(list, change))), 'skipped'];

/** `{intentsAdded: 3, skillsChanged: 1, skipped: 12}`: only the counts that are not zero. */
export function summariseImport(changes: ReadonlyArray<ItemChange | ApiChange>, skipped: number): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const { list, change } of changes) {
    const key = summaryKey(list, change);
    summary[key] = (summary[key] ?? 0) + 1;
  }
  if (skipped > 0) summary['skipped'] = skipped;
  return summary;
}
