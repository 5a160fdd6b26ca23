// The background class (background.ts): everyday messages trained as one hidden class, so that a
// stranger's message loses its probability to it instead of going to the intent whose phrases
// share one of its words.
import { describe, expect, it } from 'vitest';
import { backgroundPhrases } from './background.js';
import { HELP_DESK, HELP_DESK_INTENTS } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { parseModel, serialiseModel } from './model.js';
import { conversationalKinds } from './text/conversational-words.js';
import { foldWord } from './text/normalise.js';
import { trainModel } from './train.js';
import type { NluTrainingData } from './types.js';

const LANGUAGES = ['pt', 'en', 'es'] as const;

const texts = (phrases: string[]): { text: string }[] => phrases.map((text) => ({ text }));

// Written for this test (none is in a background list): off-topic messages that share a word with
// the help desk's phrases ("hoje", "quero", "problema", "minha", "ajuda"…).
const STRANGERS_SHARING_A_WORD = [
  'hoje o jogo do meu time foi um problema',
  'quero aprender a tocar violão',
  'minha tia vem almoçar aqui domingo',
  'qual o melhor filme do ano passado',
  'meu cachorro não para de latir',
  'preciso de uma ideia para o aniversário da minha mãe',
  'como faço um bolo de cenoura',
  'o ônibus atrasou de novo hoje de manhã',
];

const PARAPHRASES: readonly [string, string][] = [
  ['esqueci a senha do sistema', 'redefinir_senha'],
  ['a impressora parou de imprimir', 'problema_impressora'],
  ['muito obrigado pela ajuda', 'agradecimento'],
  ['tchau, até amanhã', 'despedida'],
  ['bom dia', 'saudacao'],
];

describe('background messages', () => {
  it('has a list of its own for Portuguese, English and Spanish, none for other languages', () => {
    const sizes = LANGUAGES.map((language) => backgroundPhrases(language).length);
    expect(sizes[0]).toBeGreaterThanOrEqual(400);
    expect(sizes[1]).toBeGreaterThanOrEqual(400);
    expect(sizes[2]).toBeGreaterThanOrEqual(300);
    expect(backgroundPhrases('generic')).toEqual([]);
    for (const language of LANGUAGES) {
      const phrases = backgroundPhrases(language);
      expect(new Set(phrases.map((phrase) => phrase.toLowerCase())).size).toBe(phrases.length);
      for (const phrase of phrases) expect(phrase.trim().length).toBeGreaterThan(0);
    }
  });

  it('holds no greeting, farewell, thanks, yes or no alone: replies every assistant is taught', () => {
    for (const language of LANGUAGES) {
      for (const phrase of backgroundPhrases(language)) {
        const words = [...phrase.matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map(([word]) => foldWord(word));
        const kinds = conversationalKinds(words, language);
        expect(kinds.some((kind) => kind === undefined), `${language}: "${phrase}" is only a reply`).toBe(true);
      }
    }
  });
});

describe('training with the background class', () => {
  it('adds one class after the intents that no parse reports', () => {
    const model = trainModel(HELP_DESK, { crossValidate: false });
    expect(model.background).toBe(true);
    expect(model.classifier.numClasses).toBe(HELP_DESK_INTENTS.length + 1);
    expect(model.intents).toEqual(HELP_DESK_INTENTS.map((intent) => intent.name));
    const nlu = new NluInterpreter(model);
    for (const text of [...backgroundPhrases('pt').slice(0, 40), ...STRANGERS_SHARING_A_WORD]) {
      const parsed = nlu.parse(text, 0);
      for (const { name } of parsed.intent_ranking) expect(model.intents).toContain(name);
      expect(parsed.intent_ranking).toHaveLength(HELP_DESK_INTENTS.length);
    }
  });

  it('keeps it through the artifact, and still loads an artifact without one', () => {
    const withBackground = parseModel(serialiseModel(trainModel(HELP_DESK, { crossValidate: false })));
    expect(withBackground.background).toBe(true);
    expect(new NluInterpreter(withBackground).parse('esqueci a senha', 0.2).intent.name).toBe('redefinir_senha');
    const without = parseModel(serialiseModel(trainModel(HELP_DESK, { crossValidate: false, background: false })));
    expect(without.background).toBeUndefined();
    expect(without.classifier.numClasses).toBe(HELP_DESK_INTENTS.length);
    expect(new NluInterpreter(without).parse('esqueci a senha', 0.2).intent.name).toBe('redefinir_senha');
    // A background claimed by an artifact whose classifier has none is refused.
    const forged = JSON.parse(serialiseModel(trainModel(HELP_DESK, { crossValidate: false, background: false }))) as Record<string, unknown>;
    expect(() => parseModel(JSON.stringify({ ...forged, background: true }))).toThrow(/classifier does not match the intents/);
  });

  it('takes confidence from strangers that share a word with an intent, and keeps the paraphrases answered', () => {
    const withBackground = new NluInterpreter(trainModel(HELP_DESK, { crossValidate: false }));
    const without = new NluInterpreter(trainModel(HELP_DESK, { crossValidate: false, background: false }));
    const mean = (nlu: NluInterpreter): number =>
      STRANGERS_SHARING_A_WORD.reduce((sum, text) => sum + nlu.parse(text, 0).intent.confidence, 0) / STRANGERS_SHARING_A_WORD.length;
    expect(mean(withBackground)).toBeLessThan(mean(without) * 0.6);
    const fellBack = (nlu: NluInterpreter): number =>
      STRANGERS_SHARING_A_WORD.filter((text) => nlu.parse(text, 0.2).intent.name === 'nlu_fallback').length;
    expect(fellBack(withBackground)).toBeGreaterThan(fellBack(without));
    expect(fellBack(withBackground)).toBeGreaterThanOrEqual(5);
    for (const [text, intent] of PARAPHRASES) expect(withBackground.parse(text, 0.2).intent.name, text).toBe(intent);
  });

  it("leaves out the background messages that look like the assistant's own phrases (an assistant about football)", () => {
    const football: NluTrainingData = {
      language: 'pt',
      contexts: [],
      regexes: [],
      intents: [
        {
          name: 'placar',
          phrases: texts(['qual foi o placar do jogo', 'quanto ficou o jogo de ontem', 'quem ganhou o jogo', 'resultado da partida', 'o jogo terminou empatado?']),
        },
        {
          name: 'melhor_time',
          phrases: texts(['qual o melhor time do brasil', 'qual time ganhou mais títulos', 'quem é o maior campeão', 'qual o time com mais torcida', 'melhor time do mundo']),
        },
        {
          name: 'proximo_jogo',
          phrases: texts(['quando é o próximo jogo', 'que dia tem jogo', 'qual o horário da partida', 'contra quem é o próximo jogo', 'tem jogo no domingo?']),
        },
      ],
    };
    const nlu = new NluInterpreter(trainModel(football, { crossValidate: false }));
    for (const [text, intent] of [
      ['qual o melhor time do brasil hoje', 'melhor_time'],
      ['quanto ficou o jogo do flamengo', 'placar'],
      ['quando tem o próximo jogo do time', 'proximo_jogo'],
    ] as const) {
      const parsed = nlu.parse(text, 0.2);
      expect(parsed.intent.name, text).toBe(intent);
      expect(parsed.intent.confidence, text).toBeGreaterThan(0.5);
    }
  });

  it('trains none for a language without a list', () => {
    const model = trainModel({ ...HELP_DESK, language: 'de' }, { crossValidate: false });
    expect(model.background).toBeUndefined();
    expect(model.classifier.numClasses).toBe(HELP_DESK_INTENTS.length);
  });
});
