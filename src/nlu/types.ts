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

/** How far a training is: a fraction (0–1) of the whole work and the phase it is in. */
export interface TrainingProgress {
  fraction: number;
  phase: 'analysing phrases' | 'training the classifier' | 'calibrating';
}

export type TrainingProgressListener = (progress: TrainingProgress) => void;

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
