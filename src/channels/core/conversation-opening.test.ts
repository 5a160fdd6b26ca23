import { describe, expect, it } from 'vitest';
import { openingOf } from './conversation-opening.js';

const base = { text: '/start', intents: new Set(['cumprimentar', 'planos']), greeting: undefined, language: 'pt' };

describe('openingOf', () => {
  it('is the greeting word of the language when nothing else answers it', () => {
    expect(openingOf(base)).toEqual({ understoodAs: 'oi' });
    expect(openingOf({ ...base, language: 'en' })).toEqual({ understoodAs: 'hi' });
    expect(openingOf({ ...base, language: 'es-AR' })).toEqual({ understoodAs: 'hola' });
    expect(openingOf({ ...base, language: 'de' })).toEqual({ understoodAs: 'hi' });
  });

  it("is the assistant's greeting, as the channel's answer recorded with the intent start", () => {
    expect(openingOf({ ...base, greeting: ' Olá! Sou o Helper. ' })).toEqual({
      answer: { text: 'Olá! Sou o Helper.' },
      parseData: { text: '/start', intent: { name: 'start', confidence: 1 }, entities: [], intent_ranking: [{ name: 'start', confidence: 1 }] },
      // An opening still: a dialogue that was asking ends (test/slot-filling.test.ts).
      opening: true,
    });
    expect(openingOf({ ...base, greeting: '   ' })).toEqual({ understoodAs: 'oi' });
  });

  it('is the intent start when the model knows it, and the intent a parameter names before anything', () => {
    const intents = new Set([...base.intents, 'start']);
    expect(openingOf({ ...base, intents, greeting: 'Olá!' })).toEqual({ understoodAs: '/start' });
    expect(openingOf({ ...base, intents, param: 'planos', greeting: 'Olá!' })).toEqual({ understoodAs: '/planos' });
    expect(openingOf({ ...base, param: 'planos' })).toEqual({ understoodAs: '/planos' });
    expect(openingOf({ ...base, intents, param: 'campanha_x' })).toEqual({ understoodAs: '/start' });
    expect(openingOf({ ...base, param: 'campanha_x', greeting: 'Olá!' })).toMatchObject({ answer: { text: 'Olá!' } });
  });
});
