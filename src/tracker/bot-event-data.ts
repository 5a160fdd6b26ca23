// A bot message as the `data` of Rasa's bot event: all six keys, null when unused.
import type { BotMessage } from '../skills/bot-message.js';
import { emptyBotData, type BotEventData } from './events.js';

export function botEventData(message: BotMessage): BotEventData {
  const data = emptyBotData();
  if (message.buttons) data.buttons = message.buttons;
  if (message.image !== undefined) data.image = message.image;
  if (message.attachment !== undefined) data.attachment = message.attachment;
  if (message.custom !== undefined) data.custom = message.custom;
  if (message.elements) data.elements = message.elements;
  return data;
}
