import { describe, expect, it } from 'vitest';
import { intervalFrom, lastDays, queryString } from './interval';

describe('analytics interval', () => {
  it('is the last 30 days by default, today included, and follows the address when it holds dates', () => {
    expect(lastDays(30, new Date(2025, 5, 30, 15))).toEqual({ from: '2025-06-01', to: '2025-06-30' });
    expect(lastDays(1, new Date(2025, 0, 1))).toEqual({ from: '2025-01-01', to: '2025-01-01' });
    expect(intervalFrom(new URLSearchParams('from=2025-05-01&to=2025-05-31'))).toEqual({ from: '2025-05-01', to: '2025-05-31' });
    const fallback = intervalFrom(new URLSearchParams('from=ontem'));
    expect(fallback.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('writes only the values that are set', () => {
    expect(queryString({ from: '2025-06-01', intent: '', fallbackOnly: true, handedOffOnly: false, skill: undefined })).toBe('?from=2025-06-01&fallbackOnly=true');
    expect(queryString({})).toBe('');
  });
});
