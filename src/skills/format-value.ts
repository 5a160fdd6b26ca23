// A context's value as a skill writes it: as given, or formatted in the assistant's locale with
// Intl — a date ("15 de abril de 2025"), a time, a date and time, a number ("1.234,5") or an
// amount of money ("R$ 1.234,50"). Dates are the NLU's local ISO forms ("2025-04-15",
// "2025-04-15T10:00", "10:00"); a value that is not what the format expects is written as given.
// A yes/no value is written with the language's words, those of the standard buttons
// (answer-words.ts): "sim"/"não", "yes"/"no", "sí"/"no" — the tracker's slot stays a boolean.
import { answerButtons } from '../assistant/answer-words.js';

const LOCALES: Readonly<Record<string, string>> = { pt: 'pt-BR', en: 'en-US', es: 'es-ES' };
const CURRENCIES: Readonly<Record<string, string>> = { BR: 'BRL', PT: 'EUR', ES: 'EUR', US: 'USD', GB: 'GBP', MX: 'MXN', AR: 'ARS' };

/**
 * Intl's formatters and canonical locales cost tens of microseconds to make and nothing to reuse:
 * kept by what makes them (an assistant's language, a format, a currency: few in any deployment;
 * the cap only guards against an unbounded set).
 */
const MADE_LIMIT = 256;
const made = new Map<string, unknown>();
function reused<T>(key: string, make: () => T): T {
  if (made.has(key)) return made.get(key) as T;
  const value = make();
  if (made.size >= MADE_LIMIT) made.clear();
  made.set(key, value);
  return value;
}

/** The Intl locale of an assistant's language code: pt → pt-BR, en → en-US, es → es-ES, pt-PT as given. */
export function localeOf(language: string): string {
  return reused(`locale:${language}`, () => canonicalLocale(language));
}

function canonicalLocale(language: string): string {
  const [primary = '', region] = language.trim().split(/[-_]/);
  const tag = region === undefined ? LOCALES[primary.toLowerCase()] ?? primary.toLowerCase() : `${primary.toLowerCase()}-${region.toUpperCase()}`;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** The currency of a locale's country (BRL for pt-BR), USD when it has none known. */
export function currencyOf(locale: string): string {
  const region = locale.split('-')[1]?.toUpperCase() ?? '';
  return CURRENCIES[region] ?? 'USD';
}

/**
 * The text of a value with no format, as data: numbers and booleans as written (true/false),
 * objects as JSON. Conditions compare by it; what people read goes through formatValue.
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;
const ISO_TIME = /^(\d{2}):(\d{2})$/;

/** The value as a UTC instant holding its local date and time, so formatting never shifts the day. */
function asDate(value: unknown): { date: Date; hasDay: boolean; hasTime: boolean } | undefined {
  if (typeof value !== 'string') return undefined;
  const time = ISO_TIME.exec(value);
  if (time) return { date: new Date(Date.UTC(2000, 0, 1, Number(time[1]), Number(time[2]))), hasDay: false, hasTime: true };
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0)));
  return Number.isNaN(date.getTime()) ? undefined : { date, hasDay: true, hasTime: hour !== undefined };
}

function asNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.replace(',', '.')) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** A yes/no value as the assistant's language says it, lowercased as inside a sentence. */
function yesNoText(value: boolean, language: string): string {
  const words = answerButtons(language);
  return (value ? words.yes : words.no).toLocaleLowerCase(localeOf(language));
}

/** A context's value as people read it in an answer: formatted, a yes/no in the language's words. */
export function formatValue(value: unknown, format: string | undefined, argument: string | undefined, language: string): string {
  if (typeof value === 'boolean') return yesNoText(value, language);
  if (format === undefined || value === null || value === undefined) return valueText(value);
  const locale = localeOf(language);
  switch (format) {
    case 'date':
    case 'time':
    case 'datetime': {
      const parsed = asDate(value);
      if (parsed === undefined) return valueText(value);
      const wantsDay = format !== 'time' && parsed.hasDay;
      const wantsTime = format !== 'date' && parsed.hasTime;
      if (!wantsDay && !wantsTime) return valueText(value);
      const formatter = reused(`date:${locale}:${wantsDay}:${wantsTime}`, () => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...(wantsDay ? { dateStyle: 'long' } : {}), ...(wantsTime ? { timeStyle: 'short' } : {}) }));
      return formatter.format(parsed.date);
    }
    case 'number': {
      const number = asNumber(value);
      return number === undefined ? valueText(value) : reused(`number:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })).format(number);
    }
    case 'currency': {
      const number = asNumber(value);
      if (number === undefined) return valueText(value);
      try {
        const currency = (argument ?? currencyOf(locale)).toUpperCase();
        return reused(`currency:${locale}:${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(number);
      } catch {
        return valueText(value);
      }
    }
    default:
      return valueText(value);
  }
}
