import { describe, expect, it } from 'vitest';
import { parseBound, parseInterval } from './local-days.js';

describe('interval bounds', () => {
  it('refuses a date that is not of the calendar, instead of rolling it over', () => {
    for (const text of ['2025-02-31', '2025-13-01', '2025-00-10', '2025-04-31T08:00:00-03:00']) {
      expect(() => parseBound(text, 'America/Sao_Paulo', false), text).toThrow(/not a date of the calendar/);
    }
    expect(parseBound('2024-02-29', 'UTC', false)).toBe(Date.UTC(2024, 1, 29) / 1000);
    expect(parseInterval('2025-06-01', '2025-06-01', 'UTC')).toEqual({ from: Date.UTC(2025, 5, 1) / 1000, to: Date.UTC(2025, 5, 2) / 1000 });
  });
});
