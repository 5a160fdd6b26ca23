import { describe, expect, it } from 'vitest';
import { HELP_DESK } from '../help-desk-pt.fixture.js';
import { NluInterpreter } from '../interpreter.js';
import { getCountries, getCountryCallingCode, Metadata } from 'libphonenumber-js';
import { defaultPhoneCountry, MIN_PHONE_DIGITS, SystemEntityExtractor } from './system-entities.js';
import { trainModel } from '../train.js';

const NOW = new Date(2025, 2, 10, 12, 0);
const pt = new SystemEntityExtractor('pt', 'pt-BR');
const extract = (text: string) => pt.extract(text, NOW);

describe('system entities', () => {
  it('finds an e-mail, lowercased, in Rasa’s shape', () => {
    expect(extract('meu email é Joao.Silva@Empresa.com.br, obrigado')).toEqual([
      { entity: 'email', value: 'joao.silva@empresa.com.br', start: 12, end: 37, confidence: 1, extractor: 'EmailExtractor' },
    ]);
  });

  it('finds a URL without the punctuation that ends the sentence', () => {
    expect(extract('o site é https://www.exemplo.com.br/ajuda?x=1.')).toMatchObject([
      { entity: 'url', value: 'https://www.exemplo.com.br/ajuda?x=1', start: 9, end: 45 },
    ]);
    expect(extract('acesse www.gov.br')).toMatchObject([{ entity: 'url', value: 'www.gov.br' }]);
  });

  it('finds Brazilian phone numbers in E.164, with or without the country code', () => {
    expect(extract('me liga no (11) 98765-4321 ou no +55 21 3333-4444')).toMatchObject([
      { entity: 'phone', value: '+5511987654321', start: 11, end: 26, extractor: 'PhoneNumberExtractor' },
      { entity: 'phone', value: '+552133334444', start: 33, end: 49 },
    ]);
  });

  it('reports only valid phone numbers: without its DDD a Brazilian number is none, and its digits are no number', () => {
    expect(extract('meu celular é 98765-4321')).toEqual([]);
    expect(extract('3333-4444')).toEqual([]);
    expect(extract('meu celular é 11 98765-4321')).toMatchObject([{ entity: 'phone', value: '+5511987654321' }]);
  });

  it('reads a phone of the assistant’s region: pt-PT numbers are Portuguese', () => {
    expect(defaultPhoneCountry('pt-PT')).toBe('PT');
    expect(defaultPhoneCountry('pt')).toBe('BR');
    expect(new SystemEntityExtractor('pt', 'pt-PT').extract('o meu é 912 345 678', NOW)).toMatchObject([
      { entity: 'phone', value: '+351912345678' },
    ]);
  });

  it('skips the phone search only where no region has a phone number that short', () => {
    // The fewest digits of a possible number, country code included, over every region.
    const fewest = Math.min(
      ...getCountries().map((country) => {
        const metadata = new Metadata();
        metadata.selectNumberingPlan(country);
        return getCountryCallingCode(country).length + Math.min(...metadata.numberingPlan!.possibleLengths());
      }),
    );
    expect(MIN_PHONE_DIGITS).toBe(fewest);
    // Six digits can be a phone number (Austria's 43 and four digits), and is still found — not
    // reported, as no Austrian number is valid so short, but kept as the classifier's feature.
    expect(pt.read('ligue +43 1234', NOW).featureOnly).toMatchObject([{ entity: 'phone', value: '+431234', start: 6, end: 14 }]);
    expect(extract('ligue +43 1234')).toEqual([]);
    expect(extract('ligue 1234')).toMatchObject([{ entity: 'number', value: 1234 }]);
  });

  it('finds a CPF and a CNPJ only when their check digits are right, never as a phone', () => {
    expect(extract('CPF 123.456.789-09')).toMatchObject([{ entity: 'cpf', value: '12345678909', start: 4, end: 18 }]);
    expect(extract('cpf 12345678909')).toMatchObject([{ entity: 'cpf', value: '12345678909' }]);
    expect(extract('CNPJ 11.222.333/0001-81')).toMatchObject([{ entity: 'cnpj', value: '11222333000181' }]);
    expect(extract('CPF 123.456.789-00').map((entity) => entity.entity)).not.toContain('cpf');
  });

  it('finds "amanhã às 10h" as a datetime and a quantity as a number, not the date’s digits', () => {
    expect(extract('quero 3 cópias para amanhã às 10h')).toEqual([
      { entity: 'number', value: 3, start: 6, end: 7, confidence: 1, extractor: 'NumberExtractor' },
      { entity: 'datetime', value: '2025-03-11T10:00', start: 20, end: 33, confidence: 1, extractor: 'DateTimeExtractor' },
    ]);
  });

  it('reads decimal commas in Portuguese', () => {
    expect(extract('custa 1.234,56 reais')).toMatchObject([{ entity: 'number', value: 1234.56 }]);
  });

  it('finds nothing in a plain sentence', () => {
    expect(extract('minha impressora não imprime')).toEqual([]);
  });
});

describe('system entities fill contexts of the same name', () => {
  const nlu = new NluInterpreter(
    trainModel({
      ...HELP_DESK,
      contexts: [
        { name: 'email', type: 'text', values: [] },
        { name: 'copias', type: 'float', min: 1, max: 50 },
      ],
    }),
  );

  it('reports the e-mail under the name of the context it fills', () => {
    const { entities } = nlu.parse('esqueci a senha do maria@exemplo.com', 0.2, { now: NOW });
    expect(entities).toMatchObject([{ entity: 'email', value: 'maria@exemplo.com' }]);
  });

  it('gives a float context the numbers within its range, not those of a date', () => {
    const { entities } = nlu.parse('imprimir 3 cópias amanhã às 10h e 80 páginas', 0.2, { now: NOW });
    expect(entities.filter((entity) => entity.entity === 'copias')).toMatchObject([{ value: 3, start: 9, end: 10 }]);
    expect(entities.filter((entity) => entity.entity === 'datetime')).toMatchObject([{ value: '2025-03-11T10:00' }]);
  });
});
