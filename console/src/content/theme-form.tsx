// A theme: its name and a description.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemFormProps } from './content-list-page';
import { saveItem } from './content-list-page';
import type { Theme } from './content-types';
import { FormActions } from './form-actions';
import { FormProblemNotice } from './form-problem';
import { TextField } from './fields';
import { useSave } from './use-save';

export function ThemeForm({ assistant, editing, etag, onSaved, onCancel }: ItemFormProps<Theme>) {
  const { t } = useTranslation();
  const [name, setName] = useState(editing?.name ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const { problem, busy, submit } = useSave(
    () => saveItem<Theme>(assistant, 'themes', editing?.name, { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) }, etag),
    (item) => onSaved(item, editing === null),
  );
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={editing ? t('content.editTitle', { name: editing.name }) : t('themes.add')}>
      <h2 className="card-title">{editing ? t('content.editTitle', { name: editing.name }) : t('themes.add')}</h2>
      <div className="form-grid">
        <TextField label={t('content.name')} field="name" problem={problem} value={name} onChange={setName} />
        <TextField label={t('content.description')} field="description" problem={problem} value={description} onChange={setDescription} optional multiline />
      </div>
      <FormProblemNotice problem={problem} fields={['name', 'description']} />
      <FormActions busy={busy} creating={editing === null} addLabel={t('themes.add')} onCancel={onCancel} />
    </form>
  );
}
