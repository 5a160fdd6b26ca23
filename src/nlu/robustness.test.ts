// How people type in chats, rule by rule: each variant of a message must read as the clean
// message does — the same words after normalisation, and the same intent from the classifier.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCURACY_THRESHOLD } from '../assistant/content.js';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { tokenise } from './tokenise.js';
import { trainModel } from './train.js';

const nlu = new NluInterpreter(trainModel(HELP_DESK));
const words = (text: string): string[] => tokenise(text, 'pt').map((token) => token.text);
const intentOf = (text: string): string => nlu.parse(text, DEFAULT_ACCURACY_THRESHOLD).intent.name;

describe.each([
  ['accents or none', 'não consigo acessar minha senha', 'nao consigo acessar minha senha', 'redefinir_senha'],
  ['case', 'não consigo acessar minha senha', 'NÃO Consigo ACESSAR Minha Senha', 'redefinir_senha'],
  ['punctuation', 'não consigo acessar minha senha', '...não consigo, acessar minha senha?!', 'redefinir_senha'],
  ['emoji', 'não consigo acessar minha senha', '😡 não consigo acessar minha senha 🔑🙏', 'redefinir_senha'],
  ['repeated letters', 'não consigo acessar minha senha', 'nãããão consigo acessar minha senhaaaa', 'redefinir_senha'],
  ['vc', 'você pode me ajudar com a senha', 'vc pode me ajudar com a senha', 'redefinir_senha'],
  ['pq', 'a impressora não imprime porque travou', 'a impressora não imprime pq travou', 'problema_impressora'],
  ['tb / tbm', 'a impressora também não imprime', 'a impressora tb não imprime', 'problema_impressora'],
  ['tbm', 'a impressora também não imprime', 'a impressora tbm não imprime', 'problema_impressora'],
  ['q', 'acho que a impressora quebrou', 'acho q a impressora quebrou', 'problema_impressora'],
  ['blz', 'beleza, obrigado', 'blz, obrigado', 'agradecimento'],
  ['obg', 'obrigado pela ajuda', 'obg pela ajuda', 'agradecimento'],
])('%s', (_rule, clean, variant, intent) => {
  it('normalises to the same words', () => {
    expect(words(variant)).toEqual(words(clean));
  });

  it('gives the clean message and its variant their intent, above the default threshold', () => {
    expect(intentOf(clean)).toBe(intent);
    expect(intentOf(variant)).toBe(intent);
  });
});

describe('a one-letter typo in a word of five or more letters', () => {
  // One-word messages, so that the misspelt word is the only clue.
  it.each([
    ['impresora', 'problema_impressora'], // a letter missing
    ['impressorra', 'problema_impressora'], // a letter added
    ['imprssora', 'problema_impressora'], // another letter missing
    ['obrigafo', 'agradecimento'], // a letter replaced
    ['bloqeada', 'redefinir_senha'], // a letter missing
  ])('%s → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });
});
