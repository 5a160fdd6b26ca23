// Entities every assistant recognises without being taught, as Rasa's Duckling does, each under a
// fixed name so that a context (slot) of that name is filled by it:
//   email, url, phone (E.164, libphonenumber-js), cpf and cnpj (digits, check digits verified),
//   date / time / datetime (local ISO, chrono-node), number (every other number in the message).
// Spans never overlap across these kinds: a CPF is not also a phone number, the "15" of
// "15/04" is not also a number. A few readings made since the intent classifier was measured keep
// what the message gave it before (`SystemEntityReading.featureOnly`): the numbers of "dia 15" and
// "daqui 2 dias" (dates now), and a phone number that is not valid (not reported now).
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
// The full metadata (about 160 kB of JSON) only to tell a valid number: the small one's `isValid`
// checks only the length, and takes "98765-4321" (no DDD) for a Brazilian number.
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { findBrazilianDocuments } from './brazilian-documents.js';
import { addedDigitFormLength, findDateTimes, mayHoldDateTime } from './date-times.js';
import type { NluLanguage } from '../text/language.js';
import { findNumbers } from './numbers.js';
import type { ParsedEntity } from '../types.js';

export const SYSTEM_ENTITY_EXTRACTORS = {
  email: 'EmailExtractor',
  url: 'UrlExtractor',
  phone: 'PhoneNumberExtractor',
  document: 'BrazilianDocumentExtractor',
  dateTime: 'DateTimeExtractor',
  number: 'NumberExtractor',
} as const;

/** The entity names this module can emit. */
export const SYSTEM_ENTITY_NAMES = ['email', 'url', 'phone', 'cpf', 'cnpj', 'date', 'time', 'datetime', 'number'] as const;

// Pragmatic e-mail and URL shapes (RFC 5322 allows far more, which nobody types in a chat).
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const URL_PATTERN = /(?<![\p{L}\p{N}@])(?:https?:\/\/|www\.)[^\s<>"']+/giu;
// Sentence punctuation right after a URL is not part of it.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/u;
/**
 * No valid phone number of any region has fewer digits, its country code included (Austria's 43
 * and a four-digit number; Brazil's national numbers have 8 to 11): libphonenumber-js's metadata,
 * checked by src/nlu/entities/system-entities.test.ts. Below it the search, which costs about as much as
 * the rest of the message's entities, cannot find one and is skipped.
 */
export const MIN_PHONE_DIGITS = 6;
const DECIMAL_DIGIT = /\p{Nd}/gu;

/** Phone numbers without a country code are read as numbers of this country. */
export function defaultPhoneCountry(languageCode: string): CountryCode {
  const [primary = '', region = ''] = languageCode.trim().split(/[-_]/);
  const upper = region.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) return upper as CountryCode;
  switch (primary.toLowerCase()) {
    case 'pt':
      return 'BR';
    case 'es':
      return 'ES';
    default:
      return 'US';
  }
}

export class SystemEntityExtractor {
  private readonly country: CountryCode;

  constructor(
    private readonly language: NluLanguage,
    languageCode: string,
  ) {
    this.country = defaultPhoneCountry(languageCode);
  }

  extract(text: string, now: Date): ParsedEntity[] {
    return this.read(text, now).entities;
  }

  /**
   * The entities, and beside them the entities the message gave the intent classifier's features
   * before some readings were added (`featureOnly`, never reported): so that reading "dia 15" as a
   * date, or leaving out a phone number that is not valid, changes no intent.
   */
  read(text: string, now: Date): SystemEntityReading {
    const entities: ParsedEntity[] = [];
    const featureOnly: ParsedEntity[] = [];
    const taken: [number, number][] = [];
    const free = (start: number, end: number): boolean => !taken.some(([s, e]) => start < e && end > s);
    const add = (entity: string, value: unknown, start: number, end: number, extractor: string): void => {
      if (!free(start, end)) return;
      taken.push([start, end]);
      entities.push({ entity, value, start, end, confidence: 1, extractor });
    };
    for (const match of text.matchAll(URL_PATTERN)) {
      const written = match[0].replace(TRAILING_PUNCTUATION, '');
      add('url', written, match.index, match.index + written.length, SYSTEM_ENTITY_EXTRACTORS.url);
    }
    // Every address holds an "@": without one, the pattern's scan (tried from every letter) is skipped.
    if (text.includes('@')) for (const match of text.matchAll(EMAIL)) {
      add('email', match[0].toLowerCase(), match.index, match.index + match[0].length, SYSTEM_ENTITY_EXTRACTORS.email);
    }
    if (!/\d/.test(text)) {
      // Only dates and times can be written without digits ("amanhã", "next friday").
      if (!mayHoldDateTime(text, this.language)) return { entities: entities.sort((a, b) => a.start - b.start), featureOnly };
      for (const found of findDateTimes(text, this.language, now)) {
        add(found.kind, found.value, found.start, found.end, SYSTEM_ENTITY_EXTRACTORS.dateTime);
      }
      return { entities: entities.sort((a, b) => a.start - b.start), featureOnly };
    }
    for (const found of findBrazilianDocuments(text)) {
      add(found.kind, found.value, found.start, found.end, SYSTEM_ENTITY_EXTRACTORS.document);
    }
    for (const found of findDateTimes(text, this.language, now)) {
      if (!free(found.start, found.end)) continue;
      add(found.kind, found.value, found.start, found.end, SYSTEM_ENTITY_EXTRACTORS.dateTime);
      // "dia 15": its number was a `number` before the day was read; the classifier still sees it.
      const added = addedDigitFormLength(text.slice(found.start, found.end));
      if (added > 0) {
        for (const number of findNumbers(text.slice(found.start, found.start + added), this.language)) {
          featureOnly.push(systemEntity('number', number.value, found.start + number.start, found.start + number.end, SYSTEM_ENTITY_EXTRACTORS.number));
        }
      }
    }
    if (digitCount(text) >= MIN_PHONE_DIGITS) {
      for (const found of findPhoneNumbersInText(text, { defaultCountry: this.country })) {
        if (isValidPhoneNumber(found.number.number)) add('phone', found.number.number, found.startsAt, found.endsAt, SYSTEM_ENTITY_EXTRACTORS.phone);
        else if (free(found.startsAt, found.endsAt)) {
          // Not a number anyone can call ("98765-4321" without its DDD): not reported, so a phone
          // question is asked again; its digits are no `number` either, as before.
          taken.push([found.startsAt, found.endsAt]);
          featureOnly.push(systemEntity('phone', found.number.number, found.startsAt, found.endsAt, SYSTEM_ENTITY_EXTRACTORS.phone));
        }
      }
    }
    for (const found of findNumbers(text, this.language)) {
      add('number', found.value, found.start, found.end, SYSTEM_ENTITY_EXTRACTORS.number);
    }
    return { entities: entities.sort((a, b) => a.start - b.start), featureOnly };
  }
}

export interface SystemEntityReading {
  entities: ParsedEntity[];
  /** Entities that count only as the intent classifier's features (see `SystemEntityExtractor.read`). */
  featureOnly: ParsedEntity[];
}

function systemEntity(entity: string, value: unknown, start: number, end: number, extractor: string): ParsedEntity {
  return { entity, value, start, end, confidence: 1, extractor };
}

/** Decimal digits of any script (libphonenumber-js reads them all as digits). */
function digitCount(text: string): number {
  return text.match(DECIMAL_DIGIT)?.length ?? 0;
}
