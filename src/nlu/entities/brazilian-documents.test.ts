import { describe, expect, it } from 'vitest';
import { findBrazilianDocuments, isValidCnpj, isValidCpf } from './brazilian-documents.js';

describe('CPF and CNPJ check digits', () => {
  it('accepts a CPF with right check digits, formatted or not', () => {
    expect(isValidCpf('123.456.789-09')).toBe(true);
    expect(isValidCpf('12345678909')).toBe(true);
    expect(isValidCpf('529.982.247-25')).toBe(true);
  });

  it('refuses a CPF with a wrong check digit, a wrong length or one repeated digit', () => {
    expect(isValidCpf('123.456.789-00')).toBe(false);
    expect(isValidCpf('529.982.247-52')).toBe(false);
    expect(isValidCpf('1234567890')).toBe(false);
    expect(isValidCpf('111.111.111-11')).toBe(false);
  });

  it('accepts a CNPJ with right check digits and refuses a wrong one', () => {
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11222333000181')).toBe(true);
    expect(isValidCnpj('11.222.333/0001-18')).toBe(false);
    expect(isValidCnpj('00.000.000/0000-00')).toBe(false);
  });
});

describe('findBrazilianDocuments', () => {
  it('finds CPF and CNPJ in a sentence, as digits, with offsets', () => {
    const text = 'meu CPF é 123.456.789-09 e o CNPJ da empresa 11.222.333/0001-81.';
    expect(findBrazilianDocuments(text)).toEqual([
      { kind: 'cpf', value: '12345678909', start: 10, end: 24 },
      { kind: 'cnpj', value: '11222333000181', start: 45, end: 63 },
    ]);
  });

  it('finds a CPF typed with spaces between its groups', () => {
    expect(findBrazilianDocuments('529 982 247 25')).toEqual([{ kind: 'cpf', value: '52998224725', start: 0, end: 14 }]);
    expect(findBrazilianDocuments('cpf 529.982.247 25')).toEqual([{ kind: 'cpf', value: '52998224725', start: 4, end: 18 }]);
    expect(findBrazilianDocuments('529 982 247 52')).toEqual([]);
  });

  it('ignores digit runs whose check digits are wrong, or that are part of a longer number', () => {
    expect(findBrazilianDocuments('pedido 123.456.789-00')).toEqual([]);
    expect(findBrazilianDocuments('código 9912345678909')).toEqual([]);
  });
});
