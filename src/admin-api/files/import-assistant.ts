// Imports an assistant file (our YAML, Rasa NLU training data, an IBM Watson workspace) or a Rasa
// project into an assistant. Everything is validated first; on any error nothing is written. Used
// by the admin API, `helper import` and at first start.
import { applyFileSettings } from '../../actions/action-endpoint.js';
import { fileProblems, formatFileErrors, parseAssistantFile, wholeFileProblem, type AssistantContent, type AssistantFileFormat, type FileError, type FileProblem, type ParseAssistantFileResult } from '../../assistant/index.js';
import { basename } from 'node:path';
import { countOutcomes, formatImportReport } from '../../assistant/other-platforms/import-report.js';
import type { AssistantRecord, Store } from '../../store/store.js';
import { ApiProblems, type ApiService } from '../../third-party-apis/api-service.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import type { ApiProblem } from '../../third-party-apis/check-apis.js';
import { readRasaProject, type ProjectFile } from '../../assistant/other-platforms/read-rasa-project.js';
import { decodeFileText, type FileContent } from '../../assistant/file/decode-file-text.js';
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
  /** `field`: where in the file's data the first error is (`regexes[0].pattern`), when it is in the data. */
  | { ok: false; errors: string[]; fileProblems: FileProblem[]; field?: string };

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
  if (!parsed.ok) {
    const field = parsed.errors.find((error) => error.path !== '')?.path;
    return { ok: false, errors: formatFileErrors(parsed.errors, input.fileName), fileProblems: fileProblems(parsed.errors, input.fileName), ...(field === undefined ? {} : { field }) };
  }
  if (!assistant) {
    if (!input.createMissing) {
      const message = `assistant ${server}/${language} does not exist`;
      return { ok: false, errors: [message], fileProblems: [wholeFileProblem(input.fileName, message, 'does_not_exist', { what: 'assistant', name: `${server}/${language}` })] };
    }
    if (!(await store.servers.get(server))) await store.servers.create({ name: server });
    const name = parsed.file.assistant?.name;
    assistant = await store.assistants.create({ serverName: server, language, ...(name ? { name } : {}) });
  }
  const { file } = parsed;
  const fileApis = file.apis;
  let contexts: Set<string> | undefined;
  if (fileApis !== undefined) {
    if (!input.apis) {
      const message = 'this import cannot take third-party APIs ("apis")';
      return { ok: false, errors: [message], fileProblems: [{ ...wholeFileProblem(input.fileName, message, 'not_allowed'), place: 'apis' }], field: 'apis' };
    }
    const existing = input.mode === 'merge' ? (await store.content.load(assistant.id)).contexts : [];
    contexts = new Set([...existing, ...file.content.contexts].map((context) => context.name));
    const problems = await input.apis.checkImport(assistant.id, fileApis, input.mode, contexts);
    if (problems.length > 0) return apiProblemsAnswer(input.fileName, fileApis, problems);
  }
  // The history keeps the file's name, never the server's path to it (the demo's, a `helper import` one).
  const author = { actor: input.actor ?? 'system', action: 'import', details: { importName: basename(input.fileName) } } as const;
  // With APIs, the content and the APIs are written in one transaction: one version of both (checked
  // again there: a context deleted since the check above refuses the import the same way).
  if (fileApis !== undefined && input.apis && contexts) {
    try {
      await input.apis.saveImport(assistant.id, fileApis, input.mode, contexts, { content: file.content, author });
    } catch (error: unknown) {
      if (error instanceof ApiProblems) return apiProblemsAnswer(input.fileName, fileApis, error.problems);
      throw error;
    }
  } else await store.content.save(assistant.id, file.content, input.mode, author);
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

/** An import refused for its APIs' problems: each named at its place in the file. */
function apiProblemsAnswer(fileName: string, fileApis: readonly ThirdPartyApi[], problems: readonly ApiProblem[]) {
  const first = problems[0];
  const index = first ? fileApis.findIndex((api) => api.name === first.api) : -1;
  return {
    ok: false as const,
    errors: problems.map((problem) => `${fileName}: apis "${problem.api}" (${problem.field}): ${problem.message}`),
    fileProblems: problems.map((problem) => ({
      ...wholeFileProblem(fileName, `${fileName}: apis "${problem.api}" (${problem.field}): ${problem.message}`, problem.code, problem.params),
      place: `apis[${Math.max(fileApis.findIndex((api) => api.name === problem.api), 0)}].${problem.field}`,
    })),
    ...(first ? { field: `apis[${Math.max(index, 0)}].${first.field}` } : {}),
  };
}
