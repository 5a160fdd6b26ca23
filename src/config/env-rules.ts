// The rules config.ts reads environment variables with: each turns a variable's text into its
// value, or lists what is wrong with it. The default wordings ("Too small: expected number to be
// >=1024") are those of zod 4, which read the variables before and whose messages operators may
// have met; a rule with its own wording says it instead.

export type Reading<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** A variable: how it is read when set, and what it is when unset. */
export interface Variable<T> {
  read(text: string): Reading<T>;
  readonly unset: { value: T };
}

export class Rule<T> {
  constructor(readonly read: (text: string) => Reading<T>) {}

  /** Unset, the variable is `value` (not checked). */
  default(value: T): Variable<T> {
    return { read: this.read, unset: { value } };
  }

  optional(): Variable<T | undefined> {
    return { read: this.read, unset: { value: undefined } };
  }
}

/** The values of the variables of `variables`. */
export type ValuesOf<V extends Record<string, Variable<unknown>>> = { [K in keyof V]: V[K] extends Variable<infer T> ? T : never };

/**
 * Reads every variable of `variables` from `env` (unset: absent); the problems are `NAME: problem`,
 * in the order of `variables`, every problem of every variable.
 */
export function readVariables<V extends Record<string, Variable<unknown>>>(variables: V, env: Record<string, string | undefined>): { ok: true; values: ValuesOf<V> } | { ok: false; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(variables)) {
    const text = Object.hasOwn(env, name) ? env[name] : undefined;
    if (text === undefined) {
      values[name] = variable.unset.value;
      continue;
    }
    const reading = variable.read(text);
    if (reading.ok) values[name] = reading.value;
    else problems.push(...reading.problems.map((problem) => `${name}: ${problem}`));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: values as ValuesOf<V> };
}

export interface NumberRule {
  /** A whole number (within ±(2^53 − 1)); a text: what to say of any other number. */
  int?: true | string;
  /** The least value; `minProblem`: what to say below it. */
  min?: number;
  minProblem?: string;
  /** A value the number must be larger than (0: positive). */
  above?: number;
  max?: number;
}

/**
 * A number, from the text as JavaScript's Number() reads it (" 12 ", "1e3", "0x10"). A text that is
 * no finite number, or a fraction where a whole number is asked for, has that one problem; the
 * bounds are checked together otherwise.
 */
export function number(rule: NumberRule = {}): Rule<number> {
  return new Rule((text) => {
    const value = Number(text);
    if (!Number.isFinite(value)) return { ok: false, problems: [`Invalid input: expected number, received ${String(value)}`] };
    const problems: string[] = [];
    if (rule.int !== undefined) {
      const own = typeof rule.int === 'string' ? rule.int : undefined;
      if (!Number.isInteger(value)) return { ok: false, problems: [own ?? 'Invalid input: expected int, received number'] };
      if (value > Number.MAX_SAFE_INTEGER) problems.push(own ?? `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`);
      if (value < Number.MIN_SAFE_INTEGER) problems.push(own ?? `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`);
    }
    if (rule.above !== undefined && !(value > rule.above)) problems.push(`Too small: expected number to be >${rule.above}`);
    if (rule.min !== undefined && value < rule.min) problems.push(rule.minProblem ?? `Too small: expected number to be >=${rule.min}`);
    if (rule.max !== undefined && value > rule.max) problems.push(`Too big: expected number to be <=${rule.max}`);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
  });
}

/** One of `values`, exactly as written. */
export function oneOf<const T extends string>(values: readonly T[], problem?: string): Rule<T> {
  const message = problem ?? `Invalid option: expected one of ${values.map((value) => JSON.stringify(value)).join('|')}`;
  return new Rule((text) => ((values as readonly string[]).includes(text) ? { ok: true, value: text as T } : { ok: false, problems: [message] }));
}

// In the order the problem has always listed them.
const FLAG_WORDS = ['0', '1', 'true', 'false', 'yes', 'no'] as const;
const flagWord = oneOf(FLAG_WORDS);

/** true, 1 or yes; false, 0 or no. */
export function flag(): Rule<boolean> {
  return new Rule((text) => {
    const reading = flagWord.read(text);
    return reading.ok ? { ok: true, value: reading.value === 'true' || reading.value === '1' || reading.value === 'yes' } : reading;
  });
}

/**
 * A check of a text: undefined when it holds, else its problem. A check may also pass on the text
 * the next checks see (`url` passes it trimmed).
 */
export type TextCheck = (text: string) => { problem: string } | { text: string } | undefined;

/**
 * A text, with its checks run in order, every one of them (all their problems are reported); the
 * value is the text as the last check passed it on.
 */
export function text(...checks: TextCheck[]): Rule<string> {
  return new Rule((raw) => {
    let value = raw;
    const problems: string[] = [];
    for (const check of checks) {
      const outcome = check(value);
      if (outcome === undefined) continue;
      if ('problem' in outcome) problems.push(outcome.problem);
      else value = outcome.text;
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
  });
}

export function minLength(length: number, problem = `Too small: expected string to have >=${length} characters`): TextCheck {
  return (value) => (value.length >= length ? undefined : { problem });
}

export function maxLength(length: number, problem = `Too big: expected string to have <=${length} characters`): TextCheck {
  return (value) => (value.length <= length ? undefined : { problem });
}

export function matches(pattern: RegExp, problem: string): TextCheck {
  return (value) => (pattern.test(value) ? undefined : { problem });
}

export function holds(test: (value: string) => boolean, problem: string): TextCheck {
  return (value) => (test(value) ? undefined : { problem });
}

/**
 * A URL of any scheme, spaces around it allowed: the next checks and the value see it trimmed and
 * without tabs or line breaks (which the URL parser ignores), as zod's url() passed it on.
 */
export function url(problem: string): TextCheck {
  return (value) => {
    const trimmed = value.trim();
    return URL.canParse(trimmed) ? { text: trimmed.replace(/[\t\n\r]/g, '') } : { problem };
  };
}

/** A text read by `parse`, which gives the value or the one problem. */
export function parsed<T>(parse: (text: string) => { ok: true; value: T } | { ok: false; problem: string }): Rule<T> {
  return new Rule((text) => {
    const outcome = parse(text);
    return outcome.ok ? outcome : { ok: false, problems: [outcome.problem] };
  });
}
