// Telegram answers through the push channels' one delivery mechanism (../core/outbox-sender.ts);
// this file says how one Bot API call is made and how Telegram's errors are read
// (reference/telegram.md §4).
// - 429 (flood control): retried after exactly the `retry_after` Telegram gives (at most an hour),
//   for that chat only (Telegram limits per chat), never counted as an attempt;
// - 5xx, timeouts, network errors: retried with backoff;
// - 403 (the user blocked the bot, deleted their account, the bot was removed from the group):
//   recorded as `blocked`, never retried; the chat is marked unreachable, so the rest of what was
//   pending for it is dropped without a call, until the user writes again;
// - 401 / 404 (the token is refused or malformed): the integration needs a new token;
// - any other 4xx: recorded as failed, never retried.
import type { OutboundMessage, Store } from '../../store/store.js';
import type { ChannelTransport, FailureHandling } from '../core/outbox-sender.js';
import type { PlatformCallError } from '../core/platform-call-error.js';
import { unreachableRefusal } from '../core/unreachable-contacts.js';
import { callBotApi, ChatMigratedError, type TelegramApi } from './bot-api.js';
import { telegramChatId, type TelegramCall } from './render-telegram.js';
import { TELEGRAM } from './telegram-settings.js';
import { refusedToken } from './webhook-setup.js';

const LONGEST_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * The outbox key of a pressed button's answerCallbackQuery: its query's own, not the chat's, so it
 * goes at once instead of after what the chat's queue waits for (a retry_after, a slow send).
 */
export function callbackAnswerKey(queryId: string): string {
  return `callback:${queryId}`;
}

/** Whether an outbox item answers a pressed button (it sends nothing to the chat). */
export function isCallbackAnswer(item: OutboundMessage): boolean {
  return (item.payload as TelegramCall).method === 'answerCallbackQuery';
}

export function classifyTelegramFailure(error: PlatformCallError): FailureHandling {
  if (error.status === null) return { retry: true };
  if (error.status === 429) {
    return error.retryAfterSeconds === null ? { retry: true, throttled: 'recipient' } : { retry: true, delayMs: Math.min(error.retryAfterSeconds * 1000, LONGEST_RETRY_AFTER_MS), throttled: 'recipient' };
  }
  if (error.status >= 500) return { retry: true };
  if (error.status === 403) return { retry: false, status: 'blocked' };
  if (refusedToken(error)) return { retry: false, status: 'failed', invalidToken: true };
  return { retry: false, status: 'failed' };
}

export function telegramTransport(options: { api: TelegramApi; contacts: Pick<Store['channels'], 'contact'>; botToken(assistantId: number): Promise<string | undefined> }): ChannelTransport {
  return {
    channel: TELEGRAM,
    credential: options.botToken,
    async refusal(item: OutboundMessage) {
      // Answering a pressed button sends nothing to the chat: never held back by its mark.
      if (isCallbackAnswer(item)) return undefined;
      return unreachableRefusal(options.contacts, TELEGRAM, item);
    },
    async send(item: OutboundMessage, token: string) {
      const call = item.payload as TelegramCall;
      try {
        await callBotApi(options.api, token, call.method, call.body);
      } catch (error: unknown) {
        // A group upgraded to a supergroup: the same call, once, to the chat id Telegram names.
        if (!(error instanceof ChatMigratedError) || call.body['chat_id'] === undefined) throw error;
        await callBotApi(options.api, token, call.method, { ...call.body, chat_id: telegramChatId(error.migrateToChatId) });
      }
      return undefined;
    },
    classify: classifyTelegramFailure,
  };
}
