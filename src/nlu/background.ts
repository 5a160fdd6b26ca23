// Background messages: everyday talk about subjects no business assistant is built for, one list
// per language. Training adds them as one hidden class beside the intents, so that words any
// message may hold ("hoje", "quero", "meu") are learnt as not pointing to an intent, and a
// stranger's message loses probability to the background instead of going to the intent whose
// phrases happen to share a word. Never answered: the background is not in the intents, the
// ranking nor the model's classes that a parse reports.
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
