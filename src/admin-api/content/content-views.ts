// Content items as the admin API answers them: the item, what uses it, and for an intent its
// phrase count and the phrases another intent also has. Also the list search.
import { createHash } from 'node:crypto';
import { normalisePhrase } from '../../assistant/check-content.js';
import type { FlowWarning } from '../../assistant/check-flows.js';
import type { AssistantContent, Intent } from '../../assistant/content.js';
import { phraseQuality } from '../../assistant/phrase-quality.js';
import type { ContentListName } from '../../store/store.js';
import type { Item } from './content-bodies.js';
import { findUsages } from './content-references.js';

/** Normalised phrase → the intents that have it. */
export type PhraseIndex = ReadonlyMap<string, ReadonlySet<string>>;

export function phraseIndex(content: AssistantContent): PhraseIndex {
  const index = new Map<string, Set<string>>();
  for (const intent of content.intents) {
    for (const phrase of intent.phrases) {
      const key = normalisePhrase(phrase.text);
      const intents = index.get(key);
      if (intents) intents.add(intent.name);
      else index.set(key, new Set([intent.name]));
    }
  }
  return index;
}

function duplicates(intent: Intent, index: PhraseIndex): Array<{ index: number; text: string; intents: string[] }> {
  return intent.phrases.flatMap((phrase, position) => {
    const others = [...(index.get(normalisePhrase(phrase.text)) ?? [])].filter((name) => name !== intent.name);
    return others.length === 0 ? [] : [{ index: position, text: phrase.text, intents: others }];
  });
}

/**
 * An item as answered: its fields, what uses it, the flow warnings about it (`warnings`, from
 * check-flows.ts over the whole content), and for an intent its phrase count and duplicates.
 */
export function itemView(list: ContentListName, item: Item, content: AssistantContent, warnings: readonly FlowWarning[], index?: PhraseIndex): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ...(item as unknown as Record<string, unknown>),
    usedBy: findUsages(content, list, item.name),
    warnings: warnings.filter((warning) => warning.list === list && warning.name === item.name).map(({ field, code, params, message }) => ({ field, code, ...(params ? { params } : {}), message })),
  };
  if (list === 'intents') {
    const intent = item as Intent;
    // Junk phrases (over-long, no letters, markup): warned, never refused.
    const quality = intent.phrases.flatMap((phrase, position) =>
      phraseQuality(phrase.text).map(({ code, message }) => ({ field: `phrases.${position}.text`, code, message: `phrase ${position + 1} ${message}` })),
    );
    view['warnings'] = [...(view['warnings'] as unknown[]), ...quality];
    view['phraseCount'] = intent.phrases.length;
    view['duplicates'] = duplicates(intent, index ?? phraseIndex(content));
  }
  return view;
}

/** Whether an item matches a search: its name (and description, phrases, texts), without case or accents. */
export function matchesSearch(list: ContentListName, item: Item, query: string): boolean {
  const wanted = normalisePhrase(query);
  if (wanted === '') return true;
  const haystack = [item.name];
  const record = item as unknown as Record<string, unknown>;
  if (typeof record['description'] === 'string') haystack.push(record['description']);
  if (list === 'intents') haystack.push(...(item as Intent).phrases.map((phrase) => phrase.text));
  if (list === 'skills' && Array.isArray(record['texts'])) haystack.push(...(record['texts'] as string[]));
  return haystack.some((text) => normalisePhrase(text).includes(wanted));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The item's version as an HTTP entity tag: a hash of its fields in a fixed key order. A client
 * that sends it back in If-Match changes the item only if nobody changed it since it was read.
 */
export function itemEtag(item: Item): string {
  return `"${createHash('sha256').update(canonicalJson(item)).digest('base64url').slice(0, 22)}"`;
}
