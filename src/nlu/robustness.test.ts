// How people type in chats, rule by rule: each variant of a message must read as the clean
// message does — the same words after normalisation, and the same intent from the classifier.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCURACY_THRESHOLD } from '../assistant/content.js';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { tokenise } from './text/tokenise.js';
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

describe("a help desk's clipped and chat words", () => {
  // Each thing in one intent, taught with its full word as administrators write it; the messages
  // hold the user's short form and nothing else that one intent taught and another did not.
  const phrase = (text: string): { text: string } => ({ text });
  const things = new NluInterpreter(
    trainModel({
      language: 'pt',
      intents: [
        { name: 'notebook', phrases: ['o notebook quebrou', 'preciso de um notebook', 'meu notebook está ruim', 'trocar o notebook'].map(phrase) },
        { name: 'celular', phrases: ['o celular quebrou', 'preciso de um celular', 'meu celular está ruim', 'trocar o celular'].map(phrase) },
        { name: 'internet', phrases: ['a internet caiu', 'estou sem internet', 'a internet está ruim', 'problema na internet'].map(phrase) },
        { name: 'whatsapp', phrases: ['o WhatsApp caiu', 'estou sem WhatsApp', 'o WhatsApp está ruim', 'problema no WhatsApp'].map(phrase) },
        { name: 'computador', phrases: ['o computador quebrou', 'preciso de um computador', 'meu computador está ruim', 'trocar o computador'].map(phrase) },
        { name: 'wifi', phrases: ['o Wi-Fi caiu', 'estou sem Wi-Fi', 'o Wi-Fi está ruim', 'problema no Wi-Fi'].map(phrase) },
        { name: 'email', phrases: ['o e-mail caiu', 'estou sem e-mail', 'o e-mail está ruim', 'problema no e-mail'].map(phrase) },
        { name: 'aplicativo', phrases: ['o aplicativo travou', 'instalar um aplicativo', 'o aplicativo está ruim', 'problema no aplicativo'].map(phrase) },
        { name: 'microfone', phrases: ['o microfone não funciona', 'estou sem microfone', 'o microfone está ruim', 'problema no microfone'].map(phrase) },
      ],
      contexts: [],
      regexes: [],
    }),
  );
  it.each([
    ['meu note', 'meu notebook', 'notebook'],
    ['meu cel', 'meu celular', 'celular'],
    ['cels', 'celulares', undefined],
    ['a net', 'a internet', 'internet'],
    ['o zap', 'o whatsapp', 'whatsapp'],
    ['o zapzap', 'o whatsapp', 'whatsapp'],
    ['o wpp', 'o whatsapp', 'whatsapp'],
    ['o whats', 'o whatsapp', 'whatsapp'],
    ['meu pc', 'meu computador', 'computador'],
    ['pcs', 'computadores', undefined],
    ['o wifi', 'o wi-fi', 'wifi'],
    ['o email', 'o e-mail', 'email'],
    ['emails', 'e-mails', undefined],
    ['o app', 'o aplicativo', 'aplicativo'],
    ['apps', 'aplicativos', undefined],
    ['o mic', 'o microfone', 'microfone'],
  ])('"%s" reads as "%s"', (short, full, intent) => {
    expect(words(short)).toEqual(words(full));
    if (!intent) return;
    // As sure as of the full word (without the expansion, character n-grams alone gave 0.28–0.43
    // or the fallback).
    const answer = things.parse(short, DEFAULT_ACCURACY_THRESHOLD).intent;
    expect(answer.name).toBe(intent);
    expect(answer.confidence).toBeCloseTo(things.parse(full, DEFAULT_ACCURACY_THRESHOLD).intent.confidence, 6);
    expect(answer.confidence).toBeGreaterThan(0.9);
  });

  it('expands only in Portuguese', () => {
    expect(tokenise('my pc', 'en').map((token) => token.text)).toEqual(['my', 'pc']);
  });
});
