// What the analyser makes of a message: its entities, and which of them become features.
import { describe, expect, it } from 'vitest';
import { EntityExtractor } from './entities/entities.js';
import { MessageAnalyser } from './message-analyser.js';

const analyser = new MessageAnalyser('pt', new EntityExtractor('pt', [], [], []), () => true);
const now = new Date(2026, 2, 10, 9, 0);

describe('entities as features of the message', () => {
  it('extracts dates and times but gives them no feature: any message may say when', () => {
    const { entities, features } = analyser.analyse('pode ser amanhã às 10h', now);
    expect(entities.map((entity) => entity.entity)).toEqual(['datetime']);
    expect([...features.keys()].filter((key) => key.startsWith('x:'))).toEqual([]);
    expect([...analyser.analyse('dia 15/04', now).features.keys()].filter((key) => key.startsWith('x:'))).toEqual([]);
  });

  it('keeps the feature of the other kinds (an e-mail)', () => {
    const { features } = analyser.analyse('meu email é ana@example.com', now);
    expect([...features.keys()].filter((key) => key.startsWith('x:'))).toEqual(['x:entity:email']);
  });

  it('keeps the features a message had before "dia 15", "daqui 2 dias" were dates and a phone without its DDD was left out', () => {
    const withQuantity = new MessageAnalyser('pt', new EntityExtractor('pt', [{ name: 'quantidade', type: 'float', min: 1, max: 31 }], [], []), () => true);
    const kinds = (text: string) => [...withQuantity.analyse(text, now).features.keys()].filter((key) => key.startsWith('x:'));
    const found = (text: string) => withQuantity.analyse(text, now).entities.map((entity) => entity.entity);
    expect(found('pode ser no dia 15')).toEqual(['date']);
    expect(kinds('pode ser no dia 15')).toEqual(['x:entity:number', 'x:entity:quantidade']);
    expect(found('daqui 2 dias às 10h')).toEqual(['datetime']);
    expect(kinds('daqui 2 dias às 10h')).toEqual(['x:entity:number', 'x:entity:quantidade']);
    expect(found('liga no 98765-4321')).toEqual([]);
    expect(kinds('liga no 98765-4321')).toEqual(['x:entity:phone']);
    expect(kinds('liga no (11) 98765-4321')).toEqual(['x:entity:phone']);
  });
});
