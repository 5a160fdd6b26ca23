// Keys of the assistant file that differ from the content's field names: condition operators
// (snake_case in the file) and a dialogue slot's keys. The reader, the checker and the writer share them.
import type { Condition, DialogueSlot } from '../content.js';

/** Condition operators as the file writes them (snake_case), with the content's names. */
export const FILE_OPERATORS = {
  equals: 'equals',
  one_of: 'oneOf',
  less_than: 'lessThan',
  at_most: 'atMost',
  greater_than: 'greaterThan',
  at_least: 'atLeast',
} as const satisfies Record<string, Condition['operator']>;
/** A slot's keys in the file, with the content's field names. */
export const SLOT_KEYS = {
  context: 'context',
  question: 'question',
  values_as_buttons: 'valuesAsButtons',
  label: 'label',
  invalid: 'invalid',
  max_attempts: 'maxAttempts',
} as const satisfies Record<string, keyof DialogueSlot>;
