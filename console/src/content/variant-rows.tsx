// A skill's variants: texts chosen by conditions on contexts (set, not set, equals, one of, number
// comparisons), tried in order before the skill's own texts, which are the default. Each variant is
// a list of conditions (all must hold) and its text variations.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CONDITION_OPERATORS, valueOf, type Condition, type ConditionOperator, type Context, type SkillVariant } from './content-types';
import { FieldError, isAbout, type FormProblem } from './form-problem';
import { nameOptions, RowSelect } from './fields';

export interface ConditionRow {
  context: string;
  operator: ConditionOperator;
  value: string;
}

export interface VariantRow {
  when: ConditionRow[];
  texts: string[];
}

const COMPARISONS: ConditionOperator[] = ['lessThan', 'atMost', 'greaterThan', 'atLeast'];

export function variantRowsOf(variants: SkillVariant[] | undefined): VariantRow[] {
  return (variants ?? []).map((variant) => ({
    when: variant.when.map((condition) => ({
      context: condition.context,
      operator: condition.operator,
      value: Array.isArray(condition.value) ? condition.value.join(', ') : condition.value === undefined ? '' : String(condition.value),
    })),
    texts: variant.texts.length > 0 ? [...variant.texts] : [''],
  }));
}

/** The API's `variants`: "one of" values are comma-separated; a comparison's value is read as a number (with a comma or a dot). */
export function variantsOf(rows: VariantRow[]): SkillVariant[] {
  return rows.map((row) => ({
    when: row.when.map((condition): Condition => {
      const value = condition.value.trim();
      if (condition.operator === 'set' || condition.operator === 'notSet') return { context: condition.context, operator: condition.operator };
      if (condition.operator === 'oneOf') return { context: condition.context, operator: 'oneOf', value: value.split(',').map((part) => part.trim()).filter((part) => part !== '') };
      if (COMPARISONS.includes(condition.operator)) {
        const number = Number(value.replace(',', '.'));
        return { context: condition.context, operator: condition.operator, value: value === '' || Number.isNaN(number) ? value : number };
      }
      return { context: condition.context, operator: condition.operator, value };
    }),
    texts: row.texts.map((text) => text.trim()).filter((text) => text !== ''),
  }));
}

export function VariantRows({ rows, onChange, contexts, problem }: { rows: VariantRow[]; onChange: (rows: VariantRow[]) => void; contexts: Context[]; problem: FormProblem | null }) {
  const { t } = useTranslation();
  // Ids for the selects' labels (RowSelect).
  const idBase = useId();
  const setRow = (index: number, change: Partial<VariantRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const invalid = (field: string) => (isAbout(problem, field) ? true : undefined);
  return (
    <>
      <ol className="row-list">
        {rows.map((row, index) => {
          const at = `variants.${index}`;
          const number = index + 1;
          const setCondition = (conditionIndex: number, change: Partial<ConditionRow>) =>
            setRow(index, { when: row.when.map((condition, other) => (other === conditionIndex ? { ...condition, ...change } : condition)) });
          return (
            <li key={index} className="row-item variant" data-testid="skill-variant">
              <div className="row-fields">
                <strong className="field-label field-grow">{t('skills.variantTitle', { number })}</strong>
                <button type="button" className="button button-quiet row-remove" aria-label={t('skills.removeVariant', { number })} onClick={() => onChange(rows.filter((_, other) => other !== index))}>
                  ×
                </button>
              </div>
              <FieldError problem={problem} field={`${at}.when`} exact />
              {row.when.map((condition, conditionIndex) => {
                const field = `${at}.when.${conditionIndex}`;
                const context = contexts.find((candidate) => candidate.name === condition.context);
                const values = context?.type === 'boolean' ? ['true', 'false'] : (context?.values ?? []).map(valueOf);
                const needsValue = condition.operator !== 'set' && condition.operator !== 'notSet';
                const listId = `${field}-values`;
                return (
                  <div key={conditionIndex} className="row-fields condition-row" data-testid="variant-condition">
                    <RowSelect
                      id={`${idBase}-${field}-context`}
                      label={t('skills.conditionContext', { variant: number, number: conditionIndex + 1 })}
                      name={`${field}.context`}
                      value={condition.context}
                      invalid={invalid(`${field}.context`)}
                      onChange={(context) => setCondition(conditionIndex, { context })}
                      options={nameOptions(contexts)}
                      empty={t('dialogues.chooseContext')}
                    />
                    <RowSelect
                      id={`${idBase}-${field}-operator`}
                      label={t('skills.conditionOperator', { variant: number, number: conditionIndex + 1 })}
                      name={`${field}.operator`}
                      value={condition.operator}
                      invalid={invalid(`${field}.operator`)}
                      onChange={(operator) => setCondition(conditionIndex, { operator: CONDITION_OPERATORS.find((candidate) => candidate === operator) ?? 'set' })}
                      options={CONDITION_OPERATORS.map((operator) => ({ value: operator, label: t(`skills.operators.${operator}`) }))}
                    />
                    {needsValue ? (
                      <label className="field">
                        <span className="field-label">{t('skills.conditionValue', { variant: number, number: conditionIndex + 1 })}</span>
                        <input
                          className="input"
                          name={`${field}.value`}
                          list={values.length > 0 ? listId : undefined}
                          value={condition.value}
                          placeholder={condition.operator === 'oneOf' ? t('skills.oneOfPlaceholder') : ''}
                          inputMode={COMPARISONS.includes(condition.operator) ? 'decimal' : 'text'}
                          aria-invalid={invalid(`${field}.value`)}
                          onChange={(event) => setCondition(conditionIndex, { value: event.target.value })}
                        />
                        {values.length > 0 ? (
                          <datalist id={listId}>
                            {values.map((value) => (
                              <option key={value} value={value} />
                            ))}
                          </datalist>
                        ) : null}
                      </label>
                    ) : null}
                    <button
                      type="button"
                      className="button button-quiet row-remove"
                      aria-label={t('skills.removeCondition', { variant: number, number: conditionIndex + 1 })}
                      onClick={() => setRow(index, { when: row.when.filter((_, other) => other !== conditionIndex) })}
                    >
                      ×
                    </button>
                    <FieldError problem={problem} field={field} />
                  </div>
                );
              })}
              <button type="button" className="button button-secondary" onClick={() => setRow(index, { when: [...row.when, { context: '', operator: 'set', value: '' }] })}>
                {t('skills.addCondition', { number })}
              </button>
              <FieldError problem={problem} field={`${at}.texts`} exact />
              {row.texts.map((text, textIndex) => (
                <div key={textIndex} className="row-fields">
                  <textarea
                    className="input textarea field-grow"
                    rows={2}
                    name={`${at}.texts.${textIndex}`}
                    aria-label={t('skills.variantText', { variant: number, number: textIndex + 1 })}
                    aria-invalid={invalid(`${at}.texts.${textIndex}`)}
                    value={text}
                    onChange={(event) => setRow(index, { texts: row.texts.map((other, at2) => (at2 === textIndex ? event.target.value : other)) })}
                  />
                  {row.texts.length > 1 ? (
                    <button
                      type="button"
                      className="button button-quiet row-remove"
                      aria-label={t('skills.removeVariantText', { variant: number, number: textIndex + 1 })}
                      onClick={() => setRow(index, { texts: row.texts.filter((_, other) => other !== textIndex) })}
                    >
                      ×
                    </button>
                  ) : null}
                  <FieldError problem={problem} field={`${at}.texts.${textIndex}`} />
                </div>
              ))}
              <button type="button" className="button button-secondary" onClick={() => setRow(index, { texts: [...row.texts, ''] })}>
                {t('skills.addVariantText', { number })}
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button button-secondary" onClick={() => onChange([...rows, { when: [{ context: '', operator: 'set', value: '' }], texts: [''] }])}>
        {t('skills.addVariant')}
      </button>
    </>
  );
}
