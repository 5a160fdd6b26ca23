import { describe, expect, it } from 'vitest';
import { findNumbersInWords, numberWordsOf } from './number-words.js';

const read = (text: string, language: string) => findNumbersInWords(numberWordsOf(text), language);

describe('findNumbersInWords: halves', () => {
  it('ends a number with its half after "e"/"and"/"y", the half’s words in its span', () => {
    expect(read('quero duas e meia pizzas', 'pt')).toEqual([{ value: 2.5, first: 1, last: 4 }]);
    expect(read('two and a half please', 'en')).toEqual([{ value: 2.5, first: 0, last: 4 }]);
    expect(read('dos y medio', 'es')).toEqual([{ value: 2.5, first: 0, last: 3 }]);
  });

  it('halves the multiplier a number ends with ("um milhão e meio", "uma dúzia e meia"), else one', () => {
    expect(read('um milhão e meio', 'pt')).toEqual([{ value: 1_500_000, first: 0, last: 4 }]);
    expect(read('uma dúzia e meia', 'pt')).toEqual([{ value: 18, first: 0, last: 4 }]);
    expect(read('mil e quinhentos e meio', 'pt')).toEqual([{ value: 1500.5, first: 0, last: 5 }]);
  });

  it('reads no half without a number before it, and none without "e"', () => {
    expect(read('meia', 'pt')).toEqual([]);
    expect(read('e meio', 'pt')).toEqual([]);
    expect(read('half', 'en')).toEqual([]);
    expect(read('duas meia', 'pt')).toEqual([{ value: 2, first: 0, last: 1 }]);
  });
});

describe('findNumbersInWords: dozens', () => {
  it('reads a dozen as twelve of what comes before, alone or after an article as one dozen', () => {
    expect(read('uma dúzia de ovos', 'pt')).toEqual([{ value: 12, first: 0, last: 2 }]);
    expect(read('duas duzias', 'pt')).toEqual([{ value: 24, first: 0, last: 2 }]);
    expect(read('dúzia', 'pt')).toEqual([{ value: 12, first: 0, last: 1 }]);
    expect(read('a dozen eggs', 'en')).toEqual([{ value: 12, first: 0, last: 2 }]);
    expect(read('three dozen', 'en')).toEqual([{ value: 36, first: 0, last: 2 }]);
    expect(read('una docena', 'es')).toEqual([{ value: 12, first: 0, last: 2 }]);
  });

  it('reads half a dozen as six', () => {
    expect(read('meia dúzia de pães', 'pt')).toEqual([{ value: 6, first: 0, last: 2 }]);
    expect(read('half a dozen', 'en')).toEqual([{ value: 6, first: 0, last: 3 }]);
    expect(read('media docena', 'es')).toEqual([{ value: 6, first: 0, last: 2 }]);
  });

  it('takes nothing after a dozen but its half: "uma dúzia e duas" is two numbers', () => {
    expect(read('uma dúzia e duas', 'pt')).toEqual([
      { value: 12, first: 0, last: 2 },
      { value: 2, first: 3, last: 4 },
    ]);
    expect(read('dos docenas y media', 'es')).toEqual([{ value: 30, first: 0, last: 4 }]);
  });

  it('reads the words of the assistant’s language only', () => {
    expect(read('dozen', 'pt')).toEqual([]);
    expect(read('dúzia', 'en')).toEqual([]);
  });
});

describe('findNumbersInWords: pairs, tens and vague amounts', () => {
  it('reads a pair or a ten after a number or an article', () => {
    expect(read('um par de pcs', 'pt')).toEqual([{ value: 2, first: 0, last: 2 }]);
    expect(read('dois pares', 'pt')).toEqual([{ value: 4, first: 0, last: 2 }]);
    expect(read('uma dezena e meia', 'pt')).toEqual([{ value: 15, first: 0, last: 4 }]);
    expect(read('a couple of days', 'en')).toEqual([{ value: 2, first: 0, last: 2 }]);
    expect(read('un par', 'es')).toEqual([{ value: 2, first: 0, last: 2 }]);
    expect(read('par', 'pt')).toEqual([]);
    expect(read('couple', 'en')).toEqual([]);
  });

  it('reads no number before a vague amount ("um monte", "a lot")', () => {
    expect(read('um monte de pcs', 'pt')).toEqual([]);
    expect(read('um pouco', 'pt')).toEqual([]);
    expect(read('one bunch', 'en')).toEqual([]);
    expect(read('un montón', 'es')).toEqual([]);
    expect(read('um monte, uns dois', 'pt')).toEqual([{ value: 2, first: 3, last: 4 }]);
  });
});
