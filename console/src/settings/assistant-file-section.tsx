// The whole assistant as one file (YAML, as `helper export`): download it, or import one — merged
// by name or replacing the content — validated first, every problem listed, nothing written on any.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, uploadRaw } from '../api/client';
import type { Assistant } from '../api/types';
import { Notice } from '../components/notice';
import { importFailureFrom, ImportFailureNotice, type ImportFailure } from './import-failure';

interface ImportResult {
  counts?: Record<string, number>;
  warnings?: string[];
}

export function AssistantFileSection({ assistant, canChange }: { assistant: Assistant; canChange: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const path = assistantPath(assistant.server, assistant.language, '/assistant.yaml');

  async function importFile() {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
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
            <input id={`${id}-file`} type="file" accept=".yaml,.yml,application/yaml" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-mode`} className="field-label">
              {t('settings.fileMode')}
            </label>
            <select id={`${id}-mode`} className="select" value={mode} onChange={(event) => setMode(event.target.value === 'replace' ? 'replace' : 'merge')}>
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
      <ImportFailureNotice failure={failure} />
      {result ? (
        <Notice tone="success" title={t('settings.fileImported')}>
          {Object.entries(result.counts ?? {})
            .map(([list, count]) => `${list}: ${count}`)
            .join(' · ')}
          {result.warnings && result.warnings.length > 0 ? (
            <ul className="problem-list">
              {result.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
    </section>
  );
}
