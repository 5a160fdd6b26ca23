// Turns a skill into the bot message it answers with: its texts (the first variant whose conditions
// hold, else the skill's own texts), one variation at random among those whose placeholders are
// all set, slots filled and formatted, plus its buttons, image or attachment.
import type { Skill } from '../assistant/content.js';
import { contextsNamedIn, type BuiltInValue } from '../assistant/placeholders.js';
import type { BotMessage } from './bot-message.js';
import { conditionHolds, isSet } from './conditions.js';
import { fillSlots } from './fill-slots.js';

export interface SkillInput {
  /** The conversation's slots. */
  slots: Readonly<Record<string, unknown>>;
  /** The assistant's language code: formats ({valor:currency}) and dates follow its locale. */
  language?: string;
  random?: () => number;
  /** The conversation's id, for {$conversation}. */
  sender?: string;
  /** Float epoch seconds, for {$today} and {$now}; the clock's time otherwise. */
  now?: number;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The built-in values ({$today}, {$now}, {$conversation}, {$random}) of one answer. */
function builtInValues(input: SkillInput, random: () => number): Record<BuiltInValue, string> {
  const at = new Date((input.now ?? Date.now() / 1000) * 1000);
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return {
    $today: day,
    $now: `${day}T${pad(at.getHours())}:${pad(at.getMinutes())}`,
    $conversation: input.sender ?? '',
    $random: String(100000 + Math.floor(random() * 900000)),
  };
}

/**
 * The texts the skill answers with: the first group (a variant whose conditions hold, in order,
 * then the skill's own texts) with a text whose placeholders are all set, keeping only those
 * texts; when no group has one, the first group (its gaps are tidied).
 */
export function chooseTexts(skill: Skill, slots: Readonly<Record<string, unknown>>): { texts: string[]; variant: number | null } {
  const groups: Array<{ texts: string[]; variant: number | null }> = [];
  skill.variants?.forEach((variant, index) => {
    if (variant.texts.length > 0 && variant.when.every((condition) => conditionHolds(condition, slots))) groups.push({ texts: variant.texts, variant: index });
  });
  if (skill.texts.length > 0) groups.push({ texts: skill.texts, variant: null });
  const complete = (text: string) => contextsNamedIn(text).every((name) => isSet(slots[name]));
  for (const group of groups) {
    const texts = group.texts.filter(complete);
    if (texts.length > 0) return { texts, variant: group.variant };
  }
  return groups[0] ?? { texts: [], variant: null };
}

export function runSkill(skill: Skill, input: SkillInput): BotMessage {
  const random = input.random ?? Math.random;
  const language = input.language ?? 'pt';
  const { texts } = chooseTexts(skill, input.slots);
  // Built-in values cost a clock read and a random draw: only when a text asks for one.
  const wantsBuiltIns = texts.some((text) => text.includes('{$')) || (skill.buttons ?? []).some((button) => button.title.includes('{$'));
  const values: Record<string, unknown> = wantsBuiltIns ? { ...input.slots, ...builtInValues(input, random) } : input.slots;
  const message: BotMessage = {};
  if (texts.length > 0) {
    const index = Math.min(texts.length - 1, Math.floor(random() * texts.length));
    const text = fillSlots(texts[index] ?? '', values, language);
    if (text.trim() !== '') message.text = text;
  }
  if (skill.kind === 'buttons' && skill.buttons && skill.buttons.length > 0) {
    message.buttons = skill.buttons.map((button) => ({ title: fillSlots(button.title, values, language), payload: button.payload }));
  }
  if (skill.kind === 'image' && skill.image) message.image = skill.image;
  if (skill.kind === 'attachment' && skill.attachment !== undefined) message.attachment = skill.attachment;
  return message;
}
