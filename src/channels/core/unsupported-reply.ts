// The polite answer of Messenger, WhatsApp and Telegram to a message they cannot read (an image
// without a caption, a sticker, a location, a voice note…). Each assistant may set its own text for each channel, or
// an empty one for no answer at all (the message is still recorded); unset, it is the channel's
// phrase in the assistant's language.
import { NLU_FALLBACK_INTENT, type ParseResult } from '../../nlu/types.js';
import type { BotMessage } from '../../skills/bot-message.js';
import { storeValidationError } from '../../store/store-errors.js';
import { channelPhrases } from './channel-phrases.js';

export const UNSUPPORTED_REPLY_MAX_LENGTH = 1000;

export interface UnsupportedReply {
  /** The text sent; empty: no answer. */
  text: string;
  /** Whether it is the channel's default phrase (nothing set). */
  isDefault: boolean;
}

/** The answer for a channel record's settings (`unsupportedReply`: a string, or absent/null for the default). */
export function unsupportedReplyOf(settings: Record<string, unknown> | undefined, language: string): UnsupportedReply {
  const set = settings?.['unsupportedReply'];
  if (typeof set === 'string') return { text: set, isDefault: false };
  return { text: channelPhrases(language).onlyText, isDefault: true };
}

/** A value to keep: null (back to the default), or the trimmed text (empty: no answer). */
export function checkUnsupportedReply(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > UNSUPPORTED_REPLY_MAX_LENGTH) {
    throw storeValidationError(`unsupportedReply has more than ${UNSUPPORTED_REPLY_MAX_LENGTH} characters`, 'unsupportedReply', 'too_long', { max: UNSUPPORTED_REPLY_MAX_LENGTH });
  }
  return trimmed;
}

/**
 * The parts of a turn for a message the channel cannot read (recorded as `[image]` and the like):
 * not understood, and answered with `reply` — or only recorded when the reply is empty.
 */
export function unreadableTurn(text: string, reply: UnsupportedReply): { parseData: ParseResult; answer?: BotMessage; listenOnly?: true } {
  const parseData: ParseResult = { text, intent: { name: NLU_FALLBACK_INTENT, confidence: 0 }, entities: [], intent_ranking: [] };
  return reply.text === '' ? { parseData, listenOnly: true } : { parseData, answer: { text: reply.text } };
}
