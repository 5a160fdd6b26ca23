import { describe, expect, it } from 'vitest';
import { linkWords, normalisePhrase, otherIntentsPhrases, relocateEntities } from './phrase-entities';

describe('phrase entities', () => {
  const phrase = { text: 'minha impressora não liga', entities: [{ start: 6, end: 16, entity: 'produto', value: 'impressora' }] };

  it('keeps linked words where they move, and drops them when they are gone', () => {
    expect(relocateEntities(phrase, 'a minha impressora não liga')).toEqual([{ start: 8, end: 18, entity: 'produto', value: 'impressora' }]);
    expect(relocateEntities(phrase, 'minha impressora não liga mais')).toEqual(phrase.entities);
    expect(relocateEntities(phrase, 'meu notebook não liga')).toEqual([]);
  });

  it('links words by their text, not twice the same place', () => {
    expect(linkWords({ text: 'o notebook e o Notebook' }, 'notebook', 'produto', 'computador')?.entities).toEqual([{ start: 2, end: 10, entity: 'produto', value: 'computador' }]);
    const once = linkWords({ text: 'o notebook e o Notebook' }, 'notebook', 'produto', 'computador');
    expect(once && linkWords(once, 'notebook', 'produto', 'computador')?.entities?.[1]).toEqual({ start: 15, end: 23, entity: 'produto', value: 'computador' });
    expect(linkWords({ text: 'sem isso' }, 'notebook', 'produto', 'x')).toBeNull();
  });

  it('flags phrases of other intents without case, accents or punctuation', () => {
    expect(normalisePhrase('  Não LIGA!! ')).toBe('nao liga');
    const index = otherIntentsPhrases([{ name: 'a', phrases: [{ text: 'Olá!' }] }, { name: 'b', phrases: [{ text: 'ola' }] }], 'b');
    expect(index.get('ola')).toEqual(['a']);
  });
});
