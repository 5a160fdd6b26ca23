// Weaknesses of training data that do not stop training but that the administrator should fix:
// an intent with too few phrases to generalise from, and the same phrase taught for two intents
// (the model cannot tell them apart on it). Real data has both — CLINC150 repeats 4 phrases
// across intents and Cosibot 25, and Cosibot has intents of 2 or 3 phrases — so refusing to train
// would only take answers away; the warnings say what to improve.
import { foldWord } from './text/normalise.js';
import type { NluTrainingData } from './types.js';

/**
 * Fewer phrases than this and an intent is recognised only when a message is worded almost as
 * taught: four ways of saying it are the least that lets the classifier find what they share
 * (the product's rule of thumb, "an intent needs at least four phrases").
 */
export const MIN_PHRASES_PER_INTENT = 4;

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** Case, accents, punctuation and emoji aside, the words of a phrase. */
function phraseKey(text: string): string {
  return [...text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map(([word]) => foldWord(word)).join(' ');
}

export function findTrainingWarnings(data: NluTrainingData): string[] {
  const warnings: string[] = [];
  const intentsOf = new Map<string, { text: string; intents: string[] }>();
  for (const intent of data.intents) {
    // Each different phrase once, with the first way it was written.
    const written = new Map<string, string>();
    for (const { text } of intent.phrases) {
      const key = phraseKey(text);
      if (key !== '' && !written.has(key)) written.set(key, text);
    }
    if (written.size > 0 && written.size < MIN_PHRASES_PER_INTENT) {
      warnings.push(
        `intent ${quote(intent.name)} has ${written.size} different phrase${written.size === 1 ? '' : 's'}; ` +
          `an intent needs at least ${MIN_PHRASES_PER_INTENT} to be recognised when worded differently`,
      );
    }
    for (const [key, text] of written) {
      const entry = intentsOf.get(key) ?? { text, intents: [] };
      if (!entry.intents.includes(intent.name)) entry.intents.push(intent.name);
      intentsOf.set(key, entry);
    }
  }
  for (const { text, intents } of intentsOf.values()) {
    if (intents.length < 2) continue;
    warnings.push(`the phrase ${quote(text)} is in ${intents.length} intents (${intents.map(quote).join(', ')}): keep it in one`);
  }
  return warnings;
}
