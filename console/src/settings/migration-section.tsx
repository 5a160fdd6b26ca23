// Configurações › Migrações: bring an assistant built elsewhere in — an uploaded file (a Watson
// workspace .json, an assistant .yaml, a Rasa project .zip) or a workspace read from the Watson API
// — always first as a preview of what will be added, changed, removed and skipped, then imported;
// and the "Histórico de importações" with each import's report to download (README "Migrações").
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { assistantPath, request, uploadRaw } from '../api/client';
import type { Assistant } from '../api/types';
import { Notice } from '../components/notice';
import { useResource } from '../use-resource';
import { importFailureFrom, ImportFailureNotice, type ImportFailure } from './import-failure';
import { formatDateTime } from '../format';
import { fileProblemText, type FileProblem } from '../api/problem-text';
import { reportEntryText, summaryText, type ReportEntry } from './report-text';

interface Plan {
  name: string;
  format: string;
  mode: string;
  summary: Record<string, number>;
  changes: Array<{ list: string; change: string; name: string }>;
  /** The report's English lines (the CLI's words): never shown. */
  report: string[];
  /** The same lines with their codes, said in the user's language. */
  reportEntries?: ReportEntry[];
  /** What the file itself warns of, in English (the CLI's words): never shown. */
  warnings?: string[];
  /** The same warnings with their place and code, said in the user's language. */
  fileWarnings?: FileProblem[];
  /** The assistant's settings the import changes, by name (never their values). */
  settingsChanged?: string[];
}

interface ImportRecord {
  id: number;
  name: string;
  source: string;
  format: string | null;
  status: 'imported' | 'failed';
  createdAt: string;
  summary: Record<string, number>;
  reportLines: number;
}

interface Workspace {
  workspaceId: string;
  name: string;
  language: string;
}

/** What goes next: preview or import the same thing (a file, or a workspace of the Watson API). */
type Source = { kind: 'file'; file: File } | { kind: 'watson'; workspaceId: string };

function contentType(file: File): string {
  if (/\.zip$/i.test(file.name)) return 'application/zip';
  if (/\.json$/i.test(file.name)) return 'application/json';
  return 'application/yaml';
}

function ReportList({ title, entries, testId }: { title: string; entries: ReportEntry[]; testId: string }) {
  const { t } = useTranslation();
  if (entries.length === 0) return null;
  return (
    <details>
      <summary>{title}</summary>
      <ul className="problem-list" data-testid={testId}>
        {entries.map((entry, index) => (
          <li key={index}>{reportEntryText(t, entry)}</li>
        ))}
      </ul>
    </details>
  );
}

/** Each setting's name (the API's) and the label the console gives it where it is edited. */
const SETTING_LABELS: Record<string, string> = {
  accuracyThreshold: 'settings.threshold',
  notificationEmails: 'settings.emails',
  actionEndpointUrl: 'settings.actionEndpointUrl',
  greeting: 'settings.greeting',
  handoff: 'handoffSettings.title',
};

/** A setting by its label in Configurações; one this console does not know, as the API names it. */
function settingLabel(t: TFunction, name: string): string {
  const key = SETTING_LABELS[name];
  return key === undefined ? name : t(key);
}

/** `projeto Rasa` for `rasa-project`; a format this console does not know, as the API names it. */
function formatLabel(t: TFunction, format: string): string {
  return /^[\w-]+$/.test(format) ? t(`migrations.formats.${format}`, { defaultValue: format }) : format;
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const entries = plan.reportEntries ?? [];
  const skipped = entries.filter((entry) => entry.outcome === 'skipped');
  const renamed = entries.filter((entry) => entry.outcome === 'renamed');
  const warnings = plan.fileWarnings ?? [];
  const settings = plan.settingsChanged ?? [];
  return (
    <div data-testid="migration-plan">
      <strong className="notice-title">{t('migrations.planTitle', { name: plan.name, format: formatLabel(t, plan.format) })}</strong>
      <ul className="change-list">
        {Object.entries(plan.summary).map(([key, count]) => (
          <li key={key}>{summaryText(t, key, count)}</li>
        ))}
      </ul>
      {settings.length > 0 ? (
        <>
          <p>{t('migrations.settingsChangedTitle', { count: settings.length })}</p>
          <ul className="change-list" data-testid="migration-settings">
            {settings.map((name) => (
              <li key={name}>{settingLabel(t, name)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {warnings.length > 0 ? (
        <details>
          <summary>{t('migrations.warningsTitle', { count: warnings.length })}</summary>
          <ul className="problem-list" data-testid="migration-warnings">
            {warnings.map((warning, index) => (
              <li key={index}>{fileProblemText(t, warning)}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <ReportList title={t('migrations.renamedTitle', { count: renamed.length })} entries={renamed} testId="migration-renamed" />
      <ReportList title={t('migrations.skippedTitle', { count: skipped.length })} entries={skipped} testId="migration-skipped" />
    </div>
  );
}

export function MigrationSection({ assistant, canChange }: { assistant: Assistant; canChange: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const base = assistantPath(assistant.server, assistant.language, '/imports');
  const history = useResource<{ imports: ImportRecord[] }>(() => request('GET', base), base);
  const [mode, setMode] = useState<'replace' | 'merge'>('replace');
  const [source, setSource] = useState<Source | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [watson, setWatson] = useState({ url: '', version: '2021-06-14', apiKey: '' });
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [workspaceId, setWorkspaceId] = useState('');

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      return await work();
    } catch (error: unknown) {
      setFailure(importFailureFrom(error, t));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function send(step: 'preview' | 'import', next: Source) {
    const answer = await run(() => {
      if (next.kind === 'file') {
        const query = `?mode=${mode}&name=${encodeURIComponent(next.file.name)}`;
        return uploadRaw<Plan>(`${base}${step === 'preview' ? '/preview' : ''}${query}`, next.file, contentType(next.file));
      }
      return request<Plan>('POST', `${base}/watson${step === 'preview' ? '/preview' : ''}`, { workspaceId: next.workspaceId, mode });
    });
    if (step === 'import') history.reload();
    if (!answer) {
      setPlan(null);
      return;
    }
    setSource(next);
    if (step === 'preview') setPlan(answer);
    else {
      setPlan(null);
      setDone(t('migrations.imported', { name: answer.name }));
    }
  }

  async function listWorkspaces() {
    const body = { url: watson.url.trim(), version: watson.version.trim(), ...(watson.apiKey.trim() ? { apiKey: watson.apiKey.trim() } : {}) };
    const answer = await run(() => request<{ workspaces: Workspace[] }>('POST', `${base}/watson/workspaces`, body));
    if (answer) {
      setWorkspaces(answer.workspaces);
      setWorkspaceId(answer.workspaces[0]?.workspaceId ?? '');
      setWatson((current) => ({ ...current, apiKey: '' }));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="migrations">
      <h2 id={`${id}-title`} className="card-title">
        {t('migrations.title')}
      </h2>
      <p className="card-description">{t('migrations.lead')}</p>
      {canChange ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-mode`} className="field-label">
              {t('migrations.mode')}
            </label>
            <select id={`${id}-mode`} className="select" value={mode} onChange={(event) => setMode(event.target.value === 'merge' ? 'merge' : 'replace')}>
              <option value="replace">{t('migrations.modeReplace')}</option>
              <option value="merge">{t('migrations.modeMerge')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-file`} className="field-label">
              {t('migrations.file')}
            </label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".json,.yaml,.yml,.zip"
              onChange={(event) => {
                const file = event.target.files?.[0];
                setPlan(null);
                if (file) void send('preview', { kind: 'file', file });
              }}
            />
            <p className="field-hint">{t('migrations.fileHint')}</p>
          </div>
          <fieldset className="fieldset" data-testid="watson-api">
            <legend className="field-label">{t('migrations.watsonTitle')}</legend>
            <label htmlFor={`${id}-url`} className="field-label">{t('migrations.watsonUrl')}</label>
            <input id={`${id}-url`} className="input" type="url" value={watson.url} onChange={(event) => setWatson({ ...watson, url: event.target.value })} />
            <label htmlFor={`${id}-version`} className="field-label">{t('migrations.watsonVersion')}</label>
            <input id={`${id}-version`} className="input input-narrow" value={watson.version} onChange={(event) => setWatson({ ...watson, version: event.target.value })} />
            <label htmlFor={`${id}-key`} className="field-label">{t('migrations.watsonKey')}</label>
            <input id={`${id}-key`} className="input" type="password" autoComplete="off" value={watson.apiKey} onChange={(event) => setWatson({ ...watson, apiKey: event.target.value })} />
            <div className="actions">
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => void listWorkspaces()}>
                {t('migrations.watsonList')}
              </button>
            </div>
            {workspaces ? (
              <>
                <label htmlFor={`${id}-workspace`} className="field-label">{t('migrations.watsonWorkspace')}</label>
                <select id={`${id}-workspace`} className="select" value={workspaceId} onChange={(event) => setWorkspaceId(event.target.value)}>
                  {workspaces.map((workspace) => (
                    <option key={workspace.workspaceId} value={workspace.workspaceId}>
                      {`${workspace.name} (${workspace.language})`}
                    </option>
                  ))}
                </select>
                <div className="actions">
                  <button type="button" className="button button-secondary" disabled={busy || workspaceId === ''} onClick={() => void send('preview', { kind: 'watson', workspaceId })}>
                    {t('migrations.preview')}
                  </button>
                </div>
              </>
            ) : null}
          </fieldset>
        </>
      ) : null}
      <ImportFailureNotice failure={failure} />
      {plan && source ? (
        <div className="notice notice-warning">
          <PlanView plan={plan} />
          <div className="actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void send('import', source)}>
              {t('migrations.import')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setPlan(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
      <h3>{t('migrations.historyTitle')}</h3>
      {history.data && history.data.imports.length === 0 ? <p>{t('migrations.historyEmpty')}</p> : null}
      {history.data && history.data.imports.length > 0 ? (
        <table className="table" data-testid="migration-history">
          <thead>
            <tr>
              <th>{t('migrations.name')}</th>
              <th>{t('migrations.date')}</th>
              <th>{t('migrations.source')}</th>
              <th>{t('migrations.status')}</th>
              <th>{t('migrations.report')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.imports.map((record) => (
              <tr key={record.id}>
                <td>{record.name}</td>
                <td>{formatDateTime(record.createdAt, i18n.language)}</td>
                <td>{t(`migrations.sources.${record.source}`)}</td>
                <td>{t(`migrations.statuses.${record.status}`)}</td>
                <td>
                  <a href={`${base}/${record.id}/report.txt`} download>
                    {t('migrations.download', { count: record.reportLines })}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
