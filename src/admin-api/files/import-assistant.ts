// Imports an assistant file (our YAML, Rasa NLU training data, an IBM Watson workspace) or a Rasa
// project into an assistant. Everything is validated first; on any error nothing is written. Used
// by the admin API, `helper import` and at first start.
import { applyFileSettings } from '../../actions/action-endpoint.js';
import { fileProblems, formatFileErrors, parseAssistantFile, positionAt, wholeFileProblem, type AssistantContent, type AssistantFile, type AssistantFileFormat, type FileError, type FileProblem, type ParseAssistantFileResult } from '../../assistant/index.js';
import { basename } from 'node:path';
import { countOutcomes, formatImportReport } from '../../assistant/other-platforms/import-report.js';
import type { AssistantRecord, Store } from '../../store/store.js';
import { ApiProblems, type ApiService } from '../../third-party-apis/api-service.js';
import { fileFieldOf } from '../../third-party-apis/api-file-entries.js';
import { keptApiProblems, type ApiProblem } from '../../third-party-apis/check-apis.js';
import { readRasaProject, type ProjectFile } from '../../assistant/other-platforms/read-rasa-project.js';
import { decodeFileText, type FileContent } from '../../assistant/file/decode-file-text.js';
import { checkMerge, fallbackReplacedWarning } from '../../assistant/check-merge.js';
import { mergeWrites } from '../../assistant/merge-content.js';
import { readAssistantFileInWorker, readRasaProjectInWorker, type FileReaderLimits } from './read-in-worker.js';

export interface ImportTarget {
  server: string;
  language: string;
}

export type ImportResult =
  | {
      ok: true;
      assistant: AssistantRecord;
      format: AssistantFileFormat;
      warnings: string[];
      /** The warnings with their place, code and params (the console's words). */
      fileWarnings: FileProblem[];
      counts: Record<string, number>;
      /** From another platform (Watson, Rasa): one line per item kept, renamed or skipped. */
      report?: string[];
      /** How many of the report's items were skipped. */
      skipped?: number;
    }
  /**
   * `field`: where in the file's data the first error is (`regexes[0].pattern`), when it is in the
   * data; `format`: what the file was read as, when it was (the history keeps it with the failure).
   */
  | { ok: false; errors: string[]; fileProblems: FileProblem[]; field?: string; format?: AssistantFileFormat };

/** A file of a project as given: its bytes (a zip entry, a file of a folder) or its text. */
export interface UploadedProjectFile {
  path: string;
  text: FileContent;
}

/**
 * The file or project read (in a worker when limits are given), not yet written anywhere. Every
 * import's bytes are decoded here, and only here: a file that is not UTF-8 is refused, naming it.
 */
export async function readImport(input: { text: FileContent; fileName: string; projectFiles?: readonly UploadedProjectFile[]; readLimits?: FileReaderLimits; /** A merge's target content (its items may be referred to). */ mergeInto?: AssistantContent }): Promise<ParseAssistantFileResult> {
  const parsed = await readFileOrProject(input);
  // Our format's reader checks a merge itself, at the file's lines; another platform's file (made
  // into items, not written as them) has its merge checked here, each problem naming its item.
  if (!parsed.ok || input.mergeInto === undefined || parsed.file.format === 'helper') return parsed;
  const findings = checkMerge(input.mergeInto, parsed.file.content);
  const place = (path: string) => ({ line: 1, column: 1, path });
  if (findings.problems.length > 0) {
    const errors = findings.problems.map((problem) => ({ ...place(problem.place), message: problem.message, code: problem.code, params: problem.params }));
    return { ok: false, errors, warnings: parsed.warnings, format: parsed.file.format };
  }
  if (findings.fallback === undefined) return parsed;
  return { ...parsed, warnings: [...parsed.warnings, { ...place(`skills.${findings.fallback.name}.fallback`), ...fallbackReplacedWarning(findings.fallback) }] };
}

async function readFileOrProject(input: { text: FileContent; fileName: string; projectFiles?: readonly UploadedProjectFile[]; readLimits?: FileReaderLimits; mergeInto?: AssistantContent }): Promise<ParseAssistantFileResult> {
  if (input.projectFiles) {
    const files: ProjectFile[] = [];
    const errors: FileError[] = [];
    for (const file of input.projectFiles) {
      const decoded = decodeFileText(file.text, file.path);
      if (decoded.ok) files.push({ path: file.path, text: decoded.text });
      else errors.push(decoded.error);
    }
    if (errors.length > 0) return { ok: false, errors, warnings: [] };
    return input.readLimits ? await readRasaProjectInWorker(files, input.readLimits) : readRasaProject(files);
  }
  const decoded = decodeFileText(input.text, input.fileName);
  if (!decoded.ok) return { ok: false, errors: [decoded.error], warnings: [] };
  return input.readLimits ? await readAssistantFileInWorker(decoded.text, input.fileName, input.readLimits, input.mergeInto) : parseAssistantFile(decoded.text, input.fileName, input.mergeInto ? { mergeInto: input.mergeInto } : {});
}

export async function importAssistant(
  store: Store,
  input: {
    /** The file's bytes (decoded by readImport) or text. */
    text: FileContent;
    fileName: string;
    /** A Rasa project's YAML files (then `text` is unused). */
    projectFiles?: readonly UploadedProjectFile[];
    target: ImportTarget;
    mode: 'replace' | 'merge';
    createMissing?: boolean;
    /** Read the file in a worker thread with these limits (uploads, `helper import`); without, here (our own demo files). */
    readLimits?: FileReaderLimits;
    /** Where a file's `apis` section goes; without it the section is refused. */
    apis?: ApiService;
    /** Who imports, for the content versions (default `system`). */
    actor?: string;
  },
): Promise<ImportResult> {
  const { server, language } = input.target;
  let assistant = await store.assistants.get(server, language);
  // Merged by name, the file may refer to the assistant's items: checked against the merged result.
  const mergeInto = input.mode === 'merge' && assistant ? await store.content.load(assistant.id) : undefined;
  const parsed = await readImport({ ...input, ...(mergeInto ? { mergeInto } : {}) });
  if (!parsed.ok) return fileErrorsAnswer(input.fileName, parsed.errors, parsed.format);
  if (!assistant) {
    if (!input.createMissing) {
      const message = `assistant ${server}/${language} does not exist`;
      return { ok: false, errors: [message], fileProblems: [wholeFileProblem(input.fileName, message, 'does_not_exist', { what: 'assistant', name: `${server}/${language}` })], format: parsed.file.format };
    }
    if (!(await store.servers.get(server))) await store.servers.create({ name: server });
    const name = parsed.file.assistant?.name;
    assistant = await store.assistants.create({ serverName: server, language, ...(name ? { name } : {}) });
  }
  const { file } = parsed;
  const fileApis = file.apis;
  // What only the assistant's APIs and secrets can refuse: every such problem at its place in the file.
  const refused: FileError[] = [];
  let contexts: Set<string> | undefined;
  if (fileApis !== undefined) {
    if (!input.apis) {
      return fileErrorsAnswer(input.fileName, [{ ...positionAt(file.positions, 'apis'), path: 'apis', message: 'this import cannot take third-party APIs ("apis")', code: 'not_allowed' }], file.format);
    }
    // The merge target read above (an assistant created by this import has no content yet).
    const existing = mergeInto?.contexts ?? [];
    contexts = new Set([...existing, ...file.content.contexts].map((context) => context.name));
    refused.push(...apiProblemErrors(file, await input.apis.checkImport(assistant.id, fileApis, input.mode, contexts)));
  } else if (input.mode === 'replace') {
    // Kept (the file has no `apis`), the assistant's APIs must still find the contexts they name.
    refused.push(...(await keptApiErrors(store, assistant.id, await store.content.load(assistant.id), file.content)));
  }
  if (refused.length > 0) return fileErrorsAnswer(input.fileName, refused, file.format);
  // The history keeps the file's name, never the server's path to it (the demo's, a `helper import` one).
  const author = { actor: input.actor ?? 'system', action: 'import', details: { importName: basename(input.fileName) } } as const;
  // Merged, the assistant's fallback gives up its flag when the file brings one (checked as merged by readImport).
  const content = mergeInto ? mergeWrites(mergeInto, file.content) : file.content;
  // With APIs, the content and the APIs are written in one transaction: one version of both (checked
  // again there: a context deleted since the check above refuses the import the same way).
  if (fileApis !== undefined && input.apis && contexts) {
    try {
      await input.apis.saveImport(assistant.id, fileApis, input.mode, contexts, { content, author });
    } catch (error: unknown) {
      if (error instanceof ApiProblems) return fileErrorsAnswer(input.fileName, apiProblemErrors(file, error.problems), file.format);
      throw error;
    }
  } else await store.content.save(assistant.id, content, input.mode, author);
  if (file.settings && Object.keys(file.settings).length > 0) {
    assistant = await applyFileSettings(store, assistant, file.settings, input.mode);
  }
  const warnings: FileError[] = parsed.warnings ?? [];
  return {
    ok: true,
    assistant,
    format: file.format,
    warnings: formatFileErrors(warnings, input.fileName),
    fileWarnings: fileProblems(warnings, input.fileName),
    ...(file.report ? { report: formatImportReport(file.report), skipped: countOutcomes(file.report).skipped } : {}),
    counts: {
      intents: file.content.intents.length,
      phrases: file.content.intents.reduce((sum, intent) => sum + intent.phrases.length, 0),
      contexts: file.content.contexts.length,
      skills: file.content.skills.length,
      dialogues: file.content.dialogues.length,
      ...(fileApis === undefined ? {} : { apis: fileApis.length }),
    },
  };
}

/** An import refused for `errors` at their places in the file (read as `format`, when it was); `field` is the first one's place. */
function fileErrorsAnswer(fileName: string, errors: readonly FileError[], format?: AssistantFileFormat) {
  const field = errors.find((error) => error.path !== '')?.path;
  return { ok: false as const, errors: formatFileErrors(errors, fileName), fileProblems: fileProblems(errors, fileName), ...(field === undefined ? {} : { field }), ...(format === undefined ? {} : { format }) };
}

/**
 * A replace whose file has no `apis` keeps the assistant's APIs: the contexts their `{context}`
 * placeholders name must stay (keptApiProblems). Each problem is at the file's start, naming the
 * API as check-merge.ts names the assistant's own items (`apis.chamado.url`): it is not in the file.
 */
export async function keptApiErrors(store: Store, assistantId: number, before: AssistantContent, after: AssistantContent): Promise<FileError[]> {
  const names = (content: AssistantContent) => new Set(content.contexts.map((context) => context.name));
  const problems = keptApiProblems(await store.thirdPartyApis.list(assistantId), names(before), names(after));
  return problems.map((problem) => ({
    line: 1,
    column: 1,
    path: `apis.${problem.api}.${problem.field}`,
    message: `the assistant's API "${problem.api}" (${problem.field}), kept as the file has no "apis": ${problem.message}; keep the context in the file, or give the APIs in "apis"`,
    code: problem.code,
    ...(problem.params ? { params: problem.params } : {}),
  }));
}

/**
 * The APIs' problems found when an import is saved (against the assistant's APIs and secrets):
 * each at its line and column in the file, as the file reader's problems are. One of an API the
 * file does not have (the assistant's own, in a merge), or of the whole list, is placed at `apis`.
 */
export function apiProblemErrors(file: AssistantFile, problems: readonly ApiProblem[]): FileError[] {
  const fileApis = file.apis ?? [];
  return problems.map((problem) => {
    const index = problem.api === '' ? -1 : fileApis.findIndex((api) => api.name === problem.api);
    const path = index === -1 ? 'apis' : `apis[${index}].${fileFieldOf(problem.field)}`;
    const message = problem.api === '' ? problem.message : index === -1 ? `the assistant's API "${problem.api}" (${problem.field}): ${problem.message}` : `API "${problem.api}": ${problem.message}`;
    return { ...positionAt(file.positions, path), path, message, code: problem.code, ...(problem.params ? { params: problem.params } : {}) };
  });
}
