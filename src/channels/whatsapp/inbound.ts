// WhatsApp Cloud API notifications → what the channel handles (reference/whatsapp-cloud.md §2).
// Every `entry` and every `change` counts; a change's `value` carries `messages` (with
// `contacts`), `statuses` or `errors`, and is routed by `metadata.phone_number_id`.
//
// Messages:
// - `text`: the body;
// - `interactive` `button_reply` / `list_reply`: the reply's id, which is the button's payload (or
//   a short id standing for it); the title stays in the metadata;
// - `button` (a template's quick reply): its payload (else its text);
// - `image`, `video`, `document` with a caption: the caption, the media in the metadata;
// - any other message (media without a caption, `audio`, `sticker`, `location`, `contacts`,
//   `order`, `unsupported`…): recorded as `[type]` with its details in the metadata, and answered
//   with the assistant's "I can only read text" (./whatsapp-channel.ts);
// - `reaction`, `system`, `ephemeral` and `request_welcome`: nothing (not a user's message).
// Statuses (sent, delivered, read, failed with its errors) are recorded, never answered.
import type { DeliveryReason } from '../../store/store.js';
import type { EventMetadata } from '../../tracker/events.js';
import { deliveryReason } from '../core/delivery-reason.js';

type Json = Record<string, unknown>;

export interface WhatsAppMessage {
  /** The user's WhatsApp id (their number): the conversation. */
  from: string;
  /** The wamid: the dedupe key. */
  messageId: string;
  /** When the user sent it (epoch seconds), else undefined. */
  timestamp: number | undefined;
  /** `text` as typed; `reply`: a button's id to turn back into its payload; `unreadable`: not text. */
  kind: 'text' | 'reply' | 'unreadable';
  text: string;
  metadata: EventMetadata;
}

export interface WhatsAppStatusUpdate {
  /** The wamid of our message. */
  messageId: string;
  recipient: string;
  status: string;
  timestamp: number | undefined;
  detail: Record<string, unknown> | null;
  /** A failure Meta reported, coded (`graph_error` with its first error's code and message); null otherwise. */
  reasonCode: DeliveryReason | null;
}

export interface WhatsAppChange {
  phoneNumberId: string | undefined;
  messages: WhatsAppMessage[];
  statuses: WhatsAppStatusUpdate[];
  /** Errors Meta reports for the whole change (logged). */
  errors: unknown[];
}

const IGNORED_TYPES = new Set(['reaction', 'system', 'ephemeral', 'request_welcome']);
const CAPTIONED_TYPES = new Set(['image', 'video', 'document']);

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function seconds(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** One message → what the channel handles, or null when it is not a user's message. */
export function readMessage(message: unknown, names: ReadonlyMap<string, string>, phoneNumberId: string | undefined): WhatsAppMessage | null {
  if (!isObject(message)) return null;
  const from = str(message['from']);
  const messageId = str(message['id']);
  const type = str(message['type']) ?? 'unknown';
  if (from === undefined || messageId === undefined || IGNORED_TYPES.has(type)) return null;
  const details: Json = { phone_number_id: phoneNumberId ?? null, type, profile_name: names.get(from) ?? null };
  if (isObject(message['context'])) details['context'] = message['context'];
  const metadata: EventMetadata = { whatsapp: details };
  const base = { from, messageId, timestamp: seconds(message['timestamp']), metadata };
  const content = message[type];

  if (type === 'text' && isObject(content)) {
    const body = str(content['body'])?.trim();
    if (body !== undefined) return { ...base, kind: 'text', text: body };
  }
  if (type === 'interactive' && isObject(content)) {
    const reply = isObject(content['button_reply']) ? content['button_reply'] : isObject(content['list_reply']) ? content['list_reply'] : undefined;
    const id = reply ? str(reply['id']) : undefined;
    if (reply && id !== undefined) {
      details['reply_title'] = str(reply['title']) ?? null;
      return { ...base, kind: 'reply', text: id };
    }
  }
  if (type === 'button' && isObject(content)) {
    const payload = (str(content['payload']) ?? str(content['text']))?.trim();
    if (payload !== undefined) {
      details['button_text'] = str(content['text']) ?? null;
      return { ...base, kind: 'text', text: payload };
    }
  }
  if (isObject(content) && CAPTIONED_TYPES.has(type)) {
    details['media'] = content;
    const caption = str(content['caption'])?.trim();
    if (caption !== undefined) return { ...base, kind: 'text', text: caption };
  } else if (content !== undefined) {
    details[type] = content;
  }
  if (Array.isArray(message['errors'])) details['errors'] = message['errors'];
  return { ...base, kind: 'unreadable', text: `[${type}]` };
}

function readStatus(status: unknown): WhatsAppStatusUpdate | null {
  if (!isObject(status)) return null;
  const messageId = str(status['id']);
  const state = str(status['status']);
  if (messageId === undefined || state === undefined) return null;
  const errors = Array.isArray(status['errors']) ? status['errors'] : undefined;
  return {
    messageId,
    recipient: str(status['recipient_id']) ?? '',
    status: state,
    timestamp: seconds(status['timestamp']),
    detail: errors ? { errors } : null,
    reasonCode: errors ? reportedReason(errors[0]) : null,
  };
}

/** Meta's first error of a status, coded: its code and its message (else its title), as Meta wrote them. */
function reportedReason(error: unknown): DeliveryReason | null {
  if (!isObject(error)) return null;
  const code = typeof error['code'] === 'number' ? error['code'] : null;
  const message = str(error['message']) ?? str(error['title']);
  return code === null && message === undefined ? null : deliveryReason('graph_error', { code, message });
}

/** Every change of a notification, in order, with its messages and statuses. */
export function readNotification(body: unknown): WhatsAppChange[] {
  if (!isObject(body) || !Array.isArray(body['entry'])) return [];
  const changes: WhatsAppChange[] = [];
  for (const entry of body['entry']) {
    if (!isObject(entry) || !Array.isArray(entry['changes'])) continue;
    for (const change of entry['changes']) {
      if (!isObject(change) || !isObject(change['value'])) continue;
      const value = change['value'];
      const phoneNumberId = isObject(value['metadata']) ? str(value['metadata']['phone_number_id']) : undefined;
      const names = new Map<string, string>();
      for (const contact of Array.isArray(value['contacts']) ? value['contacts'] : []) {
        if (!isObject(contact)) continue;
        const id = str(contact['wa_id']);
        const name = isObject(contact['profile']) ? str(contact['profile']['name']) : undefined;
        if (id !== undefined && name !== undefined) names.set(id, name);
      }
      const list = (key: string): unknown[] => (Array.isArray(value[key]) ? value[key] : []);
      changes.push({
        phoneNumberId,
        messages: list('messages').flatMap((message) => readMessage(message, names, phoneNumberId) ?? []),
        statuses: list('statuses').flatMap((status) => readStatus(status) ?? []),
        errors: list('errors'),
      });
    }
  }
  return changes;
}
