// How the answer to a dialogue's question is read by the context's type, from the message alone:
// a text context's value or synonym, a categorical value, yes or no, a number within the range, or
// any text. A number may be written as words ("duas", "vinte e cinco", "twenty-five";
// number-words.ts), "um"/"uma"/"one" included, since here the question asks a number. The dialogue
// (src/dialogue) reads the NLU's entities first; the flow checks use this to tell whether a
// button's value answers a question.
import { answerLanguage, readYesNo } from './answer-words.js';
import type { Context } from './content.js';
import { canonicalValue } from './context-value.js';
import { findNumbersInWords, numberWordsOf } from './number-words.js';

/** Why an answer does not fit, so the message can say what would. */
export type AnswerProblem =
  /** `several`: the message named two or more of them (`values`: those named) where one is taken (src/dialogue/read-slot-answer.ts). */
  | { kind: 'values'; values: string[]; several?: true }
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'entity'; entity: string }
  /** `noAnswer`: the message to a free-text question was only a "não sei" or a question back (src/dialogue/read-slot-answer.ts). */
  | { kind: 'text'; noAnswer?: true };

export type AnswerReading = { value: unknown } | { problem: AnswerProblem };

/** Words that may open a lead-in naming the context ("meu login é …", "my name is …", "mi correo es …"). */
const LEAD_IN = {
  pt: { openers: ['o meu', 'a minha', 'meu', 'minha', 'o', 'a'], links: ['e', 'eh', 'seria', 'sera'] },
  en: { openers: ['my', 'the'], links: ['is', 'would be', 'will be'] },
  es: { openers: ['mi', 'el', 'la'], links: ['es', 'seria', 'sera'] },
} as const;

/** A string folded letter by letter (lowercase, accents off), as long as the original. */
function foldInPlace(text: string): string {
  return [...text].map((char) => (char.normalize('NFD')[0] ?? char).toLowerCase()).join('');
}

/**
 * A free-text answer without a lead-in that names its own context: "meu login é jsilva" → "jsilva",
 * "login: jsilva" → "jsilva", "my username is jsilva" (context `username`) → "jsilva", "mi nombre es
 * Ana" (context `nombre`) → "Ana". The context's name, its words apart ("nome_completo" → "nome
 * completo"), must follow the opener and be followed by a link word or a colon; anything else is
 * the answer as written. What remains keeps its case and accents.
 */
export function withoutLeadIn(text: string, contextName: string, language: string): string {
  const lang = answerLanguage(language);
  const { openers, links } = LEAD_IN[lang];
  const name = foldInPlace(contextName.replace(/[_-]+/g, ' ').trim());
  if (name === '' || text.length !== [...text].length) return text;
  const folded = foldInPlace(text);
  if (folded.length !== text.length) return text;
  const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const opener = `(?:(?:${openers.map(escape).join('|')})\\s+)?`;
  const link = `(?:\\s*[:=]\\s*|\\s+(?:${links.map(escape).join('|')})\\s*[:]?\\s+|'s\\s+)`;
  const match = new RegExp(`^${opener}${escape(name).replace(/ /g, '\\s+')}${link}`, 'u').exec(folded);
  if (match === null) return text;
  const rest = text.slice(match[0].length).trim();
  return rest === '' ? text : rest;
}

/** The longest text a free-text context takes from one message. */
export const MAX_FREE_TEXT_LENGTH = 2000;

const NUMBER = /^[^\d-]{0,20}(-?\d+(?:[.,]\d+)?)[^\d]{0,20}$/u;
/** Words around a number written as words, as the 20 characters around digits: "quero duas pizzas grandes". */
const MAX_WORDS_AROUND_NUMBER = 4;

/** The one number a message without digits writes as words ("três pizzas" → 3); NaN for none or several. */
function numberInWords(text: string, language: string): number {
  if (/\p{N}/u.test(text)) return Number.NaN;
  const words = numberWordsOf(text);
  const found = findNumbersInWords(words, language);
  if (found.length !== 1) return Number.NaN;
  const [only] = found as [{ value: number; first: number; last: number }];
  if (only.first > MAX_WORDS_AROUND_NUMBER || words.length - only.last > MAX_WORDS_AROUND_NUMBER) return Number.NaN;
  return only.value;
}

/** Words that offer two numbers as alternatives or a range: "2 ou 3", "dois ou 3", "two or three", "2 a 3", "dos o tres". */
const ALTERNATIVES: Readonly<Record<'pt' | 'en' | 'es', ReadonlySet<string>>> = {
  pt: new Set(['ou', 'a', 'ate']),
  en: new Set(['or', 'to']),
  es: new Set(['o', 'u', 'a', 'hasta']),
};

/**
 * Whether the message offers numbers as alternatives ("2 ou 3", "duas ou 3", "2 a 3", "2-3"): two
 * numbers, digits or words, with only such a word (or a hyphen) between them. The user has not
 * chosen, so the question is asked again rather than taking the first.
 */
function offersAlternatives(text: string, language: string): boolean {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/\d+(?:[.,]\d+)?|\p{L}+/gu) ?? [];
  // Each word: a number (digits, or the first word of a number in words), part of one, or another word.
  const isNumber: Array<boolean | 'inside'> = words.map((word) => (/^\d/.test(word) ? true : false));
  for (const found of findNumbersInWords(words, language)) {
    isNumber[found.first] = true;
    for (let index = found.first + 1; index < found.last; index += 1) isNumber[index] = 'inside';
  }
  const alternatives = ALTERNATIVES[answerLanguage(language)];
  const numbers = words.map((_, index) => index).filter((index) => isNumber[index] === true);
  for (let n = 1; n < numbers.length; n += 1) {
    let previousEnd = numbers[n - 1] as number;
    while (isNumber[previousEnd + 1] === 'inside') previousEnd += 1;
    const between = words.slice(previousEnd + 1, numbers[n]);
    if (between.length === 0 || (between.length === 1 && alternatives.has(between[0] as string))) return true;
  }
  return false;
}

function valuesOf(context: Context): string[] {
  if (context.type === 'text') return context.values.map((value) => value.value);
  if (context.type === 'categorical') return [...context.values];
  return [];
}

/** What the context needs, as a problem (for the message that says so). */
export function answerProblem(context: Context): AnswerProblem {
  switch (context.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'float':
      return { kind: 'number', ...(context.min === undefined ? {} : { min: context.min }), ...(context.max === undefined ? {} : { max: context.max }) };
    case 'text':
      if (context.entity !== undefined) return { kind: 'entity', entity: context.entity };
      return context.values.length > 0 ? { kind: 'values', values: valuesOf(context) } : { kind: 'text' };
    case 'categorical':
      return { kind: 'values', values: valuesOf(context) };
  }
}

/**
 * The value the whole message gives the context, or why it does not fit; undefined for a context
 * filled by a system entity, which only the NLU recognises.
 */
export function readTypedAnswer(context: Context, text: string, language: string): AnswerReading | undefined {
  const trimmed = text.trim();
  switch (context.type) {
    case 'text':
      if (context.entity !== undefined) return undefined;
      if (context.values.length === 0) return trimmed === '' ? { problem: { kind: 'text' } } : { value: withoutLeadIn(trimmed, context.name, language).slice(0, MAX_FREE_TEXT_LENGTH) };
      break;
    case 'boolean': {
      const yes = readYesNo(trimmed, language);
      return yes === undefined ? { problem: answerProblem(context) } : { value: yes };
    }
    case 'float': {
      if (offersAlternatives(trimmed, language)) return { problem: answerProblem(context) };
      const match = NUMBER.exec(trimmed);
      const number = match ? Number((match[1] ?? '').replace(',', '.')) : numberInWords(trimmed, language);
      if (!Number.isFinite(number)) return { problem: answerProblem(context) };
      if ((context.min !== undefined && number < context.min) || (context.max !== undefined && number > context.max)) return { problem: answerProblem(context) };
      return { value: number };
    }
    case 'categorical':
      break;
  }
  const checked = canonicalValue(context, trimmed, 'values');
  return 'problem' in checked ? { problem: answerProblem(context) } : { value: checked.value };
}
