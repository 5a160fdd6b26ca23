// What a skill answers, before any channel renders it in its own shape (REST array, Messenger
// Send API, socket.io emit). One BotMessage is one bot utterance.
import type { Button } from '../assistant/content.js';

export interface BotMessage {
  text?: string;
  buttons?: Button[];
  /** An image URL. */
  image?: string;
  /** Sent as given: a URL or any JSON value. */
  attachment?: unknown;
  /** Sent as given. */
  custom?: unknown;
}

/**
 * The buttons of a message from outside (an action server's reply, a bot event posted to the
 * conversations API): Rasa's `quick_replies` when given, else its `buttons` — both become buttons
 * here, which REST sends as `buttons` and socket.io as `quick_replies`, as Rasa does. An item
 * without a title is dropped; one without a payload sends its title, as Rasa's socket.io channel does.
 */
export function buttonsFromRasa(data: { buttons?: unknown; quick_replies?: unknown }): Button[] {
  const given = Array.isArray(data.quick_replies) && data.quick_replies.length > 0 ? data.quick_replies : data.buttons;
  if (!Array.isArray(given)) return [];
  return given.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { title, payload } = item as { title?: unknown; payload?: unknown };
    if (title === undefined || title === null) return [];
    return [{ title: String(title), payload: payload === undefined || payload === null ? String(title) : String(payload) }];
  });
}
