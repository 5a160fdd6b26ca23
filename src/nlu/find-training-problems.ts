// Checks training data before any work, so that the administrator gets every problem at once
// rather than one per training attempt.
import { compileRegexPattern, RegexPatternError } from './entities/regex-pattern.js';
import type { NluTrainingData } from './types.js';
import { NLU_FALLBACK_INTENT } from './types.js';

// Classes are stored as 16-bit numbers in the model.
const MAX_INTENTS = 65_535;
const WORD = /[\p{L}\p{N}]/u;

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

export function findTrainingProblems(data: NluTrainingData): string[] {
  const problems: string[] = [];
  if (data.intents.length === 0) problems.push('the assistant has no intents');
  if (data.intents.length > MAX_INTENTS) problems.push(`the assistant has more than ${MAX_INTENTS} intents`);
  const names = new Set<string>();
  data.intents.forEach((intent, position) => {
    const name = intent.name.trim();
    const label = name === '' ? `intent #${position + 1}` : `intent ${quote(intent.name)}`;
    if (name === '') problems.push(`${label} has no name`);
    else if (names.has(intent.name)) problems.push(`${label} is defined more than once`);
    names.add(intent.name);
    if (intent.name === NLU_FALLBACK_INTENT) problems.push(`${label}: the name is reserved for the fallback`);
    if (intent.phrases.length === 0) {
      problems.push(`${label} has no phrases`);
      return;
    }
    if (!intent.phrases.some((phrase) => WORD.test(phrase.text))) {
      problems.push(`${label} has no phrase with words (punctuation and emoji are ignored)`);
    }
    for (const phrase of intent.phrases) {
      for (const entity of phrase.entities ?? []) {
        const where = `${label}, phrase ${quote(phrase.text)}`;
        if (entity.entity.trim() === '') problems.push(`${where}: an entity has no name`);
        const valid =
          Number.isInteger(entity.start) &&
          Number.isInteger(entity.end) &&
          entity.start >= 0 &&
          entity.start < entity.end &&
          entity.end <= phrase.text.length;
        if (!valid) {
          problems.push(
            `${where}: entity ${quote(entity.entity)} spans ${entity.start}–${entity.end}, outside the phrase (length ${phrase.text.length})`,
          );
        }
      }
    }
  });
  const contexts = new Set<string>();
  for (const context of data.contexts) {
    if (contexts.has(context.name)) problems.push(`context ${quote(context.name)} is defined more than once`);
    contexts.add(context.name);
    if (context.type === 'float' && context.min !== undefined && context.max !== undefined && context.min > context.max) {
      problems.push(`context ${quote(context.name)}: min ${context.min} is greater than max ${context.max}`);
    }
  }
  for (const regex of data.regexes) {
    const label = `regex ${quote(regex.name)}`;
    if (regex.name.trim() === '') problems.push('a regex has no name');
    if (regex.pattern === '') {
      problems.push(`${label} has an empty pattern`);
      continue;
    }
    try {
      compileRegexPattern(regex.pattern);
    } catch (error: unknown) {
      if (error instanceof RegexPatternError && error.kind === 'unsupported') problems.push(`${label}: ${error.message}`);
      else problems.push(`${label} is not a valid regular expression (${error instanceof RegexPatternError ? `"${error.pattern}": ${error.reason}` : String(error)})`);
    }
  }
  return problems;
}
