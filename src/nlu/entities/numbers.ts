// Numbers as people write them in chat: "3", "-2", "3,5" and "1.234,56" in Portuguese and
// Spanish, "3.5" and "1,234.56" in English. A decimal separator is whichever reading is
// unambiguous; otherwise the language's own convention decides.
import type { NluLanguage } from '../text/language.js';

export interface FoundNumber {
  value: number;
  start: number;
  end: number;
}

// Not inside a word or another number ("abc123", "1.2.3.4" still yields its parts' first run);
// a unit may follow ("10kg", "50%").
const NUMBER = /(?<![\p{L}\p{N}.,])-?\d+(?:[.,]\d+)*(?!\p{N})/gu;

function decimalCommaLanguage(language: NluLanguage): boolean {
  return language === 'pt' || language === 'es';
}

/** Reads a digit string with separators; undefined when it cannot be one number. */
export function readNumber(written: string, language: NluLanguage): number | undefined {
  const negative = written.startsWith('-');
  const digits = negative ? written.slice(1) : written;
  const decimal = decimalCommaLanguage(language) ? ',' : '.';
  const thousands = decimal === ',' ? '.' : ',';
  let integer = digits;
  let fraction = '';
  if (digits.includes(decimal)) {
    const at = digits.lastIndexOf(decimal);
    integer = digits.slice(0, at);
    fraction = digits.slice(at + 1);
    if (fraction.includes(thousands)) return undefined;
  } else {
    const groups = digits.split(thousands);
    // "1.5" in Portuguese or "3,5" in English: a single separator not followed by exactly three
    // digits cannot be a thousands separator, so people meant a decimal.
    const last = groups[groups.length - 1] ?? '';
    if (groups.length === 2 && last.length !== 3) {
      integer = groups[0] ?? '';
      fraction = last;
    }
  }
  const parts = integer.split(thousands);
  if (parts.length > 1 && parts.slice(1).some((group) => group.length !== 3)) return undefined;
  if (parts.length > 1 && ((parts[0] ?? '').length === 0 || (parts[0] ?? '').length > 3)) return undefined;
  const value = Number(`${parts.join('')}${fraction ? `.${fraction}` : ''}`);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

export function findNumbers(text: string, language: NluLanguage): FoundNumber[] {
  const found: FoundNumber[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const value = readNumber(match[0], language);
    if (value === undefined) continue;
    found.push({ value, start: match.index, end: match.index + match[0].length });
  }
  return found;
}
