// Reads the answer to a dialogue's question from a user message: the NLU's entities first (a
// value or synonym said anywhere in the message, a yes/no word, a number within range, a date or
// an e-mail for a context filled by a system entity), then the whole message by the context's type
// (src/assistant/read-answer.ts). A `/intent` payload is never an answer.
import type { Context } from '../assistant/content.js';
import { hasReservation, holdsNoAnswer, isUnsure, readYesNo, wordsBesidesValues } from '../assistant/answer-words.js';
import { normalisePhrase } from '../assistant/check-content.js';
import { findNumbersInWords, numberWordsOf } from '../assistant/number-words.js';
import { answerProblem, readTypedAnswer, type AnswerReading } from '../assistant/read-answer.js';
import type { ParseResult } from '../nlu/types.js';

export interface SlotAnswerInput {
  text: string;
  parse: ParseResult;
  /** The message was a `/intent{…}` payload (or an intent triggered from outside). */
  isPayload: boolean;
  language: string;
}

/** The value, or why the message does not fit; undefined when the message holds no answer at all. */
export function readSlotAnswer(context: Context, input: SlotAnswerInput): AnswerReading | undefined {
  // "Não sei" holds a "não" the NLU reads as a no: the user does not know, so the question stays.
  if (context.type === 'boolean' && !input.isPayload && isUnsure(input.text, input.language)) return { problem: answerProblem(context) };
  // A yes/no question reads the reply as the confirmation does, before the NLU's yes/no entity
  // (which takes any "sim" or "não" in it): "claro que não" and "sim, mas pode esperar" are a no,
  // and a yes with a "but" ("sim, mas rápido") is neither. A reply readYesNo does not read ("é
  // urgente, sim") still gets the NLU's yes/no.
  if (context.type === 'boolean' && !input.isPayload) {
    const said = readYesNo(input.text, input.language);
    if (said !== undefined) return { value: said };
    if (hasReservation(input.text, input.language)) return { problem: answerProblem(context) };
  }
  const entityName = context.type === 'text' && context.entity !== undefined ? context.entity : context.name;
  // Two numbers offered as alternatives ("7 ou 8", "2 a 3") are no answer to a number question:
  // taking the first would record a value the user did not choose; the question comes again.
  if (context.type === 'float' && givesSeveralValues(input.parse, entityName)) return { problem: answerProblem(context) };
  // Two values or more of a context that takes one ("computador e monitor"): taking the first would
  // record a choice the user did not make; which one is asked (no context takes a list).
  const named = valuesNamed(context, input.parse);
  if (named.length > 1) return { problem: { kind: 'values', values: named, several: true } };
  for (const entity of input.parse.entities) {
    const value = entityValueFor(entityName, entity);
    if (value !== undefined) return { value };
  }
  if (input.isPayload) return undefined;
  // A free-text question takes any text, but "não sei" or "como assim?" is no description: stored,
  // it would be registered as one. The question comes again, with a hint.
  if (isFreeText(context) && holdsNoAnswer(input.text, input.language)) return { problem: { kind: 'text', noAnswer: true } };
  return readTypedAnswer(context, input.text, input.language) ?? { problem: answerProblem(context) };
}

/** The different values of a context with values (and synonyms) the message's entities name, in order; none for other contexts. */
export function valuesNamed(context: Context, parse: Pick<ParseResult, 'entities'>): string[] {
  if (!((context.type === 'text' && context.entity === undefined) || context.type === 'categorical') || context.values.length === 0) return [];
  return [...new Set(parse.entities.filter((entity) => entity.entity === context.name).map((entity) => String(entity.value)))];
}

/** Whether the message gives entity `name` two values or more ("7 ou 8", "2 a 3"). */
export function givesSeveralValues(parse: Pick<ParseResult, 'entities'>, name: string): boolean {
  return new Set(parse.entities.filter((entity) => entity.entity === name).map((entity) => entity.value)).size > 1;
}

/**
 * The value an NLU entity gives a context filled by entities of kind `kind`: its own value when it
 * is of that kind, and a `datetime`'s date part for a date ("amanhã às 10h" answers "Para qual
 * data?") or its time part for a time; undefined when it gives none.
 */
export function entityValueFor(kind: string, entity: { entity: string; value: unknown }): unknown {
  if (entity.entity === kind) return entity.value;
  if (entity.entity !== 'datetime' || typeof entity.value !== 'string') return undefined;
  const [day, time] = entity.value.split('T');
  if (kind === 'date' && day !== undefined && day !== '') return day;
  if (kind === 'time' && time !== undefined && time !== '') return time;
  return undefined;
}

/** Whether a context takes any text: a text context without values or a system entity (a description). */
export function isFreeText(context: Context | undefined): boolean {
  return context?.type === 'text' && context.values.length === 0 && context.entity === undefined;
}

/** The words of the message that lie outside the given spans, in order. */
export function wordsOutside(text: string, spans: ReadonlyArray<{ start: number; end: number }>): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!spans.some((span) => start < span.end && end > span.start)) words.push(match[0]);
  }
  return words;
}

/** Leftover words that make a message that named a value a description too. */
const FREE_TEXT_EXTRA_WORDS = 3;

/**
 * Whether a message that names values (the spans) says more than them, so it also answers a
 * free-text question ("impressora do 3º andar, não imprime"): at least three words besides the
 * values, some of which say something of their own. Articles and copulas do not ("it's the
 * printer" only names a value), and a correction's opening ("na verdade é o computador", "actually
 * it's the printer") makes the message a change of an earlier answer unless three words or more
 * say something besides ("na verdade o computador desliga sozinho quando imprimo").
 */
export function saysMoreThanValues(text: string, spans: ReadonlyArray<{ start: number; end: number }>, language: string): boolean {
  const words = wordsOutside(text, spans);
  if (words.length < FREE_TEXT_EXTRA_WORDS) return false;
  const { said, correction } = wordsBesidesValues(words.map(normalisePhrase), language);
  return said > 0 && (!correction || said >= FREE_TEXT_EXTRA_WORDS);
}

/**
 * The one number a message says — digits ("3", "2,5") or words in the language ("três", "two and
 * a half") — and its other words, normalised and in order; undefined when it says none or several.
 * Text inside the spans is left out (values of other contexts said beside the number).
 */
export function oneNumberAndWords(
  text: string,
  language: string,
  spans: ReadonlyArray<{ start: number; end: number }> = [],
): { number: string; words: string[] } | undefined {
  const tokens: Array<{ word: string; digits: boolean }> = [];
  for (const match of text.matchAll(/\d+(?:[.,]\d+)?|[\p{L}\p{N}]+/gu)) {
    const start = match.index;
    const end = start + match[0].length;
    if (spans.some((span) => start < span.end && end > span.start)) continue;
    const digits = /^\d/.test(match[0]);
    tokens.push({ word: digits ? match[0] : numberWordsOf(match[0]).join(' '), digits });
  }
  const words = tokens.map((token) => token.word);
  const digits = tokens.flatMap((token, index) => (token.digits ? [index] : []));
  const inWords = findNumbersInWords(words, language);
  if (digits.length + inWords.length !== 1) return undefined;
  if (digits.length === 1) {
    const at = digits[0] as number;
    return { number: words[at] as string, words: words.filter((_, index) => index !== at) };
  }
  const only = inWords[0] as { first: number; last: number };
  return { number: words.slice(only.first, only.last).join(' '), words: [...words.slice(0, only.first), ...words.slice(only.last)] };
}
