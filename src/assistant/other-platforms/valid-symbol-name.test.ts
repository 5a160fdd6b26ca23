import { describe, expect, it } from 'vitest';
import { symbolNameProblem } from '../symbol-name.js';
import { validSymbolName } from './valid-symbol-name.js';

describe('names from other platforms', () => {
  it('says what exactly makes a name invalid', () => {
    expect(symbolNameProblem('reverted_card_payment?')).toBe('has "?"');
    expect(symbolNameProblem('card arrival')).toBe('has a space');
    expect(symbolNameProblem('-card')).toBe('starts with "-"');
    expect(symbolNameProblem('')).toBe('is empty');
    expect(symbolNameProblem('faq/ask_name')).toBeUndefined();
  });

  it('maps an invalid name to the closest free valid one', () => {
    const taken = new Set<string>(['card_arrival']);
    expect(validSymbolName('reverted_card_payment?', taken)).toBe('reverted_card_payment');
    expect(validSymbolName('card arrival', taken)).toBe('card_arrival_2');
    expect(validSymbolName('Verify my identity!', taken)).toBe('Verify_my_identity');
    expect(validSymbolName('greet', taken)).toBe('greet');
    expect(validSymbolName('greet', taken)).toBe('greet_2');
    expect(validSymbolName('???', taken)).toBe('name');
  });
});
