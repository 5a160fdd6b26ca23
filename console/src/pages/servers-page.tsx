// Servidores (the platform's operator only): every server with its assistants, a new server, and a
// new assistant in a server — empty, or a copy of another assistant's content and settings.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { Assistant } from '../api/types';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { SelectField, TextField } from '../content/fields';
import { useSave } from '../content/use-save';
import { useResource } from '../use-resource';
import { useAssistantChoice } from '../assistant-choice';
import { useFormGuard } from '../components/unsaved-guard';

interface Server {
  name: string;
  displayName: string;
  enabled: boolean;
}

interface ServerWithAssistants extends Server {
  assistants: Assistant[];
}

async function loadServers(): Promise<ServerWithAssistants[]> {
  const servers = await request<Server[]>('GET', '/api/admin/servers');
  return Promise.all(servers.map(async (server) => ({ ...server, assistants: await request<Assistant[]>('GET', `/api/admin/servers/${encodeURIComponent(server.name)}/assistants`) })));
}

function NewServerForm({ onAdded }: { onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const guard = useFormGuard();
  const { problem, busy, submit } = useSave(
    () => request<Server>('POST', '/api/admin/servers', { name: name.trim(), ...(displayName.trim() ? { displayName: displayName.trim() } : {}) }),
    (server) => {
      setName('');
      setDisplayName('');
      guard.saved();
      onAdded(server.name);
    },
  );
  return (
    <form ref={guard.ref} className="card form" onSubmit={submit} noValidate aria-label={t('servers.addServer')}>
      <h2 className="card-title">{t('servers.addServer')}</h2>
      <div className="form-grid">
        <TextField label={t('servers.name')} field="name" problem={problem} value={name} onChange={setName} hint={t('servers.nameHint')} />
        <TextField label={t('servers.displayName')} field="displayName" problem={problem} value={displayName} onChange={setDisplayName} optional />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('servers.addServer')}
        </button>
      </div>
    </form>
  );
}

function NewAssistantForm({ servers, onAdded }: { servers: ServerWithAssistants[]; onAdded: (assistant: Assistant) => void }) {
  const { t } = useTranslation();
  const [server, setServer] = useState(servers[0]?.name ?? '');
  const [language, setLanguage] = useState('');
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const all = servers.flatMap((item) => item.assistants);
  const guard = useFormGuard();
  const { problem, busy, submit } = useSave(
    () => {
      const [fromServer, fromLanguage] = source.split('/');
      return request<Assistant>('POST', `/api/admin/servers/${encodeURIComponent(server)}/assistants`, {
        language: language.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(fromServer && fromLanguage ? { copyFrom: { server: fromServer, language: fromLanguage } } : {}),
      });
    },
    (assistant) => {
      setLanguage('');
      setName('');
      setSource('');
      guard.saved();
      onAdded(assistant);
    },
  );
  return (
    <form ref={guard.ref} className="card form" onSubmit={submit} noValidate aria-label={t('servers.addAssistant')}>
      <h2 className="card-title">{t('servers.addAssistant')}</h2>
      <div className="form-grid">
        <SelectField label={t('servers.server')} field="server" problem={problem} value={server} onChange={setServer} options={servers.map((item) => ({ value: item.name, label: item.displayName || item.name }))} />
        <TextField label={t('servers.language')} field="language" problem={problem} value={language} onChange={setLanguage} hint={t('servers.languageHint')} />
        <TextField label={t('servers.assistantName')} field="name" problem={problem} value={name} onChange={setName} optional />
        <SelectField
          label={t('servers.startWith')}
          field="copyFrom"
          problem={problem}
          value={source}
          onChange={setSource}
          empty={t('servers.empty')}
          options={all.map((assistant) => ({ value: `${assistant.server}/${assistant.language}`, label: t('servers.copyOf', { name: assistant.name, server: assistant.server, language: assistant.language.toUpperCase() }) }))}
          hint={t('servers.copyHint')}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy || server === ''}>
          {t('servers.addAssistant')}
        </button>
      </div>
    </form>
  );
}

export function ServersPage() {
  const { t } = useTranslation();
  const servers = useResource<ServerWithAssistants[]>(loadServers, 'servers');
  // The header's assistant picker lists the new assistant at once, without a reload.
  const { reload: reloadPicker } = useAssistantChoice();
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('servers.title')} description={t('servers.lead')} />
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {servers.data ? (
        <div className="card table-card">
          <table className="table">
            <caption className="visually-hidden">{t('servers.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('servers.server')}</th>
                <th scope="col">{t('servers.assistants')}</th>
              </tr>
            </thead>
            <tbody>
              {servers.data.map((server) => (
                <tr key={server.name} data-testid="server-row" data-name={server.name}>
                  <td data-label={t('servers.server')}>
                    <strong>{server.displayName || server.name}</strong> <span className="muted">({server.name})</span>
                  </td>
                  <td data-label={t('servers.assistants')}>
                    {server.assistants.length === 0
                      ? t('servers.none')
                      : server.assistants.map((assistant) => `${assistant.name} (${assistant.language.toUpperCase()})`).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : servers.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      <NewServerForm
        onAdded={(name) => {
          setNotice(t('servers.serverAdded', { name }));
          servers.reload();
        }}
      />
      {servers.data && servers.data.length > 0 ? (
        <NewAssistantForm
          servers={servers.data}
          onAdded={(assistant) => {
            setNotice(t('servers.assistantAdded', { name: assistant.name, server: assistant.server, language: assistant.language.toUpperCase() }));
            servers.reload();
            reloadPicker();
          }}
        />
      ) : null}
    </>
  );
}
