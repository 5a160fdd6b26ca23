// `{slot}` placeholders in a skill's text are filled from the conversation's slots. An unset slot
// becomes an empty string (Rasa would leave the raw placeholder, which users should never see), and
// the space it leaves before punctuation is tidied.
const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;

function slotText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function fillSlots(template: string, slots: Readonly<Record<string, unknown>>): string {
  if (!template.includes('{')) return template;
  let emptied = false;
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => {
    const text = slotText(slots[name]);
    if (text === '') emptied = true;
    return text;
  });
  return emptied
    ? filled
        .replace(/ {2,}/g, ' ')
        .replace(/ ([,.!?;:])/g, '$1')
        .replace(/([,;:])\1+/g, '$1')
    : filled;
}
