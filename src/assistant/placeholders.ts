// `{placeholders}` in skill texts, in one place for everything that reads or rewrites them: the
// skills that fill them (src/skills), the checks, renames of contexts. A placeholder names a
// context, or a built-in value (`$today`), and may say how to write the value:
//   {nome}  {data_visita:date}  {valor:currency}  {valor:currency:EUR}  {$today:date}
// Formats follow the assistant's locale (Intl): date, time, datetime, number, currency.

/** name, then an optional format and its argument (a currency code). */
const PLACEHOLDER = /\{(\$?[A-Za-z_][\w.-]*)(?::([A-Za-z]+)(?::([A-Za-z]+))?)?\}/g;

export type PlaceholderFormat = 'date' | 'time' | 'datetime' | 'number' | 'currency';

export const PLACEHOLDER_FORMATS: readonly PlaceholderFormat[] = ['date', 'time', 'datetime', 'number', 'currency'];

/**
 * Values every skill may use without a context: today's date, the date and time, the
 * conversation's id, and a random six-digit number (a demo protocol number).
 */
export const BUILT_IN_VALUES = ['$today', '$now', '$conversation', '$random'] as const;

export type BuiltInValue = (typeof BUILT_IN_VALUES)[number];

export interface Placeholder {
  /** The context's name, or a built-in value (`$today`). */
  name: string;
  /** As written: may be unknown (the checks report it). */
  format?: string;
  argument?: string;
  /** Where it is in the text, and its length. */
  index: number;
  length: number;
}

export function isBuiltIn(name: string): name is BuiltInValue {
  return (BUILT_IN_VALUES as readonly string[]).includes(name);
}

export function placeholdersOf(text: string): Placeholder[] {
  if (!text.includes('{')) return [];
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({
    name: match[1] ?? '',
    ...(match[2] === undefined ? {} : { format: match[2] }),
    ...(match[3] === undefined ? {} : { argument: match[3] }),
    index: match.index,
    length: match[0].length,
  }));
}

/** The contexts a text's placeholders name (built-in values aside). */
export function contextsNamedIn(text: string): string[] {
  return [...new Set(placeholdersOf(text).map((placeholder) => placeholder.name).filter((name) => !isBuiltIn(name)))];
}

/** Each placeholder replaced by what `write` returns for it. */
export function replacePlaceholders(text: string, write: (placeholder: Placeholder) => string): string {
  if (!text.includes('{')) return text;
  return text.replace(PLACEHOLDER, (match: string, name: string, format: string | undefined, argument: string | undefined, index: number) =>
    write({ name, ...(format === undefined ? {} : { format }), ...(argument === undefined ? {} : { argument }), index, length: match.length }),
  );
}

/** The text with the context `from` renamed `to` in its placeholders, formats kept. */
export function renamePlaceholders(text: string, from: string, to: string): string {
  return replacePlaceholders(text, (placeholder) => {
    const name = placeholder.name === from ? to : placeholder.name;
    const format = placeholder.format === undefined ? '' : `:${placeholder.format}${placeholder.argument === undefined ? '' : `:${placeholder.argument}`}`;
    return `{${name}${format}}`;
  });
}

/** A problem with a placeholder's format, or undefined. */
export function formatProblem(placeholder: Placeholder): string | undefined {
  const { format, argument } = placeholder;
  if (format === undefined) return undefined;
  if (!(PLACEHOLDER_FORMATS as readonly string[]).includes(format)) {
    return `placeholder {${placeholder.name}:${format}} has the unknown format "${format}" (formats: ${PLACEHOLDER_FORMATS.join(', ')})`;
  }
  if (argument !== undefined && (format !== 'currency' || !/^[A-Za-z]{3}$/.test(argument))) {
    return format === 'currency'
      ? `placeholder {${placeholder.name}:currency:${argument}}: "${argument}" is not a currency code such as BRL, USD or EUR`
      : `placeholder {${placeholder.name}:${format}:${argument}}: only currency takes an argument (a currency code)`;
  }
  return undefined;
}

/**
 * A text whose emptied placeholders left gaps, tidied: doubled spaces, a space before punctuation,
 * a comma before the end of the sentence ("Olá , {nome} !" with no name → "Olá!").
 */
export function tidyEmptiedText(text: string): string {
  return text
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.!?;:])/g, '$1')
    .replace(/([,;:])\1+/g, '$1')
    .replace(/[,;:]([.!?])/g, '$1')
    .replace(/^[ ,;:]+/, '')
    .replace(/ +$/, '');
}
