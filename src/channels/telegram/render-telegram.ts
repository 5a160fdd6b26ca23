// BotMessages as Telegram Bot API calls (reference/telegram.md §3), within its limits:
// - text: sendMessage calls of at most 4096 characters, split on sentence boundaries, as plain
//   text (no parse_mode, so nothing in an answer is read as markup);
// - buttons (any number): an inline keyboard on the last text message, one button per row so
//   long titles stay readable; `callback_data` is `ids(payload)`: the payload, or a short id kept
//   in the store when the payload has more than 64 bytes (./telegram-channel.ts); a link button
//   (`type: "web_url"` with an http(s) `url`, ../core/link-buttons.ts) is a `url` button instead;
// - image: sendPhoto by URL; the text is its caption when there are no buttons and it fits 1024
//   characters, else the text goes first;
// - attachment: a URL becomes sendDocument; custom (and an attachment object) picks the method
//   by its keys, as Rasa's Telegram channel does: `photo` → sendPhoto, `document` → sendDocument,
//   `latitude` + `longitude` → sendLocation, `text` → sendMessage.
import type { Button } from '../../assistant/content.js';
import type { BotMessage } from '../../skills/bot-message.js';
import type { ChannelPhrases } from '../core/channel-phrases.js';
import { linkOf } from '../core/link-buttons.js';
import { splitText } from '../core/split-text.js';

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_BYTES = 64;

/** One Bot API call as the outbox keeps it (chat_id included, never the token). */
export interface TelegramCall {
  method: 'sendMessage' | 'sendPhoto' | 'sendDocument' | 'sendLocation' | 'sendChatAction' | 'answerCallbackQuery';
  body: Record<string, unknown>;
}

export interface RenderOptions {
  chatId: string;
  /** The callback_data a button with this payload carries. */
  ids(payload: string): string;
  phrases: ChannelPhrases;
}

function keyboard(buttons: readonly Button[], ids: (payload: string) => string): Record<string, unknown> {
  return {
    inline_keyboard: buttons.map((button) => {
      const text = button.title.trim() === '' ? button.payload : button.title;
      const url = linkOf(button);
      // A link button opens its address; any other sends its payload back.
      return [url === undefined ? { text, callback_data: ids(button.payload) } : { text, url }];
    }),
  };
}

/**
 * A conversation's id as the Bot API's `chat_id`: Telegram's chat ids are integers (at most 52
 * significant bits, exact in a double), sent as JSON numbers as Telegram sends them; anything else
 * (a channel's `@username`) as the string it is.
 */
export function telegramChatId(sender: string): number | string {
  if (!/^-?[1-9]\d*$/.test(sender)) return sender;
  const id = Number(sender);
  return Number.isSafeInteger(id) ? id : sender;
}

function customCall(chatId: number | string, value: unknown): TelegramCall | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const body: Record<string, unknown> = { ...(value as Record<string, unknown>), chat_id: chatId };
  if (typeof body['photo'] === 'string') return { method: 'sendPhoto', body };
  if (typeof body['document'] === 'string') return { method: 'sendDocument', body };
  if (typeof body['latitude'] === 'number' && typeof body['longitude'] === 'number') return { method: 'sendLocation', body };
  if (typeof body['text'] === 'string') return { method: 'sendMessage', body };
  return null;
}

/** One BotMessage → the calls to make, in order. */
export function renderForTelegram(message: BotMessage, options: RenderOptions): TelegramCall[] {
  const chatId = telegramChatId(options.chatId);
  const send = (text: string, extra: Record<string, unknown> = {}): TelegramCall => ({ method: 'sendMessage', body: { chat_id: chatId, text, ...extra } });
  const out: TelegramCall[] = [];
  const text = (message.text ?? '').trim();
  const image = message.image !== undefined && message.image !== '' ? message.image : undefined;
  const buttons = message.buttons ?? [];
  const caption = image !== undefined && buttons.length === 0 && text !== '' && text.length <= CAPTION_LIMIT ? text : undefined;
  if (buttons.length > 0) {
    const parts = splitText(text, TEXT_LIMIT);
    const last = parts.pop() ?? options.phrases.choose;
    out.push(...parts.map((part) => send(part)), send(last, { reply_markup: keyboard(buttons, options.ids) }));
  } else if (caption === undefined) {
    out.push(...splitText(text, TEXT_LIMIT).map((part) => send(part)));
  }
  if (image !== undefined) out.push({ method: 'sendPhoto', body: { chat_id: chatId, photo: image, ...(caption === undefined ? {} : { caption }) } });
  const attachment = message.attachment;
  if (typeof attachment === 'string' && attachment !== '') {
    if (/^https?:\/\//.test(attachment)) out.push({ method: 'sendDocument', body: { chat_id: chatId, document: attachment } });
    else out.push(...splitText(attachment, TEXT_LIMIT).map((part) => send(part)));
  } else {
    const call = customCall(chatId, attachment);
    if (call) out.push(call);
  }
  const custom = customCall(chatId, message.custom);
  if (custom) out.push(custom);
  return out;
}
