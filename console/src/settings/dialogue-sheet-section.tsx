// Dialogues as a spreadsheet: export the .xlsx (columns Intent, User Says, Text Response), and
// import one in two steps — first what it will change, listed, then the import, which replaces
// what the file describes (README "Configurações").
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, uploadRaw } from '../api/client';
import type { Assistant } from '../api/types';
import { Notice } from '../components/notice';
import { importFailureFrom, ImportFailureNotice, type ImportFailure } from './import-failure';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Change =
  | { kind: 'intent'; change: string; intent: string }
  | { kind: 'phrase'; change: string; intent: string; text: string }
  | { kind: 'answer'; change: string; intent: string; skill: string; before: string[]; after: string[] }
  | { kind: 'dialogue' | 'skill'; change: string; name: string };

interface Plan {
  summary: Record<string, number>;
  changes: Change[];
}

function describe(change: Change, t: (key: string, options?: Record<string, unknown>) => string): string {
  switch (change.kind) {
    case 'intent':
      return t(`settings.changes.intent.${change.change}`, { intent: change.intent });
    case 'phrase':
      return t(`settings.changes.phrase.${change.change}`, { intent: change.intent, text: change.text });
    case 'answer':
      return t(`settings.changes.answer.${change.change}`, { intent: change.intent, after: change.after.join(' | ') });
    default:
      return t(`settings.changes.${change.kind}.${change.change}`, { name: change.name });
  }
}

/** The problems the API listed for a spreadsheet it could not read. */
export function DialogueSheetSection({ assistant, canChange }: { assistant: Assistant; canChange: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = assistantPath(assistant.server, assistant.language, '/dialogues.xlsx');

  async function send(step: 'preview' | 'import') {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await uploadRaw<Plan>(`${base}/${step}`, file, XLSX_TYPE);
      if (step === 'preview') setPlan(answer);
      else {
        setPlan(null);
        setFile(null);
        setDone(t('settings.imported', { count: answer.changes.length }));
      }
    } catch (error: unknown) {
      setPlan(null);
      setFailure(importFailureFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="dialogue-sheet">
      <h2 id={`${id}-title`} className="card-title">
        {t('settings.sheetTitle')}
      </h2>
      <p className="card-description">{t('settings.sheetLead')}</p>
      <div className="actions">
        <a className="button button-secondary" href={base} download>
          {t('settings.sheetExport')}
        </a>
      </div>
      {canChange ? (
        <div className="field">
          <label htmlFor={`${id}-file`} className="field-label">
            {t('settings.sheetImport')}
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setPlan(null);
              setDone(null);
              setFailure(null);
            }}
          />
          <p className="field-hint">{t('settings.sheetImportHint')}</p>
          <div className="actions">
            <button type="button" className="button button-secondary" disabled={!file || busy} onClick={() => void send('preview')}>
              {t('settings.sheetPreview')}
            </button>
          </div>
        </div>
      ) : null}
      <ImportFailureNotice failure={failure} />
      {plan ? (
        <div className="notice notice-warning" data-testid="sheet-plan">
          <strong className="notice-title">{plan.changes.length === 0 ? t('settings.noChanges') : t('settings.willChange', { count: plan.changes.length })}</strong>
          <ul className="change-list">
            {plan.changes.map((change, index) => (
              <li key={index}>{describe(change, t)}</li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="button button-primary" disabled={busy || plan.changes.length === 0} onClick={() => void send('import')}>
              {t('settings.sheetApply')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setPlan(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
    </section>
  );
}
