// "Check connection" for the Integrações panel: who the bot token belongs to (`getMe`) and what
// Telegram knows of its webhook (`getWebhookInfo`: the URL, pending updates, the last delivery
// error). A token that works clears the "needs a new token" flag; one Telegram refuses sets it.
import type { AssistantRecord } from '../../store/store.js';
import { readSecret, type SettingsAccess } from '../core/channel-secrets.js';
import { callBotApi, type TelegramApi } from './bot-api.js';
import { TELEGRAM_BOT_TOKEN, TELEGRAM_NEEDS_NEW_TOKEN } from './telegram-settings.js';
import { telegramFailure, type TelegramCallResult } from './webhook-setup.js';

export interface TelegramBotInfo {
  bot: { id: number; username: string; name: string };
  webhook: { url: string; pendingUpdateCount: number; lastErrorMessage: string | null; lastErrorDate: string | null };
}

export async function checkTelegramBot(access: SettingsAccess, api: TelegramApi, assistant: AssistantRecord): Promise<TelegramCallResult<TelegramBotInfo>> {
  const token = await readSecret(access, assistant, TELEGRAM_BOT_TOKEN);
  if (token === undefined) return { ok: false, message: 'no bot token is set', code: 'check_no_bot_token', needsNewToken: false };
  try {
    const me = (await callBotApi(api, token, 'getMe', {}, 10_000)) as { id?: unknown; username?: unknown; first_name?: unknown } | null;
    const info = (await callBotApi(api, token, 'getWebhookInfo', {}, 10_000)) as { url?: unknown; pending_update_count?: unknown; last_error_message?: unknown; last_error_date?: unknown } | null;
    await access.store.secrets.delete(assistant.id, TELEGRAM_NEEDS_NEW_TOKEN);
    return {
      ok: true,
      bot: { id: typeof me?.id === 'number' ? me.id : 0, username: typeof me?.username === 'string' ? me.username : '', name: typeof me?.first_name === 'string' ? me.first_name : '' },
      webhook: {
        url: typeof info?.url === 'string' ? info.url : '',
        pendingUpdateCount: typeof info?.pending_update_count === 'number' ? info.pending_update_count : 0,
        lastErrorMessage: typeof info?.last_error_message === 'string' ? info.last_error_message.slice(0, 300) : null,
        lastErrorDate: typeof info?.last_error_date === 'number' ? new Date(info.last_error_date * 1000).toISOString() : null,
      },
    };
  } catch (error: unknown) {
    return telegramFailure(access, assistant, token, error);
  }
}
