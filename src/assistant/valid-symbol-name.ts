// Other platforms accept intent and entity names we cannot (Rasa takes `reverted_card_payment?`
// and names with spaces). Such names are mapped to valid ones, never refused, and the caller
// reports the mapping; symbolNameProblem says what exactly is wrong with a name.
import { isSymbolName } from './symbol-name.js';

const MAX_SYMBOL_LENGTH = 100;

/** What makes a name invalid, in words: "has a space", "has \"?\"", undefined when it is valid. */
export function symbolNameProblem(name: string): string | undefined {
  if (isSymbolName(name)) return name.length > MAX_SYMBOL_LENGTH ? `is longer than ${MAX_SYMBOL_LENGTH} characters` : undefined;
  if (name.trim() === '') return 'is empty';
  if (/\s/u.test(name)) return 'has a space';
  const bad = [...name].find((character) => !/[\p{L}\p{N}_.\/-]/u.test(character));
  if (bad !== undefined) return `has "${bad}"`;
  return `starts with "${name[0] ?? ''}"`;
}

/** `name` when it is valid and free, else the closest valid name not in `taken` (which it joins). */
export function validSymbolName(name: string, taken: Set<string>): string {
  let base = name
    .trim()
    .replace(/[^\p{L}\p{N}_.\/-]+/gu, '_')
    .replace(/^[^\p{L}\p{N}_]+/u, '')
    .replace(/_+$/u, '')
    .slice(0, MAX_SYMBOL_LENGTH - 4);
  if (base === '') base = 'name';
  if (isSymbolName(name) && name.length <= MAX_SYMBOL_LENGTH) base = name;
  let candidate = base;
  for (let index = 2; taken.has(candidate); index += 1) candidate = `${base}_${index}`;
  taken.add(candidate);
  return candidate;
}
