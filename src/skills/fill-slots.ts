// `{placeholders}` in a skill's text are filled from the conversation's slots (and the built-in
// values, src/assistant/placeholders.ts), formatted when the placeholder says how. An unset slot
// becomes an empty string (Rasa would leave the raw placeholder, which users should never see), and
// the gap it leaves before punctuation is tidied; run-skill.ts prefers texts whose placeholders are
// all set, so this happens only when no other text fits.
import { replacePlaceholders, tidyEmptiedText } from '../assistant/placeholders.js';
import { formatValue } from './format-value.js';

export function fillSlots(template: string, slots: Readonly<Record<string, unknown>>, language = 'pt'): string {
  if (!template.includes('{')) return template;
  let emptied = false;
  const filled = replacePlaceholders(template, (placeholder) => {
    const text = formatValue(slots[placeholder.name], placeholder.format, placeholder.argument, language);
    if (text === '') emptied = true;
    return text;
  });
  return emptied ? tidyEmptiedText(filled) : filled;
}

