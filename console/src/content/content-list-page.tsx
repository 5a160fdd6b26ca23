// The frame of each content menu (Temas, Intents, Contextos, Habilidades, Diálogos): the list of
// the chosen assistant with a search, the form to create or edit an item, and the deletion with
// its in-use warning. Administrators change (many items at once too: ./bulk-actions.tsx); viewers
// open each item read-only (the form disabled, without save). Each menu gives its columns and form.
import { useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { request, versioned } from '../api/client';
import type { Assistant } from '../api/types';
import { useAssistantChoice, useAssistantSwitch } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { mayAdminister, useUser } from '../session';
import { useResource } from '../use-resource';
import { contentPath, type ContentList } from './content-types';
import { BULK_LISTS, BulkActions } from './bulk-actions';
import { DeleteItem } from './delete-item';
import { ReadOnlyForm } from './form-actions';
import { useUnsavedGuard } from '../components/unsaved-guard';
import { ItemHistory } from './versions';

export interface ItemFormProps<T> {
  assistant: Assistant;
  editing: T | null;
  /** The ETag of the item as read for editing: the save applies only if nobody changed it since. */
  etag?: string;
  onSaved: (item: T, created: boolean) => void;
  onCancel: () => void;
}

export interface Column<T> {
  label: string;
  render: (item: T) => ReactNode;
}

/** A name such as "responder_cumprimento", with a line-break opportunity after each "_", "-" and ".". */
function breakable(name: string): ReactNode {
  const parts = name.split(/(?<=[_.-])/);
  return parts.map((part, index) => (index === 0 ? part : [<wbr key={index} />, part]));
}

/**
 * Creates (POST) or replaces (PUT, which renames everywhere when the name changed) an item; a
 * replacement carries the ETag read, so another administrator's save in between is not overwritten.
 */
export async function saveItem<T>(assistant: Assistant, list: ContentList, previousName: string | undefined, body: unknown, etag?: string): Promise<T> {
  if (previousName === undefined) return request<T>('POST', contentPath(assistant, list), body);
  return (await versioned<T>('PUT', contentPath(assistant, list, previousName), body, etag)).data;
}

export function ContentListPage<T extends { name: string }>({
  list,
  columns,
  Form,
  below,
}: {
  list: ContentList;
  columns: Array<Column<T>>;
  Form: ComponentType<ItemFormProps<T>>;
  /** Shown under the list (the dialogue tree). */
  below?: (assistant: Assistant, generation: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const { current, loading: assistantsLoading, failed } = useAssistantChoice();
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [etag, setEtag] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [generation, setGeneration] = useState(0);
  const canChange = mayAdminister(user);
  const [selected, setSelected] = useState<string[]>([]);
  const selectable = canChange && BULK_LISTS.includes(list);
  const formArea = useRef<HTMLDivElement | null>(null);
  const formKey = editing === null ? null : editing === 'new' ? 'new' : `${editing.name}#${etag ?? ''}`;
  const guard = useUnsavedGuard(formArea, formKey, () => setEditing(null));
  const trimmed = query.trim();
  const key = current ? `${current.server}/${current.language}/${list}?${trimmed}#${generation}` : '';
  const items = useResource<T[]>(current ? () => request('GET', `${contentPath(current, list)}${trimmed ? `?q=${encodeURIComponent(trimmed)}` : ''}`) : null, key);

  // Another assistant (the header's picker, which asked about unsaved changes first) closes the
  // form: its item is the previous assistant's.
  const stillChosen = useAssistantSwitch(current, () => setEditing(null));

  // The item is read again to edit: as it is now, with its ETag; not opened when another assistant
  // was chosen while it was read.
  async function edit(assistant: Assistant, item: T) {
    setNotice(null);
    try {
      const read = await versioned<T>('GET', contentPath(assistant, list, item.name));
      if (!stillChosen(assistant)) return;
      setEtag(read.etag);
      setEditing(read.data);
      window.scrollTo({ top: 0 });
    } catch (error: unknown) {
      if (stillChosen(assistant)) setNotice({ tone: 'error', text: errorText(error, t) });
    }
  }

  // `?editar=<name>` (links from Analytics: a ranking's legend, a transcript's skill) opens that item.
  const [params] = useSearchParams();
  const opened = useRef<string | null>(null);
  const toOpen = params.get('editar');
  useEffect(() => {
    if (!current || !toOpen || opened.current === toOpen) return;
    opened.current = toOpen;
    void edit(current, { name: toOpen } as T);
  }, [current, toOpen]);

  const changed = (text: string) => {
    setNotice({ tone: 'success', text });
    setSelected([]);
    setGeneration((value) => value + 1);
  };
  // A new search or assistant starts a new selection: nothing hidden stays selected.
  useEffect(() => setSelected([]), [key.split('#')[0]]);
  const toggle = (name: string, on: boolean) => setSelected((current) => (on ? [...current.filter((other) => other !== name), name] : current.filter((other) => other !== name)));
  const shownNames = items.data?.map((item) => item.name) ?? [];
  const allSelected = shownNames.length > 0 && shownNames.every((name) => selected.includes(name));

  return (
    <>
      <PageHeader
        title={t(`${list}.title`)}
        description={t(`${list}.lead`)}
        actions={
          canChange && current && editing === null ? (
            <button type="button" className="button button-primary" onClick={() => { setNotice(null); setEditing('new'); }}>
              {t(`${list}.add`)}
            </button>
          ) : null
        }
      />
      {failed ? <Notice tone="error">{t('errors.server')}</Notice> : null}
      {!assistantsLoading && !current && !failed ? <Notice tone="info">{t('shell.noAssistant')}</Notice> : null}
      {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {current && editing !== null && canChange ? (
        <div ref={formArea} className="form-area">
          <p className="muted form-keys">{t('content.formKeys')}</p>
          <Form
            key={formKey}
            assistant={current}
            editing={editing === 'new' ? null : editing}
            {...(editing !== 'new' && etag !== undefined ? { etag } : {})}
            onSaved={(item, created) => {
              guard.saved();
              setEditing(null);
              changed(t(created ? 'content.created' : 'content.saved', { name: item.name, context: list }));
            }}
            onCancel={guard.closeGuarded}
          />
          {editing !== 'new' ? (
            <ItemHistory
              key={`${editing.name}#${etag ?? ''}#${generation}`}
              assistant={current}
              list={list}
              name={editing.name}
              canRestore={canChange}
              onRestored={(text) => {
                guard.saved();
                void edit(current, editing).then(() => changed(text));
              }}
            />
          ) : null}
        </div>
      ) : null}
      {current && editing !== null && editing !== 'new' && !canChange ? (
        // A viewer's copy of the form: every field disabled (the fieldset), no save (ReadOnlyForm).
        <div className="read-only-item" data-testid="read-only-item">
          <fieldset disabled className="read-only-fieldset">
            <legend className="visually-hidden">{t('content.readOnly', { name: editing.name })}</legend>
            <ReadOnlyForm.Provider value={true}>
              <Form key={editing.name} assistant={current} editing={editing} onSaved={() => setEditing(null)} onCancel={() => setEditing(null)} />
            </ReadOnlyForm.Provider>
          </fieldset>
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={() => setEditing(null)}>
              {t('common.close')}
            </button>
          </div>
          <ItemHistory key={`${editing.name}#${generation}`} assistant={current} list={list} name={editing.name} canRestore={false} onRestored={() => undefined} />
        </div>
      ) : null}
      {current && selectable && selected.length > 0 ? (
        <BulkActions assistant={current} list={list} selected={selected} onDone={changed} />
      ) : null}
      {current ? (
        <div className="search-row">
          <label className="visually-hidden" htmlFor={`search-${list}`}>
            {t('content.search')}
          </label>
          <input id={`search-${list}`} className="input" type="search" placeholder={t('content.search')} value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      ) : null}
      {items.error ? <Notice tone="error">{errorText(items.error, t)}</Notice> : null}
      {items.data ? (
        items.data.length === 0 ? (
          <p className="muted" data-testid={`${list}-empty`}>
            {trimmed ? t('content.noMatch') : t(`${list}.empty`)}
          </p>
        ) : (
          <div className="card table-card">
            <table className="table">
              <caption className="visually-hidden">{t(`${list}.title`)}</caption>
              <thead>
                <tr>
                  {selectable ? (
                    <th scope="col" className="table-check">
                      <input
                        type="checkbox"
                        aria-label={t('content.bulk.selectAll')}
                        checked={allSelected}
                        onChange={(event) => setSelected(event.target.checked ? shownNames : [])}
                      />
                    </th>
                  ) : null}
                  <th scope="col">{t('content.name')}</th>
                  {columns.map((column) => (
                    <th key={column.label} scope="col">
                      {column.label}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.data.map((item) => (
                  <tr key={item.name} data-testid={`${list}-row`} data-name={item.name}>
                    {selectable ? (
                      <td className="table-check">
                        <input
                          type="checkbox"
                          aria-label={t('content.bulk.select', { name: item.name })}
                          checked={selected.includes(item.name)}
                          onChange={(event) => toggle(item.name, event.target.checked)}
                        />
                      </td>
                    ) : null}
                    <td data-label={t('content.name')}>
                      <strong className="item-name">{breakable(item.name)}</strong>
                    </td>
                    {columns.map((column) => (
                      <td key={column.label} data-label={column.label}>
                        {column.render(item)}
                      </td>
                    ))}
                    {canChange && current ? (
                      <td className="table-actions">
                        <button type="button" className="button button-quiet" aria-label={t('content.editLabel', { name: item.name })} onClick={() => void edit(current, item)}>
                          {t('common.edit')}
                        </button>
                        <DeleteItem assistant={current} list={list} name={item.name} onDeleted={changed} />
                      </td>
                    ) : current ? (
                      <td className="table-actions">
                        <button type="button" className="button button-quiet" aria-label={t('content.openLabel', { name: item.name })} onClick={() => void edit(current, item)}>
                          {t('content.open')}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : items.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {current && below ? below(current, generation) : null}
    </>
  );
}
