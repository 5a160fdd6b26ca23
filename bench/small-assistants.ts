// Small assistants, as administrators build them: a few intents of a few phrases drawn from a
// data set's training phrases. In-scope messages are the evaluation's phrases of the intents
// drawn; out-of-scope messages are its phrases of intents left out (same domain, so hard).
import { seededRandom } from '../src/nlu/seeded-random.js';
import type { Example } from './labelled-examples.js';
import type { Evaluation } from './nlu-data-sets.js';

export const SMALL_ASSISTANT_SHAPES = [
  { intents: 5, phrases: 10 },
  { intents: 20, phrases: 20 },
] as const;

// 100 draws per shape: with 20, which intents were drawn moved a set's in-scope figure by more than
// the chooser's 2-point bar (src/nlu/README.md, "Sixth round").
export const SMALL_ASSISTANT_DRAWS = 100;
const IN_SCOPE_PER_INTENT = 10;
const STRANGER_INTENTS = 30;
const PER_STRANGER = 2;

/** `SMALL_ASSISTANT_DRAWS` seeded small assistants from `source`, each an evaluation of its own. */
export function drawSmallAssistants(source: Evaluation, intents: number, phrases: number, seed = 7): Evaluation[] {
  const group = (examples: readonly Example[]): Map<string, string[]> => {
    const byIntent = new Map<string, string[]>();
    for (const [text, name] of examples) byIntent.set(name, [...(byIntent.get(name) ?? []), text]);
    return byIntent;
  };
  const trainBy = group(source.train);
  const evalBy = group(source.inScope);
  const eligible = [...trainBy.keys()].filter((name) => (trainBy.get(name)?.length ?? 0) >= phrases && evalBy.has(name)).sort();
  const next = seededRandom(seed);
  return Array.from({ length: SMALL_ASSISTANT_DRAWS }, () => {
    const shuffled = eligible
      .map((name) => ({ name, key: next() }))
      .sort((a, b) => a.key - b.key)
      .map(({ name }) => name);
    const chosen = shuffled.slice(0, intents);
    const strangers = shuffled.slice(intents, intents + STRANGER_INTENTS);
    return {
      language: source.language,
      train: chosen.flatMap((name) => (trainBy.get(name) ?? []).slice(0, phrases).map((text): Example => [text, name])),
      inScope: chosen.flatMap((name) => (evalBy.get(name) ?? []).slice(0, IN_SCOPE_PER_INTENT).map((text): Example => [text, name])),
      outOfScope: strangers.flatMap((name) => (evalBy.get(name) ?? []).slice(0, PER_STRANGER).map((text): Example => [text, 'out_of_scope'])),
    };
  });
}
