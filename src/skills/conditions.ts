// Whether a variant's conditions hold for the conversation's slots (src/assistant/content.ts
// `Condition`): set, not set, equal to a value or one of several (as text, case and accents
// aside, or as numbers when both are numbers), or a number comparison.
import type { Condition } from '../assistant/content.js';
import { valueText } from './format-value.js';

export function isSet(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function sameValue(value: unknown, expected: string): boolean {
  const number = typeof value === 'number' ? value : Number.NaN;
  const wanted = Number(expected.replace(',', '.'));
  if (Number.isFinite(number) && expected.trim() !== '' && Number.isFinite(wanted)) return number === wanted;
  return fold(valueText(value)) === fold(expected);
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.replace(',', '.')) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

export function conditionHolds(condition: Condition, slots: Readonly<Record<string, unknown>>): boolean {
  const value = slots[condition.context];
  switch (condition.operator) {
    case 'set':
      return isSet(value);
    case 'notSet':
      return !isSet(value);
    case 'equals':
      return isSet(value) && sameValue(value, condition.value);
    case 'oneOf':
      return isSet(value) && condition.value.some((expected) => sameValue(value, expected));
    default: {
      const number = numberOf(value);
      if (number === undefined) return false;
      switch (condition.operator) {
        case 'lessThan':
          return number < condition.value;
        case 'atMost':
          return number <= condition.value;
        case 'greaterThan':
          return number > condition.value;
        case 'atLeast':
          return number >= condition.value;
      }
    }
  }
}
