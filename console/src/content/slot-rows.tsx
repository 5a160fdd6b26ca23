// "Perguntar o que falta": the contexts a dialogue asks for, in order, each with the skill that
// asks, whether its values are offered as buttons, the label the summary and the "what to
// change?" buttons use, the skill that says an answer does not fit, and how many such answers
// are accepted before the dialogue gives up.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Context, DialogueSlot, FlowWarning, Skill } from './content-types';
import { FieldWarnings } from './flow-warnings';
import { FieldError, isAbout, type FormProblem } from './form-problem';
import { nameOptions, RowSelect } from './fields';

export interface SlotRow {
  context: string;
  question: string;
  valuesAsButtons: boolean;
  label: string;
  invalid: string;
  maxAttempts: string;
}

const emptyRow = (): SlotRow => ({ context: '', question: '', valuesAsButtons: false, label: '', invalid: '', maxAttempts: '' });

/** The API's `slots`: blank fields left out; a number of attempts that is not a number is sent as typed, for the API to name. */
export function slotsOf(rows: SlotRow[]): DialogueSlot[] {
  return rows.map((row) => ({
    context: row.context,
    ...(row.question ? { question: row.question } : {}),
    ...(row.question && row.valuesAsButtons ? { valuesAsButtons: true } : {}),
    ...(row.label.trim() ? { label: row.label.trim() } : {}),
    ...(row.invalid ? { invalid: row.invalid } : {}),
    ...(row.maxAttempts.trim() ? { maxAttempts: Number(row.maxAttempts.trim()) } : {}),
  }));
}

function hasValues(context: Context | undefined): boolean {
  return context !== undefined && (context.type === 'boolean' || ((context.type === 'text' || context.type === 'categorical') && (context.values ?? []).length > 0));
}

export function SlotRows({
  rows,
  onChange,
  contexts,
  skills,
  problem,
  warnings,
}: {
  rows: SlotRow[];
  onChange: (rows: SlotRow[]) => void;
  contexts: Context[];
  skills: Skill[];
  problem: FormProblem | null;
  warnings: FlowWarning[] | undefined;
}) {
  const { t } = useTranslation();
  // Ids for the selects' labels (RowSelect).
  const idBase = useId();
  const set = (index: number, change: Partial<SlotRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const move = (index: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    if (row) next.splice(index + by, 0, row);
    onChange(next);
  };
  const invalid = (field: string) => (isAbout(problem, field) ? true : undefined);
  return (
    <>
      <ol className="row-list">
        {rows.map((row, index) => {
          const at = `slots.${index}`;
          const number = index + 1;
          const context = contexts.find((candidate) => candidate.name === row.context);
          return (
            <li key={index} className="row-item slot-row" data-testid="dialogue-slot">
              <div className="row-fields">
                <RowSelect
                  className="field-grow"
                  id={`${idBase}-slotContext-${index}`}
                  label={t('dialogues.slotContext', { number })}
                  name={`${at}.context`}
                  value={row.context}
                  invalid={invalid(`${at}.context`)}
                  onChange={(context) => set(index, { context })}
                  options={nameOptions(contexts)}
                  empty={t('dialogues.chooseContext')}
                />
                <RowSelect
                  className="field-grow"
                  id={`${idBase}-slotQuestion-${index}`}
                  label={t('dialogues.slotQuestion', { number })}
                  name={`${at}.question`}
                  value={row.question}
                  invalid={invalid(`${at}.question`)}
                  onChange={(question) => set(index, { question })}
                  options={nameOptions(skills)}
                  empty={t('dialogues.noQuestion')}
                />
                <div className="row-order">
                  <button type="button" className="button button-quiet" aria-label={t('dialogues.moveUp', { number })} disabled={index === 0} onClick={() => move(index, -1)}>
                    ↑
                  </button>
                  <button type="button" className="button button-quiet" aria-label={t('dialogues.moveDown', { number })} disabled={index === rows.length - 1} onClick={() => move(index, 1)}>
                    ↓
                  </button>
                  <button type="button" className="button button-quiet row-remove" aria-label={t('dialogues.removeSlot', { number })} onClick={() => onChange(rows.filter((_, other) => other !== index))}>
                    ×
                  </button>
                </div>
              </div>
              <div className="row-fields">
                <label className="field field-grow">
                  <span className="field-label">{t('dialogues.slotLabel', { number })}</span>
                  <input className="input" name={`${at}.label`} value={row.label} placeholder={row.context.replace(/[_.-]+/g, ' ')} aria-invalid={invalid(`${at}.label`)} onChange={(event) => set(index, { label: event.target.value })} />
                </label>
                <RowSelect
                  className="field-grow"
                  id={`${idBase}-slotInvalid-${index}`}
                  label={t('dialogues.slotInvalid', { number })}
                  name={`${at}.invalid`}
                  value={row.invalid}
                  invalid={invalid(`${at}.invalid`)}
                  onChange={(invalid) => set(index, { invalid })}
                  options={nameOptions(skills)}
                  empty={t('dialogues.standardInvalid')}
                />
                <label className="field field-narrow">
                  <span className="field-label">{t('dialogues.slotAttempts', { number })}</span>
                  <input className="input" name={`${at}.maxAttempts`} inputMode="numeric" value={row.maxAttempts} placeholder="3" aria-invalid={invalid(`${at}.maxAttempts`)} onChange={(event) => set(index, { maxAttempts: event.target.value })} />
                </label>
              </div>
              {row.question && hasValues(context) ? (
                <label className="check">
                  <input type="checkbox" name={`${at}.valuesAsButtons`} checked={row.valuesAsButtons} onChange={(event) => set(index, { valuesAsButtons: event.target.checked })} />
                  {t('dialogues.valuesAsButtons', { number })}
                </label>
              ) : null}
              <FieldError problem={problem} field={at} />
              <FieldWarnings warnings={warnings} field={at} />
            </li>
          );
        })}
      </ol>
      <button type="button" className="button button-secondary" onClick={() => onChange([...rows, emptyRow()])}>
        {t('dialogues.addSlot')}
      </button>
    </>
  );
}
