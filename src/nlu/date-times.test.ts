import { describe, expect, it } from 'vitest';
import { findDateTimes } from './date-times.js';

// Monday 10 March 2025, noon, in the machine's time zone: values are local.
const NOW = new Date(2025, 2, 10, 12, 0);

describe('findDateTimes', () => {
  it('reads "amanhã às 10h" as one date and time (pt-BR)', () => {
    expect(findDateTimes('pode ser amanhã às 10h?', 'pt', NOW)).toEqual([
      { kind: 'datetime', value: '2025-03-11T10:00', start: 9, end: 22 },
    ]);
  });

  it('reads Brazilian hours: 10h30, 9 horas, às 14:30 with a weekday', () => {
    expect(findDateTimes('às 10h30', 'pt', NOW)).toMatchObject([{ kind: 'time', value: '10:30' }]);
    expect(findDateTimes('dia 15/04 às 9 horas', 'pt', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-04-15T09:00' }]);
    expect(findDateTimes('agendar para sexta-feira às 14:30', 'pt', NOW)).toMatchObject([
      { kind: 'datetime', value: '2025-03-14T14:30' },
    ]);
  });

  it('reads dates alone: hoje, daqui a 2 dias, 10 de março de 2025 (pt-PT too)', () => {
    expect(findDateTimes('hoje', 'pt', NOW)).toEqual([{ kind: 'date', value: '2025-03-10', start: 0, end: 4 }]);
    expect(findDateTimes('daqui a 2 dias', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-12' }]);
    expect(findDateTimes('a reunião é a 10 de março de 2025', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-10' }]);
  });

  it('reads English and Spanish', () => {
    expect(findDateTimes('tomorrow at 10am', 'en', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-11T10:00' }]);
    expect(findDateTimes('book a table at 7pm', 'en', NOW)).toMatchObject([{ kind: 'time', value: '19:00' }]);
    expect(findDateTimes('mañana a las 10', 'es', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-11T10:00' }]);
  });

  it('does not take a bare number or a quantity for a time', () => {
    expect(findDateTimes('quero 2 impressoras', 'pt', NOW)).toEqual([]);
    expect(findDateTimes('a 2', 'pt', NOW)).toEqual([]);
    expect(findDateTimes('minha impressora não imprime', 'pt', NOW)).toEqual([]);
  });
});
