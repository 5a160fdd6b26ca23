// The one path from text to features, shared by training and parsing so that both see a message
// the same way: tokens, then entities (whose names are extra evidence for the intent, as Rasa's
// regex and lookup features are), then the feature counts.
import type { EntityExtractor } from './entities.js';
import { countFeatures, type FeatureCounts } from './features.js';
import type { NluLanguage } from './language.js';
import type { KnownWordCheck } from './normalise.js';
import type { SpellingCorrector } from './spelling-corrector.js';
import { stemmerFor } from './stemmer.js';
import { tokenise, type Token } from './tokenise.js';
import type { ParsedEntity } from './types.js';

// Words past this many only slow parsing down: no intent needs a whole e-mail to be recognised.
const MAX_CLASSIFIED_TOKENS = 200;

export interface AnalysedMessage {
  tokens: Token[];
  entities: ParsedEntity[];
  features: FeatureCounts;
}

export class MessageAnalyser {
  constructor(
    private readonly language: NluLanguage,
    private readonly entities: EntityExtractor,
    private readonly isKnown: KnownWordCheck,
    /** Typos corrected against the training vocabulary, for the features only (none while training). */
    private readonly spelling?: SpellingCorrector,
  ) {}

  /** `now` is the moment relative dates ("amanhã") are read from. */
  analyse(text: string, now?: Date): AnalysedMessage {
    const tokens = tokenise(text, this.language, this.isKnown);
    const entities = this.entities.extract(text, tokens, now);
    const extras = [...new Set(entities.map((entity) => `entity:${entity.entity}`))];
    const classified = tokens.slice(0, MAX_CLASSIFIED_TOKENS);
    return { tokens, entities, features: countFeatures(this.spelling ? this.corrected(classified) : classified, extras) };
  }

  private corrected(tokens: readonly Token[]): Token[] {
    const { spelling } = this;
    if (!spelling) return [...tokens];
    const stem = stemmerFor(this.language);
    return tokens.map((token) => {
      const text = spelling.correct(token.text);
      return text === token.text ? token : { ...token, text, stem: stem(text) };
    });
  }
}
