// The words of Histórico (GET …/versions): the list a changed item belongs to — the content's
// lists and the third-party APIs (`apis`) — and what a whole-assistant restore answered.
import type { TFunction } from 'i18next';
import { problemText, type ApiProblem } from '../api/problem-text';

/** "Intent", "API de terceiros"…: the list of a version's item (src/store/versions VERSION_LISTS). */
export function listLabel(t: TFunction, list: string): string {
  return t(`versions.lists.${list}`, { defaultValue: list });
}

/** "Assistant restored…", then what to check: an API secret that could not come back, a custom skill without its API. */
export function restoredText(t: TFunction, id: number, warnings: readonly ApiProblem[]): string {
  return withWarnings(t, t('versions.assistantRestored', { id }), warnings);
}

/** "… restored", then what to check (an API's secret that could not come back). */
export function itemRestoredText(t: TFunction, name: string, warnings: readonly ApiProblem[]): string {
  return withWarnings(t, t('versions.itemRestored', { name }), warnings);
}

function withWarnings(t: TFunction, restored: string, warnings: readonly ApiProblem[]): string {
  if (warnings.length === 0) return restored;
  return [restored, t('versions.restoreWarnings'), ...warnings.map((warning) => problemText(t, warning))].join(' ');
}
