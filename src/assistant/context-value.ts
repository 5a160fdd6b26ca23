// The value a context takes for a word: the one rule shared by entity links in phrases (file
// import, admin API) and skill presets, so "pc" in a phrase and in a preset both mean "computador".
import type { Context } from './content.js';

/**
 * The canonical form of a value, or an error message when the context cannot take it. `fix`
 * ends the message for a text context's unknown value: how to mend it where the value was written.
 */
export function canonicalValue(context: Context, value: string, fix: 'markup' | 'values' = 'markup'): { value: string } | { problem: string; code: string; params: Record<string, string> } {
  const lower = value.toLowerCase();
  switch (context.type) {
    case 'text': {
      // A text context without values is free text (a name, an e-mail): any value fits.
      if (context.values.length === 0) return { value };
      const found = context.values.find((candidate) => candidate.value === value)
        ?? context.values.find((candidate) => candidate.value.toLowerCase() === lower || candidate.synonyms.some((synonym) => synonym.toLowerCase() === lower));
      if (found) return { value: found.value };
      const how = fix === 'markup' ? `add it, or write [text]{"entity": "${context.name}", "value": "…"}` : 'use one of them, or add it to the values or synonyms of the context';
      const values = context.values.map((candidate) => candidate.value).join(', ');
      return { problem: `"${value}" is not a value or synonym of text context "${context.name}" (values: ${values}); ${how}`, code: 'not_a_value', params: { value, context: context.name, values } };
    }
    case 'categorical': {
      const found = context.values.find((candidate) => candidate === value) ?? context.values.find((candidate) => candidate.toLowerCase() === lower);
      if (found !== undefined) return { value: found };
      return { problem: `"${value}" is not a value of categorical context "${context.name}" (values: ${context.values.join(', ')})`, code: 'not_a_value', params: { value, context: context.name, values: context.values.join(', ') } };
    }
    case 'boolean':
      if (lower === 'true' || lower === 'false') return { value: lower };
      return { problem: `boolean context "${context.name}" takes the value true or false, not "${value}"`, code: 'not_a_value', params: { value, context: context.name, values: 'true, false' } };
    case 'float': {
      const number = Number(value.replace(',', '.'));
      if (value.trim() === '' || !Number.isFinite(number)) return { problem: `float context "${context.name}" takes a number, not "${value}"`, code: 'type', params: { type: 'number' } };
      if ((context.min !== undefined && number < context.min) || (context.max !== undefined && number > context.max)) {
        return { problem: `${value} is outside the range of float context "${context.name}" (${context.min ?? '…'} to ${context.max ?? '…'})`, code: 'out_of_range', params: { value, min: String(context.min ?? '…'), max: String(context.max ?? '…') } };
      }
      return { value: String(number) };
    }
  }
}
