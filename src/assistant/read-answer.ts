// How the answer to a dialogue's question is read by the context's type, from the message alone:
// a text context's value or synonym, a categorical value, yes or no, a number within the range, or
// any text. A number may be written as words ("duas", "vinte e cinco", "twenty-five";
// number-words.ts), "um"/"uma"/"one" included, since here the question asks a number. The dialogue
// (src/dialogue) reads the NLU's entities first; the flow checks use this to tell whether a
// button's value answers a question.
import { readYesNo } from './answer-words.js';
import type { Context } from './content.js';
import { canonicalValue } from './context-value.js';
import { findNumbersInWords, numberWordsOf } from './number-words.js';

/** Why an answer does not fit, so the message can say what would. */
export type AnswerProblem =
  | { kind: 'values'; values: string[] }
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'entity'; entity: string }
  | { kind: 'text' };

export type AnswerReading = { value: unknown } | { problem: AnswerProblem };

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
      if (context.values.length === 0) return trimmed === '' ? { problem: { kind: 'text' } } : { value: trimmed.slice(0, MAX_FREE_TEXT_LENGTH) };
      break;
    case 'boolean': {
      const yes = readYesNo(trimmed, language);
      return yes === undefined ? { problem: answerProblem(context) } : { value: yes };
    }
    case 'float': {
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
