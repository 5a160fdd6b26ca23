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
