// Background messages: everyday talk about subjects no business assistant is built for, one list
// per language. Training adds them as one hidden class beside the intents, so that words any
// message may hold ("hoje", "quero", "meu") are learnt as not pointing to an intent, and a
// stranger's message loses probability to the background instead of going to the intent whose
// phrases happen to share a word. Never answered: the background is not in the intents, the
// ranking nor the model's classes that a parse reports.
import type { SparseVector } from './sparse-vector.js';
import type { NluLanguage } from './text/language.js';
import { BACKGROUND_EN } from './text/background-en.js';
import { BACKGROUND_ES } from './text/background-es.js';
import { BACKGROUND_PT } from './text/background-pt.js';

export function backgroundPhrases(language: NluLanguage): readonly string[] {
  switch (language) {
    case 'pt':
      return BACKGROUND_PT;
    case 'en':
      return BACKGROUND_EN;
    case 'es':
      return BACKGROUND_ES;
    default:
      return [];
  }
}

// A background message at least this similar to one of the assistant's phrases is left out, as a
// precaution for assistants whose subject is everyday talk (football, films): on validation,
// leaving out none caught 0.4 point more out-of-scope messages on average, within the spread of a
// choice; lower likenesses, or a likeness to each intent's centroid, did not keep Cosibot's
// small-talk intents from losing to the background (src/nlu/README.md, "Eighth round").
export const BACKGROUND_LIKENESS = 0.5;

/**
 * The candidates (background messages as vectors) whose cosine similarity to every phrase is
 * below `likeness`. The phrases are indexed by feature once, so each candidate costs the phrases
 * that share one of its features, not every phrase (CLINC150 remembers 15,000).
 */
export function unlikePhrases(
  candidates: readonly SparseVector[],
  phrases: readonly SparseVector[],
  numFeatures: number,
  likeness: number = BACKGROUND_LIKENESS,
): SparseVector[] {
  const postings = Array.from({ length: numFeatures }, (): number[] => []);
  phrases.forEach((phrase, at) => {
    for (let n = 0; n < phrase.indices.length; n++) postings[phrase.indices[n] as number]?.push(at, phrase.values[n] as number);
  });
  const sums = new Float64Array(phrases.length);
  const touched: number[] = [];
  return candidates.filter((candidate) => {
    let nearest = 0;
    for (let n = 0; n < candidate.indices.length; n++) {
      const list = postings[candidate.indices[n] as number] ?? [];
      const x = candidate.values[n] as number;
      for (let i = 0; i < list.length; i += 2) {
        const at = list[i] as number;
        if (sums[at] === 0) touched.push(at);
        sums[at] = (sums[at] as number) + x * (list[i + 1] as number);
      }
    }
    for (const at of touched) {
      nearest = Math.max(nearest, sums[at] as number);
      sums[at] = 0;
    }
    touched.length = 0;
    return nearest < likeness;
  });
}
