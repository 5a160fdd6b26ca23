import { describe, expect, it } from 'vitest';
import type { Intent } from '../assistant/content.js';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { trainModel } from './train.js';
import { NLU_FALLBACK_INTENT } from './types.js';

const nlu = new NluInterpreter(trainModel(HELP_DESK));

describe('NluInterpreter.parse', () => {
  it('answers in Rasa’s shape, with a ranking sorted by confidence', () => {
    const result = nlu.parse('  esqueci minha senha  ', 0.3);
    expect(Object.keys(result).sort()).toEqual(['entities', 'intent', 'intent_ranking', 'text']);
    expect(result.text).toBe('esqueci minha senha');
    expect(result.intent.name).toBe('redefinir_senha');
    expect(result.intent_ranking[0]).toEqual(result.intent);
    expect(result.intent_ranking.map((entry) => entry.name).sort()).toEqual([...nlu.intents].sort());
    const confidences = result.intent_ranking.map((entry) => entry.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    for (const confidence of confidences) {
      expect(typeof confidence).toBe('number');
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it('falls back just above the top confidence and answers just below it, keeping the candidates after the fallback', () => {
    const text = 'meu login';
    const confident = nlu.parse(text, 0);
    const { name, confidence } = confident.intent;
    expect(name).toBe('redefinir_senha');
    // Room on both sides, so that the two thresholds below are real thresholds.
    expect(confidence).toBeGreaterThan(0.05);
    expect(confidence).toBeLessThan(0.99);
    const above = Math.min(1, confidence + 0.01);
    const result = nlu.parse(text, above);
    expect(result.intent).toEqual({ name: NLU_FALLBACK_INTENT, confidence: above });
    expect(result.intent_ranking[0]).toEqual({ name: NLU_FALLBACK_INTENT, confidence: above });
    expect(result.intent_ranking.slice(1)).toEqual(confident.intent_ranking);
    expect(nlu.parse(text, confidence - 0.01).intent).toEqual({ name, confidence });
  });

  it('keeps the intent when its confidence is exactly the threshold', () => {
    const { confidence, name } = nlu.parse('a impressora travou', 0).intent;
    expect(nlu.parse('a impressora travou', confidence).intent.name).toBe(name);
  });

  it('falls back on empty text, or text with no words, without throwing', () => {
    for (const text of ['', '   ', '?!', '👍🎉']) {
      const result = nlu.parse(text, 0.3);
      expect(result.intent).toEqual({ name: NLU_FALLBACK_INTENT, confidence: 0.3 });
      expect(result.intent_ranking).toEqual([{ name: NLU_FALLBACK_INTENT, confidence: 0.3 }]);
      expect(result.entities).toEqual([]);
      expect(result.text).toBe(text.trim());
    }
  });

  it('falls back on empty text even with a zero threshold', () => {
    expect(nlu.parse('', 0).intent.name).toBe(NLU_FALLBACK_INTENT);
  });

  it('ranks at most ten intents', () => {
    const intents: Intent[] = Array.from({ length: 14 }, (_, i) => ({
      name: `intent_${i}`,
      phrases: [{ text: `assunto numero ${i} palavra${i}` }, { text: `outro jeito de falar ${i} termo${i}` }],
    }));
    const many = new NluInterpreter(trainModel({ language: 'pt', intents, contexts: [], regexes: [] }));
    const result = many.parse('assunto palavra3', 0);
    expect(result.intent.name).toBe('intent_3');
    expect(result.intent_ranking).toHaveLength(10);
    const fallback = many.parse('assunto palavra3', 1);
    expect(fallback.intent_ranking).toHaveLength(11);
    expect(fallback.intent_ranking[0]?.name).toBe(NLU_FALLBACK_INTENT);
  });

  it('reports entities with offsets in the trimmed text', () => {
    const withContexts = new NluInterpreter(
      trainModel({ ...HELP_DESK, contexts: [{ name: 'quantidade', type: 'float', min: 1, max: 100 }] }),
    );
    const result = withContexts.parse('  imprimir 3 cópias ', 0.3);
    expect(result.text).toBe('imprimir 3 cópias');
    expect(result.entities).toEqual([
      { entity: 'number', start: 9, end: 10, confidence: 1, value: 3, extractor: 'NumberExtractor' },
      { entity: 'quantidade', start: 9, end: 10, confidence: 1, value: 3, extractor: 'NumberExtractor' },
    ]);
  });
});
