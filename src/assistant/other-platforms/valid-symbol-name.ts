// Other platforms accept intent and entity names we cannot (Rasa takes `reverted_card_payment?`
// and names with spaces). Such names are mapped to valid ones, never refused, and the caller
// reports the mapping (symbol-name.ts says what exactly is wrong with a name).
import { isSymbolName } from '../symbol-name.js';

const MAX_SYMBOL_LENGTH = 100;

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
