// One import, planned: the upload (a file, or a Rasa project zip) read in a worker, the content it
// would leave, what it adds, changes, removes and skips. The preview shows the plan; the import
// writes it (content and history in one transaction) — the same plan, so what was shown is what
// happens. A helper file's `apis` section is checked as `helper import` and the assistant.yaml
// import check it (ApiService, its problems at their line and column) and written with the content.
import { fileProblems, formatFileErrors, type AssistantFile, type AssistantContent, type FileProblem } from '../../assistant/index.js';
import { fileSettingsChanges } from '../../actions/action-endpoint.js';
import { wholeFileProblem } from '../../assistant/file/format-file-errors.js';
import { countOutcomes, formatImportReport, orderedReportLines, type ImportReportLine } from '../../assistant/other-platforms/import-report.js';
import type { Platform } from '../../platform.js';
import type { AssistantRecord } from '../../store/store.js';
import { apiProblemErrors, keptApiErrors, readImport, type UploadedProjectFile } from '../files/import-assistant.js';
import type { ApiProblem } from '../../third-party-apis/check-apis.js';
import type { ApiChange } from '../../third-party-apis/api-changes.js';
import type { FileContent } from '../../assistant/file/decode-file-text.js';
import { diffContent, type ItemChange } from '../../assistant/content-changes.js';
import { contentAfterImport, summariseImport } from './content-diff.js';

export interface ImportInput {
  /** The file's or project's name, for messages and the history. */
  name: string;
  /** The file's bytes (or text): readImport decodes them. */
  text: FileContent;
  projectFiles?: UploadedProjectFile[];
  mode: 'merge' | 'replace';
}

export type ImportPlan =
  | {
      ok: true;
      file: AssistantFile;
      content: AssistantContent;
      /** The content's items and the file's third-party APIs added, changed or removed. */
      changes: Array<ItemChange | ApiChange>;
      summary: Record<string, number>;
      report: string[];
      /** The report's lines in the same order, each with its codes (the console's words). */
      reportEntries: ImportReportLine[];
      warnings: string[];
      fileWarnings: FileProblem[];
      /** The assistant's settings the file changes, by name (never their values). */
      settingsChanged: string[];
    }
  | { ok: false; errors: string[]; fileProblems: FileProblem[]; format?: string };

export async function planImport(platform: Platform, assistant: AssistantRecord, input: ImportInput): Promise<ImportPlan> {
  const current = await platform.store.content.load(assistant.id);
  // Merged by name, the file may refer to the assistant's items: its references are checked against
  // both, and the merged content as a whole (readImport, as every import path checks it).
  const parsed = await readImport({ text: input.text, fileName: input.name, ...(input.projectFiles ? { projectFiles: input.projectFiles } : {}), readLimits: platform.config.fileImport, ...(input.mode === 'merge' ? { mergeInto: current } : {}) });
  if (!parsed.ok) return { ok: false, errors: formatFileErrors(parsed.errors, input.name), fileProblems: fileProblems(parsed.errors, input.name), ...(parsed.format ? { format: parsed.format } : {}) };
  const content = contentAfterImport(current, parsed.file.content, input.mode);
  // The file's third-party APIs, against the assistant's (its secrets, the contexts after the import).
  let apiChanges: ApiChange[] = [];
  if (parsed.file.apis !== undefined) {
    const preview = await platform.apis.previewImport(assistant.id, parsed.file.apis, input.mode, new Set(content.contexts.map((context) => context.name)));
    if (preview.problems.length > 0) return apiProblemsPlan(parsed.file, preview.problems, input.name);
    apiChanges = preview.changes;
  } else if (input.mode === 'replace') {
    // Kept, the assistant's APIs must still find the contexts they name (as every import path checks).
    const kept = await keptApiErrors(platform.store, assistant.id, current, content);
    if (kept.length > 0) return { ok: false, format: parsed.file.format, errors: formatFileErrors(kept, input.name), fileProblems: fileProblems(kept, input.name) };
  }
  const changes = [...diffContent(current, content), ...apiChanges];
  // Settings change too (an action endpoint, a threshold): said, as the content's changes are.
  const settings = parsed.file.settings && Object.keys(parsed.file.settings).length > 0 ? await fileSettingsChanges(platform.store, assistant, parsed.file.settings, input.mode) : { changed: [], dropsActionToken: false };
  const settingsWarnings: FileProblem[] = settings.dropsActionToken
    ? [wholeFileProblem(input.name, `${input.name}: the action endpoint moves to another address, so its token is removed; set the token again for the new address`, 'import_action_token_dropped')]
    : [];
  const skipped = parsed.file.report ? countOutcomes(parsed.file.report).skipped : 0;
  return {
    ok: true,
    file: parsed.file,
    content,
    changes,
    summary: summariseImport(changes, skipped),
    report: parsed.file.report ? formatImportReport(parsed.file.report) : [],
    reportEntries: parsed.file.report ? orderedReportLines(parsed.file.report) : [],
    warnings: [...formatFileErrors(parsed.warnings, input.name), ...settingsWarnings.map((warning) => warning.message)],
    fileWarnings: [...fileProblems(parsed.warnings, input.name), ...settingsWarnings],
    settingsChanged: settings.changed,
  };
}

/** A plan refused for its APIs' problems, each at its line and column in the file (never a secret's value). */
export function apiProblemsPlan(file: AssistantFile, problems: readonly ApiProblem[], name: string): Extract<ImportPlan, { ok: false }> {
  const errors = apiProblemErrors(file, problems);
  return { ok: false, format: file.format, errors: formatFileErrors(errors, name), fileProblems: fileProblems(errors, name) };
}
