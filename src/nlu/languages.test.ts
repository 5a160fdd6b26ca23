// Each language the NLU knows, end to end: normalisation and stemming of its own words, and a
// small assistant in it that understands inflected, unaccented chat spellings. Brazilian and
// European Portuguese share one language ("pt", "pt-BR", "pt-PT"): their differences are words
// (ecrã / tela, telemóvel / celular), which the assistant's own phrases teach.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCURACY_THRESHOLD } from '../assistant/content.js';
import { NluInterpreter } from './interpreter.js';
import { resolveLanguage } from './text/language.js';
import { stemmerFor } from './text/stemmer.js';
import { tokenise } from './text/tokenise.js';
import { trainModel } from './train.js';

const words = (text: string, code: string): string[] => tokenise(text, resolveLanguage(code)).map((token) => token.text);
const stems = (text: string, code: string): string[] => tokenise(text, resolveLanguage(code)).map((token) => token.stem);

function assistant(language: string, intents: Record<string, string[]>): NluInterpreter {
  return new NluInterpreter(
    trainModel({
      language,
      intents: Object.entries(intents).map(([name, phrases]) => ({ name, phrases: phrases.map((text) => ({ text })) })),
      contexts: [],
      regexes: [],
    }),
  );
}

describe('Brazilian Portuguese (pt-BR)', () => {
  it('normalises chat spelling and stems inflections together', () => {
    expect(words('Vc Tb Não Consegue Acessar?', 'pt-BR')).toEqual(['voce', 'tambem', 'nao', 'consegue', 'acessar']);
    expect(stems('impressoras', 'pt-BR')).toEqual(stems('impressora', 'pt-BR'));
    expect(stemmerFor('pt')('conseguindo')).toBe(stemmerFor('pt')('conseguiu'));
  });

  it('understands an inflected, unaccented paraphrase', () => {
    const nlu = assistant('pt-BR', {
      celular: ['meu celular não liga', 'o celular quebrou', 'celular com a tela trincada', 'troca de celular'],
      boleto: ['preciso da segunda via do boleto', 'o boleto venceu', 'quero pagar o boleto', 'boleto atrasado'],
    });
    expect(nlu.parse('os celulares nao ligam', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('celular');
    expect(nlu.parse('2a via dos boletos', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('boleto');
  });
});

describe('European Portuguese (pt-PT)', () => {
  it('normalises and stems as Portuguese', () => {
    expect(resolveLanguage('pt-PT')).toBe('pt');
    expect(words('O ECRÃ do telemóvel', 'pt-PT')).toEqual(['o', 'ecra', 'do', 'telemovel']);
    expect(stems('faturas', 'pt-PT')).toEqual(stems('fatura', 'pt-PT'));
  });

  it('understands its own vocabulary', () => {
    const nlu = assistant('pt-PT', {
      telemovel: ['o meu telemóvel não liga', 'o ecrã do telemóvel partiu', 'quero trocar de telemóvel', 'telemóvel avariado'],
      fatura: ['preciso da fatura', 'a fatura está errada', 'enviem-me a fatura', 'onde vejo as faturas'],
    });
    expect(nlu.parse('o ecra partiu-se', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('telemovel');
    expect(nlu.parse('as minhas faturas', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('fatura');
  });
});

describe('English (en)', () => {
  it('normalises chat spelling and stems inflections', () => {
    expect(words('Thx, u r GREAT!!!', 'en')).toEqual(['thanks', 'you', 'are', 'great']);
    expect(stems('printers printing', 'en')).toEqual(stems('printer print', 'en'));
  });

  it('understands an inflected paraphrase', () => {
    const nlu = assistant('en', {
      printer: ['my printer is not printing', 'the printer jammed', 'printer out of ink', 'fix the printer'],
      password: ['i forgot my password', 'reset my password', 'password expired', 'change my password'],
    });
    expect(nlu.parse('printers keep jamming', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('printer');
    expect(nlu.parse('pls reset passwords', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('password');
  });
});

describe('Spanish (es)', () => {
  it('normalises chat spelling and accents, and stems inflections', () => {
    expect(words('Xq NO funciona la contraseña?', 'es')).toEqual(['porque', 'no', 'funciona', 'la', 'contrasena']);
    expect(stems('impresoras', 'es')).toEqual(stems('impresora', 'es'));
  });

  it('understands an inflected, unaccented paraphrase', () => {
    const nlu = assistant('es', {
      impresora: ['la impresora no imprime', 'se atascó la impresora', 'impresora sin tinta', 'arreglar la impresora'],
      contrasena: ['olvidé mi contraseña', 'cambiar la contraseña', 'mi contraseña caducó', 'restablecer contraseña'],
    });
    expect(nlu.parse('las impresoras no imprimen', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('impresora');
    expect(nlu.parse('olvide las contrasenas', DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe('contrasena');
  });
});
