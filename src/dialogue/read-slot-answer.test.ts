import { describe, expect, it } from 'vitest';
import type { Context } from '../assistant/content.js';
import type { ParseResult } from '../nlu/types.js';
import { isFreeText, readSlotAnswer, wordsOutside } from './read-slot-answer.js';

const parse = (text: string, entities: ParseResult['entities'] = []): ParseResult => ({ text, intent: { name: 'nlu_fallback', confidence: 0 }, entities, intent_ranking: [] });
const cpf: Context = { name: 'cpf_cliente', type: 'text', values: [], entity: 'cpf' };
const email: Context = { name: 'email_contato', type: 'text', values: [], entity: 'email' };

describe('readSlotAnswer', () => {
  it('takes a system entity the NLU recognised, and nothing else, for a context filled by one', () => {
    const text = 'é 529.982.247-25';
    expect(readSlotAnswer(cpf, { text, parse: parse(text, [{ entity: 'cpf', value: '52998224725', start: 2, end: 16, extractor: 'BrazilianDocumentExtractor' }]), isPayload: false, language: 'pt' })).toEqual({ value: '52998224725' });
    expect(readSlotAnswer(cpf, { text: '123', parse: parse('123'), isPayload: false, language: 'pt' })).toEqual({ problem: { kind: 'entity', entity: 'cpf' } });
    expect(readSlotAnswer(email, { text: 'ana@acme.com', parse: parse('ana@acme.com', [{ entity: 'email', value: 'ana@acme.com', start: 0, end: 12, extractor: 'EmailExtractor' }]), isPayload: false, language: 'pt' })).toEqual({ value: 'ana@acme.com' });
  });

  it('reads the whole message by type when no entity answers, and never a /intent payload', () => {
    const equipamento: Context = { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['imp'] }] };
    expect(readSlotAnswer(equipamento, { text: 'IMP', parse: parse('IMP'), isPayload: false, language: 'pt' })).toEqual({ value: 'impressora' });
    expect(readSlotAnswer(equipamento, { text: '/ajuda', parse: parse('/ajuda'), isPayload: true, language: 'pt' })).toBeUndefined();
    expect(readSlotAnswer({ name: 'descricao', type: 'text', values: [] }, { text: ' não liga ', parse: parse(' não liga '), isPayload: false, language: 'pt' })).toEqual({ value: 'não liga' });
  });

  it('counts the words a message says besides its values', () => {
    expect(wordsOutside('impressora do 3º andar, não imprime', [{ start: 0, end: 10 }])).toBe(5);
    expect(wordsOutside('a impressora', [{ start: 2, end: 12 }])).toBe(1);
  });

  it('knows a free-text context', () => {
    expect([isFreeText({ name: 'descricao', type: 'text', values: [] }), isFreeText(cpf), isFreeText({ name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: [] }] }), isFreeText(undefined)]).toEqual([true, false, false, false]);
  });
});
