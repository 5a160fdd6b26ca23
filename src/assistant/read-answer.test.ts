import { describe, expect, it } from 'vitest';
import type { Context } from './content.js';
import { readTypedAnswer, withoutLeadIn } from './read-answer.js';

const quantidade: Context = { name: 'quantidade', type: 'float', min: 1, max: 10 };
const wide: Context = { name: 'valor', type: 'float', min: 0, max: 1_000_000 };
const range = { problem: { kind: 'number', min: 1, max: 10 } };

describe('readTypedAnswer: numbers written as words', () => {
  it('reads Portuguese number words (pt-BR and pt-PT), accents optional', () => {
    expect(readTypedAnswer(quantidade, 'duas', 'pt')).toEqual({ value: 2 });
    expect(readTypedAnswer(quantidade, 'três pizzas', 'pt-BR')).toEqual({ value: 3 });
    expect(readTypedAnswer(quantidade, 'tres', 'pt')).toEqual({ value: 3 });
    expect(readTypedAnswer(quantidade, 'Dez', 'pt')).toEqual({ value: 10 });
    expect(readTypedAnswer(quantidade, 'quero duas pizzas grandes', 'pt')).toEqual({ value: 2 });
    expect(readTypedAnswer(wide, 'vinte e cinco', 'pt')).toEqual({ value: 25 });
    expect(readTypedAnswer(wide, 'dezasseis', 'pt-PT')).toEqual({ value: 16 });
    expect(readTypedAnswer(wide, 'dezesseis', 'pt-BR')).toEqual({ value: 16 });
    expect(readTypedAnswer(wide, 'cento e vinte e três', 'pt')).toEqual({ value: 123 });
    expect(readTypedAnswer(wide, 'cem', 'pt')).toEqual({ value: 100 });
    expect(readTypedAnswer(wide, 'duzentas', 'pt')).toEqual({ value: 200 });
    expect(readTypedAnswer(wide, 'mil e quinhentos', 'pt')).toEqual({ value: 1500 });
    expect(readTypedAnswer(wide, 'dois mil trezentos e quarenta e cinco', 'pt')).toEqual({ value: 2345 });
  });

  it('reads "um"/"uma" as one when the question asks a number', () => {
    expect(readTypedAnswer(quantidade, 'uma', 'pt')).toEqual({ value: 1 });
    expect(readTypedAnswer(quantidade, 'só uma pizza', 'pt')).toEqual({ value: 1 });
    expect(readTypedAnswer(quantidade, 'one', 'en')).toEqual({ value: 1 });
    expect(readTypedAnswer(quantidade, 'una', 'es')).toEqual({ value: 1 });
  });

  it('reads English number words, hyphenated or not', () => {
    expect(readTypedAnswer(wide, 'twenty-five', 'en')).toEqual({ value: 25 });
    expect(readTypedAnswer(wide, 'twenty five', 'en')).toEqual({ value: 25 });
    expect(readTypedAnswer(quantidade, 'two pizzas please', 'en')).toEqual({ value: 2 });
    expect(readTypedAnswer(wide, 'a hundred', 'en')).toEqual({ value: 100 });
    expect(readTypedAnswer(wide, 'one hundred and five', 'en')).toEqual({ value: 105 });
    expect(readTypedAnswer(wide, 'three thousand four hundred', 'en')).toEqual({ value: 3400 });
    expect(readTypedAnswer(wide, 'fifteen', 'en-GB')).toEqual({ value: 15 });
  });

  it('reads Spanish number words', () => {
    expect(readTypedAnswer(quantidade, 'dos', 'es')).toEqual({ value: 2 });
    expect(readTypedAnswer(wide, 'veintiuno', 'es')).toEqual({ value: 21 });
    expect(readTypedAnswer(wide, 'veintidós', 'es')).toEqual({ value: 22 });
    expect(readTypedAnswer(wide, 'treinta y dos', 'es')).toEqual({ value: 32 });
    expect(readTypedAnswer(wide, 'cien', 'es')).toEqual({ value: 100 });
    expect(readTypedAnswer(wide, 'ciento uno', 'es')).toEqual({ value: 101 });
    expect(readTypedAnswer(wide, 'dos mil', 'es')).toEqual({ value: 2000 });
  });

  it('reads the words of the assistant’s language only: "dos" is "of the" in Portuguese', () => {
    expect(readTypedAnswer(quantidade, 'dos', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'duas', 'en')).toEqual(range);
  });

  it('still says the range for a number word outside it, or for two numbers', () => {
    expect(readTypedAnswer(quantidade, 'onze', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'vinte e cinco', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'zero', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'twelve', 'en')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'duas ou três', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'muitas', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'cinco cinco', 'pt')).toEqual(range);
  });

  it('reads halves ("X e meio/meia", "X and a half", "X y medio/media") as decimals, within the float context’s min/max', () => {
    expect(readTypedAnswer(quantidade, 'dois e meio', 'pt')).toEqual({ value: 2.5 });
    expect(readTypedAnswer(quantidade, 'duas e meia', 'pt')).toEqual({ value: 2.5 });
    expect(readTypedAnswer(quantidade, 'quero três e meia pizzas', 'pt')).toEqual({ value: 3.5 });
    expect(readTypedAnswer(wide, 'vinte e cinco e meio', 'pt')).toEqual({ value: 25.5 });
    expect(readTypedAnswer({ ...wide, max: 2_000_000 }, 'um milhão e meio', 'pt')).toEqual({ value: 1_500_000 });
    expect(readTypedAnswer(quantidade, 'two and a half', 'en')).toEqual({ value: 2.5 });
    expect(readTypedAnswer(wide, 'twenty-one and a half', 'en')).toEqual({ value: 21.5 });
    expect(readTypedAnswer({ ...wide, max: 2_000_000 }, 'a million and a half', 'en')).toEqual({ value: 1_500_000 });
    expect(readTypedAnswer(quantidade, 'dos y medio', 'es')).toEqual({ value: 2.5 });
    expect(readTypedAnswer(quantidade, 'dos y media', 'es')).toEqual({ value: 2.5 });
    expect(readTypedAnswer(wide, 'treinta y dos y medio', 'es')).toEqual({ value: 32.5 });
    // The range still holds: 10.5 is over 10, and 0.5 under 1.
    expect(readTypedAnswer(quantidade, 'dez e meio', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'ten and a half', 'en')).toEqual(range);
    expect(readTypedAnswer({ name: 'nota', type: 'float', min: 0, max: 10 }, 'nove e meio', 'pt')).toEqual({ value: 9.5 });
  });

  it('reads no half on its own, nor a half that follows no number', () => {
    // "meia" alone is also six when Brazilians read digits: no reading of its own.
    expect(readTypedAnswer(quantidade, 'meia', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'meio', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'half', 'en')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'e meia', 'pt')).toEqual(range);
    // "duas, meia calabresa" is two, not 2.5: a half follows "e".
    expect(readTypedAnswer(quantidade, 'duas, meia calabresa', 'pt')).toEqual({ value: 2 });
  });

  it('reads dozens ("uma dúzia", "meia dúzia", "a dozen", "half a dozen", "media docena", "dúzia e meia")', () => {
    expect(readTypedAnswer(wide, 'uma dúzia', 'pt')).toEqual({ value: 12 });
    expect(readTypedAnswer(wide, 'duas dúzias', 'pt')).toEqual({ value: 24 });
    expect(readTypedAnswer(wide, 'meia dúzia', 'pt')).toEqual({ value: 6 });
    expect(readTypedAnswer(wide, 'quero meia duzia de pães', 'pt')).toEqual({ value: 6 });
    expect(readTypedAnswer(wide, 'uma dúzia e meia', 'pt')).toEqual({ value: 18 });
    expect(readTypedAnswer(wide, 'dúzia', 'pt')).toEqual({ value: 12 });
    expect(readTypedAnswer(wide, 'a dozen', 'en')).toEqual({ value: 12 });
    expect(readTypedAnswer(wide, 'two dozen', 'en')).toEqual({ value: 24 });
    expect(readTypedAnswer(wide, 'half a dozen', 'en')).toEqual({ value: 6 });
    expect(readTypedAnswer(wide, 'a dozen and a half', 'en')).toEqual({ value: 18 });
    expect(readTypedAnswer(wide, 'una docena', 'es')).toEqual({ value: 12 });
    expect(readTypedAnswer(wide, 'media docena', 'es')).toEqual({ value: 6 });
    expect(readTypedAnswer(wide, 'dos docenas y media', 'es')).toEqual({ value: 30 });
    // A dozen is 12: out of 1..10.
    expect(readTypedAnswer(quantidade, 'uma dúzia', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'meia dúzia', 'pt')).toEqual({ value: 6 });
  });

  it('reads a pair, a couple and ten ("um par", "a couple", "un par", "uma dezena") only after a number or an article', () => {
    expect(readTypedAnswer(quantidade, 'um par', 'pt')).toEqual({ value: 2 });
    expect(readTypedAnswer(quantidade, 'um par de pcs', 'pt')).toEqual({ value: 2 });
    expect(readTypedAnswer(quantidade, 'uma dezena', 'pt')).toEqual({ value: 10 });
    expect(readTypedAnswer(wide, 'duas dezenas', 'pt')).toEqual({ value: 20 });
    expect(readTypedAnswer(quantidade, 'a couple', 'en')).toEqual({ value: 2 });
    expect(readTypedAnswer(quantidade, 'a couple of laptops', 'en')).toEqual({ value: 2 });
    expect(readTypedAnswer(quantidade, 'un par', 'es')).toEqual({ value: 2 });
    expect(readTypedAnswer(quantidade, 'una decena', 'es')).toEqual({ value: 10 });
    // Alone, "par" is also "even".
    expect(readTypedAnswer(quantidade, 'par', 'pt')).toEqual(range);
  });

  it('reads no number in a vague amount ("um monte", "a lot", "un montón"): the question is asked again, not 1', () => {
    expect(readTypedAnswer(quantidade, 'um monte', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'um monte de pcs', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'uma porção', 'pt')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'a bunch', 'en')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'un montón', 'es')).toEqual(range);
  });

  it('takes no number when two are offered as alternatives ("2 ou 3", "dois ou 3", "2 a 3", "two or three")', () => {
    for (const text of ['2 ou 3', '2 ou três', 'dois ou 3', 'duas ou três', 'uns dois ou três', '2 a 3', '2-3']) expect(readTypedAnswer(quantidade, text, 'pt'), text).toEqual(range);
    expect(readTypedAnswer(quantidade, '2 or three', 'en')).toEqual(range);
    expect(readTypedAnswer(quantidade, 'dos o 3', 'es')).toEqual(range);
    // A number with another number word further on is still the number.
    expect(readTypedAnswer(quantidade, '3 pizzas, uma grande', 'pt')).toEqual({ value: 3 });
  });

  it('keeps reading digits first', () => {
    expect(readTypedAnswer(quantidade, '3 pizzas', 'pt')).toEqual({ value: 3 });
    expect(readTypedAnswer(quantidade, '11', 'pt')).toEqual(range);
  });
});

describe('withoutLeadIn: a free-text answer opened by words naming its own context', () => {
  it('takes what follows the lead-in, as written', () => {
    expect(withoutLeadIn('meu login é jsilva', 'login', 'pt')).toBe('jsilva');
    expect(withoutLeadIn('Meu Login É JSilva', 'login', 'pt-BR')).toBe('JSilva');
    expect(withoutLeadIn('o meu login seria j.silva', 'login', 'pt')).toBe('j.silva');
    expect(withoutLeadIn('login: jsilva', 'login', 'pt')).toBe('jsilva');
    expect(withoutLeadIn('minha matrícula é 12345', 'matricula', 'pt')).toBe('12345');
    expect(withoutLeadIn('meu nome completo é João da Silva', 'nome_completo', 'pt')).toBe('João da Silva');
    expect(withoutLeadIn('my username is jsilva', 'username', 'en')).toBe('jsilva');
    expect(withoutLeadIn('mi nombre es Ana', 'nombre', 'es')).toBe('Ana');
  });

  it('leaves an answer alone when the words do not name the context, or nothing follows them', () => {
    expect(withoutLeadIn('jsilva', 'login', 'pt')).toBe('jsilva');
    expect(withoutLeadIn('meu login não funciona desde ontem', 'login', 'pt')).toBe('meu login não funciona desde ontem');
    expect(withoutLeadIn('o problema é que a impressora não liga', 'descricao', 'pt')).toBe('o problema é que a impressora não liga');
    expect(withoutLeadIn('meu login é', 'login', 'pt')).toBe('meu login é');
    expect(withoutLeadIn('loginé jsilva', 'login', 'pt')).toBe('loginé jsilva');
  });

  it('is how a free-text question reads its answer', () => {
    const login: Context = { name: 'login', type: 'text', values: [] } as Context;
    expect(readTypedAnswer(login, '  meu login é jsilva ', 'pt')).toEqual({ value: 'jsilva' });
    expect(readTypedAnswer(login, 'jsilva', 'pt')).toEqual({ value: 'jsilva' });
  });
});
