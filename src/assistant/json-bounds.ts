// The bounds of a free-form JSON value that is stored and given back later (a skill's attachment,
// a third-party API's body value, a message's metadata): at most MAX_JSON_DEPTH levels of lists
// and objects inside one another, and at most a number of bytes as JSON. Deeper values overflow
// the stack of whatever reads them recursively later (structuredClone, the YAML writer, the
// exports), so the depth is checked first, without recursion, and only then the size.
import type { FuncKeywordDefinition } from 'ajv';

/** Lists and objects inside one another, at most (a value that is neither is at depth 0). */
export const MAX_JSON_DEPTH = 32;
/** As JSON, in UTF-8 bytes, at most. */
export const MAX_JSON_BYTES = 16 * 1024;

export interface JsonBounds {
  maxDepth?: number;
  maxBytes?: number;
}

export type JsonBoundsProblem = { code: 'too_deep'; max: number; message: string } | { code: 'too_many_bytes'; max: number; bytes: number; message: string };

/** Whether lists and objects nest more than `maxDepth` levels in `value`; walked without recursion. */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
    }
  }
  return false;
}

/** Why a free-form value is refused (too deep, too large as JSON), or undefined when it is taken. */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds = {}): JsonBoundsProblem | undefined {
  const maxDepth = bounds.maxDepth ?? MAX_JSON_DEPTH;
  const maxBytes = bounds.maxBytes ?? MAX_JSON_BYTES;
  if (nestsDeeperThan(value, maxDepth)) return { code: 'too_deep', max: maxDepth, message: `must nest lists and objects at most ${maxDepth} levels deep` };
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  return bytes > maxBytes ? { code: 'too_many_bytes', max: maxBytes, bytes, message: `must take at most ${maxBytes} bytes as JSON (it takes ${bytes})` } : undefined;
}

/**
 * The JSON-schema keyword that bounds a free-form value in the admin API's bodies (its ajv knows
 * it: src/admin-api/admin-routes.ts); the OpenAPI document shows it beside the value.
 */
export const JSON_BOUNDS_KEYWORD = 'x-json-bounds';

/** A free-form JSON value's schema: bounded in depth and size (`extra`: its type, description…). */
export function boundedJson<T extends Record<string, unknown>>(extra: T): T & { [JSON_BOUNDS_KEYWORD]: Required<JsonBounds> } {
  return { ...extra, [JSON_BOUNDS_KEYWORD]: { maxDepth: MAX_JSON_DEPTH, maxBytes: MAX_JSON_BYTES } };
}

interface KeywordError {
  keyword: string;
  message: string;
  params: { code: string; max: number };
}

/** The keyword's definition for ajv (`keywords` option); its error's params carry the problem's code. */
export const jsonBoundsKeyword: FuncKeywordDefinition = {
  keyword: JSON_BOUNDS_KEYWORD,
  schemaType: 'object',
  errors: true,
  validate: function validateBounds(bounds: JsonBounds, data: unknown): boolean {
    const problem = jsonBoundsProblem(data, bounds);
    (validateBounds as { errors?: KeywordError[] }).errors = problem === undefined ? [] : [{ keyword: JSON_BOUNDS_KEYWORD, message: problem.message, params: { code: problem.code, max: problem.max } }];
    return problem === undefined;
  },
};

// With the `u` flag a pair of surrogates is one code point: only a lone one matches. (String's
// isWellFormed and toWellFormed, Node 20, are not in this project's TypeScript lib yet.)
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Whether a text is well-formed Unicode (no lone surrogate). */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The text with each lone surrogate replaced by U+FFFD, as String.prototype.toWellFormed. */
export function toWellFormed(text: string): string {
  return isWellFormed(text) ? text : text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
}

/**
 * The dot path (`phrases.2.text`; `''` for the value itself) of the first text in a JSON value —
 * a string or an object's key — that is not well-formed Unicode (a lone surrogate, which a JSON
 * escape like "\ud800" can carry and which SQLite stores changed, as U+FFFD), or undefined when
 * every text is. Walked without recursion.
 */
export function brokenTextPath(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  const at = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (!isWellFormed(current)) return path;
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) stack.push([current[index], at(path, String(index))]);
    } else if (typeof current === 'object' && current !== null && !ArrayBuffer.isView(current)) {
      const entries = Object.entries(current);
      for (const [key] of entries) if (!isWellFormed(key)) return at(path, toWellFormed(key));
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, inner] = entries[index] as [string, unknown];
        stack.push([inner, at(path, key)]);
      }
    }
  }
  return undefined;
}
