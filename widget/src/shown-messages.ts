// What of a bot_uttered payload the widget shows (reference/rasa-protocol.md §5, as rasa-webchat
// renders): text, quick replies or buttons (web_url ones as links), an image or video attachment,
// a string attachment as text. Anything else is not shown.
import type { BotUttered } from './connection.js';
import type { Reply, ShownMessage } from './history.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toShown(message: BotUttered): ShownMessage[] {
  const shown: ShownMessage[] = [];
  const rawReplies = Array.isArray(message.quick_replies) ? message.quick_replies : Array.isArray(message.buttons) ? message.buttons : [];
  const replies = rawReplies
    .filter(isRecord)
    .filter((reply) => typeof reply['title'] === 'string')
    .map((reply): Reply => {
      const title = String(reply['title']);
      const url = reply['type'] === 'web_url' && typeof reply['url'] === 'string' && /^https?:\/\//i.test(reply['url']) ? reply['url'] : undefined;
      return { title, payload: typeof reply['payload'] === 'string' ? reply['payload'] : title, ...(url ? { url } : {}) };
    });
  if (message.text !== undefined && message.text !== null && String(message.text) !== '') {
    shown.push(replies.length > 0 ? { from: 'bot', text: String(message.text), replies } : { from: 'bot', text: String(message.text) });
  } else if (replies.length > 0) {
    shown.push({ from: 'bot', text: '', replies });
  }
  const attachment = message.attachment;
  if (isRecord(attachment) && isRecord(attachment['payload']) && typeof attachment['payload']['src'] === 'string') {
    const src = attachment['payload']['src'];
    if (attachment['type'] === 'image') shown.push({ from: 'bot', image: src });
    if (attachment['type'] === 'video') shown.push({ from: 'bot', video: src });
  } else if (typeof attachment === 'string' && attachment !== '') {
    shown.push({ from: 'bot', text: attachment });
  }
  return shown;
}

