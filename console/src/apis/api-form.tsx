// One third-party API, field by field as the "APIs de terceiros" screen has them: identification
// (name, dependency, method, URL with {context} placeholders, timeout, the authentication flag),
// headers (a secret one is write-only: never shown back, left empty it keeps the stored value),
// the JSON body's rows with the 11 types, the answer's format and mappings into contexts, the
// status codes and the messages. A viewer sees the same form, read-only (and never a secret).
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { StatusBadge } from '../components/status-badge';
import type { Context } from '../content/content-types';
import { FormActions } from '../content/form-actions';
import { FieldError, FormProblemNotice, isAbout, problemFrom, type FormProblem } from '../content/form-problem';
import { nameOptions, RowSelect, SelectField, TextField, useNames } from '../content/fields';
import { useFormGuard } from '../components/unsaved-guard';
import {
  apisPath,
  BODY_VALUE_TYPES,
  DEFAULT_STATUS,
  HTTP_METHODS,
  MAPPING_TYPES,
  STATUS_CHOICES,
  STATUS_KINDS,
  type BodyField,
  type BodyValueType,
  type HttpMethod,
  type MappingType,
  type StatusKind,
  type ThirdPartyApi,
} from './api-types';

interface HeaderRow {
  name: string;
  value: string;
  secret: boolean;
  hasValue: boolean;
}

interface BodyRow {
  name: string;
  type: BodyValueType;
  /** As typed: text, a number, true/false, JSON for a list or an object, a context's name. */
  value: string;
  secret: boolean;
  hasValue: boolean;
}

interface MappingRow {
  path: string;
  context: string;
  type: MappingType | '';
}

interface Draft {
  name: string;
  dependsOn: string;
  method: HttpMethod;
  url: string;
  timeoutSeconds: string;
  authentication: boolean;
  headers: HeaderRow[];
  body: BodyRow[];
  responseFormat: 'json' | 'text';
  mappings: MappingRow[];
  status: Record<StatusKind, number[]>;
  notFoundMessage: string;
  failureMessage: string;
}

/** Types whose row has a value to type or choose. */
const VALUED: readonly BodyValueType[] = ['text', 'number', 'boolean', 'list', 'object', 'context'];

function valueText(field: BodyField): string {
  if (field.secret || field.value === undefined || field.value === null) return '';
  if (field.type === 'list' || field.type === 'object') return JSON.stringify(field.value);
  return String(field.value);
}

function draftOf(api: ThirdPartyApi | null): Draft {
  return {
    name: api?.name ?? '',
    dependsOn: api?.dependsOn ?? '',
    method: api?.method ?? 'GET',
    url: api?.url ?? '',
    timeoutSeconds: api?.timeoutMs === undefined ? '' : String(api.timeoutMs / 1000),
    authentication: api?.authentication ?? false,
    headers: (api?.headers ?? []).map((header) => ({ name: header.name, value: header.secret ? '' : (header.value ?? ''), secret: header.secret === true, hasValue: header.hasValue === true })),
    body: (api?.body ?? []).map((field) => ({ name: field.name, type: field.type, value: valueText(field), secret: field.secret === true, hasValue: field.hasValue === true })),
    responseFormat: api?.responseFormat ?? 'json',
    mappings: (api?.mappings ?? []).map((mapping) => ({ path: mapping.path, context: mapping.context, type: mapping.type ?? '' })),
    status: api ? { ...api.status } : { ...DEFAULT_STATUS },
    notFoundMessage: api?.notFoundMessage ?? '',
    failureMessage: api?.failureMessage ?? '',
  };
}

/** A body row's value as the API takes it; `problem` when a list or an object is not JSON. */
function bodyValue(row: BodyRow): { value?: unknown; problem?: 'json' } {
  switch (row.type) {
    case 'text':
      return row.secret && row.value === '' ? {} : { value: row.value };
    case 'number': {
      const trimmed = row.value.trim().replace(',', '.');
      // Not a number: sent as typed, for the API to name the field.
      return { value: trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : row.value };
    }
    case 'boolean':
      return { value: row.value === 'true' };
    case 'list':
    case 'object':
      try {
        return { value: JSON.parse(row.value) as unknown };
      } catch {
        return { problem: 'json' };
      }
    case 'context':
      return { value: row.value };
    default:
      return {};
  }
}

/** The PUT body; or the problem found before sending (a list or object that is not JSON). */
function bodyOf(draft: Draft): { body: Record<string, unknown> } | { problemField: string } {
  const fields: Array<Record<string, unknown>> = [];
  for (const [index, row] of draft.body.entries()) {
    const converted = bodyValue(row);
    if (converted.problem) return { problemField: `body.${index}.value` };
    fields.push({ name: row.name.trim(), type: row.type, ...('value' in converted ? { value: converted.value } : {}), ...(row.secret && row.type === 'text' ? { secret: true } : {}) });
  }
  const timeout = draft.timeoutSeconds.trim().replace(',', '.');
  return {
    body: {
      name: draft.name.trim(),
      ...(draft.dependsOn ? { dependsOn: draft.dependsOn } : {}),
      method: draft.method,
      url: draft.url.trim(),
      headers: draft.headers.map((header) => ({ name: header.name.trim(), ...(header.secret ? { secret: true } : {}), ...(!header.secret || header.value !== '' ? { value: header.value } : {}) })),
      body: fields,
      responseFormat: draft.responseFormat,
      mappings: draft.mappings.map((mapping) => ({ path: mapping.path.trim(), context: mapping.context, ...(mapping.type ? { type: mapping.type } : {}) })),
      status: draft.status,
      ...(draft.notFoundMessage.trim() ? { notFoundMessage: draft.notFoundMessage.trim() } : {}),
      ...(draft.failureMessage.trim() ? { failureMessage: draft.failureMessage.trim() } : {}),
      authentication: draft.authentication,
      ...(timeout !== '' ? { timeoutMs: Number.isFinite(Number(timeout)) ? Math.round(Number(timeout) * 1000) : 0 } : {}),
    },
  };
}

export function ApiForm({
  assistant,
  editing,
  apis,
  readOnly,
  onSaved,
  onCancel,
}: {
  assistant: Assistant;
  editing: ThirdPartyApi | null;
  /** Every API of the assistant (the dependency's choices; a new name must not take another's place). */
  apis: readonly ThirdPartyApi[];
  readOnly: boolean;
  onSaved: (api: ThirdPartyApi, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const idBase = useId();
  const contexts = useNames<Context>(assistant, 'contexts');
  const [draft, setDraft] = useState(() => draftOf(editing));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));
  const title = readOnly && editing ? editing.name : editing ? t('content.editTitle', { name: editing.name }) : t('apis.add');
  const contextOptions = nameOptions(contexts);
  const invalid = (field: string) => (isAbout(problem, field) ? true : undefined);

  const guard = useFormGuard(editing?.name ?? 'new', onCancel);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly) return;
    setProblem(null);
    const name = draft.name.trim();
    // A PUT of an unknown name creates, of a known one replaces: a new API must not take another's place.
    if (editing?.name !== name && apis.some((api) => api.name === name)) {
      setProblem({ field: 'name', message: t('apis.nameTaken', { name }) });
      return;
    }
    const built = bodyOf(draft);
    if ('problemField' in built) {
      setProblem({ field: built.problemField, message: t('apis.invalidJson') });
      return;
    }
    setBusy(true);
    try {
      const saved = await request<ThirdPartyApi>('PUT', apisPath(assistant, editing?.name ?? name), built.body);
      guard.saved();
      onSaved(saved, editing === null);
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  const setHeader = (index: number, change: Partial<HeaderRow>) => set({ headers: draft.headers.map((row, at) => (at === index ? { ...row, ...change } : row)) });
  const setField = (index: number, change: Partial<BodyRow>) => set({ body: draft.body.map((row, at) => (at === index ? { ...row, ...change } : row)) });
  const setMapping = (index: number, change: Partial<MappingRow>) => set({ mappings: draft.mappings.map((row, at) => (at === index ? { ...row, ...change } : row)) });
  const toggleStatus = (kind: StatusKind, code: number, on: boolean) =>
    set({ status: { ...draft.status, [kind]: on ? [...draft.status[kind], code].sort((a, b) => a - b) : draft.status[kind].filter((other) => other !== code) } });
  const statusChoices = [...new Set([...STATUS_CHOICES, ...STATUS_KINDS.flatMap((kind) => draft.status[kind])])].sort((a, b) => a - b);

  return (
    <form ref={guard.ref} className="card form" onSubmit={submit} noValidate aria-label={title} data-testid="api-form">
      <h2 className="card-title">{title}</h2>
      <fieldset className="fieldset-plain" disabled={readOnly}>
        <fieldset className="fieldset">
          <legend className="field-label">{t('apis.identification')}</legend>
          <div className="form-grid">
            <TextField label={t('content.name')} field="name" problem={problem} value={draft.name} onChange={(name) => set({ name })} />
            <SelectField
              label={t('apis.dependsOn')}
              field="dependsOn"
              problem={problem}
              value={draft.dependsOn}
              onChange={(dependsOn) => set({ dependsOn })}
              options={apis.filter((api) => api.name !== editing?.name).map((api) => ({ value: api.name, label: api.name }))}
              empty={t('apis.noDependency')}
              hint={t('apis.dependsOnHint')}
              optional
            />
            <SelectField label={t('apis.method')} field="method" problem={problem} value={draft.method} onChange={(method) => set({ method: HTTP_METHODS.find((candidate) => candidate === method) ?? 'GET' })} options={HTTP_METHODS.map((method) => ({ value: method, label: method }))} />
            <TextField label={t('apis.timeout')} field="timeoutMs" problem={problem} value={draft.timeoutSeconds} onChange={(timeoutSeconds) => set({ timeoutSeconds })} inputMode="decimal" hint={t('apis.timeoutHint')} optional />
            <div className="field-wide">
              <TextField label={t('apis.url')} field="url" problem={problem} value={draft.url} onChange={(url) => set({ url })} hint={t('apis.urlHint')} />
            </div>
            <div className="field-wide field-checkbox-with-hint">
              <div className="field field-checkbox">
                <input id={`${idBase}-authentication`} name="authentication" type="checkbox" checked={draft.authentication} aria-describedby={`${idBase}-authentication-hint`} onChange={(event) => set({ authentication: event.target.checked })} />
                <label htmlFor={`${idBase}-authentication`}>{t('apis.authentication')}</label>
              </div>
              <p id={`${idBase}-authentication-hint`} className="field-hint">
                {t('apis.authenticationHint')}
              </p>
            </div>
          </div>
        </fieldset>

        <RowsSection
          legend={t('apis.headers')}
          hint={t('apis.headersHint')}
          field="headers"
          problem={problem}
          rows={draft.headers}
          empty={t('apis.noHeaders')}
          testId="api-header"
          readOnly={readOnly}
          addLabel={t('apis.addHeader')}
          onAdd={() => set({ headers: [...draft.headers, { name: '', value: '', secret: false, hasValue: false }] })}
          removeLabel={(number) => t('apis.removeHeader', { number })}
          onRemove={(index) => set({ headers: draft.headers.filter((_, position) => position !== index) })}
          render={(header, index, at, number) => (
            <>
              <RowInput id={`${idBase}-header-name-${index}`} label={t('apis.headerName', { number })} name={`${at}.name`} value={header.name} invalid={invalid(`${at}.name`)} onChange={(name) => setHeader(index, { name })} />
              <RowInput
                className="field-grow"
                id={`${idBase}-header-value-${index}`}
                label={t('apis.headerValue', { number })}
                badge={header.secret ? <SecretBadge set={header.hasValue} /> : null}
                name={`${at}.value`}
                value={header.value}
                secret={header.secret}
                placeholder={header.secret && !readOnly ? (header.hasValue ? t('apis.secretKeep') : t('apis.secretNew')) : ''}
                invalid={invalid(`${at}.value`)}
                onChange={(value) => setHeader(index, { value })}
              />
              <RowCheck id={`${idBase}-header-secret-${index}`} label={t('apis.secret', { number })} name={`${at}.secret`} checked={header.secret} onChange={(secret) => setHeader(index, { secret, value: '' })} />
            </>
          )}
        />

        <RowsSection
          legend={t('apis.body')}
          hint={t('apis.bodyHint')}
          field="body"
          problem={problem}
          rows={draft.body}
          empty={t('apis.noBody')}
          testId="api-body-field"
          itemClass="slot-row"
          readOnly={readOnly}
          addLabel={t('apis.addField')}
          onAdd={() => set({ body: [...draft.body, { name: '', type: 'text', value: '', secret: false, hasValue: false }] })}
          removeLabel={(number) => t('apis.removeField', { number })}
          onRemove={(index) => set({ body: draft.body.filter((_, position) => position !== index) })}
          render={(row, index, at, number) => {
            const valueId = `${idBase}-body-value-${index}`;
            const valueLabel = t('apis.fieldValue', { number });
            return (
              <>
                <RowInput id={`${idBase}-body-name-${index}`} label={t('apis.fieldName', { number })} name={`${at}.name`} value={row.name} invalid={invalid(`${at}.name`)} onChange={(name) => setField(index, { name })} />
                <RowSelect
                  id={`${idBase}-body-type-${index}`}
                  label={t('apis.fieldType', { number })}
                  name={`${at}.type`}
                  value={row.type}
                  invalid={invalid(`${at}.type`)}
                  onChange={(type) => setField(index, { type: BODY_VALUE_TYPES.find((candidate) => candidate === type) ?? 'text', value: type === 'boolean' ? 'true' : '', secret: false })}
                  options={BODY_VALUE_TYPES.map((type) => ({ value: type, label: t(`apis.bodyTypes.${type}`) }))}
                />
                {row.type === 'context' ? (
                  <RowSelect className="field-grow" id={valueId} label={valueLabel} name={`${at}.value`} value={row.value} invalid={invalid(`${at}.value`)} onChange={(value) => setField(index, { value })} options={contextOptions} empty={t('apis.chooseContext')} />
                ) : row.type === 'boolean' ? (
                  <RowSelect className="field-grow" id={valueId} label={valueLabel} name={`${at}.value`} value={row.value} onChange={(value) => setField(index, { value })} options={[{ value: 'true', label: 'true' }, { value: 'false', label: 'false' }]} />
                ) : VALUED.includes(row.type) ? (
                  <RowInput
                    className="field-grow"
                    id={valueId}
                    label={valueLabel}
                    badge={row.secret ? <SecretBadge set={row.hasValue} /> : null}
                    name={`${at}.value`}
                    value={row.value}
                    secret={row.secret}
                    mono={row.type === 'list' || row.type === 'object'}
                    decimal={row.type === 'number'}
                    placeholder={row.secret && !readOnly ? (row.hasValue ? t('apis.secretKeep') : t('apis.secretNew')) : row.type === 'list' ? '["a", "b"]' : row.type === 'object' ? '{"chave": "valor"}' : ''}
                    invalid={invalid(`${at}.value`)}
                    onChange={(value) => setField(index, { value })}
                  />
                ) : (
                  <p className="field-hint field-grow row-note">{t(`apis.bodyTypeHints.${row.type}`)}</p>
                )}
                {row.type === 'text' ? <RowCheck id={`${idBase}-body-secret-${index}`} label={t('apis.fieldSecret', { number })} name={`${at}.secret`} checked={row.secret} onChange={(secret) => setField(index, { secret, value: '' })} /> : null}
              </>
            );
          }}
        />

        <RowsSection
          legend={t('apis.responses')}
          lead={
            <div className="form-grid">
              <SelectField
                label={t('apis.responseFormat')}
                field="responseFormat"
                problem={problem}
                value={draft.responseFormat}
                onChange={(format) => set({ responseFormat: format === 'text' ? 'text' : 'json' })}
                options={[{ value: 'json', label: 'JSON' }, { value: 'text', label: t('apis.formatText') }]}
              />
            </div>
          }
          hint={draft.responseFormat === 'json' ? t('apis.pathHint') : t('apis.textHint')}
          field="mappings"
          problem={problem}
          rows={draft.mappings}
          empty={t('apis.noMappings')}
          testId="api-mapping"
          readOnly={readOnly}
          addLabel={t('apis.addMapping')}
          onAdd={() => set({ mappings: [...draft.mappings, { path: '', context: '', type: '' }] })}
          removeLabel={(number) => t('apis.removeMapping', { number })}
          onRemove={(index) => set({ mappings: draft.mappings.filter((_, position) => position !== index) })}
          render={(mapping, index, at, number) => (
            <>
              <RowInput className="field-grow" id={`${idBase}-mapping-path-${index}`} label={t('apis.mappingPath', { number })} name={`${at}.path`} value={mapping.path} mono placeholder="$.requests[0].number" invalid={invalid(`${at}.path`)} onChange={(path) => setMapping(index, { path })} />
              <RowSelect id={`${idBase}-mapping-context-${index}`} label={t('apis.mappingContext', { number })} name={`${at}.context`} value={mapping.context} invalid={invalid(`${at}.context`)} onChange={(context) => setMapping(index, { context })} options={contextOptions} empty={t('apis.chooseContext')} />
              <RowSelect
                id={`${idBase}-mapping-type-${index}`}
                label={t('apis.mappingType', { number })}
                name={`${at}.type`}
                value={mapping.type}
                onChange={(type) => setMapping(index, { type: MAPPING_TYPES.find((candidate) => candidate === type) ?? '' })}
                options={MAPPING_TYPES.map((type) => ({ value: type, label: t(`apis.bodyTypes.${type}`) }))}
                empty={t('apis.anyType')}
              />
            </>
          )}
        />

        <fieldset className="fieldset">
          <legend className="field-label">{t('apis.settings')}</legend>
          {STATUS_KINDS.map((kind) => (
            <fieldset key={kind} className="status-choices" aria-invalid={invalid(`status.${kind}`)}>
              <legend className="field-label">{t(`apis.status.${kind}`)}</legend>
              <div className="status-choice-list">
                {statusChoices.map((code) => (
                  <label key={code} className="status-choice">
                    <input type="checkbox" name={`status.${kind}`} value={code} checked={draft.status[kind].includes(code)} onChange={(event) => toggleStatus(kind, code, event.target.checked)} />
                    {code}
                  </label>
                ))}
              </div>
              <FieldError problem={problem} field={`status.${kind}`} />
            </fieldset>
          ))}
          <div className="form-grid">
            <TextField label={t('apis.notFoundMessage')} field="notFoundMessage" problem={problem} value={draft.notFoundMessage} onChange={(notFoundMessage) => set({ notFoundMessage })} multiline optional hint={t('apis.messageHint')} />
            <TextField label={t('apis.failureMessage')} field="failureMessage" problem={problem} value={draft.failureMessage} onChange={(failureMessage) => set({ failureMessage })} multiline optional hint={t('apis.messageHint')} />
          </div>
        </fieldset>
      </fieldset>
      <FormProblemNotice problem={problem} fields={['name', 'dependsOn', 'method', 'url', 'timeoutMs', 'headers', 'body', 'responseFormat', 'mappings', 'status', 'notFoundMessage', 'failureMessage']} />
      {readOnly ? (
        <div className="actions">
          <button type="button" className="button button-quiet" onClick={guard.closeGuarded}>
            {t('apis.close')}
          </button>
        </div>
      ) : (
        <FormActions busy={busy} creating={editing === null} addLabel={t('apis.add')} onCancel={guard.closeGuarded} />
      )}
    </form>
  );
}

function SecretBadge({ set }: { set: boolean }) {
  const { t } = useTranslation();
  return <StatusBadge tone={set ? 'positive' : 'neutral'}>{set ? t('common.set') : t('common.notSet')}</StatusBadge>;
}

/** A labelled input inside a row of fields; a secret one is a password field, never filled from the server. */
function RowInput(props: {
  id: string;
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  invalid: true | undefined;
  className?: string;
  badge?: ReactNode;
  secret?: boolean;
  mono?: boolean;
  decimal?: boolean;
  placeholder?: string;
}) {
  const { id, label, name, value, onChange, invalid, className, badge, secret, mono, decimal, placeholder } = props;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label} {badge}
      </label>
      <input
        id={id}
        className={`input${mono || secret ? ' input-mono' : ''}`}
        name={name}
        type={secret ? 'password' : 'text'}
        inputMode={decimal ? 'decimal' : undefined}
        autoComplete={secret ? 'new-password' : 'off'}
        placeholder={placeholder}
        value={value}
        aria-invalid={invalid}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

function RowCheck({ id, label, name, checked, onChange }: { id: string; label: string; name: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="field field-checkbox row-check">
      <input id={id} type="checkbox" name={name} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A group of rows (headers, body fields, mappings): each row's fields, its remove button and its problems, then "add". */
function RowsSection<R>(props: {
  legend: string;
  lead?: ReactNode;
  hint: string;
  field: string;
  problem: FormProblem | null;
  rows: R[];
  empty: string;
  testId: string;
  itemClass?: string;
  readOnly: boolean;
  addLabel: string;
  onAdd: () => void;
  removeLabel: (number: number) => string;
  onRemove: (index: number) => void;
  render: (row: R, index: number, at: string, number: number) => ReactNode;
}) {
  const { legend, lead, hint, field, problem, rows, empty, testId, itemClass, readOnly, addLabel, onAdd, removeLabel, onRemove, render } = props;
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{legend}</legend>
      {lead}
      <p className="field-hint">{hint}</p>
      <FieldError problem={problem} field={field} exact />
      {rows.length === 0 ? <p className="muted">{empty}</p> : null}
      <ol className="row-list">
        {rows.map((row, index) => {
          const at = `${field}.${index}`;
          return (
            <li key={index} className={`row-item${itemClass ? ` ${itemClass}` : ''}`} data-testid={testId}>
              <div className="row-fields">
                {render(row, index, at, index + 1)}
                {!readOnly ? (
                  <button type="button" className="button button-quiet row-remove" aria-label={removeLabel(index + 1)} onClick={() => onRemove(index)}>
                    ×
                  </button>
                ) : null}
              </div>
              <FieldError problem={problem} field={at} />
            </li>
          );
        })}
      </ol>
      {!readOnly ? (
        <button type="button" className="button button-secondary" onClick={onAdd}>
          {addLabel}
        </button>
      ) : null}
    </fieldset>
  );
}
