// A pattern is valid when the NLU can compile it: the same compiler decides, so a file that loads
// also trains (it accepts Rasa's Python spellings such as `(?P<name>…)`).
import { compileRegexPattern } from '../nlu/regex-pattern.js';

/** Why a pattern cannot be used, or undefined when it can. */
export function regexProblem(pattern: string): string | undefined {
  try {
    compileRegexPattern(pattern);
    return undefined;
  } catch (error: unknown) {
    return `invalid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
}
