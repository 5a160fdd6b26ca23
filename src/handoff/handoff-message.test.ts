import { describe, expect, it } from 'vitest';
import { handoffNotice } from './handoff-message.js';
import { checkHandoffSettings, DEFAULT_HANDOFF_SETTINGS, readHandoffSettings } from './handoff-settings.js';
import { withinOfficeHours } from './office-hours.js';

/** Epoch seconds of a UTC date-time. */
const at = (iso: string): number => Date.parse(iso) / 1000;

const saoPaulo = checkHandoffSettings({
  expectedWaitMinutes: 10,
  message: 'Um atendente vem em {wait}.',
  outsideHoursMessage: 'Fora do horário: voltamos às 9h.',
  officeHours: {
    timeZone: 'America/Sao_Paulo',
    week: { mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '18:00' }], tue: [{ from: '09:00', to: '18:00' }], sat: [] },
    holidays: ['2026-12-25'],
  },
});

describe('office hours and the handoff message', () => {
  it('reads the hours in the office time zone, with lunch breaks, closed days and holidays', () => {
    // Monday 30 Nov 2026: 12:30 UTC is 09:30 in São Paulo (UTC-3).
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-11-30T12:30:00Z'))).toBe(true);
    // 08:59 local: not yet.
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-11-30T11:59:00Z'))).toBe(false);
    // 12:30 local: lunch.
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-11-30T15:30:00Z'))).toBe(false);
    // 18:00 local: closed (the end is not inside).
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-11-30T21:00:00Z'))).toBe(false);
    // Tuesday 01:00 UTC is still Monday 22:00 local: closed.
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-12-01T01:00:00Z'))).toBe(false);
    // Saturday and Sunday.
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-12-05T14:00:00Z'))).toBe(false);
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-12-06T14:00:00Z'))).toBe(false);
    // Friday 25 Dec 2026 would be closed anyway; Tuesday 22 Dec is open, a holiday Tuesday is not.
    expect(withinOfficeHours(saoPaulo.officeHours, at('2026-12-22T14:00:00Z'))).toBe(true);
    const christmasTuesday = checkHandoffSettings({ officeHours: { ...saoPaulo.officeHours, holidays: ['2026-12-22'] } });
    expect(withinOfficeHours(christmasTuesday.officeHours, at('2026-12-22T14:00:00Z'))).toBe(false);
    expect(withinOfficeHours(null, at('2026-12-25T03:00:00Z'))).toBe(true);
  });

  it('says the configured message with the expected wait in hours, the other one outside', () => {
    expect(handoffNotice(saoPaulo, 'pt', at('2026-11-30T12:30:00Z'))).toEqual({ text: 'Um atendente vem em 10 minutos.', outsideHours: false });
    expect(handoffNotice(saoPaulo, 'pt', at('2026-11-30T22:00:00Z'))).toEqual({ text: 'Fora do horário: voltamos às 9h.', outsideHours: true });
    expect(handoffNotice(DEFAULT_HANDOFF_SETTINGS, 'en', 0).text).toBe("I'm getting a person to help you. The expected wait is 5 minutes.");
    expect(handoffNotice({ ...DEFAULT_HANDOFF_SETTINGS, expectedWaitMinutes: 1 }, 'es', 0).text).toContain('1 minuto.');
    const closedDefault = handoffNotice({ ...saoPaulo, outsideHoursMessage: '' }, 'pt', at('2026-12-25T14:00:00Z'));
    expect(closedDefault).toEqual({ text: expect.stringContaining('não estão disponíveis'), outsideHours: true });
  });

  it('refuses settings that do not fit, naming the field', () => {
    const problem = (value: unknown): string | undefined => {
      try {
        checkHandoffSettings(value);
        return undefined;
      } catch (error: unknown) {
        return (error as { field?: string }).field;
      }
    };
    expect(problem({ fallbacksInARow: -1 })).toBe('handoff.fallbacksInARow');
    expect(problem({ fallbacksInARow: 2.5 })).toBe('handoff.fallbacksInARow');
    expect(problem({ message: 'x'.repeat(1001) })).toBe('handoff.message');
    expect(problem({ colour: 'blue' })).toBe('handoff.colour');
    expect(problem({ officeHours: { timeZone: 'Mars/Olympus', week: {} } })).toBe('handoff.officeHours');
    expect(problem({ officeHours: { timeZone: 'UTC', week: { mon: [{ from: '18:00', to: '09:00' }] } } })).toBe('handoff.officeHours');
    expect(problem({ officeHours: { timeZone: 'UTC', week: { monday: [] } } })).toBe('handoff.officeHours');
    expect(problem({ officeHours: { timeZone: 'UTC', holidays: ['25/12/2026'] } })).toBe('handoff.officeHours');
    expect(problem({ fallbacksInARow: 3, officeHours: null })).toBeUndefined();
    // What an older or damaged record holds falls back to the defaults.
    expect(readHandoffSettings({ fallbacksInARow: 'three' })).toEqual(DEFAULT_HANDOFF_SETTINGS);
  });
});
