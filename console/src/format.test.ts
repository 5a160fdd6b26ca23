import { describe, expect, it } from 'vitest';
import { describeWait, formatConfidence, parseAddressList } from './format';

describe('formatConfidence', () => {
  it('shows whole percentages in the locale', () => {
    expect(formatConfidence(0.873, 'pt-BR')).toBe('87\u00a0%');
    expect(formatConfidence(1, 'en')).toBe('100\u00a0%');
  });

  it('keeps one decimal below 10 % and clamps out-of-range values', () => {
    expect(formatConfidence(0.042, 'pt-BR')).toBe('4,2\u00a0%');
    expect(formatConfidence(0.042, 'en')).toBe('4.2\u00a0%');
    expect(formatConfidence(-0.5, 'en')).toBe('0\u00a0%');
    expect(formatConfidence(3, 'en')).toBe('100\u00a0%');
  });
});

describe('parseAddressList', () => {
  it('reads one address per line or comma, ignoring blanks and spaces', () => {
    expect(parseAddressList(' 10.0.0.0/8\n\n192.168.1.5 , ::1\n')).toEqual(['10.0.0.0/8', '192.168.1.5', '::1']);
    expect(parseAddressList('   ')).toEqual([]);
  });
});

describe('describeWait', () => {
  it('says seconds under two minutes and whole minutes, rounded up, above', () => {
    expect(describeWait(0)).toEqual({ unit: 'seconds', count: 1 });
    expect(describeWait(45)).toEqual({ unit: 'seconds', count: 45 });
    expect(describeWait(119)).toEqual({ unit: 'seconds', count: 119 });
    expect(describeWait(120)).toEqual({ unit: 'minutes', count: 2 });
    expect(describeWait(899)).toEqual({ unit: 'minutes', count: 15 });
  });
});
