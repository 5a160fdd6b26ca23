// The benchmarks' data as the NLU takes it: `[text, intent]` pairs grouped into intents.
import type { Intent } from '../src/assistant/content.js';

export type Example = [text: string, intent: string];

export function toIntents(examples: readonly Example[]): Intent[] {
  const byName = new Map<string, Intent>();
  for (const [text, name] of examples) {
    const intent = byName.get(name) ?? { name, phrases: [] };
    intent.phrases.push({ text });
    byName.set(name, intent);
  }
  return [...byName.values()];
}
