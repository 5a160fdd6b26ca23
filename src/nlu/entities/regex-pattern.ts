// Compiles an assistant's regex (written for Rasa, i.e. for Python's `re`) for RE2's linear-time
// engine (re2js): a pattern runs on every user message, and a backtracking engine can spend
// minutes on one message with a pattern such as `(a+)+$`. RE2 takes time proportional to the
// message whatever the pattern, at the price of what needs backtracking: backreferences,
// lookahead and lookbehind, possessive repeats. Matching ignores case, as Rasa's
// RegexEntityExtractor does by default.
import { RE2JS } from 're2js';
import type { RegexPattern } from '../../assistant/content.js';

/** A compiled pattern: `matchAll(text)` yields the matches as RegExp's do (`index` in UTF-16 units). */
export interface CompiledRegexPattern {
  matchAll(text: string): Iterable<RegExpExecArray>;
}

/**
 * A pattern RE2 cannot compile: not a regular expression at all (`invalid`), or one that needs a
 * backtracking engine (`unsupported`). The message names the pattern and says why.
 */
export class RegexPatternError extends Error {
  constructor(
    readonly kind: 'invalid' | 'unsupported',
    readonly pattern: string,
    /** Why, without the pattern. */
    readonly reason: string,
  ) {
    super(kind === 'invalid' ? `${quote(pattern)} is not a valid regular expression (${reason})` : `${quote(pattern)} uses ${reason}`);
    this.name = 'RegexPatternError';
  }
}

// What backtracking engines accept and RE2 refuses, found in the pattern's text, so the message
// names the construct rather than RE2's parser state.
const UNSUPPORTED: ReadonlyArray<{ written: RegExp; what: string }> = [
  { written: /\(\?<?[=!]/, what: 'lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…))' },
  { written: /\\[1-9]|\\k<|\(\?P=/, what: 'a backreference (\\1, \\k<name>, (?P=name))' },
  { written: /\(\?>/, what: 'an atomic group ((?>…))' },
  { written: /[*+?}]\+/, what: 'a possessive repeat (a++, a*+)' },
];

/** The pattern as the administrator wrote it (backslashes not doubled), shortened, on one line. */
function quote(pattern: string): string {
  const shown = pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern;
  return `"${shown.replace(/[\r\n]+/g, ' ')}"`;
}

/**
 * Python and JavaScript spellings RE2 does not know, in its own: `\uXXXX` and `\u{…}` as
 * `\x{…}`, Python's end of text `\Z` as `\z`. Other escapes pass through (`\\u` stays `\\u`).
 */
function toRe2Syntax(pattern: string): string {
  return pattern.replace(/\\(?:u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]+)\}|(Z)|[^])/g, (escape, hex4?: string, hexN?: string, end?: string) => {
    if (hex4 !== undefined) return `\\x{${hex4}}`;
    if (hexN !== undefined) return `\\x{${hexN}}`;
    if (end !== undefined) return '\\z';
    return escape;
  });
}

/** Throws RegexPatternError when the linear-time engine cannot run the pattern. */
export function compileRegexPattern(pattern: string): CompiledRegexPattern {
  try {
    const compiled = RE2JS.compile(toRe2Syntax(pattern), RE2JS.CASE_INSENSITIVE);
    // re2js types its matches as RegExpMatchArray; each has its `index`, as exec()'s do.
    return { matchAll: (text) => compiled.matchAll(text) as IterableIterator<RegExpExecArray> };
  } catch (error: unknown) {
    const unsupported = UNSUPPORTED.find(({ written }) => written.test(pattern));
    if (unsupported) {
      const reason = `${unsupported.what}, which regexes cannot use: they run on a linear-time engine (RE2 syntax), so that no pattern can stall the parsing of messages`;
      throw new RegexPatternError('unsupported', pattern, reason);
    }
    // RE2JS writes the case flag it was given into the pattern it quotes: leave it out.
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '').replace('`(?i)', '`') : String(error);
    throw new RegexPatternError('invalid', pattern, reason);
  }
}

/**
 * The patterns a model matches with. A pattern the engine cannot run (saved before patterns ran
 * on RE2, in a model trained then) is left out rather than failing the whole model: training
 * again names it (findTrainingProblems).
 */
export function compileModelRegexes(regexes: readonly RegexPattern[]): Array<{ name: string; regex: CompiledRegexPattern }> {
  return regexes.flatMap(({ name, pattern }) => {
    try {
      return [{ name, regex: compileRegexPattern(pattern) }];
    } catch {
      return [];
    }
  });
}
