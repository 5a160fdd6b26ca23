import { describe, expect, it } from 'vitest';
import { countFeatures, FeatureSpace } from './features.js';
import { dot } from './sparse-vector.js';
import { tokenise } from './text/tokenise.js';

const features = (text: string) => countFeatures(tokenise(text, 'pt'));

describe('countFeatures', () => {
  it('has stemmed words, word pairs and character n-grams inside words', () => {
    const counts = features('impressoras quebradas');
    expect(counts.has('w:impressor')).toBe(true);
    expect([...counts.keys()].some((key) => key.startsWith('b:impressor '))).toBe(true);
    expect(counts.has('c:<im')).toBe(true);
    expect(counts.has('c:ras>')).toBe(true);
    // n-grams never cross words
    expect([...counts.keys()].some((key) => key.startsWith('c:') && key.includes(' '))).toBe(false);
  });

  it('counts repeats and names extra evidence', () => {
    const counts = countFeatures(tokenise('senha senha', 'pt'), ['entity:sistema']);
    expect(counts.get('w:senh')).toBe(2);
    expect(counts.get('x:entity:sistema')).toBe(1);
  });
});

describe('FeatureSpace', () => {
  const space = FeatureSpace.fit([features('esqueci minha senha'), features('a impressora não imprime'), features('bom dia')]);

  it('gives training phrases unit vectors with ascending ids', () => {
    const vector = space.vectorise(features('esqueci minha senha'));
    expect(dot(vector, vector)).toBeCloseTo(1, 5);
    for (let i = 1; i < vector.indices.length; i++) expect(vector.indices[i]).toBeGreaterThan(vector.indices[i - 1] as number);
  });

  it('ignores unknown features, but counts them in the norm', () => {
    expect(space.vectorise(features('xyz qwerty')).indices).toHaveLength(0);
    const mostlyUnknown = space.vectorise(features('senha do wifi da lanchonete da esquina'));
    expect(mostlyUnknown.indices.length).toBeGreaterThan(0);
    expect(dot(mostlyUnknown, mostlyUnknown)).toBeLessThan(0.5);
  });

  it('finds a typo close to the word it misspells', () => {
    const typo = space.vectorise(features('impresora'));
    const right = space.vectorise(features('impressora'));
    const other = space.vectorise(features('senha'));
    expect(dot(typo, right)).toBeGreaterThan(0.3);
    expect(dot(typo, right)).toBeGreaterThan(dot(typo, other) + 0.3);
  });

  it('vectorises tokens as it vectorises their counts, bit for bit', () => {
    const cases: [string, string[], { weights?: number[]; replies?: string[] }][] = [
      ['esqueci minha senha', [], {}],
      // repeated words and n-grams, an unknown word, extras and a weighed-down word
      ['senha senha da impressora banana xyz', ['entity:sistema', 'entity:number'], { weights: [1, 1, 0.5, 1, 1, 1] }],
      ['bom dia', [], { replies: ['greeting'] }],
      ['', ['entity:email'], {}],
    ];
    for (let round = 0; round < 2; round++) {
      // The second round reads what the space remembered from the first.
      for (const [text, extras, options] of cases) {
        const tokens = tokenise(text, 'pt');
        const expected = space.vectorise(countFeatures(tokens, extras, options));
        const vector = space.vectoriseTokens(tokens, extras, options);
        expect([...vector.indices]).toEqual([...expected.indices]);
        expect([...vector.values]).toEqual([...expected.values]);
      }
    }
  });

  it('keeps the most frequent features when capped', () => {
    const capped = FeatureSpace.fit([features('senha'), features('senha nova')], 3);
    expect(capped.size).toBe(3);
    expect(capped.vocabulary).toContain('w:senh');
  });
});
