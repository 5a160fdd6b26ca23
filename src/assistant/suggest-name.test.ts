import { describe, expect, it } from 'vitest';
import { suggestName } from './suggest-name.js';

describe('suggestName', () => {
  it('finds names that differ in case, accents, separators, a typo or a swap', () => {
    expect(suggestName('followUpOf', ['intent', 'follow_up_of'])).toBe('follow_up_of');
    expect(suggestName('saudacao', ['saudação', 'despedida'])).toBe('saudação');
    expect(suggestName('phrase', ['name', 'phrases'])).toBe('phrases');
    expect(suggestName('gerla', ['geral'])).toBe('geral');
  });

  it('does not suggest far or very short names', () => {
    expect(suggestName('colors', ['version', 'intents'])).toBeUndefined();
    expect(suggestName('e', ['d'])).toBeUndefined();
    expect(suggestName('Oi', ['oi'])).toBe('oi');
  });
});
