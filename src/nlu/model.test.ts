import { describe, expect, it } from 'vitest';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { loadModel, serialiseModel } from './model.js';
import { trainModel } from './train.js';
import type { NluTrainingData } from './types.js';

const data: NluTrainingData = {
  ...HELP_DESK,
  contexts: [
    { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['multifuncional'] }] },
    { name: 'confirmado', type: 'boolean' },
    { name: 'copias', type: 'float', min: 1, max: 50 },
    { name: 'prioridade', type: 'categorical', values: ['alta', 'baixa'] },
  ],
  regexes: [{ name: 'chamado', pattern: 'INC\\d{6}' }],
};
const phrases = [
  'nao consigo acessar minha senha',
  'impresora nao imprime',
  'a multifuncional travou, chamado INC123456, prioridade alta',
  'sim, 3 cópias',
  'quero pedir uma pizza',
  'oiii',
  '',
];

describe('serialiseModel / loadModel', () => {
  const model = trainModel(data);
  const artifact = serialiseModel(model);

  it('gives the same parse after a round trip', () => {
    const original = new NluInterpreter(model);
    const loaded = loadModel(artifact);
    expect(loaded.intents).toEqual(original.intents);
    for (const text of phrases) {
      for (const threshold of [0, 0.3, 0.95]) expect(loaded.parse(text, threshold)).toEqual(original.parse(text, threshold));
    }
    expect(loaded.parse(phrases[2] as string, 0).entities.map((e) => e.entity)).toEqual(['equipamento', 'chamado', 'prioridade']);
  });

  it('writes JSON text that serialises again identically', () => {
    expect(() => JSON.parse(artifact) as unknown).not.toThrow();
    const reloaded = loadModel(artifact);
    expect(reloaded.parse('oi', 0)).toEqual(loadModel(serialiseModel(model)).parse('oi', 0));
    expect(serialiseModel(model)).toBe(artifact);
  });

  it('refuses what is not a model, saying why', () => {
    expect(() => loadModel('not json')).toThrow(/^invalid NLU model artifact: not JSON/);
    expect(() => loadModel('{}')).toThrow(/^invalid NLU model artifact: format/);
    const parsed = JSON.parse(artifact) as { classifier: { offsets: string } };
    parsed.classifier.offsets = Buffer.from(new Uint32Array([0, 5]).buffer).toString('base64');
    expect(() => loadModel(JSON.stringify(parsed))).toThrow('invalid NLU model artifact: classifier offsets are corrupt');
  });
});
