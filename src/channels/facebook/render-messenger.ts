// BotMessages in the Send API's shape (reference/messenger.md §4), within Meta's limits:
// - text: split into messages of at most 2000 characters, on sentence boundaries (then words);
// - 1–3 buttons: a button template (its text at most 640 characters; longer text goes first as
//   plain messages), postback buttons with titles of at most 20 characters;
// - 4–13 buttons: quick replies (titles at most 20 characters) on the last text message;
// - more than 13 buttons: never dropped: the text, then button templates of 3 postback buttons
//   each, whose text numbers the full titles ("14. …"), so every choice stays clickable and its
//   payload reaches the assistant unchanged;
// - a link button (`type: "web_url"` with an http(s) `url`, ../core/link-buttons.ts) is a
//   `web_url` button of the template; a quick reply cannot open a link, so 4–13 buttons with a
//   link among them go as templates of 3, as more than 13 do;
// - image: an image attachment; attachment: a URL becomes a file attachment, an object
//   `{type, payload}` is sent as given, but for rasa-webchat's `payload: {src}`, which becomes
//   Meta's `payload: {url}` (and `is_reusable`, when given); custom: sent as the `message` as given
//   (as Rasa does).
// Titles longer than the limit end in "…". A payload reaches the assistant unchanged: one longer
// than Meta's 1000 characters travels as a short id (../core/button-payloads.ts, `ids`).
import type { Button } from '../../assistant/content.js';
import type { BotMessage } from '../../skills/bot-message.js';
import { linkOf } from '../core/link-buttons.js';
import { splitText, truncateTitle } from '../core/split-text.js';

export const TEXT_LIMIT = 2000;
export const BUTTON_TEMPLATE_TEXT_LIMIT = 640;
export const TITLE_LIMIT = 20;
export const QUICK_REPLY_LIMIT = 13;
export const TEMPLATE_BUTTON_LIMIT = 3;

/** The `message` object of one Send API request. */
export type MessengerMessage = Record<string, unknown>;

export const PAYLOAD_LIMIT = 1000;

/** What a button carries for `payload` (the payload itself by default). */
type ButtonIds = (payload: string) => string;

function renderButtons(text: string, buttons: readonly Button[], ids: ButtonIds): MessengerMessage[] {
  const templateButton = (button: Button): Record<string, unknown> => {
    const url = linkOf(button);
    return url === undefined ? { type: 'postback', title: titleOf(button), payload: ids(button.payload) } : { type: 'web_url', title: titleOf(button), url };
  };
  const buttonTemplate = (templateText: string, group: readonly Button[]): MessengerMessage => ({
    attachment: { type: 'template', payload: { template_type: 'button', text: templateText, buttons: group.map(templateButton) } },
  });
  if (buttons.length <= TEMPLATE_BUTTON_LIMIT) {
    const parts = splitText(text, BUTTON_TEMPLATE_TEXT_LIMIT);
    // A template needs text; the buttons' titles stand in when the skill gave none.
    const last = parts.pop() ?? truncateTitle(buttons.map((button) => button.title).join(' · '), BUTTON_TEMPLATE_TEXT_LIMIT);
    return [...parts.map((part) => ({ text: part })), buttonTemplate(last, buttons)];
  }
  // A quick reply cannot open a link: with a link among them, the buttons go in templates of 3.
  if (buttons.length <= QUICK_REPLY_LIMIT && !buttons.some((button) => linkOf(button) !== undefined)) {
    const parts = splitText(text, TEXT_LIMIT);
    const last = parts.pop() ?? truncateTitle(buttons.map((button) => button.title).join(' · '), TEXT_LIMIT);
    const quickReplies = buttons.map((button) => ({ content_type: 'text', title: titleOf(button), payload: ids(button.payload) }));
    return [...parts.map((part) => ({ text: part })), { text: last, quick_replies: quickReplies }];
  }
  const out: MessengerMessage[] = splitText(text, TEXT_LIMIT).map((part) => ({ text: part }));
  for (let start = 0; start < buttons.length; start += TEMPLATE_BUTTON_LIMIT) {
    const group = buttons.slice(start, start + TEMPLATE_BUTTON_LIMIT);
    const list = group.map((button, index) => `${start + index + 1}. ${button.title}`).join('\n');
    out.push(buttonTemplate(truncateTitle(list, BUTTON_TEMPLATE_TEXT_LIMIT), group));
  }
  return out;
}

function renderAttachment(attachment: unknown): MessengerMessage[] {
  const asText = (text: string): MessengerMessage[] => splitText(text, TEXT_LIMIT).map((part) => ({ text: part }));
  if (typeof attachment === 'string') {
    return /^https?:\/\//.test(attachment) ? [{ attachment: { type: 'file', payload: { url: attachment, is_reusable: true } } }] : asText(attachment);
  }
  if (attachment !== null && typeof attachment === 'object' && 'type' in attachment) return [{ attachment: withUrl(attachment as Record<string, unknown>) }];
  return attachment === null || attachment === undefined ? [] : asText(JSON.stringify(attachment));
}

/**
 * An attachment in rasa-webchat's shape, `{type: "image", payload: {src}}` (what action servers
 * write for the web chat), as the Send API takes it: `payload.url` (Meta refuses `src`, error 100),
 * with `is_reusable` when given. Any other attachment is sent as given.
 */
function withUrl(attachment: Record<string, unknown>): Record<string, unknown> {
  const payload = attachment['payload'];
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return attachment;
  const { src, url, is_reusable: reusable } = payload as Record<string, unknown>;
  if (typeof src !== 'string' || src === '' || url !== undefined) return attachment;
  return { ...attachment, payload: { url: src, ...(reusable === undefined ? {} : { is_reusable: reusable }) } };
}

/** A title Meta takes: at most 20 characters, never empty (an untitled button shows its payload). */
function titleOf(button: Button): string {
  const title = button.title.trim() === '' ? button.payload : button.title;
  return truncateTitle(title.trim() === '' ? '…' : title, TITLE_LIMIT);
}

/** One BotMessage → the `message` bodies to send, in order; `ids` gives what a button carries. */
export function renderForMessenger(message: BotMessage, ids: ButtonIds = (payload) => payload): MessengerMessage[] {
  const out: MessengerMessage[] = [];
  const text = message.text ?? '';
  if (message.buttons !== undefined && message.buttons.length > 0) out.push(...renderButtons(text, message.buttons, ids));
  else out.push(...splitText(text, TEXT_LIMIT).map((part) => ({ text: part })));
  if (message.image !== undefined && message.image !== '') {
    out.push({ attachment: { type: 'image', payload: { url: message.image, is_reusable: true } } });
  }
  if (message.attachment !== undefined) out.push(...renderAttachment(message.attachment));
  if (message.custom !== undefined && message.custom !== null && typeof message.custom === 'object') out.push(message.custom as MessengerMessage);
  return out;
}
