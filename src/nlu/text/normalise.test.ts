import { describe, expect, it } from 'vitest';
import { resolveLanguage } from './language.js';
import { collapseRepeats, foldWord, normaliseWord } from './normalise.js';

describe('resolveLanguage', () => {
  it('reads language codes with regions and any case', () => {
    expect(resolveLanguage('pt-BR')).toBe('pt');
    expect(resolveLanguage('PT_br')).toBe('pt');
    expect(resolveLanguage('en-US')).toBe('en');
    expect(resolveLanguage('es')).toBe('es');
  });

  it('handles any other language generically', () => {
    expect(resolveLanguage('fr')).toBe('generic');
    expect(resolveLanguage('')).toBe('generic');
  });
});

describe('foldWord', () => {
  it('lowercases and strips accents in every language', () => {
    expect(foldWord('Não')).toBe('nao');
    expect(foldWord('AÇÃO')).toBe('acao');
    expect(foldWord('Olá')).toBe('ola');
    expect(foldWord('contraseña')).toBe('contrasena');
    expect(foldWord('Café')).toBe('cafe');
  });
});

describe('collapseRepeats', () => {
  it('cuts stretched letters to one', () => {
    expect(collapseRepeats('oiiii', 'pt')).toBe('oi');
    expect(collapseRepeats('obrigadooo', 'pt')).toBe('obrigado');
    expect(collapseRepeats('bommmm', 'pt')).toBe('bom');
    expect(collapseRepeats('holaaa', 'es')).toBe('hola');
  });

  it('keeps legitimate double letters', () => {
    expect(collapseRepeats('goooood', 'en')).toBe('good');
    expect(collapseRepeats('issssso', 'pt')).toBe('isso');
    expect(collapseRepeats('correeeo', 'es')).toBe('correo');
  });

  it('prefers a word the assistant was taught', () => {
    const known = (word: string): boolean => word === 'carro';
    expect(collapseRepeats('carrrro', 'generic', known)).toBe('carro');
    expect(collapseRepeats('carrrro', 'generic')).toBe('caro');
  });

  it('leaves words with at most two equal letters and digits alone', () => {
    expect(collapseRepeats('carro', 'pt')).toBe('carro');
    expect(collapseRepeats('1000', 'pt')).toBe('1000');
  });
});

describe('normaliseWord', () => {
  it('expands Portuguese chat abbreviations', () => {
    expect(normaliseWord('vc', 'pt')).toEqual(['voce']);
    expect(normaliseWord('pq', 'pt')).toEqual(['porque']);
    expect(normaliseWord('tb', 'pt')).toEqual(['tambem']);
    expect(normaliseWord('tbm', 'pt')).toEqual(['tambem']);
    expect(normaliseWord('q', 'pt')).toEqual(['que']);
    expect(normaliseWord('blz', 'pt')).toEqual(['beleza']);
    expect(normaliseWord('obg', 'pt')).toEqual(['obrigado']);
    expect(normaliseWord('pfv', 'pt')).toEqual(['por', 'favor']);
  });

  it('expands English and Spanish abbreviations, each in its own language', () => {
    expect(normaliseWord('pls', 'en')).toEqual(['please']);
    expect(normaliseWord('thx', 'en')).toEqual(['thanks']);
    expect(normaliseWord('u', 'en')).toEqual(['you']);
    expect(normaliseWord('xq', 'es')).toEqual(['porque']);
    expect(normaliseWord('tmb', 'es')).toEqual(['tambien']);
    expect(normaliseWord('vc', 'en')).toEqual(['vc']);
    expect(normaliseWord('vc', 'generic')).toEqual(['vc']);
  });

  it('folds, de-stretches and expands together', () => {
    expect(normaliseWord('VCCCC', 'pt')).toEqual(['voce']);
    expect(normaliseWord('Nããão', 'pt')).toEqual(['nao']);
    expect(normaliseWord('OBRIGADÃOOO', 'pt')).toEqual(['obrigadao']);
  });

  it('keeps contractions as one word', () => {
    expect(normaliseWord("don't", 'en')).toEqual(['dont']);
  });
});
