// Messenger webhook events → engine turns (reference/messenger.md §3). Every `entry` and every
// `messaging` and `standby` item counts. Echoes of the Page's own messages, deliveries, reads and
// reactions are never turns. Text as typed; a quick reply's payload (the title stays in the
// metadata); a postback's payload (the Get Started button's opens the conversation:
// ./facebook-channel.ts); the `ref` of a referral or an opt-in. Attachments (a photo, a sticker —
// dual-sent as `image` with a `sticker_id` —, a file, a link share…) are never read as text:
// beside text, the text is read; alone, the message is unreadable (`[image]`, `[sticker]`…), recorded
// and answered politely as on WhatsApp and Telegram. Either way their types and URLs stay in the
// metadata (`facebook.attachments`).
import type { EventMetadata } from '../../tracker/events.js';

export interface MessengerTurn {
  sender: string;
  text: string;
  /** The message's (or postback's) `mid`: the dedupe key. */
  messageId: string | undefined;
  metadata: EventMetadata;
  /** From `standby`: another app owns the thread, so the message is recorded, not answered. */
  standby: boolean;
  /** A pressed quick reply or postback button: its payload may be the short id of a longer one. */
  button?: true;
  /** A postback (a button of a template, the persistent menu, the Page's Get Started button). */
  postback?: true;
  /** The `ref` of the m.me link a new user came by, on the Get Started postback. */
  ref?: string;
  /** Only attachments, no text: recorded as `[type]` and answered with the channel's unsupported reply. */
  unreadable?: true;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A message's attachments, for the metadata: type, URL and sticker id (what is there). */
function attachmentsOf(message: Json): Array<{ type: string; url: string | null; sticker_id?: number | string }> {
  const list = Array.isArray(message['attachments']) ? message['attachments'] : [];
  return list.flatMap((attachment: unknown) => {
    if (!isObject(attachment)) return [];
    const payload = isObject(attachment['payload']) ? attachment['payload'] : {};
    const stickerId = payload['sticker_id'];
    return [
      {
        type: str(attachment['type'])?.slice(0, 32) ?? 'attachment',
        url: str(payload['url']) ?? null,
        ...(typeof stickerId === 'number' || typeof stickerId === 'string' ? { sticker_id: stickerId } : {}),
      },
    ];
  });
}

/** One messaging (or standby) item → a turn, or null when it is not something to answer. */
export function toTurn(item: unknown, pageId: string | undefined, standby: boolean): MessengerTurn | null {
  if (!isObject(item)) return null;
  const optin = isObject(item['optin']) ? item['optin'] : undefined;
  // A checkbox-plugin opt-in has no sender id, only a user_ref the Page may write to once.
  const userRef = optin ? str(optin['user_ref']) : undefined;
  const senderId = isObject(item['sender']) ? str(item['sender']['id']) : undefined;
  const sender = senderId ?? (userRef === undefined ? undefined : `user_ref:${userRef}`);
  if (sender === undefined) return null;
  const metadata: EventMetadata = { facebook: { page_id: pageId ?? null, timestamp: typeof item['timestamp'] === 'number' ? item['timestamp'] : null } };
  const message = item['message'];
  if (isObject(message)) {
    if (message['is_echo'] === true) return null;
    const quickReply = isObject(message['quick_reply']) ? str(message['quick_reply']['payload']) : undefined;
    const typed = str(message['text'])?.trim();
    const attachments = attachmentsOf(message);
    if (attachments.length > 0) (metadata['facebook'] as Json)['attachments'] = attachments;
    const text = (quickReply ?? typed ?? '').trim();
    if (text === '') {
      const [first] = attachments;
      if (first === undefined) return null;
      // A sticker still comes as an `image` with a sticker_id until Meta sends only `sticker`.
      const kind = first.sticker_id !== undefined ? 'sticker' : first.type;
      return { sender, text: `[${kind}]`, messageId: str(message['mid']), metadata, standby, unreadable: true };
    }
    if (quickReply !== undefined) (metadata['facebook'] as Json)['quick_reply_title'] = typed ?? null;
    return { sender, text: text.slice(0, 10_000), messageId: str(message['mid']), metadata, standby, ...(quickReply !== undefined ? { button: true as const } : {}) };
  }
  const postback = item['postback'];
  if (isObject(postback)) {
    const text = (str(postback['payload']) ?? str(postback['title']) ?? '').trim();
    if (text === '') return null;
    (metadata['facebook'] as Json)['postback_title'] = str(postback['title']) ?? null;
    // A new user who came by an m.me link with a `ref` taps Get Started: the ref rides on the postback.
    const referral = isObject(postback['referral']) ? postback['referral'] : undefined;
    const ref = referral ? str(referral['ref'])?.trim().slice(0, 1_000) : undefined;
    if (referral) (metadata['facebook'] as Json)['referral'] = { ref: ref ?? null, source: str(referral['source']) ?? null, type: str(referral['type']) ?? null };
    return { sender, text: text.slice(0, 10_000), messageId: str(postback['mid']), metadata, standby, button: true, postback: true, ...(ref ? { ref } : {}) };
  }
  // An m.me link, ad or QR code with a `ref`, or a plugin opt-in: the ref is the turn's text (a
  // `/intent` ref triggers that intent), the rest stays in the metadata. Neither carries a mid, so
  // the sender and Meta's timestamp make the dedupe key for Meta's retries.
  const referral = isObject(item['referral']) ? item['referral'] : undefined;
  const origin = referral ?? optin;
  if (origin !== undefined) {
    const ref = str(origin['ref'])?.trim();
    if (ref === undefined || ref === '') return null;
    const kind = referral ? 'referral' : 'optin';
    (metadata['facebook'] as Json)[kind] = origin;
    const key = typeof item['timestamp'] === 'number' ? `${kind}:${sender}:${item['timestamp']}` : undefined;
    // Only a real sender id can be answered with the Send API's recipient.id: a user_ref opt-in is
    // recorded, not answered.
    return { sender, text: ref.slice(0, 10_000), messageId: key, metadata, standby: standby || senderId === undefined };
  }
  // delivery, read, reaction, handover…: not a turn.
  return null;
}

/** Every turn of a webhook body, in order: entries, then each entry's messaging and standby items. */
export function turnsOf(body: unknown): MessengerTurn[] {
  if (!isObject(body) || !Array.isArray(body['entry'])) return [];
  const turns: MessengerTurn[] = [];
  for (const entry of body['entry']) {
    if (!isObject(entry)) continue;
    const pageId = str(entry['id']);
    for (const [key, standby] of [
      ['messaging', false],
      ['standby', true],
    ] as const) {
      const items = entry[key];
      if (!Array.isArray(items)) continue;
      for (const item of items) {
        const turn = toTurn(item, pageId, standby);
        if (turn) turns.push(turn);
      }
    }
  }
  return turns;
}
