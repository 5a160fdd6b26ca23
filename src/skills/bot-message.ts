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
  /**
   * Rasa's `elements` (cards of an action server or a posted bot event: title, subtitle, buttons…):
   * REST sends each as "title : subtitle" with its buttons, socket.io as a generic template, the
   * other channels as that text and buttons (`withElementsAsText`).
   */
  elements?: Array<Record<string, unknown>>;
}

/** The elements of a value from outside (objects only), or undefined when there are none. */
export function elementsFromRasa(value: unknown): Array<Record<string, unknown>> | undefined {
  if (!Array.isArray(value)) return undefined;
  const elements = value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item));
  return elements.length > 0 ? elements : undefined;
}

/** An element as Rasa's default output channel sends it: "title : subtitle" and its buttons. */
export function elementAsText(element: Record<string, unknown>): { text: string; buttons: Button[] } {
  const part = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  return { text: `${part(element['title'])} : ${part(element['subtitle'])}`, buttons: buttonsFromRasa({ buttons: element['buttons'] }) };
}

/** Each message's elements as messages of their own after it (for channels without cards). */
export function withElementsAsText(messages: readonly BotMessage[]): BotMessage[] {
  return messages.flatMap((message) => {
    if (!message.elements) return [message];
    const { elements, ...rest } = message;
    const cards = elements.map((element): BotMessage => {
      const { text, buttons } = elementAsText(element);
      return buttons.length > 0 ? { text, buttons } : { text };
    });
    return Object.keys(rest).length > 0 ? [rest, ...cards] : cards;
  });
}

/**
 * The buttons of a message from outside (an action server's reply, a bot event posted to the
 * conversations API): Rasa's `quick_replies` when given, else its `buttons` — both become buttons
 * here, which REST sends as `buttons` (with any other keys given) and socket.io as `quick_replies`, as
 * Rasa does. An item without a title is dropped; one without a payload sends its title, as Rasa's
 * socket.io channel does.
 */
export function buttonsFromRasa(data: { buttons?: unknown; quick_replies?: unknown }): Button[] {
  const given = Array.isArray(data.quick_replies) && data.quick_replies.length > 0 ? data.quick_replies : data.buttons;
  if (!Array.isArray(given)) return [];
  return given.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { title, payload, ...rest } = item as { title?: unknown; payload?: unknown; [key: string]: unknown };
    if (title === undefined || title === null) return [];
    // Other keys (`type: "web_url"`, `url`…) travel on, as Rasa's REST output keeps the dict given.
    return [{ ...rest, title: String(title), payload: payload === undefined || payload === null ? String(title) : String(payload) }];
  });
}
