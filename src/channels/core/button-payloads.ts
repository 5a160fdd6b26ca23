// Button payloads that do not fit a platform's limit (Telegram's callback_data: 64 bytes;
// WhatsApp's reply ids: 256 characters, list rows 200; Messenger's payloads: 1,000 characters)
// travel as a short id, and the payload is
// kept in the store under it; when the user presses the button, the id comes back and is turned
// into the payload again. A short id is a hash of the payload, so one payload always gets the same
// id and storing it twice is harmless. A payload that itself looks like a short id is stored too,
// so what comes back is never mistaken.
import { createHash } from 'node:crypto';
import { withElementsAsText, type BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord, Store } from '../../store/store.js';
import { channelPhrases, type ChannelPhrases } from './channel-phrases.js';
import { linkOf } from './link-buttons.js';

const SHORT_ID = /^~[A-Za-z0-9_-]{22}$/;

export function shortIdOf(payload: string): string {
  return `~${createHash('sha256').update(payload).digest('base64url').slice(0, 22)}`;
}

/**
 * The id each payload's button carries: the payload itself when `fits` says so, else its short id
 * (kept in the store before this resolves, so the button works as soon as it is sent).
 */
export async function buttonIds(
  records: Pick<Store['channels'], 'saveButtonPayloads'>,
  assistantId: number,
  payloads: Iterable<string>,
  fits: (payload: string) => boolean,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const kept: Array<{ shortId: string; payload: string }> = [];
  for (const payload of payloads) {
    if (ids.has(payload)) continue;
    if (fits(payload) && !SHORT_ID.test(payload)) {
      ids.set(payload, payload);
      continue;
    }
    const shortId = shortIdOf(payload);
    ids.set(payload, shortId);
    kept.push({ shortId, payload });
  }
  await records.saveButtonPayloads(assistantId, kept);
  return ids;
}

/** The payload a pressed button's id stands for (the id itself when it is not a known short id). */
export async function payloadOfButtonId(records: Pick<Store['channels'], 'buttonPayload'>, assistantId: number, id: string): Promise<string> {
  if (!SHORT_ID.test(id)) return id;
  return (await records.buttonPayload(assistantId, id)) ?? id;
}

/**
 * Renders an answer with every button's payload as the id its button carries (`buttonIds`), in
 * the assistant's language: what a channel with a limit on button ids does before storing calls.
 */
export async function renderWithButtonIds<R>(
  records: Pick<Store['channels'], 'saveButtonPayloads'>,
  assistant: AssistantRecord,
  messages: readonly BotMessage[],
  fits: (payload: string) => boolean,
  render: (message: BotMessage, ids: (payload: string) => string, phrases: ChannelPhrases) => R[],
): Promise<R[]> {
  // Cards (Rasa's elements) as text and buttons: these channels render no generic template.
  messages = withElementsAsText(messages);
  // A link button carries its address, not its payload: nothing to keep for it.
  const payloads = messages.flatMap((message) => (message.buttons ?? []).filter((button) => linkOf(button) === undefined).map((button) => button.payload));
  const ids = await buttonIds(records, assistant.id, payloads, fits);
  const phrases = channelPhrases(assistant.language);
  return messages.flatMap((message) => render(message, (payload) => ids.get(payload) ?? payload, phrases));
}
