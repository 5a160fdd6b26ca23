import { describe, expect, it } from 'vitest';
import { withLocalOffset } from './training-types';

describe('withLocalOffset', () => {
  it("adds the browser's offset to a datetime-local value", () => {
    const date = { getTimezoneOffset: () => 180 } as Date;
    expect(withLocalOffset('2030-01-31T22:00', date)).toBe('2030-01-31T22:00:00-03:00');
    expect(withLocalOffset('2030-01-31T22:00:30', { getTimezoneOffset: () => -330 } as Date)).toBe('2030-01-31T22:00:30+05:30');
    expect(withLocalOffset('2030-01-31T22:00', { getTimezoneOffset: () => 0 } as Date)).toBe('2030-01-31T22:00:00+00:00');
  });
});
