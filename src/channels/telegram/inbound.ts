// Telegram updates → what the channel handles (reference/telegram.md §2). One update carries one
// payload; only `message` and `callback_query` count (the webhook asks for no others; any other
// kind is acknowledged and ignored, edits included).
// - message text: as typed; a command's `@botname` (groups) is dropped, so `/start@acme_bot` is
//   `/start`; `/start` opens the conversation (`start`, with a deep link's parameter in
//   `metadata.telegram.start_param`: t.me/<bot>?start=<param>), read by ../core/conversation-opening.ts;
// - a photo, video or document with a caption: the caption, the media in the metadata;
// - any other content a user sends (a photo without caption, a voice note, a location, a
//   sticker…): recorded as `[photo]` and the like, with its details in the metadata, and answered
//   with the assistant's "I can only read text" (./telegram-channel.ts);
// - a service message (someone joined or left, a new title or photo, a pinned message, a group
//   that became a supergroup, forum topic and video chat events…): anything without text nor a
//   content kind users send is ignored, no turn and no answer;
// - callback_query (an inline button pressed): its `data`, which is the button's payload or a
//   short id standing for it; the query is answered with answerCallbackQuery. A query without
//   `data` (a game's button) is only answered, without a turn.
// The conversation is the chat (`message.chat.id`; for a callback, its message's chat): in a
// private chat, the user. Messages from bots and channel posts are ignored.
import type { EventMetadata } from '../../tracker/events.js';

type Json = Record<string, unknown>;

export interface TelegramInbound {
  updateId: number;
  /** The chat to answer in: the conversation. */
  chatId: string;
  /**
   * `text` as typed; `callback`: a button's data to turn back into its payload; `unreadable`: not
   * text; `query`: a pressed button without data, whose query is answered and nothing else.
   */
  kind: 'text' | 'callback' | 'unreadable' | 'query';
  text: string;
  /** `/start`: the conversation's opening, with the deep link's parameter, if any. */
  start?: { param: string | undefined };
  /** For a callback: the query to answer. */
  callbackQueryId?: string;
  /** When the user sent it (epoch seconds). */
  date: number | undefined;
  metadata: EventMetadata;
}

/**
 * `/start`, or `/start <param>`: a deep link's parameter is one word (Telegram allows up to 64 of
 * A–Z, a–z, 0–9, _ and -). `/start` followed by several words is text, as typed.
 */
const START = /^\/start(?:\s+(\S+))?$/;

const MEDIA_WITH_CAPTION = ['photo', 'video', 'document', 'animation', 'audio'];
/**
 * The other content kinds a user sends (Bot API `Message` fields), answered politely. A message with
 * none of them, no text and no caption is a service message (`new_chat_members`, `pinned_message`,
 * `migrate_to_chat_id`, `forum_topic_created`, `video_chat_started`, `write_access_allowed`…, and
 * whatever Telegram adds): ignored.
 */
const OTHER_KINDS = ['voice', 'video_note', 'sticker', 'location', 'venue', 'contact', 'poll', 'dice', 'game', 'invoice', 'story', 'paid_media', 'giveaway', 'giveaway_winners', 'checklist', 'web_app_data', 'users_shared', 'chat_shared', 'successful_payment', 'passport_data'];

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function id(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : typeof value === 'string' && /^-?\d+$/.test(value) ? value : undefined;
}

function person(from: unknown): Json | null {
  if (!isObject(from)) return null;
  return { id: from['id'] ?? null, first_name: from['first_name'] ?? null, username: from['username'] ?? null, language_code: from['language_code'] ?? null };
}

/** The update → what to handle, or null when there is nothing to answer. */
export function readUpdate(update: unknown): TelegramInbound | null {
  if (!isObject(update) || typeof update['update_id'] !== 'number') return null;
  const updateId = update['update_id'];
  const query = update['callback_query'];
  if (isObject(query)) {
    const queryId = str(query['id']);
    const message = isObject(query['message']) ? query['message'] : undefined;
    const chatId = (message && isObject(message['chat']) ? id(message['chat']['id']) : undefined) ?? (isObject(query['from']) ? id(query['from']['id']) : undefined);
    const data = str(query['data']);
    if (queryId === undefined || chatId === undefined) return null;
    const metadata: EventMetadata = { telegram: { chat_id: chatId, from: person(query['from']), type: 'callback_query', message_id: message?.['message_id'] ?? null } };
    // A game's button carries no data: nothing to say, but the query is answered (its spinner stops).
    if (data === undefined) return { updateId, chatId, kind: 'query', text: '', callbackQueryId: queryId, date: undefined, metadata };
    return { updateId, chatId, kind: 'callback', text: data, callbackQueryId: queryId, date: undefined, metadata };
  }
  const message = update['message'];
  if (!isObject(message) || !isObject(message['chat'])) return null;
  if (isObject(message['from']) && message['from']['is_bot'] === true) return null;
  const chat = message['chat'];
  const chatId = id(chat['id']);
  if (chatId === undefined || chat['type'] === 'channel') return null;
  const date = typeof message['date'] === 'number' ? message['date'] : undefined;
  const details: Json = { chat_id: chatId, chat_type: chat['type'] ?? null, message_id: message['message_id'] ?? null, from: person(message['from']) };
  const base = { updateId, chatId, date, metadata: { telegram: details } };
  const text = str(message['text'])?.trim();
  if (text !== undefined) {
    details['type'] = 'text';
    // In groups a command names the bot: /start@acme_bot.
    const command = text.replace(/^(\/\w+)@\w+/, '$1');
    const start = START.exec(command);
    if (start === null) return { ...base, kind: 'text', text: command };
    const param = start[1];
    if (param !== undefined) details['start_param'] = param;
    return { ...base, kind: 'text', text: command, start: { param } };
  }
  const media = MEDIA_WITH_CAPTION.find((kind) => message[kind] !== undefined);
  const kind = media ?? OTHER_KINDS.find((other) => message[other] !== undefined);
  // A service message: nobody wrote anything to answer.
  if (kind === undefined) return null;
  details['type'] = kind;
  const content = message[kind];
  // A photo comes in several sizes: the last is the largest.
  details[kind] = Array.isArray(content) ? (content.at(-1) ?? null) : (content ?? null);
  const caption = media === undefined ? undefined : str(message['caption'])?.trim();
  if (caption !== undefined) return { ...base, kind: 'text', text: caption };
  return { ...base, kind: 'unreadable', text: `[${kind}]` };
}
