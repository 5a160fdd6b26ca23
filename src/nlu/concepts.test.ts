// The concept lexicon: which words yield which concept, and that a paraphrase sharing no word with
// the training phrases but a concept is understood through it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCURACY_THRESHOLD } from '../assistant/content.js';
import { findConcepts } from './concepts.js';
import { countFeatures } from './features.js';
import type { NluLanguage } from './language.js';
import { NluInterpreter } from './interpreter.js';
import { CONCEPT_WEIGHT, conversationalWeights, weighedConcepts } from './message-analyser.js';
import { tokenise } from './tokenise.js';
import { trainModel } from './train.js';

const concepts = (text: string, language: NluLanguage = 'pt'): string[] =>
  findConcepts(tokenise(text, language), language).map(({ concept }) => concept);

describe('findConcepts', () => {
  it.each([
    ['liberar meu login', ['unlock', 'account', 'sign_in']],
    ['desbloquear a conta', ['unlock', 'account']],
    ['minha máquina tá se arrastando', ['computer', 'slow']],
    ['o computador está muito lento', ['computer', 'slow']],
    ['esqueci a palavra-passe', ['forgot', 'password']],
    ['meu pc não funciona', ['computer', 'broken']],
  ])('"%s" → %j', (text, expected) => {
    expect(concepts(text).sort()).toEqual([...expected].sort());
  });

  it('reads an entry of several words as one concept, longest first ("não funciona" is broken, not "não" and "funciona")', () => {
    const found = findConcepts(tokenise('a impressora não funciona', 'pt'), 'pt');
    expect(found).toEqual([
      { concept: 'printer', first: 1, last: 1 },
      { concept: 'broken', first: 2, last: 3 },
    ]);
  });

  it('gives no concept to a function word whose stem is a concept word\'s ("para" and "parou")', () => {
    expect(concepts('a impressora parou')).toContain('broken');
    expect(concepts('isso é para você')).toEqual([]);
  });

  it('reads Spanish and English, and English words in a Portuguese message', () => {
    expect(concepts('olvidé mi contraseña', 'es').sort()).toEqual(['forgot', 'password']);
    expect(concepts('my laptop is broken', 'en').sort()).toEqual(['broken', 'computer']);
    expect(concepts('resetar o password').sort()).toEqual(['change', 'password']);
  });
});

describe('concept features', () => {
  it('count as one more word, at the concept weight times the weight of their words', () => {
    const tokens = tokenise('Bom dia, meu notebook está lento', 'pt');
    const weighing = conversationalWeights(tokens, 'pt');
    const features = countFeatures(tokens, [], { ...weighing, concepts: weighedConcepts(tokens, weighing.weights, 'pt') });
    expect(features.get('w:~computer')).toBe(CONCEPT_WEIGHT);
    expect(features.get('w:~slow')).toBe(CONCEPT_WEIGHT);
  });

  // Each intent taught in the administrator's words; the messages share none of those words with
  // the right intent, only a concept. Without the concepts they fall back (no known content word)
  // or go to another intent.
  const phrase = (text: string): { text: string } => ({ text });
  const nlu = new NluInterpreter(
    trainModel({
      language: 'pt',
      intents: [
        { name: 'desbloquear_conta', phrases: ['desbloquear a conta', 'minha conta está bloqueada', 'conta bloqueada', 'desbloqueio de conta'].map(phrase) },
        { name: 'computador_lento', phrases: ['computador lento', 'o computador está lento', 'lentidão no computador', 'computador muito lento'].map(phrase) },
        { name: 'impressora', phrases: ['a impressora não imprime', 'problema na impressora', 'impressora com defeito', 'imprimir um documento'].map(phrase) },
        { name: 'internet', phrases: ['estou sem internet', 'a internet caiu', 'internet fora do ar', 'sem conexão com a internet'].map(phrase) },
      ],
      contexts: [],
      regexes: [],
    }),
  );
  it.each([
    ['preciso destravar meu usuário', 'desbloquear_conta'],
    ['o micro tá uma carroça', 'computador_lento'],
    ['a rede wifi está offline', 'internet'],
  ])('"%s" → %s, above the default threshold', (text, intent) => {
    const { intent: answer } = nlu.parse(text, DEFAULT_ACCURACY_THRESHOLD);
    expect(answer.name).toBe(intent);
  });
});
