// APIs de terceiros: the assistant's third-party APIs (what custom skills call) — the list with a
// search, the form to create, edit (or, for a viewer, read) one, the deletion (refused while a
// skill or another API uses it, with the list of those), "Testar", and the 4biz tickets pack.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { ApiForm } from '../apis/api-form';
import { ItemHistory } from '../content/versions';
import { ApiTestPanel } from '../apis/api-test-panel';
import { apisPath, type ThirdPartyApi } from '../apis/api-types';
import { FourbizPackForm } from '../apis/fourbiz-pack-form';
import { useAssistantChoice, useAssistantSwitch } from '../assistant-choice';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { StatusBadge } from '../components/status-badge';
import { useUser } from '../session';
import { useResource } from '../use-resource';

type Usage = { list: string; name: string; field: string };

function DeleteApi({ assistant, name, onDeleted }: { assistant: Assistant; name: string; onDeleted: (text: string) => void }) {
  const { t } = useTranslation();
  const [usedBy, setUsedBy] = useState<Usage[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function remove() {
    setFailure(null);
    setUsedBy(null);
    try {
      await request('DELETE', apisPath(assistant, name));
      onDeleted(t('content.deleted', { name }));
    } catch (error: unknown) {
      if (error instanceof ApiError && error.code === 'in_use' && Array.isArray(error.details['usedBy'])) setUsedBy(error.details['usedBy'] as Usage[]);
      else setFailure(errorText(error, t));
    }
  }
  return (
    <>
      <ConfirmButton label={t('common.remove')} accessibleName={t('content.removeLabel', { name })} question={t('content.deleteQuestion', { name })} onConfirm={remove} danger />
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      {usedBy ? (
        <div className="notice notice-warning in-use" role="alert" data-testid="in-use">
          <strong className="notice-title">{t('apis.inUseTitle', { name })}</strong>
          <ul className="usage-list">
            {usedBy.map((usage) => (
              <li key={`${usage.list}/${usage.name}`}>
                {t(usage.list === 'apis' ? 'apis.usedByApi' : 'apis.usedBySkill')}: <strong>{usage.name}</strong>
              </li>
            ))}
          </ul>
          <p>{t('apis.inUseHelp')}</p>
          <div className="actions">
            <button type="button" className="button button-quiet" onClick={() => setUsedBy(null)}>
              {t('apis.close')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

export function ApisPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { current, loading: assistantsLoading, failed } = useAssistantChoice();
  const canChange = user.role === 'administrator';
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<{ mode: 'edit' | 'view' | 'test'; api: ThirdPartyApi } | 'new' | 'pack' | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [generation, setGeneration] = useState(0);
  const key = current ? `${current.server}/${current.language}/apis#${generation}` : '';
  const list = useResource<{ apis: ThirdPartyApi[] }>(current ? () => request('GET', apisPath(current)) : null, key);
  const apis = list.data?.apis ?? [];
  const trimmed = query.trim().toLowerCase();
  const shown = trimmed ? apis.filter((api) => api.name.toLowerCase().includes(trimmed) || api.url.toLowerCase().includes(trimmed)) : apis;

  const changed = (text: string) => {
    setNotice({ tone: 'success', text });
    setGeneration((value) => value + 1);
  };

  // Another assistant closes what is open: it is the previous assistant's API.
  const stillChosen = useAssistantSwitch(current, () => setOpen(null));

  // Read again before editing or testing: as it is now; not opened when another assistant was
  // chosen while it was read.
  async function openApi(assistant: Assistant, name: string, mode: 'edit' | 'view' | 'test') {
    setNotice(null);
    try {
      const api = await request<ThirdPartyApi>('GET', apisPath(assistant, name));
      if (!stillChosen(assistant)) return;
      setOpen({ mode, api });
      window.scrollTo({ top: 0 });
    } catch (error: unknown) {
      if (stillChosen(assistant)) setNotice({ tone: 'error', text: errorText(error, t) });
    }
  }

  return (
    <>
      <PageHeader
        title={t('apis.title')}
        description={t('apis.lead')}
        actions={
          canChange && current && open === null ? (
            <>
              <button type="button" className="button button-secondary" onClick={() => { setNotice(null); setOpen('pack'); }}>
                {t('apis.pack.open')}
              </button>
              <button type="button" className="button button-primary" onClick={() => { setNotice(null); setOpen('new'); }}>
                {t('apis.add')}
              </button>
            </>
          ) : null
        }
      />
      {failed ? <Notice tone="error">{t('errors.server')}</Notice> : null}
      {!assistantsLoading && !current && !failed ? <Notice tone="info">{t('shell.noAssistant')}</Notice> : null}
      {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {current && open === 'pack' ? <FourbizPackForm assistant={current} onAdded={() => setGeneration((value) => value + 1)} onCancel={() => setOpen(null)} /> : null}
      {current && (open === 'new' || (open !== null && typeof open === 'object' && open.mode !== 'test')) ? (
        <ApiForm
          key={open === 'new' ? 'new' : open.api.name}
          assistant={current}
          editing={open === 'new' ? null : open.api}
          apis={apis}
          readOnly={!canChange}
          onSaved={(api, created) => {
            setOpen(null);
            changed(t(created ? 'content.created' : 'content.saved', { name: api.name }));
          }}
          onCancel={() => setOpen(null)}
        />
      ) : null}
      {current && open !== null && typeof open === 'object' && open.mode !== 'test' ? (
        <ItemHistory
          key={`${open.api.name}#${generation}`}
          assistant={current}
          list="apis"
          name={open.api.name}
          canRestore={canChange}
          onRestored={(text) => {
            setOpen(null);
            changed(text);
          }}
        />
      ) : null}
      {current && open !== null && typeof open === 'object' && open.mode === 'test' ? <ApiTestPanel key={open.api.name} assistant={current} api={open.api} apis={apis} onClose={() => setOpen(null)} /> : null}
      {current ? (
        <div className="search-row">
          <label className="visually-hidden" htmlFor="search-apis">
            {t('content.search')}
          </label>
          <input id="search-apis" className="input" type="search" placeholder={t('content.search')} value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      ) : null}
      {list.error ? <Notice tone="error">{errorText(list.error, t)}</Notice> : null}
      {list.data ? (
        shown.length === 0 ? (
          <p className="muted" data-testid="apis-empty">
            {trimmed ? t('content.noMatch') : t('apis.empty')}
          </p>
        ) : (
          <div className="card table-card">
            <table className="table">
              <caption className="visually-hidden">{t('apis.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('content.name')}</th>
                  <th scope="col">{t('apis.method')}</th>
                  <th scope="col">{t('apis.url')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((api) => (
                  <tr key={api.name} data-testid="apis-row" data-name={api.name}>
                    <td data-label={t('content.name')}>
                      <strong>{api.name}</strong> {api.authentication ? <StatusBadge tone="neutral">{t('apis.authenticationBadge')}</StatusBadge> : null}
                      {api.dependsOn ? <span className="row-detail">{t('apis.runsAfter', { name: api.dependsOn })}</span> : null}
                    </td>
                    <td data-label={t('apis.method')}>
                      <code>{api.method}</code>
                    </td>
                    <td data-label={t('apis.url')}>
                      <span className="clip" title={api.url}>
                        <code>{api.url}</code>
                      </span>
                    </td>
                    <td className="table-actions">
                      {current ? (
                        <>
                          <button type="button" className="button button-quiet" aria-label={t(canChange ? 'content.editLabel' : 'apis.viewLabel', { name: api.name })} onClick={() => void openApi(current, api.name, canChange ? 'edit' : 'view')}>
                            {canChange ? t('common.edit') : t('apis.view')}
                          </button>
                          {canChange ? (
                            <>
                              <button type="button" className="button button-quiet" aria-label={t('apis.test.label', { name: api.name })} onClick={() => void openApi(current, api.name, 'test')}>
                                {t('apis.test.open')}
                              </button>
                              <DeleteApi assistant={current} name={api.name} onDeleted={changed} />
                            </>
                          ) : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : list.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
    </>
  );
}
