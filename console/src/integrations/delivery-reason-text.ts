// Why a delivery failed, in the console's language: the server's stable code
// (`reasonCode`, `reasonParams`: src/channels/core/delivery-reason.ts) said by
// `integrations.deliveries.reasons.<code>`, with the platform's status and codes in their own
// notation and its message quoted as the platform wrote it. A code this console does not know, or
// a record older than the codes, shows the English text the server recorded, marked as English.
import type { TFunction } from 'i18next';
import type { DeliveryRecord } from '../api/types';

/** What the reason cell shows: a sentence, then the platform's codes (`HTTP 400 · código 100`) and its own words. */
export interface ReasonText {
  /** The sentence; empty when there is only the codes or the quote. */
  text: string;
  /** `text` is the server's English (an unknown code, an old record): shown with lang="en". */
  english: boolean;
  codes?: string;
  /** The platform's message as it wrote it (in English as a rule): shown with lang="en". */
  quote?: string;
}

/** The parameters a code's sentence names: without them the code is said in English instead. */
const NAMED: Record<string, { name: string; type: 'number' | 'string' }> = { http_status: { name: 'status', type: 'number' }, address_refused: { name: 'variable', type: 'string' } };
/** The codes whose sentence is followed by the platform's status, codes and message. */
const QUOTING = new Set(['graph_error', 'telegram_error', 'blocked']);

const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The HTTP status and the platform's code (with its subcode) in their notation, or undefined. */
function codesText(t: TFunction, status: number | null, code: number | null, subcode: number | null = null): string | undefined {
  const parts = [status === null ? null : `HTTP ${status}`, code === null ? null : t('integrations.deliveries.code', { code: subcode === null ? String(code) : `${code}/${subcode}` })].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function codedText(t: TFunction, code: string, params: Record<string, unknown>): ReasonText | null {
  if (!/^[a-z_]{1,64}$/.test(code)) return null;
  const named = NAMED[code];
  if (named !== undefined && typeof params[named.name] !== named.type) return null;
  // A code without a sentence in the locales (one newer than this console) reads as empty.
  const text = t(`integrations.deliveries.reasons.${code}`, { ...(named === undefined ? {} : { [named.name]: params[named.name] }), defaultValue: '' });
  if (text === '') return null;
  if (!QUOTING.has(code)) return { text, english: false };
  const codes = codesText(t, numberOf(params.status), numberOf(params.code), numberOf(params.subcode));
  const quote = textOf(params.message);
  return { text, english: false, ...(codes === undefined ? {} : { codes }), ...(quote === '' ? {} : { quote }) };
}

/** A record without a known code: its HTTP status and the platform's code, then the English reason as recorded. */
function recordedText(t: TFunction, row: DeliveryRecord): ReasonText | null {
  const detail = row.detail ?? {};
  // A refusal recorded before the codes was always the 24-hour window's.
  if (row.status === 'refused') return { text: t('integrations.deliveries.reasons.outside_window'), english: false };
  // A status WhatsApp reported as failed carries Meta's `errors` instead ({code, title, message}).
  const reported = Array.isArray(detail.errors) && typeof detail.errors[0] === 'object' && detail.errors[0] !== null ? (detail.errors[0] as { code?: unknown; title?: unknown; message?: unknown }) : {};
  const codes = codesText(t, numberOf(detail.status), numberOf(detail.code) ?? numberOf(reported.code));
  const reason = textOf(detail.reason) || textOf(reported.message) || textOf(reported.title);
  if (codes === undefined && reason === '') return null;
  return { text: reason, english: true, ...(codes === undefined ? {} : { codes }) };
}

/** Why `row` failed, for the reason cell; null when nothing is known of it. */
export function deliveryReasonText(t: TFunction, row: DeliveryRecord): ReasonText | null {
  const coded = typeof row.reasonCode === 'string' ? codedText(t, row.reasonCode, row.reasonParams ?? {}) : null;
  return coded ?? recordedText(t, row);
}
