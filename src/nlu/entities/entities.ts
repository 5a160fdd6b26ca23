// Entity extraction in Rasa's shape, on the original text's offsets. Every entity is named after
// the context (slot) it can fill, or after a regex pattern:
// - text and categorical contexts: their values and synonyms, and what training phrases annotate;
// - boolean contexts: yes/no words of the language;
// - float contexts: numbers within the context's range;
// - regex patterns: their matches;
// - and, under fixed names, what every assistant recognises (system-entities.ts): email, url,
//   phone, cpf, cnpj, date, time, datetime, number.
import type { Context, RegexPattern } from '../../assistant/content.js';
import { ContextValueMatcher, type LookupEntry } from './context-value-matcher.js';
import type { NluLanguage } from '../text/language.js';
import type { KnownWordCheck } from '../text/normalise.js';
import { compileModelRegexes, type CompiledRegexPattern } from './regex-pattern.js';
import { SystemEntityExtractor } from './system-entities.js';
import { tokenise, type Token } from '../text/tokenise.js';
import type { ParsedEntity } from '../types.js';

export const EXTRACTORS = {
  contextValue: 'ContextValueExtractor',
  boolean: 'BooleanExtractor',
  number: 'NumberExtractor',
  regex: 'RegexEntityExtractor',
} as const;

/** A span a training phrase links to a context value: its written form is another synonym. */
export interface EntityAnnotation {
  entity: string;
  value: string;
  text: string;
}

// Folded words (see normalise.ts), so "não", "Nao" and "ñ" all read false.
const BOOLEAN_WORDS: Readonly<Record<NluLanguage, ReadonlyMap<string, boolean>>> = {
  pt: new Map([
    ['sim', true],
    ['nao', false],
  ]),
  en: new Map([
    ['yes', true],
    ['yeah', true],
    ['yep', true],
    ['no', false],
    ['nope', false],
  ]),
  es: new Map([
    ['si', true],
    ['no', false],
  ]),
  generic: new Map([
    ['yes', true],
    ['no', false],
  ]),
};
// A yes/no that opens the message answers a question; one further on more often negates
// something else ("a impressora não imprime"), so it is reported with less confidence.
const OPENING_BOOLEAN_CONFIDENCE = 1;
const INNER_BOOLEAN_CONFIDENCE = 0.5;

export class EntityExtractor {
  private readonly matcher: ContextValueMatcher;
  private readonly booleanContexts: string[];
  private readonly floatContexts: Extract<Context, { type: 'float' }>[];
  private readonly regexes: { name: string; regex: CompiledRegexPattern }[];
  private readonly system: SystemEntityExtractor;

  constructor(
    private readonly language: NluLanguage,
    contexts: readonly Context[],
    regexes: readonly RegexPattern[],
    annotations: readonly EntityAnnotation[],
    isKnown?: KnownWordCheck,
    /** The assistant's language code as given ("pt-PT"): its region chooses the phone country. */
    languageCode: string = language,
  ) {
    this.system = new SystemEntityExtractor(language, languageCode);
    const entries: LookupEntry[] = [];
    const addEntry = (entity: string, value: string, written: string): void => {
      const tokens = tokenise(written, language, isKnown);
      if (tokens.length === 0) return;
      entries.push({ entity, value, texts: tokens.map((t) => t.text), stems: tokens.map((t) => t.stem) });
    };
    const byName = new Map(contexts.map((context) => [context.name, context]));
    for (const context of contexts) {
      if (context.type === 'text') {
        for (const { value, synonyms } of context.values) {
          addEntry(context.name, value, value);
          for (const synonym of synonyms) addEntry(context.name, value, synonym);
        }
      } else if (context.type === 'categorical') {
        for (const value of context.values) addEntry(context.name, value, value);
      }
    }
    for (const { entity, value, text } of annotations) {
      const type = byName.get(entity)?.type;
      // Booleans and numbers are recognised by what they are, not by examples.
      if (type === 'boolean' || type === 'float') continue;
      addEntry(entity, value, text);
    }
    this.matcher = new ContextValueMatcher(entries);
    this.booleanContexts = contexts.filter((context) => context.type === 'boolean').map((context) => context.name);
    this.floatContexts = contexts.filter((context): context is Extract<Context, { type: 'float' }> => context.type === 'float');
    this.regexes = compileModelRegexes(regexes);
  }

  /** `now` is the moment relative dates ("amanhã") are read from. */
  extract(text: string, tokens: readonly Token[], now: Date = new Date()): ParsedEntity[] {
    return this.read(text, tokens, now).entities;
  }

  /**
   * The entities, and those that count only as the intent classifier's features (the system
   * entities' `featureOnly`, and the number contexts their numbers fill): the message's features
   * are its entities' kinds and theirs.
   */
  read(text: string, tokens: readonly Token[], now: Date = new Date()): { entities: ParsedEntity[]; featureOnly: ParsedEntity[] } {
    const { entities: system, featureOnly: systemFeatureOnly } = this.system.read(text, now);
    const featureOnly = [...systemFeatureOnly, ...this.numberContexts(systemFeatureOnly)];
    const entities: ParsedEntity[] = [];
    for (const match of this.matcher.match(tokens)) {
      const start = (tokens[match.first] as Token).start;
      const end = (tokens[match.last - 1] as Token).end;
      const written = text.slice(start, end);
      entities.push({
        entity: match.entry.entity,
        start,
        end,
        confidence: match.confidence,
        value: match.entry.value,
        extractor: EXTRACTORS.contextValue,
        ...(written !== match.entry.value ? { text: written } : {}),
      });
    }
    if (this.booleanContexts.length > 0) {
      tokens.forEach((token, index) => {
        const value = BOOLEAN_WORDS[this.language].get(token.text);
        if (value === undefined) return;
        const confidence = index === 0 ? OPENING_BOOLEAN_CONFIDENCE : INNER_BOOLEAN_CONFIDENCE;
        for (const entity of this.booleanContexts) {
          entities.push({ entity, start: token.start, end: token.end, confidence, value, extractor: EXTRACTORS.boolean });
        }
      });
    }
    // A float context takes the message's numbers within its range, but not the digits of a
    // date, a phone or a CPF (the system extractor has already told those apart).
    entities.push(...this.numberContexts(system));
    for (const { name, regex } of this.regexes) {
      for (const match of regex.matchAll(text)) {
        if (match[0] === '') continue;
        entities.push({
          entity: name,
          start: match.index,
          end: match.index + match[0].length,
          value: match[0],
          extractor: EXTRACTORS.regex,
        });
      }
    }
    // A context or regex named like a system entity ("number", "email") gets each span once, the
    // administrator's own definition first.
    entities.push(...system);
    const seen = new Set<string>();
    const unique = entities.filter(({ entity, start, end }) => {
      const key = `${entity}\u0000${start}\u0000${end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { entities: unique.sort((a, b) => a.start - b.start || a.end - b.end || a.entity.localeCompare(b.entity)), featureOnly };
  }

  /** The float contexts the system entities' numbers fill, within each context's range. */
  private numberContexts(system: readonly ParsedEntity[]): ParsedEntity[] {
    const entities: ParsedEntity[] = [];
    for (const number of system) {
      if (number.entity !== 'number' || typeof number.value !== 'number') continue;
      const value = number.value;
      for (const context of this.floatContexts) {
        if (context.min !== undefined && value < context.min) continue;
        if (context.max !== undefined && value > context.max) continue;
        entities.push({ ...number, entity: context.name });
      }
    }
    return entities;
  }
}
