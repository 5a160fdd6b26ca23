import { describe, expect, it } from 'vitest';
import { findNumbers, readNumber } from './numbers.js';

describe('readNumber', () => {
  it('reads Portuguese and Spanish decimal commas and thousands dots', () => {
    expect(readNumber('3,5', 'pt')).toBe(3.5);
    expect(readNumber('1.234,56', 'pt')).toBe(1234.56);
    expect(readNumber('1.000', 'pt')).toBe(1000);
    expect(readNumber('2.000.000', 'es')).toBe(2_000_000);
    expect(readNumber('0,25', 'es')).toBe(0.25);
  });

  it('takes a dot as decimal where it cannot separate thousands', () => {
    expect(readNumber('1.5', 'pt')).toBe(1.5);
    expect(readNumber('10.50', 'pt')).toBe(10.5);
  });

  it('reads English decimals and thousands', () => {
    expect(readNumber('3.5', 'en')).toBe(3.5);
    expect(readNumber('1,234.56', 'en')).toBe(1234.56);
    expect(readNumber('1,000', 'en')).toBe(1000);
  });

  it('reads negatives and refuses what cannot be one number', () => {
    expect(readNumber('-2', 'pt')).toBe(-2);
    expect(readNumber('1.2.3', 'pt')).toBeUndefined();
    expect(readNumber('12.34.567', 'pt')).toBeUndefined();
  });
});

describe('findNumbers', () => {
  it('finds numbers with their offsets', () => {
    const text = 'quero 2 cópias de 3,5 páginas';
    const found = findNumbers(text, 'pt');
    expect(found).toEqual([
      { value: 2, start: 6, end: 7 },
      { value: 3.5, start: 18, end: 21 },
    ]);
  });

  it('ignores digits inside words and a sentence-final dot', () => {
    expect(findNumbers('código abc123', 'pt')).toEqual([]);
    expect(findNumbers('são 10.', 'pt')).toEqual([{ value: 10, start: 4, end: 6 }]);
    expect(findNumbers('pesa 10kg', 'pt')).toEqual([{ value: 10, start: 5, end: 7 }]);
  });
});
