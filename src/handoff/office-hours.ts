// Office hours: when agents are there to take handoffs. A week of opening intervals in one time
// zone (IANA name) and holidays (dates in that zone) on which the office is closed all day.
// Outside them a handoff still waits in the inbox, but the user is told so (handoff-message.ts).

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OfficeHours {
  /** IANA time zone, e.g. America/Sao_Paulo. */
  timeZone: string;
  /** Per day, opening intervals `HH:MM`–`HH:MM` (`to` after `from`); a day absent or empty is closed. */
  week: Partial<Record<Weekday, Array<{ from: string; to: string }>>>;
  /** Dates (`YYYY-MM-DD`, in the time zone) closed all day. */
  holidays: string[];
}

/** `HH:MM` from 00:00 to 23:59, or 24:00 (the end of a day); the admin API's schema uses the same. */
export const OFFICE_TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$';
export const HOLIDAY_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
export const MAX_HOLIDAYS = 366;
export const MAX_INTERVALS_PER_DAY = 10;
const TIME = new RegExp(OFFICE_TIME_PATTERN);
const DATE = new RegExp(HOLIDAY_PATTERN);

/** The office hours as given, checked; a string names the first problem. */
export function checkOfficeHours(value: unknown): { hours: OfficeHours } | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object {timeZone, week, holidays}';
  const given = value as Record<string, unknown>;
  const timeZone = given['timeZone'];
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) return `timeZone must be an IANA time zone such as America/Sao_Paulo, not ${JSON.stringify(timeZone)}`;
  const week: OfficeHours['week'] = {};
  const weekGiven = given['week'] ?? {};
  if (typeof weekGiven !== 'object' || weekGiven === null || Array.isArray(weekGiven)) return 'week must be an object with days (sun … sat) as keys';
  for (const [day, intervals] of Object.entries(weekGiven)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) return `week.${day} is not a day: use ${WEEKDAYS.join(', ')}`;
    if (!Array.isArray(intervals) || intervals.length > MAX_INTERVALS_PER_DAY) return `week.${day} must be a list of at most ${MAX_INTERVALS_PER_DAY} intervals {from, to}`;
    const checked: Array<{ from: string; to: string }> = [];
    for (const [index, interval] of intervals.entries()) {
      const { from, to } = (interval ?? {}) as { from?: unknown; to?: unknown };
      if (typeof from !== 'string' || typeof to !== 'string' || !TIME.test(from) || !TIME.test(to) || to <= from) {
        return `week.${day}.${index} must be {from: "HH:MM", to: "HH:MM"} with "to" after "from"`;
      }
      checked.push({ from, to });
    }
    week[day as Weekday] = checked;
  }
  const holidays = given['holidays'] ?? [];
  if (!Array.isArray(holidays) || holidays.length > MAX_HOLIDAYS) return `holidays must be a list of at most ${MAX_HOLIDAYS} dates YYYY-MM-DD`;
  for (const [index, holiday] of holidays.entries()) {
    if (typeof holiday !== 'string' || !DATE.test(holiday)) return `holidays.${index} must be a date YYYY-MM-DD`;
  }
  return { hours: { timeZone, week, holidays: [...new Set(holidays as string[])].sort() } };
}

/** Whether `at` (epoch seconds) falls inside the office hours; always true without them. */
export function withinOfficeHours(hours: OfficeHours | null, at: number): boolean {
  if (hours === null) return true;
  const local = localTime(hours.timeZone, at);
  if (hours.holidays.includes(local.date)) return false;
  return (hours.week[local.weekday] ?? []).some((interval) => interval.from <= local.time && local.time < interval.to);
}

function localTime(timeZone: string, at: number): { date: string; weekday: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at * 1000));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((entry) => entry.type === type)?.value ?? '';
  const weekday = part('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { date: `${part('year')}-${part('month')}-${part('day')}`, weekday, time: `${part('hour')}:${part('minute')}` };
}

function isTimeZone(name: string): boolean {
  if (name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
