import { describe, expect, it } from 'vitest';
import type { Context, RegexPattern } from '../../assistant/content.js';
import { EntityExtractor, EXTRACTORS, type EntityAnnotation } from './entities.js';
import type { NluLanguage } from '../text/language.js';
import { tokenise } from '../text/tokenise.js';

function extract(
  language: NluLanguage,
  text: string,
  contexts: Context[],
  regexes: RegexPattern[] = [],
  annotations: EntityAnnotation[] = [],
) {
  const extractor = new EntityExtractor(language, contexts, regexes, annotations);
  return extractor.extract(text, tokenise(text, language));
}

/** Only what the contexts and regexes found, without the system entities (system-entities.test.ts). */
function extractOwn(
  language: NluLanguage,
  text: string,
  contexts: Context[],
  regexes: RegexPattern[] = [],
) {
  const names = new Set([...contexts.map((context) => context.name), ...regexes.map((regex) => regex.name)]);
  return extract(language, text, contexts, regexes).filter((entity) => names.has(entity.entity));
}

const equipment: Context = {
  name: 'equipamento',
  type: 'text',
  values: [
    { value: 'impressora', synonyms: ['printer', 'multifuncional'] },
    { value: 'notebook', synonyms: ['laptop', 'computador portátil'] },
    { value: 'computador', synonyms: ['pc', 'desktop'] },
  ],
};

describe('text contexts', () => {
  it('finds a value on whole words with offsets in the original text', () => {
    const text = 'Minha IMPRESSORA parou';
    expect(extract('pt', text, [equipment])).toEqual([
      {
        entity: 'equipamento',
        start: 6,
        end: 16,
        confidence: 1,
        value: 'impressora',
        extractor: EXTRACTORS.contextValue,
        text: 'IMPRESSORA',
      },
    ]);
  });

  it('maps a synonym to its canonical value and keeps the written form', () => {
    const text = 'meu laptop não liga';
    const [entity] = extract('pt', text, [equipment]);
    expect(entity).toMatchObject({ entity: 'equipamento', value: 'notebook', text: 'laptop', start: 4, end: 10 });
    expect(text.slice(entity?.start, entity?.end)).toBe('laptop');
  });

  it('omits text when written exactly as the value', () => {
    const [entity] = extract('pt', 'troquei o notebook', [equipment]);
    expect(entity?.value).toBe('notebook');
    expect(entity).not.toHaveProperty('text');
  });

  it('prefers the longest match', () => {
    const text = 'o computador portátil esquenta';
    const entities = extract('pt', text, [equipment]);
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({ value: 'notebook', start: 2, end: 21, text: 'computador portátil' });
  });

  it('matches without accents, with a plural and with one typo, with less confidence', () => {
    const accent = extract('pt', 'computador portatil', [equipment]);
    expect(accent[0]).toMatchObject({ value: 'notebook', confidence: 1 });
    const plural = extract('pt', 'duas impressoras', [equipment]);
    expect(plural[0]).toMatchObject({ value: 'impressora', start: 5, end: 16, confidence: 0.9 });
    const typo = extract('pt', 'a impresora travou', [equipment]);
    expect(typo[0]).toMatchObject({ value: 'impressora', start: 2, end: 11, confidence: 0.8 });
  });

  it('matches whole words only', () => {
    expect(extract('pt', 'o pcb queimou', [equipment])).toEqual([]);
    expect(extract('pt', 'spc', [equipment])).toEqual([]);
  });

  it('finds several values in one message', () => {
    const entities = extract('pt', 'o pc e a impressora', [equipment]);
    expect(entities.map((e) => [e.value, e.start, e.end])).toEqual([
      ['computador', 2, 4],
      ['impressora', 9, 19],
    ]);
  });

  it('learns written forms from annotated training phrases', () => {
    const annotations: EntityAnnotation[] = [{ entity: 'equipamento', value: 'impressora', text: 'HP LaserJet' }];
    const [entity] = extract('pt', 'a hp laserjet travou', [equipment], [], annotations);
    expect(entity).toMatchObject({ entity: 'equipamento', value: 'impressora', start: 2, end: 13, text: 'hp laserjet' });
  });
});

describe('categorical contexts', () => {
  it('finds a category value', () => {
    const priority: Context = { name: 'prioridade', type: 'categorical', values: ['alta', 'média', 'baixa'] };
    const text = 'é urgente, prioridade ALTA';
    expect(extract('pt', text, [priority])).toEqual([
      { entity: 'prioridade', start: 22, end: 26, confidence: 1, value: 'alta', extractor: EXTRACTORS.contextValue, text: 'ALTA' },
    ]);
    expect(extract('pt', 'prioridade media', [priority])[0]).toMatchObject({ value: 'média', text: 'media' });
  });
});

describe('boolean contexts', () => {
  const confirm: Context = { name: 'confirmado', type: 'boolean' };

  it('reads yes and no in Portuguese, with or without accent', () => {
    expect(extract('pt', 'sim', [confirm])).toEqual([
      { entity: 'confirmado', start: 0, end: 3, confidence: 1, value: true, extractor: EXTRACTORS.boolean },
    ]);
    expect(extract('pt', 'Não, obrigado', [confirm])[0]).toMatchObject({ value: false, start: 0, end: 3 });
    expect(extract('pt', 'nao', [confirm])[0]).toMatchObject({ value: false });
  });

  it('reads English and Spanish', () => {
    expect(extract('en', 'yes please', [confirm])[0]).toMatchObject({ value: true, start: 0, end: 3 });
    expect(extract('en', 'no', [confirm])[0]).toMatchObject({ value: false });
    expect(extract('es', 'sí', [confirm])[0]).toMatchObject({ value: true, start: 0, end: 2 });
    expect(extract('es', 'si', [confirm])[0]).toMatchObject({ value: true });
    expect(extract('es', 'no', [confirm])[0]).toMatchObject({ value: false });
  });

  it('is less sure of a yes or no inside a sentence', () => {
    const text = 'a impressora não imprime';
    expect(extract('pt', text, [confirm])).toEqual([
      { entity: 'confirmado', start: 13, end: 16, confidence: 0.5, value: false, extractor: EXTRACTORS.boolean },
    ]);
  });

  it('reports nothing without a boolean context', () => {
    expect(extract('pt', 'sim', [equipment])).toEqual([]);
  });
});

describe('float contexts', () => {
  const pages: Context = { name: 'paginas', type: 'float', min: 1, max: 500 };
  const temperature: Context = { name: 'temperatura', type: 'float', min: -10, max: 40 };

  it('reads numbers with a decimal comma, within the context range', () => {
    const text = 'imprimir 12 páginas';
    expect(extractOwn('pt', text, [pages])).toEqual([
      { entity: 'paginas', start: 9, end: 11, confidence: 1, value: 12, extractor: EXTRACTORS.number },
    ]);
    expect(extractOwn('pt', 'está 22,5 graus', [temperature])[0]).toMatchObject({ value: 22.5, start: 5, end: 9 });
    expect(extractOwn('en', 'it is 22.5 degrees', [temperature])[0]).toMatchObject({ value: 22.5 });
  });

  it('leaves out numbers outside the range', () => {
    expect(extractOwn('pt', 'imprimir 1000 páginas', [pages])).toEqual([]);
    expect(extractOwn('pt', 'faz 50 graus', [temperature])).toEqual([]);
    expect(extractOwn('pt', 'faz -5 graus', [temperature])[0]).toMatchObject({ value: -5, start: 4, end: 6 });
  });

  it('gives a number to every float context whose range admits it', () => {
    const entities = extractOwn('pt', 'são 30', [pages, temperature]);
    expect(entities.map((e) => e.entity)).toEqual(['paginas', 'temperatura']);
  });
});

describe('regex patterns', () => {
  it('reports each match under the pattern name', () => {
    const regexes: RegexPattern[] = [
      { name: 'chamado', pattern: 'INC\\d{6}' },
      { name: 'email', pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+' },
    ];
    const text = 'o chamado inc000123 foi aberto por ana.silva@empresa.com.br';
    expect(extract('pt', text, [], regexes)).toEqual([
      { entity: 'chamado', start: 10, end: 19, value: 'inc000123', extractor: EXTRACTORS.regex },
      { entity: 'email', start: 35, end: 59, value: 'ana.silva@empresa.com.br', extractor: EXTRACTORS.regex },
    ]);
  });

  it('accepts Python named groups', () => {
    const regexes: RegexPattern[] = [{ name: 'cep', pattern: '(?P<cep>\\d{5}-\\d{3})' }];
    expect(extractOwn('pt', 'meu cep é 01310-100', [], regexes)[0]).toMatchObject({ value: '01310-100', start: 10, end: 19 });
  });
});
