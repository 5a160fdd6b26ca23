// An intent: name, theme and its example phrases (added one by one or many pasted at once, edited,
// removed, counted; a phrase another intent also has is flagged, junk ones warned), with words of
// a phrase linked to context values.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemFormProps } from './content-list-page';
import { saveItem } from './content-list-page';
import type { Context, Intent, Phrase, Theme } from './content-types';
import { FormActions } from './form-actions';
import { IntentConflicts } from './intent-conflicts';
import { FieldError, FormProblemNotice } from './form-problem';
import { nameOptions, SelectField, TextField, useNames } from './fields';
import { normalisePhrase, otherIntentsPhrases } from './phrase-entities';
import { pastedLines } from './paste-lines';
import { PastePreview } from './paste-preview';
import { PhraseRow } from './phrase-row';
import { useSave } from './use-save';

export function IntentForm({ assistant, editing, etag, onSaved, onCancel }: ItemFormProps<Intent>) {
  const { t } = useTranslation();
  const themes = useNames<Theme>(assistant, 'themes');
  const contexts = useNames<Context>(assistant, 'contexts');
  const intents = useNames<Intent>(assistant, 'intents');
  const [name, setName] = useState(editing?.name ?? '');
  const [theme, setTheme] = useState(editing?.theme ?? '');
  const [phrases, setPhrases] = useState<Phrase[]>(() => (editing?.phrases.length ? structuredClone(editing.phrases) : [{ text: '' }]));
  const [newPhrase, setNewPhrase] = useState('');
  const others = useMemo(() => otherIntentsPhrases(intents, editing?.name), [intents, editing]);
  const filled = phrases.filter((phrase) => phrase.text.trim() !== '');
  const { problem, busy, submit } = useSave(
    () => {
      // Blank rows are left out, so the field paths the API names are those of the phrases kept.
      const kept = phrases.filter((phrase) => phrase.text.trim() !== '');
      setPhrases(kept.length > 0 ? kept : [{ text: '' }]);
      return saveItem<Intent>(assistant, 'intents', editing?.name, {
        name: name.trim(),
        ...(theme ? { theme } : {}),
        phrases: kept.map((phrase) => ({ text: phrase.text, ...(phrase.entities?.length ? { entities: phrase.entities } : {}) })),
      }, etag);
    },
    (item) => onSaved(item, editing === null),
  );
  const title = editing ? t('content.editTitle', { name: editing.name }) : t('intents.add');

  function addPhrase() {
    if (newPhrase.trim() === '') return;
    setPhrases((current) => [...current.filter((phrase) => phrase.text.trim() !== ''), { text: newPhrase.trim() }]);
    setNewPhrase('');
  }

  // Many lines pasted into "Nova frase" become a preview: each line flagged, then added at once.
  const [pasted, setPasted] = useState<string[] | null>(null);

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={title}>
      <h2 className="card-title">{title}</h2>
      <div className="form-grid">
        <TextField label={t('content.name')} field="name" problem={problem} value={name} onChange={setName} hint={t('intents.nameHint')} />
        <SelectField label={t('content.theme')} field="theme" problem={problem} value={theme} onChange={setTheme} options={nameOptions(themes)} empty={t('content.noTheme')} optional />
      </div>
      {editing ? <IntentConflicts assistant={assistant} intent={editing.name} /> : null}
      <fieldset className="fieldset">
        <legend className="field-label">
          {t('intents.phrases')} <span className="badge badge-neutral" data-testid="phrase-count">{t('intents.count', { count: filled.length })}</span>
        </legend>
        <p className="field-hint">{t('intents.phrasesHint')}</p>
        <FieldError problem={problem} field="phrases" exact />
        <ol className="row-list">
          {phrases.map((phrase, index) => (
            <PhraseRow
              key={index}
              phrase={phrase}
              index={index}
              contexts={contexts}
              duplicateOf={phrase.text.trim() ? others.get(normalisePhrase(phrase.text)) : undefined}
              problem={problem}
              onChange={(changed) => setPhrases((current) => current.map((other, at) => (at === index ? changed : other)))}
              onRemove={() => setPhrases((current) => current.filter((_, at) => at !== index))}
            />
          ))}
        </ol>
        <div className="row-fields">
          <label className="field field-grow">
            <span className="visually-hidden">{t('intents.newPhrase')}</span>
            <input
              className="input"
              value={newPhrase}
              placeholder={t('intents.newPhrase')}
              aria-label={t('intents.newPhrase')}
              onChange={(event) => setNewPhrase(event.target.value)}
              onPaste={(event) => {
                const lines = pastedLines(event.clipboardData.getData('text'));
                if (lines.length < 2) return;
                event.preventDefault();
                setPasted(lines);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addPhrase();
                }
              }}
            />
          </label>
          <button type="button" className="button button-secondary" onClick={addPhrase}>
            {t('intents.addPhrase')}
          </button>
        </div>
        {pasted ? (
          <PastePreview
            lines={pasted}
            intentPhrases={phrases}
            others={others}
            onAdd={(chosen) => {
              setPhrases((current) => [...current.filter((phrase) => phrase.text.trim() !== ''), ...chosen.map((text) => ({ text }))]);
              setPasted(null);
            }}
            onCancel={() => setPasted(null)}
          />
        ) : null}
      </fieldset>
      <FormProblemNotice problem={problem} fields={['name', 'theme', 'phrases']} />
      <FormActions busy={busy} creating={editing === null} addLabel={t('intents.add')} onCancel={onCancel} />
    </form>
  );
}
