// Why a push channel's answer was not delivered, as a stable code with parameters, recorded beside
// the English text of the delivery's `detail` (store.channels.recordDelivery's `reasonCode`,
// migration 0110) and answered by `GET …/integrations/{channel}/deliveries` (`reasonCode`,
// `reasonParams`), so that the console says it in its own language
// (`integrations.deliveries.reasons.<code>` in console/src/locales). The parameters are numbers
// and the platform's own words (Meta's or Telegram's error message, with any credential already
// cut out): never a token, a URL or an address.
import type { DeliveryReason } from '../../store/store.js';

/**
 * Every code, with its sentence in English naming the parameters it may be sent with (`{name}`;
 * `status`, `code` and `subcode` only when the platform gave them). The console's locales have a sentence for each
 * (console/src/locales/locales.test.ts checks them against this list).
 */
export const DELIVERY_REASONS = {
  no_token: 'no access token is set: the answer was not sent',
  no_callback_url: 'no callback URL is set: the answer was not sent',
  outside_window: "outside the platform's 24-hour window since the user's last message: not sent",
  blocked: 'the user cannot be reached (blocked the bot or is no longer available): HTTP {status}, code {code}: {message}',
  timeout: 'no answer in time',
  unreachable: 'could not be reached',
  answer_unreadable: 'its answer (HTTP {status}) could not be read: cut off or too large',
  http_status: 'answered HTTP {status}',
  graph_error: "Meta's error: HTTP {status}, code {code}/{subcode}: {message}",
  telegram_error: "Telegram's error: HTTP {status}, code {code}: {message}",
  address_refused: 'the host is not a public address: calls there are refused unless {variable} names it',
  url_refused: 'the URL is refused: it must be an http(s) URL without a user or password in it',
  internal_error: 'an error of this platform (see its log)',
} as const;

export type DeliveryReasonCode = keyof typeof DELIVERY_REASONS;

/** The longest platform message kept as a parameter. */
const MAX_MESSAGE = 300;

/** A coded reason, its parameters without the absent ones and its texts bounded. */
export function deliveryReason(code: DeliveryReasonCode, params: Record<string, string | number | null | undefined> = {}): DeliveryReason {
  const kept: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'number' && Number.isFinite(value)) kept[name] = value;
    else if (typeof value === 'string' && value !== '') kept[name] = value.slice(0, MAX_MESSAGE);
  }
  return { code, params: kept };
}
