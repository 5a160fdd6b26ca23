// A context (a slot): name, description and type — Texto (values, each with synonyms: words that
// mean it, or a system entity such as a date or an e-mail), Booleano, Categórico (values) or
// Decimal (min and max) — and how long the conversation remembers it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemFormProps } from './content-list-page';
import { saveItem } from './content-list-page';
import { CONTEXT_LIFETIMES, SYSTEM_ENTITIES, type Context, type ContextLifetime, type ContextType, type SystemEntity } from './content-types';
import { FlowWarningList } from './flow-warnings';
import { FormActions } from './form-actions';
import { FieldError, FormProblemNotice } from './form-problem';
import { SelectField, TextField } from './fields';
import { useSave } from './use-save';

const TYPES: ContextType[] = ['text', 'boolean', 'categorical', 'float'];

interface ValueRow {
  value: string;
  synonyms: string;
}

function rowsOf(context: Context | null): ValueRow[] {
  const rows = (context?.values ?? []).map((value) => (typeof value === 'string' ? { value, synonyms: '' } : { value: value.value, synonyms: (value.synonyms ?? []).join(', ') }));
  return rows.length > 0 ? rows : [{ value: '', synonyms: '' }];
}

const splitList = (text: string): string[] => text.split(',').map((part) => part.trim()).filter((part) => part !== '');

/** The API's body; blank rows are left out, numbers are read with a comma or a dot. */
function bodyOf(name: string, description: string, type: ContextType, rows: ValueRow[], min: string, max: string, lifetime: ContextLifetime, entity: SystemEntity | ''): Record<string, unknown> {
  const body: Record<string, unknown> = { name: name.trim(), type, ...(description.trim() ? { description: description.trim() } : {}) };
  // The whole conversation is the default: left out, as the file format does.
  if (lifetime !== 'conversation') body['lifetime'] = lifetime;
  const filled = rows.filter((row) => row.value.trim() !== '' || row.synonyms.trim() !== '');
  if (type === 'text' && entity !== '') body['entity'] = entity;
  else if (type === 'text') body['values'] = filled.map((row) => (splitList(row.synonyms).length > 0 ? { value: row.value.trim(), synonyms: splitList(row.synonyms) } : row.value.trim()));
  if (type === 'categorical') body['values'] = filled.map((row) => row.value.trim());
  if (type === 'float') {
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text.trim().replace(',', '.')));
    const low = number(min);
    const high = number(max);
    if (low !== undefined) body['min'] = low;
    if (high !== undefined) body['max'] = high;
  }
  return body;
}

export function ContextForm({ assistant, editing, etag, onSaved, onCancel }: ItemFormProps<Context>) {
  const { t } = useTranslation();
  const [name, setName] = useState(editing?.name ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [type, setType] = useState<ContextType>(editing?.type ?? 'text');
  const [rows, setRows] = useState<ValueRow[]>(() => rowsOf(editing));
  const [min, setMin] = useState(editing?.min === undefined ? '' : String(editing.min));
  const [max, setMax] = useState(editing?.max === undefined ? '' : String(editing.max));
  const [lifetime, setLifetime] = useState<ContextLifetime>(editing?.lifetime ?? 'conversation');
  const [entity, setEntity] = useState<SystemEntity | ''>(editing?.entity ?? '');
  const { problem, setProblem, busy, submit } = useSave(
    () => saveItem<Context>(assistant, 'contexts', editing?.name, bodyOf(name, description, type, rows, min, max, lifetime, entity), etag),
    (item) => onSaved(item, editing === null),
  );
  const setRow = (index: number, change: Partial<ValueRow>) => setRows((current) => current.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const title = editing ? t('content.editTitle', { name: editing.name }) : t('contexts.add');

  return (
    <form
      className="card form"
      noValidate
      aria-label={title}
      onSubmit={(event) => {
        for (const [key, text] of [['min', min], ['max', max]] as const) {
          if (type === 'float' && text.trim() !== '' && Number.isNaN(Number(text.trim().replace(',', '.')))) {
            event.preventDefault();
            setProblem({ field: key, message: t('contexts.notANumber') });
            return;
          }
        }
        void submit(event);
      }}
    >
      <h2 className="card-title">{title}</h2>
      <FlowWarningList warnings={editing?.warnings} />
      <div className="form-grid">
        <TextField label={t('content.name')} field="name" problem={problem} value={name} onChange={setName} hint={t('contexts.nameHint')} />
        <SelectField
          label={t('contexts.type')}
          field="type"
          problem={problem}
          value={type}
          onChange={(value) => setType(TYPES.find((candidate) => candidate === value) ?? 'text')}
          options={TYPES.map((value) => ({ value, label: t(`contexts.types.${value}`) }))}
          hint={t(`contexts.typeHints.${type}`)}
        />
        <SelectField
          label={t('contexts.lifetime')}
          field="lifetime"
          problem={problem}
          value={lifetime}
          onChange={(value) => setLifetime(CONTEXT_LIFETIMES.find((candidate) => candidate === value) ?? 'conversation')}
          options={CONTEXT_LIFETIMES.map((value) => ({ value, label: t(`contexts.lifetimes.${value}`) }))}
          hint={t(`contexts.lifetimeHints.${lifetime}`)}
        />
        {type === 'text' ? (
          <SelectField
            label={t('contexts.entity')}
            field="entity"
            problem={problem}
            value={entity}
            onChange={(value) => setEntity(SYSTEM_ENTITIES.find((candidate) => candidate === value) ?? '')}
            options={SYSTEM_ENTITIES.map((value) => ({ value, label: t(`contexts.entities.${value}`) }))}
            empty={t('contexts.noEntity')}
            hint={t('contexts.entityHint')}
            optional
          />
        ) : null}
        <TextField label={t('content.description')} field="description" problem={problem} value={description} onChange={setDescription} optional multiline />
      </div>
      {(type === 'text' && entity === '') || type === 'categorical' ? (
        <fieldset className="fieldset">
          <legend className="field-label">{t('contexts.values')}</legend>
          <FieldError problem={problem} field="values" exact />
          <ol className="row-list">
            {rows.map((row, index) => (
              <li key={index} className="row-item" data-testid="context-value">
                <div className="row-fields">
                  <label className="field">
                    <span className="field-label">{t('contexts.value', { number: index + 1 })}</span>
                    <input className="input" name={`values.${index}.value`} value={row.value} onChange={(event) => setRow(index, { value: event.target.value })} />
                  </label>
                  {type === 'text' ? (
                    <label className="field">
                      <span className="field-label">{t('contexts.synonyms', { number: index + 1 })}</span>
                      <input className="input" name={`values.${index}.synonyms`} value={row.synonyms} placeholder={t('contexts.synonymsPlaceholder')} onChange={(event) => setRow(index, { synonyms: event.target.value })} />
                    </label>
                  ) : null}
                  <button type="button" className="button button-quiet row-remove" aria-label={t('contexts.removeValue', { number: index + 1 })} onClick={() => setRows((current) => current.filter((_, at) => at !== index))}>
                    ×
                  </button>
                </div>
                <FieldError problem={problem} field={`values.${index}`} />
              </li>
            ))}
          </ol>
          <button type="button" className="button button-secondary" onClick={() => setRows((current) => [...current, { value: '', synonyms: '' }])}>
            {t('contexts.addValue')}
          </button>
        </fieldset>
      ) : null}
      {type === 'float' ? (
        <div className="form-grid">
          <TextField label={t('contexts.min')} field="min" problem={problem} value={min} onChange={setMin} optional inputMode="decimal" />
          <TextField label={t('contexts.max')} field="max" problem={problem} value={max} onChange={setMax} optional inputMode="decimal" />
        </div>
      ) : null}
      <FormProblemNotice problem={problem} fields={['name', 'type', 'description', 'values', 'min', 'max', 'lifetime', 'entity']} />
      <FormActions busy={busy} creating={editing === null} addLabel={t('contexts.add')} onCancel={onCancel} />
    </form>
  );
}
