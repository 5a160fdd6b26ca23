// A skill (what the assistant answers): name, theme, whether it is the fallback, and its kind —
// Padrão (text variations, one picked at random), Botão (text and buttons: the title shown and the
// value interpreted), Imagem (text and an uploaded image), Anexo (text and an attachment: a URL or
// any JSON value, sent as given) or Ação customizada (a custom action of
// the assistant's action server, its texts said when the server fails) or Personalizada (a
// third-party API: its answer fills contexts the text may use, and optionally one button per
// element of a list in the answer; the API's own messages answer when it fails or finds nothing) —
// plus the preset of the assistant's behaviour (a context value and a dialogue: the follow-up),
// with a live preview beside.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { upload, assistantPath, request } from '../api/client';
import { apisPath, type ThirdPartyApi } from '../apis/api-types';
import { useResource } from '../use-resource';
import type { ItemFormProps } from './content-list-page';
import { saveItem } from './content-list-page';
import { attachmentText, readAttachment } from './attachment-value';
import { valueOf, type Context, type Dialogue, type Skill, type SkillKind, type Theme } from './content-types';
import { FieldWarnings, FlowWarningList } from './flow-warnings';
import { FormActions } from './form-actions';
import { FieldError, FormProblemNotice, problemFrom } from './form-problem';
import { nameOptions, SelectField, TextField, useNames } from './fields';
import { SkillPreview } from './skill-preview';
import { useSave } from './use-save';
import { VariantRows, variantRowsOf, variantsOf, type VariantRow } from './variant-rows';

const KINDS: SkillKind[] = ['text', 'buttons', 'image', 'attachment', 'action', 'custom'];

interface ListButtonsDraft {
  on: boolean;
  path: string;
  title: string;
  payload: string;
  max: string;
}

function bodyOf(draft: { name: string; theme: string; fallback: boolean; handoff: boolean; kind: SkillKind; texts: string[]; buttons: Array<{ title: string; payload: string }>; image: string; attachment: string; action: string; api: string; listButtons: ListButtonsDraft; presetContext: string; presetValue: string; presetDialogue: string; variants: VariantRow[] }): Record<string, unknown> {
  const texts = draft.texts.map((text) => text.trim()).filter((text) => text !== '');
  const body: Record<string, unknown> = { name: draft.name.trim(), fallback: draft.fallback, kind: draft.kind, texts };
  if (draft.handoff) body['handoff'] = true;
  if (draft.theme) body['theme'] = draft.theme;
  if (draft.kind === 'buttons') body['buttons'] = draft.buttons.filter((button) => button.title.trim() !== '' || button.payload.trim() !== '').map((button) => ({ title: button.title.trim(), payload: button.payload.trim() }));
  if (draft.kind === 'image' && draft.image.trim()) body['image'] = draft.image.trim();
  if (draft.kind === 'attachment') {
    const read = readAttachment(draft.attachment);
    // Text that cannot be read as JSON is not sent: the form says why before any request (below).
    if ('value' in read && read.value !== undefined) body['attachment'] = read.value;
  }
  if (draft.kind === 'action') body['action'] = draft.action.trim();
  if (draft.kind === 'custom') {
    const list = draft.listButtons;
    const max = list.max.trim();
    body['custom'] = {
      api: draft.api,
      // A maximum that is not a number is sent as typed, for the API to name.
      ...(list.on ? { listButtons: { path: list.path.trim(), title: list.title.trim(), payload: list.payload.trim(), ...(max ? { max: Number.isFinite(Number(max)) ? Number(max) : max } : {}) } } : {}),
    };
  }
  const preset: Record<string, unknown> = {};
  if (draft.presetContext) preset['context'] = { name: draft.presetContext, value: draft.presetValue };
  if (draft.presetDialogue) preset['dialogue'] = draft.presetDialogue;
  if (Object.keys(preset).length > 0) body['preset'] = preset;
  if (draft.variants.length > 0) body['variants'] = variantsOf(draft.variants);
  return body;
}

export function SkillForm({ assistant, editing, etag, onSaved, onCancel }: ItemFormProps<Skill>) {
  const { t } = useTranslation();
  const themes = useNames<Theme>(assistant, 'themes');
  const contexts = useNames<Context>(assistant, 'contexts');
  const dialogues = useNames<Dialogue>(assistant, 'dialogues');
  const [draft, setDraft] = useState(() => ({
    name: editing?.name ?? '',
    theme: editing?.theme ?? '',
    fallback: editing?.fallback ?? false,
    handoff: editing?.handoff ?? false,
    kind: (editing?.kind !== undefined && KINDS.includes(editing.kind) ? editing.kind : 'text') as SkillKind,
    texts: editing?.texts?.length ? [...editing.texts] : [''],
    buttons: editing?.buttons?.length ? structuredClone(editing.buttons) : [{ title: '', payload: '' }],
    image: editing?.image ?? '',
    attachment: attachmentText(editing?.attachment),
    action: editing?.action ?? '',
    api: editing?.custom?.api ?? '',
    listButtons: {
      on: editing?.custom?.listButtons !== undefined,
      path: editing?.custom?.listButtons?.path ?? '',
      title: editing?.custom?.listButtons?.title ?? '',
      payload: editing?.custom?.listButtons?.payload ?? '',
      max: editing?.custom?.listButtons?.max === undefined ? '' : String(editing.custom.listButtons.max),
    },
    presetContext: editing?.preset?.context?.name ?? '',
    presetValue: editing?.preset?.context?.value ?? '',
    presetDialogue: editing?.preset?.dialogue ?? '',
    variants: variantRowsOf(editing?.variants),
  }));
  const [uploading, setUploading] = useState(false);
  const apis = useResource<{ apis: ThirdPartyApi[] }>(() => request('GET', apisPath(assistant)), `${assistant.server}/${assistant.language}/apis`).data?.apis ?? [];
  const chosenApi = apis.find((api) => api.name === draft.api);
  const body = useMemo(() => bodyOf(draft), [draft]);
  const { problem, setProblem, busy, submit } = useSave(() => saveItem<Skill>(assistant, 'skills', editing?.name, body, etag), (item) => onSaved(item, editing === null));
  const set = (change: Partial<typeof draft>) => setDraft((current) => ({ ...current, ...change }));
  const presetContext = contexts.find((context) => context.name === draft.presetContext);
  const presetValues = presetContext?.type === 'boolean' ? ['true', 'false'] : (presetContext?.values ?? []).map(valueOf);
  const title = editing ? t('content.editTitle', { name: editing.name }) : t('skills.add');

  // An attachment that opens as JSON but is not valid JSON is named here, before any request.
  function saveChecked(event: FormEvent) {
    const read = draft.kind === 'attachment' ? readAttachment(draft.attachment) : undefined;
    if (read && 'error' in read) {
      event.preventDefault();
      // The parser's own words are English in every browser: the sentence says what to check instead.
      setProblem({ field: 'attachment', message: t('skills.attachmentNotJson') });
      return;
    }
    void submit(event);
  }

  async function chooseImage(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    setProblem(null);
    try {
      const stored = await upload<{ url: string }>(assistantPath(assistant.server, assistant.language, '/media'), file);
      set({ image: stored.url });
    } catch (error: unknown) {
      setProblem({ ...problemFrom(error, t), field: 'image' });
    } finally {
      setUploading(false);
    }
  }

  return (
    <div className="editor-with-preview">
      <form className="card form" onSubmit={saveChecked} noValidate aria-label={title}>
        <h2 className="card-title">{title}</h2>
        <FlowWarningList warnings={editing?.warnings} inline={['texts', 'buttons', 'variants']} />
        <div className="form-grid">
          <TextField label={t('content.name')} field="name" problem={problem} value={draft.name} onChange={(name) => set({ name })} />
          <SelectField label={t('content.theme')} field="theme" problem={problem} value={draft.theme} onChange={(theme) => set({ theme })} options={nameOptions(themes)} empty={t('content.noTheme')} optional />
          <SelectField
            label={t('skills.kind')}
            field="kind"
            problem={problem}
            value={draft.kind}
            onChange={(kind) => set({ kind: KINDS.find((candidate) => candidate === kind) ?? 'text' })}
            options={KINDS.map((kind) => ({ value: kind, label: t(`skills.kinds.${kind}`) }))}
            hint={t(`skills.kindHints.${draft.kind}`)}
          />
          {draft.kind === 'action' ? (
            <TextField label={t('skills.action')} field="action" problem={problem} value={draft.action} onChange={(action) => set({ action })} hint={t('skills.actionHint')} />
          ) : null}
          {draft.kind === 'custom' ? (
            <SelectField
              label={t('skills.api')}
              field="custom.api"
              problem={problem}
              value={draft.api}
              onChange={(api) => set({ api })}
              options={nameOptions(apis)}
              empty={t('skills.chooseApi')}
              hint={
                <>
                  {t('skills.apiHint')} <Link to="/apis-de-terceiros">{t('skills.apisLink')}</Link>
                </>
              }
            />
          ) : null}
          <div className="field field-checkbox field-wide">
            <input id="skill-fallback" name="fallback" type="checkbox" checked={draft.fallback} onChange={(event) => set({ fallback: event.target.checked })} />
            <label htmlFor="skill-fallback">{t('skills.fallback')}</label>
            <FieldError problem={problem} field="fallback" />
          </div>
          <div className="field field-checkbox field-wide">
            <input id="skill-handoff" name="handoff" type="checkbox" checked={draft.handoff} onChange={(event) => set({ handoff: event.target.checked })} />
            <label htmlFor="skill-handoff">{t('skills.handoff')}</label>
          </div>
        </div>
        <fieldset className="fieldset">
          <legend className="field-label">{draft.kind === 'text' ? t('skills.variations') : draft.kind === 'action' ? t('skills.failureText') : draft.kind === 'custom' ? t('skills.customText') : t('skills.text')}</legend>
          <p className="field-hint">{draft.kind === 'custom' ? t('skills.customTextHint') : t('skills.textsHint')}</p>
          <FieldError problem={problem} field="texts" exact />
          {editing?.warnings?.some((warning) => warning.field === 'texts') ? <FieldWarnings warnings={editing.warnings.filter((warning) => warning.field === 'texts')} field="texts" /> : null}
          <ol className="row-list">
            {draft.texts.map((text, index) => (
              <li key={index} className="row-item">
                <div className="row-fields">
                  <textarea
                    className="input textarea field-grow"
                    rows={2}
                    name={`texts.${index}`}
                    aria-label={
                      draft.kind === 'text'
                        ? t('skills.variation', { number: index + 1 })
                        : draft.kind === 'action'
                          ? t('skills.failureText')
                          : draft.kind === 'custom'
                            ? t('skills.customText')
                            : draft.texts.length > 1
                            ? `${t('skills.text')} ${index + 1}`
                            : t('skills.text')
                    }
                    value={text}
                    onChange={(event) => set({ texts: draft.texts.map((other, at) => (at === index ? event.target.value : other)) })}
                  />
                  {draft.texts.length > 1 ? (
                    <button type="button" className="button button-quiet row-remove" aria-label={t('skills.removeVariation', { number: index + 1 })} onClick={() => set({ texts: draft.texts.filter((_, at) => at !== index) })}>
                      ×
                    </button>
                  ) : null}
                </div>
                <FieldError problem={problem} field={`texts.${index}`} />
                <FieldWarnings warnings={editing?.warnings} field={`texts.${index}`} />
              </li>
            ))}
          </ol>
          {draft.kind === 'text' ? (
            <button type="button" className="button button-secondary" onClick={() => set({ texts: [...draft.texts, ''] })}>
              {t('skills.addVariation')}
            </button>
          ) : null}
        </fieldset>
        {draft.kind === 'buttons' ? (
          <fieldset className="fieldset">
            <legend className="field-label">{t('skills.buttons')}</legend>
            <p className="field-hint">{t('skills.buttonsHint')}</p>
            <FieldError problem={problem} field="buttons" exact />
            <ol className="row-list">
              {draft.buttons.map((button, index) => (
                <li key={index} className="row-item" data-testid="skill-button">
                  <div className="row-fields">
                    <label className="field field-grow">
                      <span className="field-label">{t('skills.buttonTitle', { number: index + 1 })}</span>
                      <input className="input" name={`buttons.${index}.title`} value={button.title} onChange={(event) => set({ buttons: draft.buttons.map((other, at) => (at === index ? { ...other, title: event.target.value } : other)) })} />
                    </label>
                    <label className="field field-grow">
                      <span className="field-label">{t('skills.buttonValue', { number: index + 1 })}</span>
                      <input className="input" name={`buttons.${index}.payload`} value={button.payload} onChange={(event) => set({ buttons: draft.buttons.map((other, at) => (at === index ? { ...other, payload: event.target.value } : other)) })} />
                    </label>
                    <button type="button" className="button button-quiet row-remove" aria-label={t('skills.removeButton', { number: index + 1 })} onClick={() => set({ buttons: draft.buttons.filter((_, at) => at !== index) })}>
                      ×
                    </button>
                  </div>
                  <FieldError problem={problem} field={`buttons.${index}`} />
                  <FieldWarnings warnings={editing?.warnings} field={`buttons.${index}`} />
                </li>
              ))}
            </ol>
            <button type="button" className="button button-secondary" onClick={() => set({ buttons: [...draft.buttons, { title: '', payload: '' }] })}>
              {t('skills.addButton')}
            </button>
          </fieldset>
        ) : null}
        {draft.kind === 'custom' ? (
          <fieldset className="fieldset">
            <legend className="field-label">{t('skills.customMessages')}</legend>
            <p className="field-hint">{t('skills.customMessagesHint')}</p>
            {chosenApi ? (
              <dl className="custom-messages" data-testid="custom-messages">
                <dt>{t('skills.customNotFound')}</dt>
                <dd>{chosenApi.notFoundMessage ?? t('skills.standardMessage')}</dd>
                <dt>{t('skills.customFailure')}</dt>
                <dd>{chosenApi.failureMessage ?? t('skills.standardMessage')}</dd>
              </dl>
            ) : null}
          </fieldset>
        ) : null}
        {draft.kind === 'custom' ? (
          <fieldset className="fieldset">
            <legend className="field-label">{t('skills.listButtons')}</legend>
            <div className="field field-checkbox">
              <input id="skill-list-buttons" type="checkbox" checked={draft.listButtons.on} onChange={(event) => set({ listButtons: { ...draft.listButtons, on: event.target.checked } })} />
              <label htmlFor="skill-list-buttons">{t('skills.listButtonsOn')}</label>
            </div>
            <p className="field-hint">{t('skills.listButtonsHint')}</p>
            {draft.listButtons.on ? (
              <div className="form-grid">
                <TextField label={t('skills.listPath')} field="custom.listButtons.path" problem={problem} value={draft.listButtons.path} onChange={(path) => set({ listButtons: { ...draft.listButtons, path } })} hint={t('skills.listPathHint')} />
                <TextField label={t('skills.listMax')} field="custom.listButtons.max" problem={problem} value={draft.listButtons.max} onChange={(max) => set({ listButtons: { ...draft.listButtons, max } })} inputMode="decimal" hint={t('skills.listMaxHint')} optional />
                <TextField label={t('skills.listTitle')} field="custom.listButtons.title" problem={problem} value={draft.listButtons.title} onChange={(title) => set({ listButtons: { ...draft.listButtons, title } })} hint={t('skills.listTitleHint')} />
                <TextField label={t('skills.listPayload')} field="custom.listButtons.payload" problem={problem} value={draft.listButtons.payload} onChange={(payload) => set({ listButtons: { ...draft.listButtons, payload } })} hint={t('skills.listPayloadHint')} />
              </div>
            ) : null}
          </fieldset>
        ) : null}
        {draft.kind === 'image' ? (
          <div className="field">
            <label htmlFor="skill-image" className="field-label">
              {t('skills.image')}
            </label>
            <input id="skill-image" name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp" disabled={uploading} onChange={(event) => void chooseImage(event.target.files?.[0])} />
            {uploading ? <p className="field-hint" role="status">{t('skills.uploading')}</p> : null}
            {draft.image ? (
              <p className="field-hint">
                <img className="image-thumb" src={draft.image} alt="" /> <code>{draft.image}</code>
              </p>
            ) : (
              <p className="field-hint">{t('skills.imageHint')}</p>
            )}
            <FieldError problem={problem} field="image" />
          </div>
        ) : null}
        {draft.kind === 'attachment' ? (
          <TextField label={t('skills.attachment')} field="attachment" problem={problem} value={draft.attachment} onChange={(attachment) => set({ attachment })} hint={t('skills.attachmentHint')} multiline />
        ) : null}
        <fieldset className="fieldset">
          <legend className="field-label">{t('skills.variants')}</legend>
          <p className="field-hint">{t('skills.variantsHint')}</p>
          <VariantRows rows={draft.variants} onChange={(variants) => set({ variants })} contexts={contexts} problem={problem} />
          <FieldWarnings warnings={editing?.warnings} field="variants" />
        </fieldset>
        <fieldset className="fieldset">
          <legend className="field-label">{t('skills.preset')}</legend>
          <p className="field-hint">{t('skills.presetHint')}</p>
          <div className="form-grid">
            <SelectField label={t('skills.presetContext')} field="preset.context.name" problem={problem} value={draft.presetContext} onChange={(presetContext) => set({ presetContext, presetValue: '' })} options={nameOptions(contexts)} empty={t('skills.none')} optional />
            {draft.presetContext ? (
              presetValues.length > 0 ? (
                <SelectField label={t('skills.presetValue')} field="preset.context.value" problem={problem} value={draft.presetValue} onChange={(presetValue) => set({ presetValue })} options={presetValues.map((value) => ({ value, label: value }))} empty={t('intents.chooseValue')} />
              ) : (
                <TextField label={t('skills.presetValue')} field="preset.context.value" problem={problem} value={draft.presetValue} onChange={(presetValue) => set({ presetValue })} />
              )
            ) : null}
            <SelectField label={t('skills.presetDialogue')} field="preset.dialogue" problem={problem} value={draft.presetDialogue} onChange={(presetDialogue) => set({ presetDialogue })} options={nameOptions(dialogues)} empty={t('skills.none')} optional />
          </div>
        </fieldset>
        <FormProblemNotice problem={problem} fields={['name', 'theme', 'kind', 'action', 'custom', 'fallback', 'texts', 'buttons', 'image', 'attachment', 'preset', 'variants']} />
        <FormActions busy={busy || uploading} creating={editing === null} addLabel={t('skills.add')} onCancel={onCancel} />
      </form>
      <SkillPreview assistant={assistant} body={body} />
    </div>
  );
}
