// An import's report and summary in the user's language: each line of the API's `reportEntries`
// carries codes (src/assistant/other-platforms/import-report.ts REPORT_ITEMS, REPORT_CODES) and each summary key is
// one of SUMMARY_KEYS (src/admin-api/imports/content-diff.ts); the English `item` and `detail`
// are for the CLI and the report file, never shown. A code this console does not know reads as a
// generic sentence.
import type { TFunction } from 'i18next';
import { problemText } from '../api/problem-text';

export type ReportParams = Record<string, string | number>;

export interface ReportEntry {
  outcome: 'kept' | 'renamed' | 'skipped';
  item: string;
  itemCode: string;
  itemParams?: ReportParams;
  detail: string;
  code: string;
  params?: ReportParams;
}

const RAW = { interpolation: { escapeValue: false } } as const;

/** A param that is one of our own words (a context type, a skill kind), said in the user's language. */
function ownWord(t: TFunction, prefix: string, value: string | number | undefined): string | number | undefined {
  if (typeof value !== 'string' || !/^\w+$/.test(value)) return value;
  return t(`${prefix}.${value}`, { defaultValue: value });
}

function itemText(t: TFunction, entry: ReportEntry): string {
  const key = `importReport.items.${entry.itemCode}`;
  if (/^\w+$/.test(entry.itemCode) && t(key, { defaultValue: '' })) return t(key, { ...entry.itemParams, ...RAW });
  return String(entry.itemParams?.['name'] ?? '?');
}

function detailText(t: TFunction, entry: ReportEntry): string {
  const params: ReportParams = { ...entry.params };
  if (entry.code === 'rule_broken') {
    // A rule of ours the item breaks: that rule's own sentence (src/admin-api/problem-codes.ts).
    const { field, text: _text, rule, ...ruleParams } = params;
    const text = problemText(t, { code: typeof rule === 'string' ? rule : 'invalid_value', params: ruleParams });
    return field ? t('importReport.lines.rule_broken', { field, text, ...RAW }) : text;
  }
  if (entry.code === 'slot_kept' || entry.code === 'slot_stays_text' || entry.code === 'slot_synonyms_text') params['type'] = ownWord(t, 'contexts.types', params['type']) ?? '';
  if (entry.code === 'response_kept') params['kind'] = ownWord(t, 'skills.kinds', params['kind']) ?? '';
  const key = `importReport.lines.${entry.code}`;
  if (!/^\w+$/.test(entry.code) || !t(key, { defaultValue: '' })) return t('migrations.reportUnknown');
  return t(key, { ...params, ...RAW });
}

/** `nó "node_3" (Horário): o nó está desativado`. */
export function reportEntryText(t: TFunction, entry: ReportEntry): string {
  return t('migrations.reportLine', { item: itemText(t, entry), detail: detailText(t, entry), ...RAW });
}

/** `Intenções adicionadas: 3`. */
export function summaryText(t: TFunction, key: string, count: number): string {
  const known = /^\w+$/.test(key) && t(`migrations.summaryKeys.${key}`, { defaultValue: '' });
  return known ? t(`migrations.summaryKeys.${key}`, { count }) : t('migrations.summaryUnknown', { count });
}
