// Every string exists in the three languages: a key missing in English or Spanish would show the
// Portuguese text (the fallback) to someone who chose another language.
import { describe, expect, it } from 'vitest';
import { SUMMARY_KEYS } from '../../../src/admin-api/imports/content-diff';
import { PROBLEM_CODES } from '../../../src/admin-api/problem-codes';
import { REPORT_CODES, REPORT_ITEMS } from '../../../src/assistant/other-platforms/import-report';
import { DELIVERY_REASONS } from '../../../src/channels/core/delivery-reason';
import en from './en.json';
import es from './es.json';
import ptBR from './pt-BR.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}|<(\w+)>/g)].map((match) => match[1] ?? match[2] ?? '').sort();
}

function lookup(tree: unknown, key: string): string {
  const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
  return typeof found === 'string' ? found : '';
}

describe('console locales', () => {
  const reference = keys(ptBR).sort();

  it.each([
    ['en', en],
    ['es', es],
  ])('%s has exactly the keys of pt-BR, each with the same placeholders and tags', (_name, locale) => {
    expect(keys(locale).sort()).toEqual(reference);
    for (const key of reference) expect({ key, placeholders: placeholders(lookup(locale, key)) }).toEqual({ key, placeholders: placeholders(lookup(ptBR, key)) });
  });

  it('has no empty string', () => {
    for (const locale of [ptBR, en, es]) for (const key of reference) expect({ key, empty: lookup(locale, key).trim() === '' }).toEqual({ key, empty: false });
  });

  // Every code the admin API can answer has its sentence here, in each language, using only the
  // params the API sends with it (the code's English template names them): the problems of
  // src/admin-api/problem-codes.ts, and what an import's report lines are about and what became of them
  // (src/assistant/other-platforms/import-report.ts), and why a channel's answer was not delivered
  // (src/channels/core/delivery-reason.ts).
  const tables = [
    ['problems', PROBLEM_CODES],
    ['importReport.items', REPORT_ITEMS],
    ['importReport.lines', REPORT_CODES],
    ['integrations.deliveries.reasons', DELIVERY_REASONS],
  ] as const;
  const cases = tables.flatMap(([prefix, table]) => Object.entries(table).map(([code, english]) => [`${prefix}.${code}`, english] as const));
  it.each(cases)('translates the API code %s with its params only', (key, english) => {
    const sent = [...english.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
    for (const [name, locale] of [['pt-BR', ptBR], ['en', en], ['es', es]] as const) {
      const text = lookup(locale, key);
      expect({ key, name, text: text !== '' }).toEqual({ key, name, text: true });
      for (const used of placeholders(text)) expect({ key, name, used, sent: sent.includes(used) }).toEqual({ key, name, used, sent: true });
    }
  });

  it.each(SUMMARY_KEYS)('says the import summary key %s with its count', (key) => {
    for (const locale of [ptBR, en, es]) expect(placeholders(lookup(locale, `migrations.summaryKeys.${key}`))).toEqual(['count']);
  });
});
