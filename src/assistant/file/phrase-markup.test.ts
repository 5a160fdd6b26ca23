import { describe, expect, it } from 'vitest';
import { parsePhraseMarkup, writePhraseMarkup } from './phrase-markup.js';

describe('parsePhraseMarkup', () => {
  it('leaves a phrase without markup as it is, trimmed', () => {
    expect(parsePhraseMarkup('  bom dia  ')).toEqual({ phrase: { text: 'bom dia' }, entities: [], problems: [] });
  });

  it('reads the three Rasa forms into clean text and spans', () => {
    const { phrase, problems } = parsePhraseMarkup('a [impressora](equipamento), o [pc]{"entity": "equipamento", "value": "computador"} e o [note](equipamento:computador)');
    expect(problems).toEqual([]);
    expect(phrase.text).toBe('a impressora, o pc e o note');
    expect(phrase.entities).toEqual([
      { start: 2, end: 12, entity: 'equipamento', value: 'impressora' },
      { start: 16, end: 18, entity: 'equipamento', value: 'computador' },
      { start: 23, end: 27, entity: 'equipamento', value: 'computador' },
    ]);
    expect((phrase.entities ?? []).map((entity) => phrase.text.slice(entity.start, entity.end))).toEqual(['impressora', 'pc', 'note']);
  });

  it('keeps spans right when the phrase starts with markup or blanks', () => {
    expect(parsePhraseMarkup('  [Maria](nome) aqui').phrase).toEqual({ text: 'Maria aqui', entities: [{ start: 0, end: 5, entity: 'nome', value: 'Maria' }] });
  });

  it('reports the offset of the markup and what Rasa keys are not supported', () => {
    const parsed = parsePhraseMarkup('x [a]{"entity": "b", "role": "r", "group": "g"}');
    expect(parsed.entities[0]).toMatchObject({ rawStart: 2, text: 'a', unsupportedKeys: ['role', 'group'] });
    expect(parsePhraseMarkup('x [a][{"entity": "b"}]').problems).toEqual([
      { rawStart: 2, message: 'several entities on one span ([a][…]) are not supported; write [text](context) or [text]{"entity": "context", "value": "value"}', code: 'file_markup_several', params: { text: 'a' } },
    ]);
    expect(parsePhraseMarkup('ok [a]{"value": "v"}').problems[0]?.message).toBe('entity markup {"value": "v"} needs "entity": the context\'s name');
    expect(parsePhraseMarkup('ok [a]{"entity": "b", "x": 1}').problems[0]?.message).toBe('unknown key "x" in entity markup; only "entity" and "value" are used');
    expect(parsePhraseMarkup('[a] (b)').problems[0]).toMatchObject({ rawStart: 0 });
  });

  it('writes markup back, the short form when the value is the text', () => {
    const raw = 'a [impressora](equipamento), o [pc]{"entity": "equipamento", "value": "computador"}';
    expect(writePhraseMarkup(parsePhraseMarkup(raw).phrase)).toBe(raw);
    expect(writePhraseMarkup({ text: 'sem marcação' })).toBe('sem marcação');
    expect(() => writePhraseMarkup({ text: 'abc', entities: [{ start: 0, end: 2, entity: 'x', value: 'ab' }, { start: 1, end: 3, entity: 'y', value: 'bc' }] })).toThrow(/overlapping/);
  });
});
