import { describe, expect, it } from 'vitest';
import { HELP_DESK } from '../help-desk-pt.fixture.js';
import { NluInterpreter } from '../interpreter.js';
import { SpellingCorrector } from './spelling-corrector.js';
import { trainModel } from '../train.js';

const corrector = (counts: Record<string, number>): SpellingCorrector => new SpellingCorrector(new Map(Object.entries(counts)));

describe('SpellingCorrector', () => {
  const words = corrector({ outlook: 3, teams: 4, impressora: 9, senha: 5, senhas: 1, conta: 5, conte: 1, bloqueada: 1 });

  it.each([
    ['a letter missing', 'oulook', 'outlook'],
    ['a letter added', 'teamss', 'teams'],
    ['a letter replaced', 'impresdora', 'impressora'],
    ['two neighbours swapped', 'impresosra', 'impressora'],
    ['a letter missing inside', 'bloqeada', 'bloqueada'],
  ])('corrects %s: %s → %s', (_rule, typo, word) => {
    expect(words.correct(typo)).toBe(word);
  });

  it('never changes a known word, even one edit from a more frequent one', () => {
    expect(words.correct('senhas')).toBe('senhas');
    expect(words.correct('conte')).toBe('conte');
  });

  it('prefers the most frequent candidate', () => {
    expect(words.correct('contax')).toBe('conta');
    expect(corrector({ conta: 5, contas: 1 }).correct('contaz')).toBe('conta');
  });

  it('prefers a candidate of the same length on a tie', () => {
    const tie = corrector({ senhas: 1, senhasx: 1 });
    expect(tie.correct('senhaz')).toBe('senhas');
    // …and the first in alphabetical order among those.
    expect(corrector({ mouses: 2, mooses: 2 }).correct('moises')).toBe('mooses');
  });

  it('corrects a replaced letter only from six letters: in five, it is most often another word', () => {
    const known = corrector({ lento: 4, ligar: 2, certo: 1, senha: 5, acesso: 3, impressora: 9 });
    // Real words one replaced letter from a taught one stay as written.
    for (const word of ['tento', 'lugar', 'perto']) expect(known.correct(word)).toBe(word);
    // A missing, added or swapped letter is still corrected in five letters.
    expect(known.correct('aceso')).toBe('acesso');
    expect(known.correct('senah')).toBe('senha');
    expect(known.correct('senhaa')).toBe('senha');
    // A replaced letter in six letters or more is corrected.
    expect(known.correct('impresdora')).toBe('impressora');
    expect(corrector({ acesso: 1 }).correct('acessa')).toBe('acesso');
  });

  it('leaves words of fewer than five letters, words with digits and words two edits away', () => {
    expect(words.correct('snha')).toBe('snha');
    expect(corrector({ vpn: 3 }).correct('vpm')).toBe('vpm');
    expect(corrector({ teams2: 3, teams: 1 }).correct('teams3')).toBe('teams3');
    expect(words.correct('impresosrra')).toBe('impresosrra');
    expect(words.correct('futebol')).toBe('futebol');
  });
});

describe('typos in a message', () => {
  const nlu = new NluInterpreter(trainModel(HELP_DESK));

  it('classifies a misspelt word as the word it stands for', () => {
    for (const typo of ['impresosra', 'imrpessora', 'impressorq', 'bloqeada']) {
      const corrected = nlu.evidence(typo);
      const written = nlu.evidence(typo === 'bloqeada' ? 'bloqueada' : 'impressora');
      expect([...corrected.scores]).toEqual([...written.scores]);
      expect(corrected.similarity).toBe(written.similarity);
    }
  });

  it('keeps entities and offsets on the written word', () => {
    const model = trainModel({
      ...HELP_DESK,
      contexts: [{ name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: [] }] }],
    });
    const entities = new NluInterpreter(model).parse('a impresosra travou', 0).entities;
    expect(entities).toEqual([expect.objectContaining({ entity: 'equipamento', value: 'impressora', start: 2, end: 12, confidence: 0.8 })]);
  });
});
