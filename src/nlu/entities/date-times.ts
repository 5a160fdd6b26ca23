// Dates and times in chat language ("amanhã às 10h", "next friday at 3pm", "mañana a las 10"),
// recognised by chrono-node's Portuguese, English and Spanish parsers. Brazilian habits chrono
// does not read are added: hours written "10h", "10h30" or "10 horas", "daqui a 2 dias" (and
// "daqui 2 dias"), "hj", "depois de amanhã", "dia 15" / "no dia 20" (the next 15th, today's when it
// is the 15th) and "semana que vem" / "próxima semana" (a week from today); in Spanish "pasado
// mañana", "el día 15" and "la semana que viene" / "la próxima semana" likewise.
// A bare number ("a 2") is never taken for a time.
import { createRequire } from 'node:module';
import type { NluLanguage } from '../text/language.js';

// Only the three locales read here: chrono-node's index loads its twelve (about 2 MB more heap in
// every process that parses messages). Required rather than imported: Vite (the tests) does not
// resolve chrono-node's `./*` subpath exports, Node's require does, in the tests and in dist/.
const require = createRequire(import.meta.url);
const chronoEn = require('chrono-node/en') as typeof import('chrono-node/en');
const chronoEs = require('chrono-node/es') as typeof import('chrono-node/es');
const chronoPt = require('chrono-node/pt') as typeof import('chrono-node/pt');

export interface FoundDateTime {
  /** `date` (a day), `time` (a time of day) or `datetime` (both). */
  kind: 'date' | 'time' | 'datetime';
  /** Local ISO form: "2025-03-11", "10:00" or "2025-03-11T10:00". */
  value: string;
  start: number;
  end: number;
}

type Chrono = InstanceType<typeof chronoEn.Chrono>;

// "10h", "às 10h30", "10 horas", "pelas 9h": the preposition is part of the match, so that chrono
// merges it with a date written just before ("amanhã às 10h").
const PORTUGUESE_HOURS =
  /(?<![\p{L}\p{N}])(?:(?:às|as|ás|pelas|por volta das|a partir das)\s+)?([01]?\d|2[0-3])\s*(?:h|hs|hrs?|horas?)(?:\s*([0-5]\d)(?:\s*min(?:utos)?)?)?(?![\p{L}\p{N}])/iu;
const PORTUGUESE_RELATIVE =
  /(?<![\p{L}\p{N}])(?:daqui(?:\s+a)?|dentro\s+de|em)\s+(\d{1,3})\s+(minutos?|horas?|dias?|semanas?|m[eê]s(?:es)?|anos?)(?![\p{L}\p{N}])/iu;

// Days chrono reads as another day, or not at all: a longer match wins over chrono's shorter one
// ("depois de amanhã" over its "amanhã").
const PORTUGUESE_DAYS = /(?<![\p{L}\p{N}])(?:(depois\s+de\s+amanh[aã])|(hj)|((?:(?:na|da)\s+)?(?:semana\s+que\s+vem|pr[oó]xima\s+semana)))(?![\p{L}\p{N}])/iu;
const SPANISH_DAYS = /(?<![\p{L}\p{N}])(?:(pasado\s+ma[ñn]ana)|()((?:(?:la|en\s+la)\s+)?(?:semana\s+que\s+viene|pr[oó]xima\s+semana)))(?![\p{L}\p{N}])/iu;
// "dia 15", "no dia 20", "el día 15": a day of the month alone, not one with a month after it
// ("dia 15/04", "dia 5 de abril": chrono's).
const MONTHS_AFTER = '(?:jan|fev|feb|mar|abr|apr|mai|may|jun|jul|ago|aug|set|sep|out|oct|nov|dez|dic)';
const DAY_OF_MONTH = new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:no|el|para\\s+o|para\\s+el)\\s+)?d[ií]a\\s+([012]?\\d|3[01])(?![\\p{L}\\p{N}]|\\s*[/.-]\\s*\\d|\\s+de\\s+${MONTHS_AFTER})`, 'iu');

function dayComponents(date: Date): { year: number; month: number; day: number } {
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

/** The next day `day` of a month from `from` (today's when it is that day), skipping months without it. */
function nextDayOfMonth(from: Date, day: number): Date {
  for (let months = 0; months < 12; months++) {
    const candidate = new Date(from.getFullYear(), from.getMonth() + months, day);
    if (candidate.getDate() !== day) continue;
    if (months > 0 || day >= from.getDate()) return candidate;
  }
  return new Date(from.getFullYear(), from.getMonth() + 1, day);
}

/** Adds the days and days of the month chrono does not read (PORTUGUESE_DAYS or SPANISH_DAYS, DAY_OF_MONTH). */
function withDays(base: Chrono, days: RegExp): Chrono {
  const custom = base.clone();
  custom.parsers.push({
    pattern: () => days,
    extract: (context, match) => {
      const date = new Date(context.refDate);
      if (match[1] !== undefined) date.setDate(date.getDate() + 2);
      else if (match[3] !== undefined) date.setDate(date.getDate() + 7);
      return dayComponents(date);
    },
  });
  custom.parsers.push({
    pattern: () => DAY_OF_MONTH,
    extract: (context, match) => {
      const day = Number(match[1]);
      if (day < 1) return null;
      return dayComponents(nextDayOfMonth(new Date(context.refDate), day));
    },
  });
  return custom;
}

function withPortugueseHabits(base: Chrono): Chrono {
  const custom = withDays(base, PORTUGUESE_DAYS);
  custom.parsers.push({
    pattern: () => PORTUGUESE_HOURS,
    extract: (_context, match) => ({ hour: Number(match[1]), minute: Number(match[2] ?? 0) }),
  });
  custom.parsers.push({
    pattern: () => PORTUGUESE_RELATIVE,
    extract: (context, match) => {
      const amount = Number(match[1]);
      const unit = (match[2] ?? '').toLowerCase();
      const date = new Date(context.refDate);
      if (unit.startsWith('min')) date.setMinutes(date.getMinutes() + amount);
      else if (unit.startsWith('hora')) date.setHours(date.getHours() + amount);
      else if (unit.startsWith('dia')) date.setDate(date.getDate() + amount);
      else if (unit.startsWith('semana')) date.setDate(date.getDate() + 7 * amount);
      else if (unit.startsWith('m')) date.setMonth(date.getMonth() + amount);
      else date.setFullYear(date.getFullYear() + amount);
      const components = { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
      return /^(min|hora)/.test(unit) ? { ...components, hour: date.getHours(), minute: date.getMinutes() } : components;
    },
  });
  return custom;
}

const PARSERS: Readonly<Record<NluLanguage, Chrono>> = {
  pt: withPortugueseHabits(chronoPt.casual),
  en: chronoEn.casual,
  es: withDays(chronoEs.casual, SPANISH_DAYS),
  generic: chronoEn.casual,
};

// A number alone, perhaps after a preposition, is far more often a quantity than an hour.
const BARE_NUMBER = /^(?:a|as|às|at|a las|las)?\s*\d{1,2}$/iu;

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// What chrono's Portuguese parsers can read without a digit: its casual dates (agora, hoje,
// amanhã, ontem), casual times (manhã, tarde, noite, meia-noite, meio-dia) and weekdays (its
// WEEKDAY_DICTIONARY, whole or abbreviated). Every other Portuguese parser, ours included, needs a
// digit. The same boundaries as chrono's: no ASCII word character before, a non-word character, a
// digit or the end after; case-insensitive as chrono's patterns are. A superset of what chrono
// matches, checked against chrono itself on the data sets (date-times.test.ts).
const PORTUGUESE_WORDS_WITHOUT_DIGITS =
  /(?<![A-Za-z0-9_])(?:agora|hoje|hj|semana|amanh[aã]|ontem|manh[aã]|tarde|meia-noite|meio-dia|noite|domingo|dom|segunda(?:-feira)?|seg|terça(?:-feira)?|ter|quarta(?:-feira)?|qua|quinta(?:-feira)?|qui|sexta(?:-feira)?|sex|s[aá]bado|sab)(?=\W|\d|$)/i;

// What chrono's English parsers can read without a digit (chrono-node 2.10's dictionaries and
// casual patterns): casual dates (now, today, tonight, tomorrow, overmorrow, tmr, tmrw, yesterday,
// last night) and times (morning … noon), weekdays (and "weekend", "weekday") and months whole or
// abbreviated. No leading boundary (chrono's is stricter): a superset, checked against chrono's own
// dictionaries and against chrono on every message of CLINC150 (date-times.test.ts).
const ENGLISH_WORDS_WITHOUT_DIGITS =
  /(?:now|today|tonight|tomorrow|overmorrow|tmrw?|yesterday|morning|afternoon|evening|night|midnight|midday|noon|sun(?:day)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|week(?:end|day)|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?=\W|$)/i;
// Its time units ("a day ago", "next week", "within an hour", "few mins later", "end of the month")
// are read only after one of its number words ("a", "few", "the", "one"…; "couple of"; "half") or
// after this / last / past / next / after, and before a non-letter or the words its parsers put
// after them (ago, later, from now…, "and" and another number word).
const ENGLISH_TIME_UNITS =
  /(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|an?|few|several|the|couple|of|this|last|past|next|after)\s*(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|months?|mon|mos?|quarters?|qtr|years?|yr|y)(?=\W|$|ago|before|earlier|later|after|from|henceforth|forward|out|and|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|a|few|several|the|couple)/i;

// What chrono's Spanish parsers can read without a digit (chrono-node 2.10's `es` locale): casual
// dates (ahora, hoy, mañana, ayer) and times (tarde, noche, medianoche, mediodía), weekdays and
// months whole or abbreviated (its WEEKDAY_DICTIONARY and MONTH_DICTIONARY), and time units (its
// TIME_UNIT_DICTIONARY: "una semana", "unos días", read after a number word). No leading boundary,
// any number word or none before a unit, and "de" glued after a word taken as an end (chrono reads
// "febrerode"): a superset, checked against chrono's dictionaries and against chrono on generated
// Spanish messages (date-times.test.ts).
const SPANISH_WORDS_WITHOUT_DIGITS =
  /(?:ahora|hoy|ma[ñn]ana|ayer|tarde|noche|medianoche|mediod[ií]a|domingo|dom|lunes|lun|martes|mar|mi[ée]rcoles|mi[ée]|jueves|jue|viernes|vie|s[áa]bado|s[áa]b|enero|ene|febrero|feb|marzo|abril|abr|mayo|may|junio|jun|julio|jul|agosto|ago|septiembre|setiembre|sep|octubre|oct|noviembre|nov|diciembre|dic|sec|segundos?|mins?|minutos?|h|hrs?|horas?|d[ií]as?|semanas?|mes(?:es)?|cuartos?|a[ñn]os?)(?=\W|\d|de|$)/i;

// The forms with digits added here that an older reading took for plain numbers ("dia 15", "no dia
// 20", "daqui 2 dias": chrono read neither, so their digits were a `number`).
const ADDED_DIGIT_FORM = /^(?:(?:(?:no|el|para\s+o|para\s+el)\s+)?d[ií]a\s+\d{1,2}|daqui\s+\d{1,3})(?![\p{N}])/iu;

/**
 * The length of the start of a date's text that is one of the forms with digits added here ("dia
 * 15" of "dia 15 às 10h"), 0 for any other: the system entities keep its numbers as intent features
 * (src/nlu/entities/system-entities.ts), so that reading these dates changes no classification.
 */
export function addedDigitFormLength(dateText: string): number {
  return ADDED_DIGIT_FORM.exec(dateText)?.[0].length ?? 0;
}

/**
 * Whether chrono may find a date or time in `text`: a cheap pre-pass, as chrono costs tens of
 * microseconds per message and most chat messages hold no date. The generic reader always runs.
 */
export function mayHoldDateTime(text: string, language: NluLanguage): boolean {
  if (/\d/.test(text)) return true;
  if (language === 'pt') return PORTUGUESE_WORDS_WITHOUT_DIGITS.test(text);
  if (language === 'en') return ENGLISH_WORDS_WITHOUT_DIGITS.test(text) || ENGLISH_TIME_UNITS.test(text);
  if (language === 'es') return SPANISH_WORDS_WITHOUT_DIGITS.test(text);
  return true;
}

/** Dates and times in `text`, read relative to `now` in the server's time zone. */
export function findDateTimes(text: string, language: NluLanguage, now: Date): FoundDateTime[] {
  const found: FoundDateTime[] = [];
  for (const result of PARSERS[language].parse(text, now, { forwardDate: true })) {
    if (BARE_NUMBER.test(result.text.trim())) continue;
    // A match that begins or ends inside a word is a misreading ("12 p" of "12 páginas" as 12 pm).
    const end = result.index + result.text.length;
    if (WORD_CHARACTER.test(text.charAt(result.index - 1)) || WORD_CHARACTER.test(text.charAt(end))) continue;
    const start = result.start;
    const date = start.date();
    const hasDay = start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
    const hasTime = start.isCertain('hour');
    const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
    const kind = hasDay && hasTime ? 'datetime' : hasTime ? 'time' : 'date';
    const value = kind === 'datetime' ? `${day}T${time}` : kind === 'time' ? time : day;
    found.push({ kind, value, start: result.index, end });
  }
  return found;
}
