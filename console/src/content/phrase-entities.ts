// Keeping a phrase's linked words (entities) right while its text is edited, and finding phrases
// other intents also have — compared as the API compares them: without case, accents and
// punctuation.
import type { Phrase, PhraseEntity } from './content-types';

/** The entities still found in `text`: each keeps its words, moved to where they now are, or goes. */
export function relocateEntities(previous: Phrase, text: string): PhraseEntity[] {
  const moved: PhraseEntity[] = [];
  for (const entity of previous.entities ?? []) {
    const words = previous.text.slice(entity.start, entity.end);
    if (text.slice(entity.start, entity.end) === words) {
      moved.push(entity);
      continue;
    }
    const start = text.indexOf(words);
    if (words !== '' && start !== -1) moved.push({ ...entity, start, end: start + words.length });
  }
  return moved;
}

/** Links `words` of the phrase (their first place not linked yet) to a context value; null when absent. */
export function linkWords(phrase: Phrase, words: string, entity: string, value: string): Phrase | null {
  const wanted = words.trim();
  if (wanted === '') return null;
  const taken = phrase.entities ?? [];
  let from = 0;
  for (;;) {
    const start = phrase.text.toLocaleLowerCase().indexOf(wanted.toLocaleLowerCase(), from);
    if (start === -1) return null;
    const end = start + wanted.length;
    if (!taken.some((other) => start < other.end && other.start < end)) {
      const entities = [...taken, { start, end, entity, value }].sort((a, b) => a.start - b.start);
      return { ...phrase, entities };
    }
    from = start + 1;
  }
}

export function normalisePhrase(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Normalised phrase → the other intents that have it. */
export function otherIntentsPhrases(intents: ReadonlyArray<{ name: string; phrases: Phrase[] }>, except: string | undefined): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const intent of intents) {
    if (intent.name === except) continue;
    for (const phrase of intent.phrases) {
      const key = normalisePhrase(phrase.text);
      index.set(key, [...new Set([...(index.get(key) ?? []), intent.name])]);
    }
  }
  return index;
}
