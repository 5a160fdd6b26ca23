// Brazilian Portuguese says zero in the plural: "0 frases", "0 conversas". i18next follows the
// CLDR rules of Intl.PluralRules, where "pt" (Brazil) puts 0 with 1 in the category "one" (it is
// pt-PT that has only 1 there), so a count of 0 picked the singular: "0 frase". i18next looks for a
// `_zero` form first when the count is 0; this gives each plural of the pt-BR words one, the same as
// its `_other`, unless the file writes its own.

type Words = { [key: string]: string | Words };

/** The words with `x_zero` = `x_other` added beside every `x_one` / `x_other` pair that has no `x_zero`. */
export function withPluralZero(words: Words): Words {
  const result: Words = {};
  for (const [key, value] of Object.entries(words)) {
    result[key] = typeof value === 'string' ? value : withPluralZero(value);
    const base = /^(.*)_other$/.exec(key)?.[1];
    if (base !== undefined && typeof value === 'string' && `${base}_one` in words && !(`${base}_zero` in words)) result[`${base}_zero`] = value;
  }
  return result;
}
