import { describe, expect, it } from 'vitest';
import { findTrainingWarnings, MIN_PHRASES_PER_INTENT } from './find-training-warnings.js';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { loadModel, serialiseModel } from './model.js';
import { trainModel } from './train.js';
import type { NluTrainingData } from './types.js';

const data = (intents: NluTrainingData['intents']): NluTrainingData => ({ language: 'pt', intents, contexts: [], regexes: [] });
const phrases = (...texts: string[]) => texts.map((text) => ({ text }));

describe('findTrainingWarnings', () => {
  it('warns about an intent with fewer than four different phrases', () => {
    expect(MIN_PHRASES_PER_INTENT).toBe(4);
    expect(findTrainingWarnings(data([{ name: 'horario', phrases: phrases('qual o horário?', 'Qual o horario', 'abre que horas') }]))).toEqual([
      'intent "horario" has 2 different phrases; an intent needs at least 4 to be recognised when worded differently',
    ]);
  });

  it('warns about the same phrase in two intents, case, accents and punctuation aside', () => {
    const warnings = findTrainingWarnings(
      data([
        { name: 'saudacao', phrases: phrases('oi', 'olá', 'bom dia', 'boa tarde', 'Tudo bem?') },
        { name: 'bem_estar', phrases: phrases('tudo bem', 'como vai', 'você está bem?', 'como você está') },
      ]),
    );
    expect(warnings).toEqual(['the phrase "Tudo bem?" is in 2 intents ("saudacao", "bem_estar"): keep it in one']);
  });

  it('finds nothing wrong with the help-desk fixture', () => {
    expect(findTrainingWarnings(HELP_DESK)).toEqual([]);
  });

  it('still trains, and the model carries the warnings through its artifact', () => {
    const model = trainModel(data([...HELP_DESK.intents, { name: 'horario', phrases: phrases('qual o horário de atendimento?') }]));
    expect(model.warnings).toHaveLength(1);
    const nlu = loadModel(serialiseModel(model));
    expect(nlu.warnings).toEqual(model.warnings);
    expect(new NluInterpreter(model).parse('qual o horário do atendimento', 0.2).intent.name).toBe('horario');
  });
});
