import { describe, expect, it } from 'vitest';
import { splitText, truncateTitle } from './split-text.js';

describe("text within a platform's limits", () => {
  it('splits on sentence ends, then words, then characters, never over the limit', () => {
    expect(splitText('Uma. Duas! Três?', 10)).toEqual(['Uma. Duas!', 'Três?']);
    expect(splitText('palavra '.repeat(5).trim(), 16)).toEqual(['palavra palavra', 'palavra palavra', 'palavra']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(splitText('😀'.repeat(6), 5).every((part) => part.length <= 5 && !/[\ud800-\udbff]$/.test(part))).toBe(true);
    expect(splitText('   ', 10)).toEqual([]);
  });

  it('truncates titles with an ellipsis', () => {
    expect(truncateTitle('Curto', 20)).toBe('Curto');
    expect(truncateTitle('Um título que passa de vinte', 20)).toBe('Um título que passa…');
    expect(Array.from(truncateTitle('Um título que passa de vinte', 20))).toHaveLength(20);
  });
});
