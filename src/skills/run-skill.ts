// Turns a skill into the bot message it answers with: one of its text variations at random,
// slots filled, plus its buttons, image or attachment.
import type { Skill } from '../assistant/content.js';
import type { BotMessage } from './bot-message.js';
import { fillSlots } from './fill-slots.js';

export function runSkill(skill: Skill, slots: Readonly<Record<string, unknown>>, random: () => number = Math.random): BotMessage {
  const message: BotMessage = {};
  if (skill.texts.length > 0) {
    const index = Math.min(skill.texts.length - 1, Math.floor(random() * skill.texts.length));
    const text = fillSlots(skill.texts[index] ?? '', slots);
    if (text.trim() !== '') message.text = text;
  }
  if (skill.kind === 'buttons' && skill.buttons && skill.buttons.length > 0) {
    message.buttons = skill.buttons.map((button) => ({ title: fillSlots(button.title, slots), payload: button.payload }));
  }
  if (skill.kind === 'image' && skill.image) message.image = skill.image;
  if (skill.kind === 'attachment' && skill.attachment !== undefined) message.attachment = skill.attachment;
  return message;
}
