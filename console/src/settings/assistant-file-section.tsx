// The whole assistant as one file (YAML, as `helper export`): download it, or import one — merged
// by name or replacing the content — validated first, every problem listed, nothing written on any.
// Replacing shows first what it adds, changes and removes (the imports' preview) and asks.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, uploadRaw } from '../api/client';
import type { Assistant } from '../api/types';
import { fileProblemText, type FileProblem } from '../api/problem-text';
import { Notice } from '../components/notice';
import { ChangeList, type ItemChange } from '../content/versions';
import { importFailureFrom, ImportFailureNotice, type ImportFailure } from './import-failure';

/** The lists an import counts (src/admin-api/files/import-assistant.ts), each with its words. */
const IMPORT_COUNTS = new Set(['intents', 'phrases', 'contexts', 'skills', 'dialogues', 'apis']);

interface ImportResult {
  counts?: Record<string, number>;
  /** The warnings with their place and code, said in the user's language (the English `warnings` are not shown). */
  fileWarnings?: FileProblem[];
}

export function AssistantFileSection({ assistant, canChange }: { assistant: Assistant; canChange: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<ItemChange[] | null>(null);
  const path = assistantPath(assistant.server, assistant.language, '/assistant.yaml');

  async function importFile(confirmed = false) {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      if (mode === 'replace' && !confirmed) {
        const plan = await uploadRaw<{ changes: ItemChange[] }>(`${assistantPath(assistant.server, assistant.language, '/imports/preview')}?mode=replace`, file, 'application/yaml');
        setPreview(plan.changes);
        return;
      }
      setPreview(null);
      setResult(await uploadRaw<ImportResult>(`${path}?mode=${mode}`, file, 'application/yaml'));
    } catch (error: unknown) {
      setFailure(importFailureFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t('settings.fileTitle')}
      </h2>
      <p className="card-description">{t('settings.fileLead')}</p>
      <div className="actions">
        <a className="button button-secondary" href={path} download>
          {t('settings.fileExport')}
        </a>
      </div>
      {canChange ? (
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-file`} className="field-label">
              {t('settings.fileImport')}
            </label>
            <input id={`${id}-file`} type="file" accept=".yaml,.yml,application/yaml" onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setPreview(null);
              }} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-mode`} className="field-label">
              {t('settings.fileMode')}
            </label>
            <select id={`${id}-mode`} className="select" value={mode} onChange={(event) => {
                setMode(event.target.value === 'replace' ? 'replace' : 'merge');
                setPreview(null);
              }}>
              <option value="merge">{t('settings.modes.merge')}</option>
              <option value="replace">{t('settings.modes.replace')}</option>
            </select>
          </div>
          <div className="actions">
            <button type="button" className="button button-secondary" disabled={!file || busy} onClick={() => void importFile()}>
              {t('settings.fileImportButton')}
            </button>
          </div>
        </div>
      ) : null}
      {preview ? (
        <div className="notice notice-warning" role="group" aria-label={t('settings.replaceQuestion')} data-testid="replace-preview">
          <strong className="notice-title">{t('settings.replaceQuestion')}</strong>
          {preview.length === 0 ? <p>{t('settings.replaceNothing')}</p> : <ChangeList changes={preview} />}
          <div className="actions">
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void importFile(true)}>
              {t('settings.replaceConfirm')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setPreview(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      <ImportFailureNotice failure={failure} />
      {result ? (
        <Notice tone="success" title={t('settings.fileImported')}>
          {Object.entries(result.counts ?? {})
            .map(([list, count]) => t(`settings.fileImportedCounts.${IMPORT_COUNTS.has(list) ? list : 'other'}`, { count }))
            .join(' · ')}
          {result.fileWarnings && result.fileWarnings.length > 0 ? (
            <ul className="problem-list" data-testid="file-warnings">
              {result.fileWarnings.map((warning, index) => (
                <li key={index}>{fileProblemText(t, warning)}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
    </section>
  );
}
