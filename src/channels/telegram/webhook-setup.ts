// Telegram's webhook, set from the console or the CLI (`helper integrations telegram-webhook`):
// `setWebhook` with the channel's callback URL and a new `secret_token` (32 random bytes,
// base64url: within Telegram's 1–256 characters of A–Z, a–z, 0–9, `_`, `-`), which Telegram then
// sends in `X-Telegram-Bot-Api-Secret-Token` with every update. The secret is stored (sealed)
// only once Telegram accepted it, so a refused call leaves the previous webhook working.
// Only `message` and `callback_query` updates are asked for; pending updates are kept.
import { randomBytes } from 'node:crypto';
import type { AssistantRecord } from '../../store/store.js';
import { flagNeedsNewToken, readSecret, secretAccess, type SettingsAccess } from '../core/channel-secrets.js';
import { PlatformCallError } from '../core/platform-call-error.js';
import { callBotApi, type TelegramApi } from './bot-api.js';
import { saveTelegramRecord, telegramStatus, TELEGRAM_BOT_TOKEN, TELEGRAM_NEEDS_NEW_TOKEN, TELEGRAM_WEBHOOK_SECRET, type TelegramStatus } from './telegram-settings.js';

/** A failure's `message` is English (the CLI); `code` and `params` are the console's words (src/admin-api/problem-codes.ts). */
export type TelegramFailure = { ok: false; message: string; code: string; params?: Record<string, string | number>; needsNewToken: boolean };
export type TelegramCallResult<T> = ({ ok: true } & T) | TelegramFailure;

/** Whether Telegram refused the bot token itself (401 Unauthorized; 404 for a malformed one). */
export function refusedToken(error: PlatformCallError): boolean {
  return error.status === 401 || error.status === 404;
}

/** A failed Bot API call, in words for the console and the CLI; flags a refused token. */
export async function telegramFailure(access: SettingsAccess, assistant: AssistantRecord, token: string, error: unknown): Promise<TelegramFailure> {
  if (!(error instanceof PlatformCallError)) throw error;
  const service = 'Telegram Bot API';
  if (error.status === null) {
    return error.detail === 'timed out'
      ? { ok: false, message: 'the Telegram Bot API did not answer in time', code: 'check_timeout', params: { service }, needsNewToken: false }
      : { ok: false, message: 'the Telegram Bot API could not be reached', code: 'check_unreachable', params: { service }, needsNewToken: false };
  }
  if (refusedToken(error)) {
    await flagNeedsNewToken(secretAccess(access), assistant, { token: TELEGRAM_BOT_TOKEN, flag: TELEGRAM_NEEDS_NEW_TOKEN }, token, `${error.status}: ${error.detail}`);
    return { ok: false, message: `Telegram refused the bot token (${error.status}: ${error.detail}); set a new one`, code: 'check_token_refused', params: { service: 'Telegram', status: `HTTP ${error.status}`, detail: error.detail.slice(0, 300) }, needsNewToken: true };
  }
  return { ok: false, message: `the Telegram Bot API answered ${error.status}: ${error.detail}`, code: 'check_answered', params: { service, status: `HTTP ${error.status}`, detail: error.detail.slice(0, 300) }, needsNewToken: false };
}

export async function setTelegramWebhook(access: SettingsAccess, api: TelegramApi, assistant: AssistantRecord, url: string): Promise<TelegramCallResult<{ status: TelegramStatus }>> {
  const token = await readSecret(access, assistant, TELEGRAM_BOT_TOKEN);
  if (token === undefined) return { ok: false, message: 'no bot token is set (helper integrations set telegram --bot-token …)', code: 'check_no_bot_token', needsNewToken: false };
  const secret = randomBytes(32).toString('base64url');
  try {
    await callBotApi(api, token, 'setWebhook', { url, secret_token: secret, allowed_updates: ['message', 'callback_query'], drop_pending_updates: false });
  } catch (error: unknown) {
    return telegramFailure(access, assistant, token, error);
  }
  await access.store.secrets.set(assistant.id, TELEGRAM_WEBHOOK_SECRET, access.secrets.encrypt(secret, { assistantId: assistant.id, name: TELEGRAM_WEBHOOK_SECRET }));
  await saveTelegramRecord(access, assistant, (settings) => {
    settings['webhook'] = { url, setAt: new Date().toISOString() };
  });
  return { ok: true, status: await telegramStatus(access, assistant) };
}
