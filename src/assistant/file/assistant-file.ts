// An assistant file: the whole content of one assistant as YAML an administrator can read, edit
// and keep in version control (our format, see README.md), or Rasa 3.x NLU training data to import.
// Parsing never throws and never stops at the first problem: it returns every error, each with the
// line and column where the administrator has to look.
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import { LineCounter, isMap, parseDocument } from 'yaml';
import type { AssistantContent, AssistantSettings } from '../content.js';
import { MAX_ALIASED_NODES, MAX_ASSISTANT_FILE_BYTES } from './file-limits.js';
import { HELPER_ONLY_KEYS, readHelperFile } from './read-helper-file.js';
import type { ImportReport } from '../other-platforms/import-report.js';
import { readRasaNluFile } from '../other-platforms/read-rasa-nlu-file.js';
import { readWatsonWorkspace } from '../other-platforms/read-watson-workspace.js';
import { aliasExpansionProblem } from './yaml-aliases.js';
import { YamlReader } from './yaml-reader.js';

export type AssistantFileFormat = 'helper' | 'rasa-nlu' | 'watson' | 'rasa-project';

/** Which assistant the file is for; all optional, an import target can be chosen elsewhere. */
export interface AssistantIdentity {
  server?: string;
  language?: string;
  name?: string;
}

export interface AssistantFile {
  assistant?: AssistantIdentity;
  settings?: Partial<AssistantSettings>;
  content: AssistantContent;
  format: AssistantFileFormat;
  /** The third-party APIs (`apis:`); absent when the file has no such section (an import then keeps the assistant's). */
  apis?: ThirdPartyApi[];
  /** From another platform: what was kept, renamed and skipped (import-report.ts). */
  report?: ImportReport;
  /**
   * Where the values checked only when an import is saved were written (the `apis` section, whose
   * secrets are known then), so the save's problems name their line and column too.
   */
  positions?: FilePositions;
}

/** A place in the file; line and column start at 1. */
export interface FilePosition {
  line: number;
  column: number;
}

/** Places by path in the file's data (`apis`, `apis[0].headers[1].value`). */
export type FilePositions = Map<string, FilePosition>;

/** A problem at a place in the file. Line and column start at 1. */
export interface FileError {
  line: number;
  column: number;
  /** Where in the data, e.g. `intents[2].phrases[0]`; empty for YAML syntax errors. */
  path: string;
  message: string;
  /** The file, when the import reads several (a Rasa project): `data/nlu.yml`. */
  file?: string;
  /**
   * The stable code of the problem (src/admin-api/problem-codes.ts) and the values its sentence
   * needs, so the console says it in its user's language; absent: `file_problem` (English only).
   */
  code?: string;
  params?: Record<string, string | number>;
}

export type ParseAssistantFileResult =
  | { ok: true; file: AssistantFile; warnings: FileError[] }
  /** `format`: what the file was read as, when it was (its items have errors); absent when it could not be read at all. */
  | { ok: false; errors: FileError[]; warnings: FileError[]; format?: AssistantFileFormat };

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}

function byPosition(a: FileError, b: FileError): number {
  return a.line - b.line || a.column - b.column;
}

function finish(reader: YamlReader, file: AssistantFile | undefined): ParseAssistantFileResult {
  const warnings = [...reader.warnings].sort(byPosition);
  if (reader.errors.length > 0 || file === undefined) {
    return { ok: false, errors: [...reader.errors].sort(byPosition), warnings, ...(file === undefined ? {} : { format: file.format }) };
  }
  return { ok: true, file, warnings };
}

/** The workspace read, or undefined when the JSON is not a Watson workspace (then read as YAML). */
function readWatsonJson(text: string, name: string): ParseAssistantFileResult | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    if (!/"dialog_nodes"\s*:/.test(text)) return undefined;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ line: 1, column: 1, path: '', message: `${name} looks like a Watson workspace but is not valid JSON: ${message}`, code: 'file_watson_not_json' }], warnings: [] };
  }
  const result = readWatsonWorkspace(json, name);
  if (!result.ok) return undefined;
  return { ok: true, file: { ...result.file, report: result.report }, warnings: [] };
}

export interface ParseAssistantFileOptions {
  /**
   * A Rasa project's NLU file: its `synonym:` items are left for the project to apply once every
   * file is read (deferredRasaSynonyms), as Rasa's synonyms are global.
   */
  deferRasaSynonyms?: boolean;
  /**
   * A merge import's target content: the file's references (a dialogue's skill, a condition's
   * context…) may name its items, as the merged result has them. Without, the file stands alone.
   */
  mergeInto?: AssistantContent;
}

/**
 * Reads an assistant file. JSON with Watson's keys (`intents`, `dialog_nodes`) is an IBM Watson
 * workspace. A file whose top level has `nlu:` and none of our own keys is Rasa NLU
 * training data; anything else is our format. `fileName` only sharpens messages.
 */
export function parseAssistantFile(given: string, fileName?: string, options: ParseAssistantFileOptions = {}): ParseAssistantFileResult {
  const name = fileName ?? 'the file';
  // A byte order mark (Windows editors write one) is not part of the content.
  const text = given.startsWith('\uFEFF') ? given.slice(1) : given;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_ASSISTANT_FILE_BYTES) {
    const error = { line: 1, column: 1, path: '', message: `${name} has ${megabytes(bytes)} MB; an assistant file may have at most ${megabytes(MAX_ASSISTANT_FILE_BYTES)} MB`, code: 'file_too_large', params: { size: megabytes(bytes), max: megabytes(MAX_ASSISTANT_FILE_BYTES) } };
    return { ok: false, errors: [error], warnings: [] };
  }
  // A Watson workspace is JSON (which is YAML too, but the YAML reader is slower and no help here).
  if (/^\s*\{/.test(text)) {
    const watson = readWatsonJson(text, name);
    if (watson) return watson;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const reader = new YamlReader(text, doc, lineCounter);

  // Rasa 1.x Markdown is YAML comments and a list to a YAML parser: recognise it before parsing.
  const markdown = /^##\s*(intent|synonym|regex|lookup):/m.exec(text);
  if (markdown) {
    reader.error(markdown.index, '', `${name} looks like Rasa Markdown training data (## ${markdown[1]}:), which is not supported; convert it to YAML with \`rasa data convert nlu -f yaml\``, 'file_rasa_markdown');
    return finish(reader, undefined);
  }

  reader.addYamlProblems();
  // A duplicate key leaves a sound document: keep validating so every other error shows too.
  if (doc.errors.some((problem) => problem.code !== 'DUPLICATE_KEY')) return finish(reader, undefined);
  // Before anything follows an alias: a few kilobytes of aliases can stand for billions of nodes.
  const aliases = aliasExpansionProblem(doc, reader.aliasTargets, MAX_ALIASED_NODES);
  if (aliases) {
    reader.error(aliases.at, '', aliases.message, aliases.code, aliases.params);
    return finish(reader, undefined);
  }

  const root = reader.resolve(doc.contents);
  if (root === undefined || reader.isEmpty(root)) {
    reader.error(0, '', `${name} is empty; an assistant file starts with "version: 1"`, 'file_empty');
    return finish(reader, undefined);
  }
  if (!isMap(root)) {
    reader.error(root, '', `${name} must be a mapping of sections (version, intents, skills, …), not a list or a text`, 'file_not_sections');
    return finish(reader, undefined);
  }
  if (root.has('rasa_nlu_data')) {
    reader.error(root, 'rasa_nlu_data', 'Rasa JSON training data is not supported; convert it to YAML with `rasa data convert nlu -f yaml`', 'file_rasa_json');
    return finish(reader, undefined);
  }
  const isRasa = root.has('nlu') && !HELPER_ONLY_KEYS.some((key) => root.has(key));
  const file = isRasa ? readRasaNluFile(reader, root, options.deferRasaSynonyms === true) : readHelperFile(reader, root, options.mergeInto);
  return finish(reader, file);
}
