// A pattern is valid when the NLU can compile it: the same compiler decides, so a file that loads
// also trains (it accepts Rasa's Python spellings such as `(?P<name>…)`, and refuses what its
// linear-time engine cannot run, such as lookahead and backreferences).
import { compileRegexPattern } from '../nlu/entities/regex-pattern.js';

/** Why a pattern cannot be used (naming it), or undefined when it can. */
export function regexProblem(pattern: string): string | undefined {
  try {
    compileRegexPattern(pattern);
    return undefined;
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}
