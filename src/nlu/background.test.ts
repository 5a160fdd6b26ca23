// The background class (background.ts): everyday messages trained as one hidden class, so that a
// stranger's message loses its probability to it instead of going to the intent whose phrases
// share one of its words.
import { describe, expect, it } from 'vitest';
import { BACKGROUND_LIKENESS, backgroundPhrases, unlikePhrases } from './background.js';
import {
  coverage,
  DEFAULT_CALIBRATION,
  NO_BACKGROUND_CALIBRATION,
  probabilitiesOf,
  referenceSimilarityOf,
} from './calibration.js';
import { HELP_DESK, HELP_DESK_INTENTS } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { parseModel, serialiseModel } from './model.js';
import { conversationalKinds } from './text/conversational-words.js';
import { seededRandom } from './seeded-random.js';
import type { SparseVector } from './sparse-vector.js';
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

  it('never predicts the background, even where it outscores every intent', () => {
    const nlu = new NluInterpreter(trainModel(HELP_DESK, { crossValidate: false }));
    let backgroundFirst = 0;
    for (const text of [...backgroundPhrases('pt').slice(0, 60), ...STRANGERS_SHARING_A_WORD]) {
      const { scores, predicted } = nlu.evidence(text);
      expect(predicted).toBeGreaterThanOrEqual(0);
      expect(predicted).toBeLessThan(HELP_DESK_INTENTS.length);
      expect(scores).toHaveLength(HELP_DESK_INTENTS.length + 1);
      if ((scores[HELP_DESK_INTENTS.length] as number) > Math.max(...scores.subarray(0, HELP_DESK_INTENTS.length))) backgroundFirst++;
    }
    expect(backgroundFirst).toBeGreaterThan(30);
  });

  it('gives the confidence of the offset softmax, background included, times coverage', () => {
    const nlu = new NluInterpreter(trainModel(HELP_DESK, { crossValidate: false }));
    expect(nlu.calibration).toEqual(DEFAULT_CALIBRATION);
    for (const text of [...STRANGERS_SHARING_A_WORD, ...PARAPHRASES.map(([phrase]) => phrase)]) {
      const evidence = nlu.evidence(text);
      const probability = probabilitiesOf(evidence.scores, HELP_DESK_INTENTS.length, DEFAULT_CALIBRATION)[evidence.predicted] as number;
      const expected = Math.min(1, probability * coverage(evidence.similarity, nlu.referenceSimilarity));
      expect(nlu.parse(text, 0).intent.confidence, text).toBeCloseTo(expected, 12);
    }
  });

  it('keeps it through the artifact, and still loads an artifact without one', () => {
    const withBackground = parseModel(serialiseModel(trainModel(HELP_DESK, { crossValidate: false })));
    expect(withBackground.background).toBe(true);
    expect(new NluInterpreter(withBackground).parse('esqueci a senha', 0.2).intent.name).toBe('redefinir_senha');
    const without = parseModel(serialiseModel(trainModel(HELP_DESK, { crossValidate: false, background: false })));
    expect(without.background).toBeUndefined();
    expect(without.classifier.numClasses).toBe(HELP_DESK_INTENTS.length);
    const old = new NluInterpreter(without);
    expect(old.parse('esqueci a senha', 0.2).intent.name).toBe('redefinir_senha');
    // Models without the class keep the calibration chosen for them (the sixth round's rising floor).
    expect(old.calibration).toEqual(NO_BACKGROUND_CALIBRATION);
    expect(old.referenceSimilarity).toBeCloseTo(referenceSimilarityOf(without.similarityPercentiles ?? [], NO_BACKGROUND_CALIBRATION, 5), 12);
    expect(old.referenceSimilarity).toBeGreaterThanOrEqual(0.2 + 0.05 * Math.log10(150 / 5) - 1e-12);
    for (const text of STRANGERS_SHARING_A_WORD) {
      const evidence = old.evidence(text);
      const probability = probabilitiesOf(evidence.scores, 5, NO_BACKGROUND_CALIBRATION)[evidence.predicted] as number;
      expect(old.parse(text, 0).intent.confidence, text).toBeCloseTo(Math.min(1, probability * coverage(evidence.similarity, old.referenceSimilarity)), 12);
    }
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
    let learnt: string[] = [];
    const model = trainModel(football, { crossValidate: false, onBackground: (texts) => (learnt = texts) });
    // "qual o melhor time do brasil" is a background message and one of its phrases: left out here,
    // learnt by the help desk, whose phrases are nothing like it.
    expect(backgroundPhrases('pt')).toContain('qual o melhor time do brasil');
    expect(learnt).not.toContain('qual o melhor time do brasil');
    expect(learnt.length).toBe(model.backgroundMessages);
    expect(learnt.length).toBeLessThan(backgroundPhrases('pt').length);
    let helpDesk: string[] = [];
    trainModel(HELP_DESK, { crossValidate: false, onBackground: (texts) => (helpDesk = texts) });
    expect(helpDesk).toContain('qual o melhor time do brasil');
    expect(parseModel(serialiseModel(model)).backgroundMessages).toBe(learnt.length);
    const nlu = new NluInterpreter(model);
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

  it("tells the share of a message's probability that went to everyday talk (0 without the class)", () => {
    const nlu = new NluInterpreter(trainModel(HELP_DESK, { crossValidate: false }));
    expect(nlu.everydayShare('meu gato dormiu a tarde inteira em cima do sofá')).toBeGreaterThan(0.5);
    expect(nlu.everydayShare('esqueci minha senha')).toBeLessThan(0.05);
    expect(nlu.everydayShare('')).toBe(0);
    const without = new NluInterpreter(trainModel(HELP_DESK, { crossValidate: false, background: false }));
    expect(without.everydayShare('meu gato dormiu a tarde inteira em cima do sofá')).toBe(0);
  });

  it('trains none for a language without a list', () => {
    const model = trainModel({ ...HELP_DESK, language: 'de' }, { crossValidate: false });
    expect(model.background).toBeUndefined();
    expect(model.classifier.numClasses).toBe(HELP_DESK_INTENTS.length);
  });
});

describe('unlikePhrases', () => {
  const unit = (entries: [number, number][]): SparseVector => {
    const norm = Math.sqrt(entries.reduce((sum, [, value]) => sum + value * value, 0));
    return { indices: Uint32Array.from(entries.map(([index]) => index)), values: Float32Array.from(entries.map(([, value]) => value / norm)) };
  };

  it('leaves out a candidate at least as similar as the likeness to one phrase, and keeps the others', () => {
    const phrases = [unit([[0, 1], [1, 1]]), unit([[2, 1]])];
    const same = unit([[0, 1], [1, 1]]);
    const unrelated = unit([[3, 1], [4, 1]]);
    const half = unit([[2, 1], [5, Math.sqrt(3)]]); // cosine 0.5 with the second phrase
    const less = unit([[2, 1], [5, 2]]); // cosine 0.447
    expect(unlikePhrases([same, unrelated, half, less], phrases, 6)).toEqual([unrelated, less]);
    expect(BACKGROUND_LIKENESS).toBe(0.5);
  });

  it('finds what comparing every candidate with every phrase finds', () => {
    const next = seededRandom(5);
    const random = (): SparseVector => {
      const indices = [...new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, () => Math.floor(next() * 30)))].sort((a, b) => a - b);
      return unit(indices.map((index) => [index, 0.1 + next()]));
    };
    const phrases = Array.from({ length: 20 }, random);
    const candidates = Array.from({ length: 200 }, random);
    const cosine = (a: SparseVector, b: SparseVector): number => {
      let sum = 0;
      a.indices.forEach((index, i) => {
        const j = b.indices.indexOf(index);
        if (j >= 0) sum += (a.values[i] as number) * (b.values[j] as number);
      });
      return sum;
    };
    const expected = candidates.filter((candidate) => Math.max(0, ...phrases.map((phrase) => cosine(candidate, phrase))) < 0.5);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(180);
    expect(unlikePhrases(candidates, phrases, 30)).toEqual(expected);
  });
});
