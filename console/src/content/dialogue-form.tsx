// A dialogue: name, theme, the intent(s) it answers, the skill that answers, "link main
// dialogue" — then it answers only right after that one (a follow-up) — and what it asks for
// before its skill answers (slot filling): the contexts, each with its question, a confirmation
// and the message for a user who leaves.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemFormProps } from './content-list-page';
import { saveItem } from './content-list-page';
import type { Context, Dialogue, DialogueSlot, Intent, Skill, Theme } from './content-types';
import { FieldWarnings, FlowWarningList } from './flow-warnings';
import { FormActions } from './form-actions';
import { FieldError, FormProblemNotice } from './form-problem';
import { nameOptions, SelectField, TextField, useNames } from './fields';
import { SlotRows, slotsOf, type SlotRow } from './slot-rows';
import { useSave } from './use-save';

export function DialogueForm({ assistant, editing, etag, onSaved, onCancel }: ItemFormProps<Dialogue>) {
  const { t } = useTranslation();
  const themes = useNames<Theme>(assistant, 'themes');
  const intents = useNames<Intent>(assistant, 'intents');
  const skills = useNames<Skill>(assistant, 'skills');
  const dialogues = useNames<Dialogue>(assistant, 'dialogues');
  const contexts = useNames<Context>(assistant, 'contexts');
  const [name, setName] = useState(editing?.name ?? '');
  const [theme, setTheme] = useState(editing?.theme ?? '');
  const [chosen, setChosen] = useState<string[]>(editing?.intents ?? []);
  const [skill, setSkill] = useState(editing?.skill ?? '');
  const [followUpOf, setFollowUpOf] = useState(editing?.followUpOf ?? '');
  const [slots, setSlots] = useState<SlotRow[]>(() => (editing?.slots ?? []).map((slot: DialogueSlot) => ({
    context: slot.context,
    question: slot.question ?? '',
    valuesAsButtons: slot.valuesAsButtons ?? false,
    label: slot.label ?? '',
    invalid: slot.invalid ?? '',
    maxAttempts: slot.maxAttempts === undefined ? '' : String(slot.maxAttempts),
  })));
  const [confirm, setConfirm] = useState(editing?.confirm ?? '');
  const [cancel, setCancel] = useState(editing?.cancel ?? '');
  const { problem, busy, submit } = useSave(
    () =>
      saveItem<Dialogue>(assistant, 'dialogues', editing?.name, {
        name: name.trim(),
        ...(theme ? { theme } : {}),
        intents: chosen,
        skill,
        ...(followUpOf ? { followUpOf } : {}),
        ...(slots.length > 0 ? { slots: slotsOf(slots) } : {}),
        ...(confirm ? { confirm } : {}),
        ...(cancel ? { cancel } : {}),
      }, etag),
    (item) => onSaved(item, editing === null),
  );
  const title = editing ? t('content.editTitle', { name: editing.name }) : t('dialogues.add');
  const toggle = (intent: string, on: boolean) => setChosen((current) => (on ? [...current, intent] : current.filter((other) => other !== intent)));

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={title}>
      <h2 className="card-title">{title}</h2>
      <FlowWarningList warnings={editing?.warnings} inline={['slots', 'followUpOf', 'skill']} />
      <div className="form-grid">
        <TextField label={t('content.name')} field="name" problem={problem} value={name} onChange={setName} />
        <SelectField label={t('content.theme')} field="theme" problem={problem} value={theme} onChange={setTheme} options={nameOptions(themes)} empty={t('content.noTheme')} optional />
        <SelectField label={t('dialogues.skill')} field="skill" problem={problem} value={skill} onChange={setSkill} options={nameOptions(skills)} empty={t('dialogues.chooseSkill')} />
        <SelectField
          label={t('dialogues.followUpOf')}
          field="followUpOf"
          problem={problem}
          value={followUpOf}
          onChange={setFollowUpOf}
          options={nameOptions(dialogues.filter((dialogue) => dialogue.name !== editing?.name))}
          empty={t('dialogues.noMain')}
          hint={t('dialogues.followUpHint')}
          optional
        />
      </div>
      <fieldset className="fieldset">
        <legend className="field-label">{t('dialogues.intents')}</legend>
        <p className="field-hint">{t('dialogues.intentsHint')}</p>
        {intents.length === 0 ? <p className="muted">{t('dialogues.noIntents')}</p> : null}
        <div className="check-grid">
          {intents.map((intent) => (
            <label key={intent.name} className="check">
              <input type="checkbox" name="intents" value={intent.name} checked={chosen.includes(intent.name)} onChange={(event) => toggle(intent.name, event.target.checked)} />
              {intent.name}
            </label>
          ))}
        </div>
        <FieldError problem={problem} field="intents" />
      </fieldset>
      <fieldset className="fieldset">
        <legend className="field-label">{t('dialogues.slots')}</legend>
        <p className="field-hint">{t('dialogues.slotsHint')}</p>
        <FieldError problem={problem} field="slots" exact />
        <SlotRows rows={slots} onChange={setSlots} contexts={contexts} skills={skills} problem={problem} warnings={editing?.warnings} />
        {slots.length > 0 ? (
          <div className="form-grid">
            <SelectField label={t('dialogues.confirm')} field="confirm" problem={problem} value={confirm} onChange={setConfirm} options={nameOptions(skills)} empty={t('dialogues.noConfirm')} hint={t('dialogues.confirmHint')} optional />
            <SelectField label={t('dialogues.cancel')} field="cancel" problem={problem} value={cancel} onChange={setCancel} options={nameOptions(skills)} empty={t('dialogues.standardCancel')} hint={t('dialogues.cancelHint')} optional />
          </div>
        ) : null}
      </fieldset>
      <FieldWarnings warnings={editing?.warnings} field="followUpOf" />
      <FieldWarnings warnings={editing?.warnings} field="skill" />
      <FormProblemNotice problem={problem} fields={['name', 'theme', 'skill', 'followUpOf', 'intents', 'slots', 'confirm', 'cancel']} />
      <FormActions busy={busy} creating={editing === null} addLabel={t('dialogues.add')} onCancel={onCancel} />
    </form>
  );
}
