// The slot a skill's preset sets ("preset the assistant's behaviour from the last interaction"),
// typed as the NLU fills the same context: true/false for a boolean, a number for a float.
import type { Context, Skill } from '../assistant/content.js';

export function presetSlot(skill: Skill, contexts: readonly Context[]): { name: string; value: unknown } | undefined {
  const preset = skill.preset?.context;
  if (preset === undefined) return undefined;
  const context = contexts.find((candidate) => candidate.name === preset.name);
  if (context?.type === 'boolean') return { name: preset.name, value: preset.value.toLowerCase() === 'true' };
  if (context?.type === 'float') {
    const number = Number(preset.value);
    return { name: preset.name, value: Number.isFinite(number) ? number : preset.value };
  }
  return { name: preset.name, value: preset.value };
}
