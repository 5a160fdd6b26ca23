// BotMessages as WhatsApp Cloud API messages (reference/whatsapp-cloud.md §3), within its limits:
// - text: messages of at most 4096 characters, split on sentence boundaries; a link previews;
// - 1–3 buttons: one interactive `button` message: the text (at most 1024 characters; longer text
//   goes first as text messages) and reply buttons whose titles have at most 20 characters (cut
//   with "…", made unique) and whose ids carry the payload;
// - 4–10 buttons: one interactive `list`: a "see options" button, rows with titles of at most 24
//   characters and, when a title was cut, the whole title (up to 72) as the row's description;
// - more than 10: several lists of at most 10 rows, the further ones headed "More options
//   (11–20 of 25):" — every choice kept;
// - a link button (`type: "web_url"` with an http(s) `url`, ../core/link-buttons.ts): WhatsApp's
//   reply buttons cannot open one, so its title and address end the text ("Portal: https://…"),
//   which previews it; the other buttons are rendered as above;
// - image: an image by link; the text is its caption when there are no buttons and it fits 1024
//   characters, else the text goes first;
// - attachment: a URL becomes a document by link; an object with a `type` is sent as given;
//   custom: an object with a `type` is sent as given.
// A button's id is `ids(payload)`: the payload itself, or a short id kept in the store when it is
// longer than a list row's 200 characters (./whatsapp-channel.ts).
import type { Button } from '../../assistant/content.js';
import type { BotMessage } from '../../skills/bot-message.js';
import type { ChannelPhrases } from '../core/channel-phrases.js';
import { linkOf } from '../core/link-buttons.js';
import { splitText, truncateTitle } from '../core/split-text.js';

export const TEXT_LIMIT = 4096;
export const INTERACTIVE_BODY_LIMIT = 1024;
export const CAPTION_LIMIT = 1024;
export const REPLY_BUTTON_LIMIT = 3;
export const LIST_ROW_LIMIT = 10;
export const BUTTON_TITLE_LIMIT = 20;
export const ROW_TITLE_LIMIT = 24;
export const ROW_DESCRIPTION_LIMIT = 72;
/** The longest id a button keeps as it is: list rows allow 200 characters (reply buttons 256). */
export const BUTTON_ID_LIMIT = 200;

/** One message without the envelope (`messaging_product`, `to`): `{type, [type]: …}`. */
export type WhatsAppMessageBody = { type: string } & Record<string, unknown>;

export interface RenderOptions {
  /** The id a button with this payload carries. */
  ids(payload: string): string;
  phrases: ChannelPhrases;
}

/** Titles cut to `limit` and made unique (WhatsApp refuses two equal reply-button titles). */
export function uniqueTitles(titles: readonly string[], limit: number): string[] {
  const seen = new Set<string>();
  return titles.map((title) => {
    const whole = title.trim() === '' ? '…' : title.trim();
    let candidate = truncateTitle(whole, limit);
    for (let n = 2; seen.has(candidate.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      candidate = `${truncateTitle(whole, limit - suffix.length)}${suffix}`;
    }
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}

const textMessage = (body: string): WhatsAppMessageBody => ({ type: 'text', text: { body, preview_url: /https?:\/\//.test(body) } });

function renderButtons(text: string, buttons: readonly Button[], options: RenderOptions): WhatsAppMessageBody[] {
  const parts = splitText(text, TEXT_LIMIT);
  const last = parts.pop();
  const bodyParts = last === undefined ? [] : splitText(last, INTERACTIVE_BODY_LIMIT);
  const body = bodyParts.pop() ?? options.phrases.choose;
  const out: WhatsAppMessageBody[] = [...parts, ...bodyParts].map(textMessage);
  // An untitled button shows its payload, as the other channels do.
  const titleOf = (button: Button): string => (button.title.trim() === '' ? button.payload : button.title);
  if (buttons.length <= REPLY_BUTTON_LIMIT) {
    const titles = uniqueTitles(buttons.map(titleOf), BUTTON_TITLE_LIMIT);
    out.push({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: buttons.map((button, index) => ({ type: 'reply', reply: { id: options.ids(button.payload), title: titles[index] } })) },
      },
    });
    return out;
  }
  for (let start = 0; start < buttons.length; start += LIST_ROW_LIMIT) {
    const group = buttons.slice(start, start + LIST_ROW_LIMIT);
    const titles = uniqueTitles(group.map(titleOf), ROW_TITLE_LIMIT);
    const rows = group.map((button, index) => {
      const title = titles[index] ?? '';
      const cut = title !== titleOf(button).trim();
      return { id: options.ids(button.payload), title, ...(cut ? { description: truncateTitle(titleOf(button).trim(), ROW_DESCRIPTION_LIMIT) } : {}) };
    });
    out.push({
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: start === 0 ? body : options.phrases.moreOptions(start + 1, start + group.length, buttons.length) },
        action: { button: truncateTitle(options.phrases.seeOptions, BUTTON_TITLE_LIMIT), sections: [{ rows }] },
      },
    });
  }
  return out;
}

function renderAttachment(attachment: unknown): WhatsAppMessageBody[] {
  const asText = (text: string): WhatsAppMessageBody[] => splitText(text, TEXT_LIMIT).map(textMessage);
  if (typeof attachment === 'string') {
    return /^https?:\/\//.test(attachment) ? [{ type: 'document', document: { link: attachment } }] : asText(attachment);
  }
  if (attachment !== null && typeof attachment === 'object' && typeof (attachment as { type?: unknown }).type === 'string') return [attachment as WhatsAppMessageBody];
  return attachment === null || attachment === undefined ? [] : asText(JSON.stringify(attachment));
}

/** One BotMessage → the messages to send, in order. */
export function renderForWhatsApp(message: BotMessage, options: RenderOptions): WhatsAppMessageBody[] {
  const out: WhatsAppMessageBody[] = [];
  // Reply buttons cannot open a link: a link button's title and address go in the text (previewed).
  const buttons = (message.buttons ?? []).filter((button) => linkOf(button) === undefined);
  const links = (message.buttons ?? []).flatMap((button) => {
    const url = linkOf(button);
    const title = button.title.trim();
    return url === undefined ? [] : [title === '' || title === url ? url : `${title}: ${url}`];
  });
  const text = [(message.text ?? '').trim(), links.join('\n')].filter((part) => part !== '').join('\n\n');
  const image = message.image !== undefined && message.image !== '' ? message.image : undefined;
  const hasButtons = buttons.length > 0;
  const caption = image !== undefined && !hasButtons && text !== '' && text.length <= CAPTION_LIMIT ? text : undefined;
  if (hasButtons) out.push(...renderButtons(text, buttons, options));
  else if (caption === undefined) out.push(...splitText(text, TEXT_LIMIT).map(textMessage));
  if (image !== undefined) out.push({ type: 'image', image: { link: image, ...(caption === undefined ? {} : { caption }) } });
  if (message.attachment !== undefined) out.push(...renderAttachment(message.attachment));
  const custom = message.custom;
  if (custom !== null && typeof custom === 'object' && typeof (custom as { type?: unknown }).type === 'string') out.push(custom as WhatsAppMessageBody);
  return out;
}
