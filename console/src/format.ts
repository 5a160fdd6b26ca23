/** A confidence (0–1) as the console shows it: a whole percentage, or one decimal below 10 %. */
export function formatConfidence(confidence: number, locale: string): string {
  const percent = Math.min(Math.max(confidence, 0), 1) * 100;
  const digits = percent > 0 && percent < 10 ? 1 : 0;
  // A no-break space: "100 %" never splits over two lines.
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(percent)}\u00a0%`;
}

/** Who did something, as the API names them: a login, or one of the platform's own actors in words. */
const OWN_ACTORS = ['system', 'first-start', 'cli', 'operator', 'retention'];
export function actorText(t: (key: string) => string, actor: string): string {
  return OWN_ACTORS.includes(actor) ? t(`actors.${actor}`) : actor;
}

/** A moment (ISO 8601) as a short local date and time. */
export function formatDateTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** Addresses typed one per line (or separated by commas) as the list the API takes. */
export function parseAddressList(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** A wait (Retry-After) as people say it: seconds under two minutes, whole minutes (rounded up) above. */
export function describeWait(seconds: number): { unit: 'seconds' | 'minutes'; count: number } {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 120 ? { unit: 'seconds', count: whole } : { unit: 'minutes', count: Math.ceil(whole / 60) };
}
