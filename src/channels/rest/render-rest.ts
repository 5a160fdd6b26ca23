// Renders bot messages as Rasa's collecting output channel does (reference/rasa-protocol.md §2):
// per message, buttons (text kept whole) or text split on blank lines, then custom, image,
// attachment, and each element as "title : subtitle" with its buttons; every item carries
// recipient_id and null keys are left out.
import type { Button } from '../../assistant/content.js';
import { elementAsText, type BotMessage } from '../../skills/bot-message.js';

export interface RestMessage {
  recipient_id: string;
  text?: string;
  buttons?: Button[];
  image?: string;
  attachment?: unknown;
  custom?: unknown;
}

export function renderForRest(recipientId: string, message: BotMessage): RestMessage[] {
  const out: RestMessage[] = [];
  if (message.buttons && message.buttons.length > 0) {
    // Rasa leaves a null text out of the item rather than sending it empty.
    out.push({ recipient_id: recipientId, ...(message.text === undefined ? {} : { text: message.text }), buttons: message.buttons });
  } else if (message.text !== undefined && message.text.trim() !== '') {
    for (const part of message.text.trim().split('\n\n')) out.push({ recipient_id: recipientId, text: part });
  }
  if (message.custom !== undefined && message.custom !== null) out.push({ recipient_id: recipientId, custom: message.custom });
  if (message.image) out.push({ recipient_id: recipientId, image: message.image });
  if (message.attachment !== undefined && message.attachment !== null) {
    out.push({ recipient_id: recipientId, attachment: message.attachment });
  }
  // Last, one item per element, as Rasa's default send_elements: "title : subtitle" and its buttons.
  for (const element of message.elements ?? []) out.push({ recipient_id: recipientId, ...elementAsText(element) });
  return out;
}
