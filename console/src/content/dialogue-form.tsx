// A dialogue: name, theme, the intent(s) it answers, the skill that answers, and "link main
// dialogue" — then it answers only right after that one (a follow-up).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemFormProps } from './content-list-page';
import { saveItem } from './content-list-page';
import type { Dialogue, Intent, Skill, Theme } from './content-types';
import { FormActions } from './form-actions';
import { FieldError, FormProblemNotice } from './form-problem';
import { nameOptions, SelectField, TextField, useNames } from './fields';
import { useSave } from './use-save';

export function DialogueForm({ assistant, editing, etag, onSaved, onCancel }: ItemFormProps<Dialogue>) {
  const { t } = useTranslation();
  const themes = useNames<Theme>(assistant, 'themes');
  const intents = useNames<Intent>(assistant, 'intents');
  const skills = useNames<Skill>(assistant, 'skills');
  const dialogues = useNames<Dialogue>(assistant, 'dialogues');
  const [name, setName] = useState(editing?.name ?? '');
  const [theme, setTheme] = useState(editing?.theme ?? '');
  const [chosen, setChosen] = useState<string[]>(editing?.intents ?? []);
  const [skill, setSkill] = useState(editing?.skill ?? '');
  const [followUpOf, setFollowUpOf] = useState(editing?.followUpOf ?? '');
  const { problem, busy, submit } = useSave(
    () =>
      saveItem<Dialogue>(assistant, 'dialogues', editing?.name, {
        name: name.trim(),
        ...(theme ? { theme } : {}),
        intents: chosen,
        skill,
        ...(followUpOf ? { followUpOf } : {}),
      }, etag),
    (item) => onSaved(item, editing === null),
  );
  const title = editing ? t('content.editTitle', { name: editing.name }) : t('dialogues.add');
  const toggle = (intent: string, on: boolean) => setChosen((current) => (on ? [...current, intent] : current.filter((other) => other !== intent)));

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={title}>
      <h2 className="card-title">{title}</h2>
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
      <FormProblemNotice problem={problem} fields={['name', 'theme', 'skill', 'followUpOf', 'intents']} />
      <FormActions busy={busy} creating={editing === null} addLabel={t('dialogues.add')} onCancel={onCancel} />
    </form>
  );
}
