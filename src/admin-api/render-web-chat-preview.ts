// A bot message as the web chat receives it: the payloads of socket.io `bot_uttered` emits
// (shared/reference/rasa-protocol.md §2, what rasa-webchat renders). Used only by the skill
// preview; when the socket.io channel (src/channels/socketio) has its own renderer, the preview
// should use that one and this file go.
import type { BotMessage } from '../skills/bot-message.js';

export type WebChatUtterance =
  | { text: string }
  | { text: string; quick_replies: Array<{ content_type: 'text'; title: string; payload: string }> }
  | { attachment: unknown };

export function renderWebChatPreview(message: BotMessage): WebChatUtterance[] {
  const out: WebChatUtterance[] = [];
  const parts = message.text === undefined || message.text.trim() === '' ? [] : message.text.trim().split('\n\n');
  const buttons = message.buttons ?? [];
  if (buttons.length > 0) {
    // Rasa puts the buttons on the last text part.
    const last = parts.pop() ?? '';
    for (const part of parts) out.push({ text: part });
    out.push({ text: last, quick_replies: buttons.map((button) => ({ content_type: 'text', title: button.title, payload: button.payload })) });
  } else {
    for (const part of parts) out.push({ text: part });
  }
  if (message.image) out.push({ attachment: { type: 'image', payload: { src: message.image } } });
  if (message.attachment !== undefined && message.attachment !== null) out.push({ attachment: message.attachment });
  return out;
}
