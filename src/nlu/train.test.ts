import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCURACY_THRESHOLD } from '../assistant/content.js';
import { HELP_DESK, HELP_DESK_INTENTS } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { trainModel } from './train.js';
import { NluTrainingError } from './training-error.js';
import { NLU_FALLBACK_INTENT, type NluTrainingData } from './types.js';

describe('trainModel on a small Portuguese help desk', () => {
  const nlu = new NluInterpreter(trainModel(HELP_DESK));

  it.each([
    ['nao consigo acessar minha senha', 'redefinir_senha'],
    ['impresora nao imprime', 'problema_impressora'],
    ['esqueci a senha do sistema', 'redefinir_senha'],
    ['bloquearam minha senha', 'redefinir_senha'],
    ['a impressora parou de funcionar', 'problema_impressora'],
    ['minha impresora ta com defeito', 'problema_impressora'],
    ['oiiii', 'saudacao'],
    ['bom diaaa', 'saudacao'],
    ['obrigadooo', 'agradecimento'],
    ['obg', 'agradecimento'],
    ['vlw', 'agradecimento'],
    ['muito obrigado pela ajuda', 'agradecimento'],
    ['tchau, até amanhã', 'despedida'],
    ['ATÉ LOGO!!!', 'despedida'],
  ])('understands an unseen paraphrase or typo: %s', (text, intent) => {
    const result = nlu.parse(text, 0.3);
    expect(result.intent.name).toBe(intent);
    expect(result.intent.confidence).toBeGreaterThanOrEqual(0.3);
  });

  it('is much less confident about what it was never taught', () => {
    const known = nlu.parse('esqueci minha senha do email', 0).intent.confidence;
    for (const text of ['qual a capital da frança?', 'quanto custa um carro', 'eu gosto de futebol']) {
      const { confidence } = nlu.parse(text, 0).intent;
      expect(confidence).toBeLessThan(0.5);
      expect(confidence).toBeLessThan(known / 2);
    }
    // Nothing in common with any phrase taught: below the default threshold.
    for (const text of ['qual a capital da frança?', 'quanto custa um carro']) {
      expect(nlu.parse(text, DEFAULT_ACCURACY_THRESHOLD).intent.name).toBe(NLU_FALLBACK_INTENT);
    }
  });

  it('trains the same model from the same data', () => {
    const again = new NluInterpreter(trainModel(HELP_DESK));
    for (const text of ['oi', 'impressora travada', 'quero pizza']) expect(again.parse(text, 0)).toEqual(nlu.parse(text, 0));
  });
});

describe('trainModel edge cases', () => {
  it('recognises an intent taught with a single phrase', () => {
    const data: NluTrainingData = {
      ...HELP_DESK,
      intents: [...HELP_DESK_INTENTS, { name: 'horario', phrases: [{ text: 'qual o horário de atendimento?' }] }],
    };
    const nlu = new NluInterpreter(trainModel(data));
    const result = nlu.parse('qual é o horário do atendimento', 0.3);
    expect(result.intent.name).toBe('horario');
  });

  it('gives an assistant with one intent confidences from the background and similarity, not 1 for everything', () => {
    const passwordOnly = HELP_DESK_INTENTS.filter((intent) => intent.name === 'redefinir_senha');
    const nlu = new NluInterpreter(trainModel({ ...HELP_DESK, intents: passwordOnly }));
    expect(nlu.intents).toEqual(['redefinir_senha']);
    const taught = nlu.parse('esqueci minha senha', 0).intent.confidence;
    const paraphrase = nlu.parse('esqueci a senha', 0).intent.confidence;
    const unrelated = nlu.parse('a impressora travou de novo', 0).intent.confidence;
    const greeting = nlu.parse('oi', 0).intent.confidence;
    expect(taught).toBeGreaterThan(0.99);
    expect(paraphrase).toBeGreaterThan(0.8);
    expect(unrelated).toBeLessThan(0.6);
    expect(greeting).toBeLessThan(0.1);
    expect(nlu.parse('a impressora travou de novo', 0.6).intent.name).toBe('nlu_fallback');
  });

  it('ignores phrases without words but keeps the intent', () => {
    const data: NluTrainingData = {
      ...HELP_DESK,
      intents: HELP_DESK_INTENTS.map((intent) =>
        intent.name === 'agradecimento' ? { ...intent, phrases: [...intent.phrases, { text: '🙏🙏' }] } : intent,
      ),
    };
    expect(new NluInterpreter(trainModel(data)).parse('obrigado', 0.3).intent.name).toBe('agradecimento');
  });

  it('uses entities found in a message as evidence for the intent', () => {
    const data: NluTrainingData = {
      language: 'pt',
      intents: [
        { name: 'comprar', phrases: [{ text: 'quero comprar um notebook' }, { text: 'preciso de uma impressora nova' }] },
        { name: 'saudacao', phrases: [{ text: 'oi' }, { text: 'bom dia' }] },
      ],
      contexts: [
        {
          name: 'produto',
          type: 'text',
          values: [
            { value: 'notebook', synonyms: [] },
            { value: 'impressora', synonyms: [] },
            { value: 'monitor', synonyms: ['tela'] },
          ],
        },
      ],
      regexes: [],
    };
    const result = new NluInterpreter(trainModel(data)).parse('um monitor', 0);
    expect(result.intent.name).toBe('comprar');
    expect(result.entities).toMatchObject([{ entity: 'produto', value: 'monitor', start: 3, end: 10 }]);
  });
});

describe('trainModel validation', () => {
  function problemsOf(data: NluTrainingData): string {
    try {
      trainModel(data);
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(NluTrainingError);
      return (error as NluTrainingError).message;
    }
    throw new Error('expected training to fail');
  }

  it('refuses an assistant without intents', () => {
    expect(problemsOf({ language: 'pt', intents: [], contexts: [], regexes: [] })).toBe(
      'The NLU model cannot be trained: the assistant has no intents.',
    );
  });

  it('lists every problem at once', () => {
    const message = problemsOf({
      language: 'pt',
      intents: [
        { name: 'vazia', phrases: [] },
        { name: 'emoji', phrases: [{ text: '👍' }] },
        { name: 'ok', phrases: [{ text: 'oi', entities: [{ entity: 'nome', value: 'x', start: 1, end: 9 }] }] },
        { name: 'ok', phrases: [{ text: 'olá' }] },
        { name: 'nlu_fallback', phrases: [{ text: 'hein' }] },
      ],
      contexts: [{ name: 'paginas', type: 'float', min: 10, max: 1 }],
      regexes: [{ name: 'ruim', pattern: '([a-z' }],
    });
    expect(message).toMatch(/^The NLU model cannot be trained \(7 problems\): /);
    expect(message).toContain('intent "vazia" has no phrases');
    expect(message).toContain('intent "emoji" has no phrase with words');
    expect(message).toContain('entity "nome" spans 1–9, outside the phrase (length 2)');
    expect(message).toContain('intent "ok" is defined more than once');
    expect(message).toContain('intent "nlu_fallback": the name is reserved');
    expect(message).toContain('context "paginas": min 10 is greater than max 1');
    expect(message).toContain('regex "ruim" is not a valid regular expression');
  });

  it('keeps the problems on the error', () => {
    try {
      trainModel({ language: 'pt', intents: [{ name: 'x', phrases: [] }], contexts: [], regexes: [] });
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(NluTrainingError);
      expect((error as NluTrainingError).problems).toEqual(['intent "x" has no phrases']);
    }
  });
});
