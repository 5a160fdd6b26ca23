// Rasa's entity markup inside a training phrase, read into a clean text plus entity spans:
//   [impressora](equipamento)                                  value = the text
//   [imp]{"entity": "equipamento", "value": "impressora"}      value given (a synonym)
//   [imp](equipamento:impressora)                              Rasa 1.x form, still read by Rasa 3
// Offsets are JavaScript string indices (UTF-16 code units) on the clean text, end exclusive.
import type { Phrase, PhraseEntity } from '../content.js';

export interface MarkupEntity extends PhraseEntity {
  /** The annotated words as written (may differ from value: then they are a synonym). */
  text: string;
  /** Offset of the `[` in the raw phrase, to point errors at the markup. */
  rawStart: number;
  /** Keys Rasa knows but our model has not (role, group): the caller decides how loud to be. */
  unsupportedKeys: string[];
}

export interface MarkupProblem {
  /** Offset in the raw phrase. */
  rawStart: number;
  message: string;
  /** Its stable code and params (src/admin-api/problem-codes.ts). */
  code: string;
  params?: Record<string, string>;
}

export interface ParsedPhraseMarkup {
  phrase: Phrase;
  entities: MarkupEntity[];
  problems: MarkupProblem[];
}

// The same shape as Rasa's ENTITY_REGEX: [text] followed by (entity[:value]), {json} or [list].
const MARKUP = /\[(?<text>[^\]]+?)\](?:\((?<paren>[^)]*)\)|\{(?<dict>[^}]*)\}|\[(?<list>[^\]]*)\])/g;
// What is left of markup that did not match: `[text](entity` or `[text] (entity)`.
const BROKEN_MARKUP = /\[[^\]]+\]\s*[({]/;
const MARKUP_HELP = 'write [text](context) or [text]{"entity": "context", "value": "value"}';

function readDictionary(dict: string, rawStart: number, problems: MarkupProblem[]): { entity: string; value?: string; unsupportedKeys: string[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(`{${dict}}`);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ rawStart, message: `entity markup {${dict}} is not valid JSON (${reason}); ${MARKUP_HELP}`, code: 'file_markup_not_json', params: { markup: `{${dict}}` } });
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const entity = record['entity'];
  if (typeof entity !== 'string' || entity.trim() === '') {
    problems.push({ rawStart, message: `entity markup {${dict}} needs "entity": the context's name`, code: 'file_markup_needs_entity', params: { markup: `{${dict}}` } });
    return undefined;
  }
  const unsupportedKeys: string[] = [];
  for (const key of Object.keys(record)) {
    if (key === 'entity' || key === 'value') continue;
    if (key === 'role' || key === 'group') unsupportedKeys.push(key);
    else problems.push({ rawStart, message: `unknown key "${key}" in entity markup; only "entity" and "value" are used`, code: 'file_markup_unknown_key', params: { key } });
  }
  const value = record['value'];
  if (value === undefined || value === null) return { entity: entity.trim(), unsupportedKeys };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { entity: entity.trim(), value: String(value), unsupportedKeys };
  }
  problems.push({ rawStart, message: `"value" in entity markup must be a text, number or true/false`, code: 'file_markup_value' });
  return undefined;
}

/** Reads markup out of a raw phrase. The clean text is trimmed; problems never throw. */
export function parsePhraseMarkup(raw: string): ParsedPhraseMarkup {
  const problems: MarkupProblem[] = [];
  const entities: MarkupEntity[] = [];
  let clean = '';
  let consumed = 0;
  const checkPlain = (from: number, to: number): void => {
    const plain = raw.slice(from, to);
    const broken = BROKEN_MARKUP.exec(plain);
    if (broken) problems.push({ rawStart: from + broken.index, message: `entity markup is incomplete; ${MARKUP_HELP}`, code: 'file_markup_incomplete' });
  };
  for (const match of raw.matchAll(MARKUP)) {
    const rawStart = match.index;
    const groups = match.groups ?? {};
    const text = groups['text'] ?? '';
    checkPlain(consumed, rawStart);
    clean += raw.slice(consumed, rawStart);
    consumed = rawStart + match[0].length;
    const start = clean.length;
    clean += text;
    let entity: string | undefined;
    let value: string | undefined;
    let unsupportedKeys: string[] = [];
    if (groups['paren'] !== undefined) {
      const paren = groups['paren'];
      const colon = paren.indexOf(':');
      entity = (colon === -1 ? paren : paren.slice(0, colon)).trim();
      value = colon === -1 ? undefined : paren.slice(colon + 1).trim();
      if (entity === '') {
        problems.push({ rawStart, message: `entity markup [${text}](${paren}) names no context; ${MARKUP_HELP}`, code: 'file_markup_no_context', params: { markup: `[${text}](${paren})` } });
        continue;
      }
      if (value === '') value = undefined;
    } else if (groups['dict'] !== undefined) {
      const read = readDictionary(groups['dict'], rawStart, problems);
      if (read === undefined) continue;
      ({ entity, value, unsupportedKeys } = read);
    } else {
      problems.push({ rawStart, message: `several entities on one span ([${text}][…]) are not supported; ${MARKUP_HELP}`, code: 'file_markup_several', params: { text } });
      continue;
    }
    entities.push({ start, end: start + text.length, entity, value: value ?? text, text, rawStart, unsupportedKeys });
  }
  checkPlain(consumed, raw.length);
  clean += raw.slice(consumed);

  const lead = clean.length - clean.trimStart().length;
  const text = clean.trim();
  for (const entity of entities) {
    entity.start = Math.max(0, entity.start - lead);
    entity.end = Math.min(text.length, entity.end - lead);
  }
  const phrase: Phrase = { text };
  if (entities.length > 0) {
    phrase.entities = entities.map(({ start, end, entity, value }) => ({ start, end, entity, value }));
  }
  return { phrase, entities, problems };
}

/**
 * Writes a phrase back with markup: `[text](context)` when the value is the text itself, the JSON
 * form otherwise. Throws on spans that cannot be written (overlapping or outside the text), which
 * only content built in code can have.
 */
export function writePhraseMarkup(phrase: Phrase): string {
  const entities = [...(phrase.entities ?? [])].sort((a, b) => a.start - b.start);
  let written = '';
  let position = 0;
  for (const entity of entities) {
    if (entity.start < position || entity.end > phrase.text.length || entity.end <= entity.start) {
      throw new Error(`cannot write entity ${entity.entity} [${entity.start}, ${entity.end}) of phrase "${phrase.text}": overlapping or out of range`);
    }
    const text = phrase.text.slice(entity.start, entity.end);
    written += phrase.text.slice(position, entity.start);
    written += entity.value === text
      ? `[${text}](${entity.entity})`
      : `[${text}]{"entity": ${JSON.stringify(entity.entity)}, "value": ${JSON.stringify(entity.value)}}`;
    position = entity.end;
  }
  return written + phrase.text.slice(position);
}
