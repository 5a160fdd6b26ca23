import { describe, expect, it } from 'vitest';
import { stemmerFor } from './stemmer.js';
import { tokenise } from './tokenise.js';

describe('tokenise', () => {
  it('normalises words and keeps their offsets in the original text', () => {
    const text = 'Olá!!! Vc pode me ajudar??';
    const tokens = tokenise(text, 'pt');
    expect(tokens.map((t) => t.text)).toEqual(['ola', 'voce', 'pode', 'me', 'ajudar']);
    for (const token of tokens) expect(token.end).toBeGreaterThan(token.start);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Olá', 'Vc', 'pode', 'me', 'ajudar']);
  });

  it('drops punctuation and emoji without shifting offsets', () => {
    const text = '👋😀 oi, tudo bem? 🙏';
    const tokens = tokenise(text, 'pt');
    expect(tokens.map((t) => t.text)).toEqual(['oi', 'tudo', 'bem']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['oi', 'tudo', 'bem']);
  });

  it('gives nothing for text without words', () => {
    expect(tokenise('   ?!... 👍🎉', 'pt')).toEqual([]);
    expect(tokenise('', 'en')).toEqual([]);
  });

  it('points every word of an expanded abbreviation at the written word', () => {
    const tokens = tokenise('ajuda pfv', 'pt');
    expect(tokens.map((t) => [t.text, t.start, t.end])).toEqual([
      ['ajuda', 0, 5],
      ['por', 6, 9],
      ['favor', 6, 9],
    ]);
  });

  it('de-stretches words before stemming', () => {
    const tokens = tokenise('obrigadooo', 'pt');
    expect(tokens[0]?.text).toBe('obrigado');
    expect(tokens[0]?.stem).toBe(stemmerFor('pt')('obrigado'));
  });

  it('keeps numbers as words', () => {
    expect(tokenise('tenho 2 impressoras', 'pt').map((t) => t.text)).toEqual(['tenho', '2', 'impressoras']);
  });
});

describe('stemmerFor', () => {
  it('stems Portuguese so that inflections meet', () => {
    const stem = stemmerFor('pt');
    expect(stem('impressoras')).toBe(stem('impressora'));
    expect(stem('imprimir')).toBe(stem('imprime'));
    expect(stem('senhas')).toBe(stem('senha'));
    expect(stem('obrigada')).toBe(stem('obrigado'));
  });

  it('stems English', () => {
    const stem = stemmerFor('en');
    expect(stem('printing')).toBe(stem('print'));
    expect(stem('passwords')).toBe('password');
  });

  it('stems Spanish', () => {
    const stem = stemmerFor('es');
    expect(stem('impresoras')).toBe(stem('impresora'));
    expect(stem('contrasenas')).toBe(stem('contrasena'));
  });

  it('does not stem an unknown language', () => {
    expect(stemmerFor('generic')('imprimantes')).toBe('imprimantes');
  });
});
