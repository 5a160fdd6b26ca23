// Brazilian taxpayer numbers: CPF (people, 11 digits) and CNPJ (companies, 14 digits), written
// with or without their dots, slash and dash. A number counts only when its two check digits
// (mod 11, as the Receita Federal defines them) are right, so a random run of digits, a phone
// number or an order number is not taken for a document.

export interface FoundDocument {
  kind: 'cpf' | 'cnpj';
  /** The digits alone ("12345678909"). */
  value: string;
  start: number;
  end: number;
}

// Not inside a longer run of digits or of a word.
const CNPJ = /(?<![\p{L}\p{N}])\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}(?![\p{L}\p{N}])/gu;
// A CPF's groups may be parted by dots and a hyphen, or by single spaces, as people type it.
const CPF = /(?<![\p{L}\p{N}])\d{3}[. ]?\d{3}[. ]?\d{3}[- ]?\d{2}(?![\p{L}\p{N}])/gu;

function checkDigit(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += (digits[i] as number) * weight;
  });
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

function toDigits(text: string): number[] {
  return [...text.replace(/\D/g, '')].map(Number);
}

/** True for an 11-digit CPF whose check digits are right (and not all one repeated digit). */
export function isValidCpf(text: string): boolean {
  const digits = toDigits(text);
  if (digits.length !== 11 || new Set(digits).size === 1) return false;
  const first = checkDigit(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const second = checkDigit(digits, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return digits[9] === first && digits[10] === second;
}

/** True for a 14-digit CNPJ whose check digits are right (and not all one repeated digit). */
export function isValidCnpj(text: string): boolean {
  const digits = toDigits(text);
  if (digits.length !== 14 || new Set(digits).size === 1) return false;
  const first = checkDigit(digits, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const second = checkDigit(digits, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return digits[12] === first && digits[13] === second;
}

export function findBrazilianDocuments(text: string): FoundDocument[] {
  const found: FoundDocument[] = [];
  const taken: [number, number][] = [];
  for (const match of text.matchAll(CNPJ)) {
    if (!isValidCnpj(match[0])) continue;
    const end = match.index + match[0].length;
    found.push({ kind: 'cnpj', value: match[0].replace(/\D/g, ''), start: match.index, end });
    taken.push([match.index, end]);
  }
  for (const match of text.matchAll(CPF)) {
    const end = match.index + match[0].length;
    if (taken.some(([start, stop]) => match.index < stop && end > start)) continue;
    if (!isValidCpf(match[0])) continue;
    found.push({ kind: 'cpf', value: match[0].replace(/\D/g, ''), start: match.index, end });
  }
  return found.sort((a, b) => a.start - b.start);
}
