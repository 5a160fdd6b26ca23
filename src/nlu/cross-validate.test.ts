import { describe, expect, it } from 'vitest';
import type { Intent } from '../assistant/content.js';
import { MAX_CROSS_VALIDATED_PHRASES } from './cross-validate.js';
import { HELP_DESK, HELP_DESK_INTENTS } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { loadModel, serialiseModel } from './model.js';
import { trainModel } from './train.js';

const intent = (name: string, phrases: string[]): Intent => ({ name, phrases: phrases.map((text) => ({ text })) });

// "impressora_toner" is taught with phrases that could as well be "problema_impressora"'s.
const OVERLAPPING = {
  ...HELP_DESK,
  intents: [
    ...HELP_DESK_INTENTS,
    intent('impressora_toner', [
      'a impressora não imprime',
      'a impressora está com problema de toner',
      'minha impressora travou sem toner',
      'toner da impressora acabou',
      'a impressora não imprime nada',
      'impressora com toner fraco',
    ]),
  ],
};

describe('cross-validation at training', () => {
  it('says what each threshold would have done to the assistant’s own phrases', () => {
    const { crossValidation } = trainModel(HELP_DESK);
    expect(crossValidation?.folds).toBe(5);
    expect(crossValidation?.phrases).toBe(50);
    const outcomes = crossValidation?.thresholds ?? [];
    expect(outcomes.map((o) => o.threshold)).toEqual(Array.from({ length: 20 }, (_, i) => i / 20));
    for (const o of outcomes) expect(o.answeredRight + o.answeredWrong + o.fellBack).toBeCloseTo(1, 9);
    expect(outcomes[0]?.fellBack).toBe(0);
    for (let i = 1; i < outcomes.length; i++) {
      expect(outcomes[i]?.answeredRight).toBeLessThanOrEqual(outcomes[i - 1]?.answeredRight as number);
      expect(outcomes[i]?.fellBack).toBeGreaterThanOrEqual(outcomes[i - 1]?.fellBack as number);
    }
    // Most paraphrases of a small help desk are understood at 20 %.
    expect(outcomes[4]?.answeredRight).toBeGreaterThan(0.7);
  });

  it('reports intents whose phrases overlap, with the phrases that cause it, as warnings', () => {
    const model = trainModel(OVERLAPPING);
    const conflict = model.crossValidation?.conflicts.find(
      (c) => c.intent === 'impressora_toner' || (c.intent === 'problema_impressora' && c.confusedWith === 'impressora_toner'),
    );
    expect(conflict).toBeDefined();
    expect(conflict?.count).toBeGreaterThanOrEqual(2);
    expect(conflict?.examples.length).toBeGreaterThan(0);
    for (const example of conflict?.examples ?? []) {
      const own = OVERLAPPING.intents.find((i) => i.name === conflict?.intent)?.phrases.map((p) => p.text);
      const other = OVERLAPPING.intents.find((i) => i.name === conflict?.confusedWith)?.phrases.map((p) => p.text);
      expect(own).toContain(example.phrase);
      expect(other).toContain(example.nearest);
    }
    expect(model.warnings.some((w) => w.startsWith(`intents "${conflict?.intent}" and "${conflict?.confusedWith}" overlap:`))).toBe(true);
    // The help desk alone has no such pair.
    expect(trainModel(HELP_DESK).crossValidation?.conflicts).toEqual([]);
  });

  it('is kept in the artifact', () => {
    const model = trainModel(OVERLAPPING);
    expect(loadModel(serialiseModel(model)).crossValidation).toEqual(model.crossValidation);
    expect(new NluInterpreter(model).nearestPhrase('toner acabou', 'impressora_toner')?.text).toBe('toner da impressora acabou');
  });

  it('is left out for assistants too large to train five more times', () => {
    const phrases = Array.from({ length: Math.ceil((MAX_CROSS_VALIDATED_PHRASES + 1) / 2) }, (_, i) => `assunto ${i}`);
    const model = trainModel({ ...HELP_DESK, intents: [intent('a', phrases), intent('b', phrases.map((p) => `${p} outro`))] });
    expect(model.crossValidation).toBeUndefined();
  });
});
