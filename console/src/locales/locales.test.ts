// Every string exists in the three languages: a key missing in English or Spanish would show the
// Portuguese text (the fallback) to someone who chose another language.
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../../../src/admin-api/problem-codes';
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

  // Every code the admin API can answer has its sentence here, using only the params the API
  // sends with it (src/admin-api/problem-codes.ts writes them in its English template).
  it.each(Object.entries(PROBLEM_CODES))('translates the API code %s with its params only', (code, english) => {
    const sent = [...english.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
    const text = lookup(ptBR, `problems.${code}`);
    expect({ code, text: text !== '' }).toEqual({ code, text: true });
    for (const used of placeholders(text)) expect({ code, used, sent: sent.includes(used) }).toEqual({ code, used, sent: true });
  });
});
