import { describe, expect, it } from 'vitest';
import { externalEntities } from './external-entities.js';

describe('externalEntities', () => {
  it('keeps a list of {entity, value} as given, and makes {entity, value} of an object, with no offsets', () => {
    expect(externalEntities([{ entity: 'item', value: 'remédio' }])).toEqual([{ entity: 'item', value: 'remédio' }]);
    expect(externalEntities({ item: 'remédio', dose: 2 })).toEqual([
      { entity: 'item', value: 'remédio' },
      { entity: 'dose', value: 2 },
    ]);
    expect(externalEntities(null)).toEqual([]);
    expect(externalEntities(undefined)).toEqual([]);
  });

  it('leaves unusable items out, or throws what the caller makes of them', () => {
    expect(externalEntities([{ value: 'x' }, 'texto', { entity: 'item', value: 'a' }])).toEqual([{ entity: 'item', value: 'a' }]);
    expect(externalEntities('texto')).toEqual([]);
    expect(() => externalEntities([{ entity: 'a' }, { value: 'x' }], (index) => new Error(`item ${index}`))).toThrow('item 1');
    expect(() => externalEntities(3, (index) => new Error(`item ${index}`))).toThrow('item -1');
  });
});
