/** Epoch seconds as the console shows a moment: the locale's date and time, to the minute. */
export function formatMoment(epochSeconds: number, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(epochSeconds * 1000));
}

/** A share (0–1) as a percentage with one decimal; a dash without data. */
export function formatShare(share: number | null, locale: string): string {
  if (share === null) return '—';
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(share * 100)}\u00a0%`;
}
