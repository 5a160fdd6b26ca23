import { describe, expect, it } from 'vitest';
import type { Context } from '../assistant/content.js';
import type { ParseResult } from '../nlu/types.js';
import { isFreeText, readSlotAnswer, saysMoreThanValues, wordsOutside } from './read-slot-answer.js';

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

  it('takes no "não sei" nor a question back as the answer to a free-text question, but a text that holds them', () => {
    const descricao: Context = { name: 'descricao', type: 'text', values: [] };
    const read = (text: string, language = 'pt') => readSlotAnswer(descricao, { text, parse: parse(text), isPayload: false, language });
    for (const text of ['não sei', 'sei lá', 'como assim?', 'o que é isso?', 'qual?']) expect(read(text), text).toEqual({ problem: { kind: 'text', noAnswer: true } });
    expect([read("I don't know", 'en'), read('no sé', 'es')]).toEqual([{ problem: { kind: 'text', noAnswer: true } }, { problem: { kind: 'text', noAnswer: true } }]);
    expect(read('não sei o que houve, a tela apagou')).toEqual({ value: 'não sei o que houve, a tela apagou' });
  });

  it('takes no value when the message names two or more different values of a context that takes one', () => {
    const equipamento: Context = { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['imp'] }, { value: 'computador', synonyms: [] }] };
    const at = (text: string, written: string, value: string) => ({ entity: 'equipamento', value, start: text.indexOf(written), end: text.indexOf(written) + written.length, extractor: 'ContextValueExtractor' });
    const text = 'imp e computador';
    expect(readSlotAnswer(equipamento, { text, parse: parse(text, [at(text, 'imp', 'impressora'), at(text, 'computador', 'computador')]), isPayload: false, language: 'pt' })).toEqual({
      problem: { kind: 'values', values: ['impressora', 'computador'], several: true },
    });
    const same = 'impressora, a imp';
    expect(readSlotAnswer(equipamento, { text: same, parse: parse(same, [at(same, 'impressora', 'impressora'), at(same, 'imp,', 'impressora')]), isPayload: false, language: 'pt' })).toEqual({ value: 'impressora' });
  });

  it('reads a yes/no question as the confirmation does, before the NLU’s yes/no entity; a button’s payload keeps its value', () => {
    const urgente: Context = { name: 'urgente', type: 'boolean' };
    /** The NLU's yes/no entity: any "sim" or "não" in the message. */
    const read = (text: string, isPayload = false) => {
      const entities = [...text.matchAll(/sim|não/g)].map((match) => ({ entity: 'urgente', value: match[0] === 'sim', start: match.index, end: match.index + match[0].length, extractor: 'BooleanExtractor' }));
      return readSlotAnswer(urgente, { text, parse: parse(text, entities), isPayload, language: 'pt' });
    };
    expect([read('sim, mas pode esperar'), read('claro que não'), read('sim, pode mudar a data?'), read('sim'), read('é urgente, sim')]).toEqual([{ value: false }, { value: false }, { value: false }, { value: true }, { value: true }]);
    expect(read('sim, mas rápido')).toEqual({ problem: { kind: 'boolean' } });
    // A button's `/intent{…}` payload gives its value, whatever words it holds.
    const payload = '/sim_nao{"urgente": true}';
    expect(readSlotAnswer(urgente, { text: payload, parse: parse(payload, [{ entity: 'urgente', value: true, start: 0, end: payload.length, extractor: 'IntentPayload' }]), isPayload: true, language: 'pt' })).toEqual({ value: true });
  });

  it('finds the words a message says besides its values', () => {
    expect(wordsOutside('impressora do 3º andar, não imprime', [{ start: 0, end: 10 }])).toEqual(['do', '3º', 'andar', 'não', 'imprime']);
    expect(wordsOutside('a impressora', [{ start: 2, end: 12 }])).toEqual(['a']);
  });

  it('tells a message that only names a value, or corrects one, from one that describes too', () => {
    /** The message with the value's span, as the NLU finds it. */
    const says = (text: string, value: string, language = 'pt') => {
      const start = text.indexOf(value);
      return saysMoreThanValues(text, [{ start, end: start + value.length }], language);
    };
    expect(says('impressora do 3º andar, não imprime', 'impressora')).toBe(true);
    expect(says('a impressora do computador não liga', 'computador')).toBe(true);
    expect(says('o computador não liga', 'computador')).toBe(true);
    expect(says('na verdade o computador desliga sozinho quando imprimo', 'computador')).toBe(true);
    // Only a value with articles, copulas, a correction's opening.
    expect(says('na verdade é o computador', 'computador')).toBe(false);
    expect(says('aliás, é o monitor', 'monitor')).toBe(false);
    expect(says('quer dizer, o computador mesmo', 'computador')).toBe(false);
    expect(says('ou melhor, o monitor não liga', 'monitor')).toBe(false);
    expect(says("actually it's the printer", 'printer', 'en')).toBe(false);
    expect(says("I mean, it's the computer", 'computer', 'en')).toBe(false);
    expect(says("sorry, it's the monitor", 'monitor', 'en')).toBe(false);
    expect(says('en realidad es el monitor', 'monitor', 'es')).toBe(false);
    expect(says('mejor dicho, la impresora', 'impresora', 'es')).toBe(false);
    expect(says('é o computador', 'computador')).toBe(false);
  });

  it('knows a free-text context', () => {
    expect([isFreeText({ name: 'descricao', type: 'text', values: [] }), isFreeText(cpf), isFreeText({ name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: [] }] }), isFreeText(undefined)]).toEqual([true, false, false, false]);
  });
});
