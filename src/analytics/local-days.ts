// Days and hours as the assistant's people live them: analytics cut days in the assistant's IANA
// time zone (America/Sao_Paulo by default), daylight saving included. Intervals are given as
// dates (whole local days) or as instants with an offset.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(epochSeconds: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(Math.floor(epochSeconds) * 1000))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts['year'] ?? 1970, month: parts['month'] ?? 1, day: parts['day'] ?? 1, hour: parts['hour'] ?? 0, minute: parts['minute'] ?? 0, second: parts['second'] ?? 0 };
}

/** Seconds to add to UTC to get the local time at that instant. */
function offsetAt(epochSeconds: number, timeZone: string): number {
  const local = localParts(epochSeconds, timeZone);
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) / 1000 - Math.floor(epochSeconds);
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function localDate(epochSeconds: number, timeZone: string): string {
  const { year, month, day } = localParts(epochSeconds, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant a local date starts (its midnight, or its first minute when DST skips midnight). */
export function localDayStart(date: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 1000;
  let guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  // Once more at the guess: the offset may differ there (a DST change that night).
  guess = utcMidnight - offsetAt(guess, timeZone);
  // Where midnight does not exist (DST starting at 00:00), the day starts at the first instant of that date.
  while (localDate(guess, timeZone) < date) guess += 900;
  return guess;
}

export function nextDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

export interface LocalInterval {
  /** Epoch seconds, inclusive. */
  from: number;
  /** Epoch seconds, exclusive. */
  to: number;
}

/**
 * `from` and `to` as the API and CLI accept them: a date (`2025-06-01`: from its start; for `to`,
 * until the end of that day) or an instant with its offset (`2025-06-01T08:00:00-03:00`).
 */
export function parseInterval(from: string, to: string, timeZone: string): LocalInterval {
  const start = parseBound(from, timeZone, false);
  const end = parseBound(to, timeZone, true);
  return { from: start, to: end };
}

/** One bound of an interval: a date is its day's start, or for the end (`isEnd`) the next day's start. */
export function parseBound(text: string, timeZone: string, isEnd: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !isCalendarDate(text.slice(0, 10))) throw new RangeError(`"${text}" is not a date of the calendar`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return localDayStart(isEnd ? nextDate(text) : text, timeZone);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    throw new RangeError(`"${text}" is neither a date (2025-06-01) nor a date and time with its offset (2025-06-01T08:00:00-03:00)`);
  }
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new RangeError(`"${text}" is not a valid date and time`);
  return millis / 1000;
}

/** Whether `YYYY-MM-DD` names a real day (not 2025-02-31 or 2025-13-01). */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const real = new Date(Date.UTC(year, month - 1, day));
  return real.getUTCFullYear() === year && real.getUTCMonth() === month - 1 && real.getUTCDate() === day;
}

/** Each local date from the one holding `from` up to the one holding the last instant before `to`. */
export function datesBetween(interval: LocalInterval, timeZone: string): string[] {
  const dates: string[] = [];
  const last = localDate(Math.max(interval.from, interval.to - 1), timeZone);
  for (let date = localDate(interval.from, timeZone); date <= last; date = nextDate(date)) dates.push(date);
  return dates;
}

/** The instant as ISO 8601 in the zone, with its offset: `2025-06-01T10:15:00-03:00`. */
export function localIso(epochSeconds: number, timeZone: string): string {
  const parts = localParts(epochSeconds, timeZone);
  const offsetMinutes = Math.round(offsetAt(epochSeconds, timeZone) / 60);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${localDate(epochSeconds, timeZone)}T${two(parts.hour)}:${two(parts.minute)}:${two(parts.second)}${sign}${two(Math.floor(absolute / 60))}:${two(absolute % 60)}`;
}
