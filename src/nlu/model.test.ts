import { describe, expect, it } from 'vitest';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { NluInterpreter } from './interpreter.js';
import { loadModel, parseModel, serialiseModel } from './model.js';
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

  it('reads an artifact written before the optional parts existed', () => {
    const withoutBackground = trainModel(data, { background: false });
    const older = JSON.parse(serialiseModel(withoutBackground)) as Record<string, unknown>;
    expect(older).not.toHaveProperty('background');
    for (const key of ['wordCounts', 'similarityPercentiles', 'crossValidation', 'warnings']) delete older[key];
    const read = parseModel(JSON.stringify(older));
    expect(read.warnings).toEqual([]);
    expect(read.wordCounts).toBeUndefined();
    expect(read.crossValidation).toBeUndefined();
    expect(new NluInterpreter(read).parse(phrases[0] as string, 0).intent.name).toBe(new NluInterpreter(withoutBackground).parse(phrases[0] as string, 0).intent.name);
  });

  it('keeps only the parts it knows, wherever an artifact has more', () => {
    const richer = JSON.parse(artifact) as { contexts: Array<Record<string, unknown>>; classifier: Record<string, unknown>; [key: string]: unknown };
    richer['comesLater'] = { anything: 1 };
    richer.classifier['momentum'] = 'AAAA';
    richer.contexts[0] = { ...richer.contexts[0], lifetime: 'session', description: 'o equipamento' };
    const read = parseModel(JSON.stringify(richer)) as unknown as Record<string, unknown>;
    expect(read).not.toHaveProperty('comesLater');
    expect(read['classifier']).not.toHaveProperty('momentum');
    expect((read['contexts'] as unknown[])[0]).toEqual({ name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['multifuncional'] }] });
    expect(read['warnings']).toEqual(model.warnings);
  });

  it('refuses a malformed part, naming where it is', () => {
    const refusal = (change: (artifact: Record<string, any>) => void): string => {
      const json = JSON.parse(artifact) as Record<string, any>;
      change(json);
      try {
        parseModel(JSON.stringify(json));
      } catch (error: unknown) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal((json) => (json['version'] = 2))).toMatch(/^invalid NLU model artifact: version: /);
    expect(refusal((json) => delete json['language'])).toMatch(/^invalid NLU model artifact: language: /);
    expect(refusal((json) => (json['intents'] = []))).toMatch(/^invalid NLU model artifact: intents: /);
    expect(refusal((json) => (json['idf'] = 'AAA='))).toBe('invalid NLU model artifact: idf: typed array of a wrong length');
    expect(refusal((json) => (json['classifier'].classes = 'AAAA'))).toBe('invalid NLU model artifact: classifier.classes: typed array of a wrong length');
    expect(refusal((json) => (json['classifier'].numClasses = 1.5))).toMatch(/^invalid NLU model artifact: classifier\.numClasses: /);
    expect(refusal((json) => (json['references'].labels[0] = -1))).toMatch(/^invalid NLU model artifact: references\.labels\.0: /);
    expect(refusal((json) => (json['references'].labels[0] = 2 ** 60))).toMatch(/^invalid NLU model artifact: references\.labels\.0: /);
    expect(refusal((json) => (json['referenceSimilarity'] = 0))).toMatch(/^invalid NLU model artifact: referenceSimilarity: /);
    expect(refusal((json) => (json['similarityPercentiles'] = Array.from({ length: 102 }, () => 0.5)))).toMatch(/^invalid NLU model artifact: similarityPercentiles: /);
    expect(refusal((json) => (json['contexts'][1] = { name: 'confirmado', type: 'yes-no' }))).toMatch(/^invalid NLU model artifact: contexts\.1\.type: /);
    expect(refusal((json) => (json['contexts'][2] = { name: 'copias', type: 'float', min: '1' }))).toMatch(/^invalid NLU model artifact: contexts\.2\.min: /);
    expect(refusal((json) => (json['contexts'][0].values = ['impressora']))).toMatch(/^invalid NLU model artifact: contexts\.0\.values\.0: /);
    expect(refusal((json) => (json['crossValidation'] = { folds: 5, phrases: 10, thresholds: [], conflicts: [{ intent: 'a' }] }))).toMatch(/^invalid NLU model artifact: crossValidation\.conflicts\.0\.confusedWith: /);
    expect(refusal((json) => (json['warnings'] = [1]))).toMatch(/^invalid NLU model artifact: warnings\.0: /);
    expect(refusal(() => undefined)).toBe('accepted');
  });
});
