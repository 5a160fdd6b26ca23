// The one path from text to features, shared by training and parsing so that both see a message
// the same way: tokens, then entities (whose names are extra evidence for the intent, as Rasa's
// regex and lookup features are), then the feature counts.
import type { EntityExtractor } from './entities/entities.js';
import { countFeatures, type FeatureCounts, type FeatureOptions } from './features.js';
import type { NluLanguage } from './text/language.js';
import type { KnownWordCheck } from './text/normalise.js';
import { conversationalKinds, type ReplyKind } from './text/conversational-words.js';
import { FUNCTION_WORDS } from './text/function-words.js';
import type { SpellingCorrector } from './text/spelling-corrector.js';
import { SYSTEM_ENTITY_EXTRACTORS } from './entities/system-entities.js';
import { stemmerFor } from './text/stemmer.js';
import { tokenise, type Token } from './text/tokenise.js';
import type { ParsedEntity } from './types.js';

// Words past this many only slow parsing down: no intent needs a whole e-mail to be recognised.
const MAX_CLASSIFIED_TOKENS = 200;
// The weight of conversational words (greetings, thanks, closings, formal formulas) in a message
// that also has content words, and of function words ("de", "meu", "the"): they still count, but
// the content decides. Both chosen on validation data (src/nlu/README.md): 0.25, 0.5 and 1 gave the
// same mean top-intent accuracy within 0.1 point; 0.5 for function words took 10–30 points more
// out-of-scope recall on small assistants.
export const CONVERSATIONAL_WEIGHT = 0.5;
export const FUNCTION_WORD_WEIGHT = 0.5;
// Words after a closing ("Atenciosamente, Ana Paula") are a signature when there are this few.
const MAX_SIGNATURE_WORDS = 3;
const CLOSINGS: ReadonlySet<ReplyKind> = new Set(['formal', 'thanks', 'farewell']);

/**
 * How much each token's features weigh, and the kinds of reply of a message made only of
 * conversational words (see conversational-words.ts).
 */
export function conversationalWeights(tokens: readonly Token[], language: NluLanguage): { weights: number[]; replies: ReplyKind[] } {
  const kinds = conversationalKinds(
    tokens.map((token) => token.text),
    language,
  );
  const content = kinds.filter((kind) => kind === undefined).length;
  if (content === 0) {
    const replies = [...new Set(kinds as ReplyKind[])].filter((kind) => kind !== 'formal').sort();
    return { weights: kinds.map(() => 1), replies };
  }
  // Yes and no inside a sentence are content ("não imprime"); greetings, thanks, closings and
  // formulas are not.
  const functionWords = FUNCTION_WORDS[language];
  const weights = kinds.map((kind, index) => {
    if (kind === undefined) return functionWords.has((tokens[index] as Token).text) ? FUNCTION_WORD_WEIGHT : 1;
    return kind === 'yes' || kind === 'no' ? 1 : CONVERSATIONAL_WEIGHT;
  });
  // A signature: a few words after the last closing, when content came before it.
  let lastClosing = -1;
  kinds.forEach((kind, index) => {
    if (kind !== undefined && CLOSINGS.has(kind)) lastClosing = index;
  });
  const trailing = tokens.length - 1 - lastClosing;
  if (lastClosing > 0 && trailing > 0 && trailing <= MAX_SIGNATURE_WORDS && trailing < content) {
    for (let i = lastClosing + 1; i < tokens.length; i++) weights[i] = CONVERSATIONAL_WEIGHT;
  }
  return { weights, replies: [] };
}

/**
 * The entity kinds that become a feature of the message (`x:entity:…`): all but the dates and times
 * read by chrono ("hoje", "amanhã às 10h"). Any message may say when, so a date pulled strangers'
 * messages to intents whose phrases happen to hold one ("até amanhã", "Por hoje é só"); chosen on
 * validation with the fixed reference figures (src/nlu/README.md). The entities themselves are
 * still extracted and fill contexts.
 */
export function isIntentFeature(entity: ParsedEntity): boolean {
  return entity.extractor !== SYSTEM_ENTITY_EXTRACTORS.dateTime;
}

export interface AnalysedMessage {
  tokens: Token[];
  entities: ParsedEntity[];
  features: FeatureCounts;
}

/** A message read up to its features: what `countFeatures` (or `FeatureSpace.vectoriseTokens`) takes. */
export interface ReadMessage {
  tokens: Token[];
  entities: ParsedEntity[];
  /** The tokens the classifier sees (the first MAX_CLASSIFIED_TOKENS, typos corrected). */
  classified: Token[];
  /** Extra feature names (the entities' kinds). */
  extras: string[];
  options: FeatureOptions;
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
    const { tokens, entities, classified, extras, options } = this.read(text, now);
    return { tokens, entities, features: countFeatures(classified, extras, options) };
  }

  /** As `analyse`, stopping before the features are counted. */
  read(text: string, now?: Date): ReadMessage {
    const tokens = tokenise(text, this.language, this.isKnown);
    const { entities, featureOnly } = this.entities.read(text, tokens, now);
    // Entities that count only as features (readings added since the classifier was measured keep
    // its features as they were: src/nlu/entities/system-entities.ts), in the entities' order.
    const featured = featureOnly.length === 0 ? entities : [...entities, ...featureOnly].sort((a, b) => a.start - b.start || a.end - b.end || a.entity.localeCompare(b.entity));
    const extras = [...new Set(featured.filter(isIntentFeature).map((entity) => `entity:${entity.entity}`))];
    const classified = this.corrected(tokens.slice(0, MAX_CLASSIFIED_TOKENS));
    return { tokens, entities, classified, extras, options: conversationalWeights(classified, this.language) };
  }

  private corrected(tokens: Token[]): Token[] {
    const { spelling } = this;
    if (!spelling) return tokens;
    const stem = stemmerFor(this.language);
    return tokens.map((token) => {
      const text = spelling.correct(token.text);
      return text === token.text ? token : { ...token, text, stem: stem(text) };
    });
  }
}
