// Button payloads that do not fit a platform's limit (Telegram's callback_data: 64 bytes;
// WhatsApp's reply ids: 256 characters, list rows 200; Messenger's payloads: 1,000 characters)
// travel as a short id, and the payload is
// kept in the store under it; when the user presses the button, the id comes back and is turned
// into the payload again. A short id is a hash of the payload, so one payload always gets the same
// id and storing it twice is harmless. A payload that itself looks like a short id is stored too,
// so what comes back is never mistaken; so is one the platforms refuse as an id whatever its
// length — empty, or with spaces around it (an action server's `payload: ""`, " sim ") —, and
// every repeat of a payload within one message gets an id of its own (WhatsApp refuses two reply
// buttons with one id), all coming back as the payload.
import { createHash } from 'node:crypto';
import { withElementsAsText, type BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord, Store } from '../../store/store.js';
import { channelPhrases, type ChannelPhrases } from './channel-phrases.js';
import { linkOf } from './link-buttons.js';

const SHORT_ID = /^~[A-Za-z0-9_-]{22}$/;

/** Whether a payload can be a button's id as it is, on every platform: not empty, no spaces around it. */
function wellFormed(payload: string): boolean {
  return payload !== '' && payload === payload.trim();
}

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
    if (fits(payload) && wellFormed(payload) && !SHORT_ID.test(payload)) {
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
  const payloadsOf = (message: BotMessage): string[] => (message.buttons ?? []).filter((button) => linkOf(button) === undefined).map((button) => button.payload);
  const ids = await buttonIds(records, assistant.id, messages.flatMap(payloadsOf), fits);
  // Per message, the ids of its buttons in order: a payload's repeats get ids of their own, kept too.
  const repeats: Array<{ shortId: string; payload: string }> = [];
  const perMessage = messages.map((message) => {
    const queues = new Map<string, string[]>();
    for (const payload of payloadsOf(message)) {
      const queue = queues.get(payload) ?? [];
      const id = queue.length === 0 ? (ids.get(payload) ?? payload) : shortIdOf(`${queue.length}\u0000${payload}`);
      if (queue.length > 0) repeats.push({ shortId: id, payload });
      queue.push(id);
      queues.set(payload, queue);
    }
    return queues;
  });
  if (repeats.length > 0) await records.saveButtonPayloads(assistant.id, repeats);
  const phrases = channelPhrases(assistant.language);
  return messages.flatMap((message, index) => {
    const queues = perMessage[index]!;
    return render(message, (payload) => queues.get(payload)?.shift() ?? ids.get(payload) ?? payload, phrases);
  });
}
