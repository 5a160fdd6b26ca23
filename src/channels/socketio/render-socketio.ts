// Renders bot messages as Rasa's socket.io output channel emits them (reference/rasa-protocol.md §2),
// in the exact shapes rasa-webchat renders (§5): text alone as `{text}` (one emit per blank-line
// part), text with buttons as `{text, quick_replies}` per part, the buttons on the last and the
// parts before it with `quick_replies: []`, as Rasa 3 sends them (a link button keeps its `type:
// "web_url"` and `url`, which rasa-webchat and our widget show as a link), an image as an `image`
// attachment, an attachment as given, and a custom payload's `data` (what Rasa's spread emit sends).
import type { BotMessage } from '../../skills/bot-message.js';
import { linkOf } from '../core/link-buttons.js';

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
  /** A link button's: rasa-webchat and our widget show it as a link that opens `url`. */
  type?: 'web_url';
  url?: string;
}

export type SocketIoMessage =
  | { text: string }
  | { text: string; quick_replies: QuickReply[] }
  | { attachment: unknown }
  | Record<string, unknown>
  // A custom payload's `data` that is not an object (a list, a string, a number).
  | unknown[]
  | string
  | number
  | boolean;

export function renderForSocketIo(message: BotMessage): SocketIoMessage[] {
  const out: SocketIoMessage[] = [];
  const parts = message.text !== undefined && message.text.trim() !== '' ? message.text.trim().split('\n\n') : [];
  if (message.buttons && message.buttons.length > 0) {
    const quickReplies = message.buttons.map((button): QuickReply => {
      const url = linkOf(button);
      return { content_type: 'text', title: button.title, payload: button.payload, ...(url === undefined ? {} : { type: 'web_url' as const, url }) };
    });
    // Rasa 3's send_text_with_buttons: every part `{text, quick_replies}`, the buttons on the last.
    const last = parts.pop() ?? '';
    for (const part of parts) out.push({ text: part, quick_replies: [] });
    out.push({ text: last, quick_replies: quickReplies });
  } else {
    for (const part of parts) out.push({ text: part });
  }
  // Rasa emits `**custom`, so a client receives only the `data` key of a custom payload, whatever
  // its type (an object, a list, a string).
  if (isRecord(message.custom) && message.custom['data'] !== undefined && message.custom['data'] !== null) out.push(message.custom['data'] as SocketIoMessage);
  if (message.image) out.push({ attachment: { type: 'image', payload: { src: message.image } } });
  // Rasa copies an image into `attachment` and removes that copy before sending: the same URL once.
  if (message.attachment !== undefined && message.attachment !== null && message.attachment !== message.image) out.push({ attachment: message.attachment });
  // One emit per element, a generic template holding it (Rasa's socket.io send_elements).
  for (const element of message.elements ?? []) out.push({ attachment: { type: 'template', payload: { template_type: 'generic', elements: element } } });
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
