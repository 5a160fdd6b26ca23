// The interval the analytics pages show, kept in the address (?from=…&to=…) so a link — a
// ranking's magnifier, a shared URL — opens the same period. Dates are local days (YYYY-MM-DD).

export function isoDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last `days` days, today included. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return { from: isoDate(start), to: isoDate(now) };
}

export function intervalFrom(params: URLSearchParams, days = 30): { from: string; to: string } {
  const fallback = lastDays(days);
  const valid = (value: string | null) => (value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);
  return { from: valid(params.get('from')) ?? fallback.from, to: valid(params.get('to')) ?? fallback.to };
}

/** A query string from the non-empty values, in the given order. */
export function queryString(values: Record<string, string | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, value === true ? 'true' : value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
