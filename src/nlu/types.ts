// The NLU's contract with the rest of the platform. Parse results have Rasa's shape so that
// /model/parse and the tracker's parse_data are Rasa's, key for key.
import type { Context, Intent, RegexPattern } from '../assistant/content.js';

export interface NluTrainingData {
  /** The assistant's language code (pt, en, es…); chooses normalisation and stemming. */
  language: string;
  intents: Intent[];
  contexts: Context[];
  regexes: RegexPattern[];
}

export interface ParsedEntity {
  entity: string;
  value: unknown;
  start: number;
  end: number;
  extractor: string;
  confidence?: number;
  /** The text as written, when it differs from the value (a synonym). */
  text?: string;
}

export interface IntentScore {
  name: string;
  confidence: number;
}

export interface ParseResult {
  text: string;
  intent: IntentScore;
  entities: ParsedEntity[];
  intent_ranking: IntentScore[];
}

/** Rasa's name for "below the threshold". */
export const NLU_FALLBACK_INTENT = 'nlu_fallback';
