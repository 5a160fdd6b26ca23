// A whole Rasa 3.x project (a folder or a zip of one): domain, NLU data, rules, stories and
// config, each YAML file recognised by its top-level keys wherever it is, as Rasa itself does.
// NLU data goes through the NLU file reader (read-rasa-nlu-file.ts); the rest is read here into
// one assistant, with a report of what was kept and, one line per item, what was not.
import { parseDocument } from 'yaml';
import { actionNameIssue, FORM_VALIDATION_PREFIX } from '../../actions/action-name.js';
import { parseAssistantFile, type AssistantFile, type FileError, type ParseAssistantFileResult } from '../file/assistant-file.js';
import { emptyContent, type AssistantContent, type ContextValue } from '../content.js';
import { MAX_ASSISTANT_FILE_BYTES } from '../file/file-limits.js';
import { isNestedTooDeeply, NESTED_TOO_DEEPLY } from '../file/yaml-reader.js';
import { dropUnsoundItems, reportLine, type ImportReport } from './import-report.js';
import { addDomainPart, emptyDomain, readDomainContexts, readDomainResponses, readResponsePlaceholders, readSessionConfig, record, list, scalarText, type Json } from './read-rasa-domain.js';
import { RasaDialogues } from './read-rasa-stories.js';
import { applyRasaSynonyms, deferredRasaSynonyms, type RasaSynonym } from './read-rasa-nlu-file.js';

export interface ProjectFile {
  /** Relative to the project's folder: `domain.yml`, `data/nlu.yml`. */
  path: string;
  text: string;
}

/** Files of a project to read: its YAML outside the folders Rasa writes or tests with. */
export const MAX_PROJECT_FILES = 200;
const SKIPPED_FOLDERS = /(^|\/)(tests|models|results|\.rasa|\.git|node_modules|__pycache__)\//;

export function isProjectYaml(path: string): boolean {
  return /\.ya?ml$/i.test(path) && !SKIPPED_FOLDERS.test(path) && !/(^|\/)(endpoints|credentials)\.ya?ml$/i.test(path);
}

const DOMAIN_KEYS = ['intents', 'entities', 'slots', 'responses', 'actions', 'forms', 'session_config'];

/**
 * The files Rasa itself reads: in a project laid out as Rasa's (a `domain.yml`, a `domain/` or a
 * `data/` folder, possibly inside one top folder of a zip), only `config.yml`, the domain and
 * `data/` — not a deployment's YAML, a second config, or `rasa data split`'s test data beside
 * them. Without that layout, every YAML file is read and recognised by its keys. Two such layouts
 * side by side are two projects: their folders are returned, to refuse the upload.
 */
function rasaLayoutFiles(files: ProjectFile[]): { files: ProjectFile[] } | { roots: string[] } {
  const roots = new Set(files.flatMap((file) => {
    const match = /^((?:.*\/)?)(?:domain\.ya?ml$|domain\/|data\/)/i.exec(file.path);
    return match ? [match[1] as string] : [];
  }));
  if (roots.size === 0) return { files };
  // The outermost roots: a project's own subfolders (an example project inside it) are left out
  // with the rest of what Rasa does not read, but two projects side by side are two projects.
  const outermost = [...roots].filter((root) => ![...roots].some((other) => other !== root && root.startsWith(other))).sort();
  if (outermost.length > 1) return { roots: outermost };
  const root = outermost[0] as string;
  return { files: files.filter((file) => file.path.startsWith(root) && /^(config\.ya?ml|domain\.ya?ml|domain\/.+\.ya?ml|data\/.+\.ya?ml)$/i.test(file.path.slice(root.length))) };
}

/**
 * One entity's values from two NLU files, read as Rasa's synonym mapper reads the merged data: a
 * value that differs only in case, or that the other file made a synonym, is one value, with the
 * synonyms of both; `renamed` is told of a value that became another's.
 */
function mergeValues(into: ContextValue[], from: ContextValue[], renamed: (from: string, to: string) => void): void {
  const byValue = new Map<string, ContextValue>();
  const bySynonym = new Map<string, ContextValue>();
  const index = (entry: ContextValue) => {
    if (!byValue.has(entry.value.toLowerCase())) byValue.set(entry.value.toLowerCase(), entry);
    for (const synonym of entry.synonyms) if (!bySynonym.has(synonym.toLowerCase())) bySynonym.set(synonym.toLowerCase(), entry);
  };
  into.forEach(index);
  for (const value of from) {
    const lower = value.value.toLowerCase();
    const same = byValue.get(lower) ?? bySynonym.get(lower);
    if (!same) {
      // The other way round: this file makes a synonym of a value the files before it annotated
      // ("impressora" → printer): that value becomes this one's synonym, its annotations this value.
      for (const synonym of value.synonyms) {
        const earlier = byValue.get(synonym.toLowerCase());
        if (earlier === undefined || earlier === value) continue;
        into.splice(into.indexOf(earlier), 1);
        byValue.delete(earlier.value.toLowerCase());
        for (const [word, entry] of bySynonym) if (entry === earlier) bySynonym.delete(word);
        renamed(earlier.value, value.value);
        for (const word of [earlier.value, ...earlier.synonyms]) {
          if (word.toLowerCase() !== lower && !value.synonyms.some((known) => known.toLowerCase() === word.toLowerCase())) value.synonyms.push(word);
        }
      }
      into.push(value);
      index(value);
      continue;
    }
    if (same.value !== value.value) renamed(value.value, same.value);
    for (const synonym of value.synonyms) {
      const known = synonym.toLowerCase() === same.value.toLowerCase() || same.synonyms.some((word) => word.toLowerCase() === synonym.toLowerCase());
      if (known) continue;
      same.synonyms.push(synonym);
      if (!bySynonym.has(synonym.toLowerCase())) bySynonym.set(synonym.toLowerCase(), same);
    }
  }
}

function renameAnnotations(content: AssistantContent, entity: string): (from: string, to: string) => void {
  return (from, to) => {
    for (const intent of content.intents) for (const phrase of intent.phrases) for (const annotation of phrase.entities ?? []) if (annotation.entity === entity && annotation.value === from) annotation.value = to;
  };
}

function mergeContent(into: AssistantContent, from: AssistantContent): void {
  for (const intent of from.intents) {
    const existing = into.intents.find((candidate) => candidate.name === intent.name);
    if (existing) existing.phrases.push(...intent.phrases);
    else into.intents.push(intent);
  }
  for (const context of from.contexts) {
    const existing = into.contexts.find((candidate) => candidate.name === context.name);
    if (!existing) into.contexts.push(context);
    // Renamed in every file's phrases: the intents above already hold this file's in `into`.
    else if (existing.type === 'text' && context.type === 'text') mergeValues(existing.values, context.values, renameAnnotations(into, context.name));
  }
  into.regexes.push(...from.regexes);
}

/** The FallbackClassifier's threshold and the language, from config.yml. */
function readConfig(config: Json, file: AssistantFile, report: ImportReport): void {
  const language = scalarText(config['language'])?.toLowerCase().split(/[-_]/)[0];
  if (language) file.assistant = { ...file.assistant, language };
  const fallback = list(config['pipeline']).map(record).find((component) => component?.['name'] === 'FallbackClassifier');
  const threshold = fallback?.['threshold'];
  if (typeof threshold === 'number' && threshold >= 0 && threshold <= 1) {
    file.settings = { accuracyThreshold: threshold };
    report.lines.push(reportLine('kept', ['config_fallback'], 'threshold_kept', { threshold, percent: Math.round(threshold * 100) }));
  } else if (fallback) {
    report.lines.push(reportLine('skipped', ['config_fallback'], 'threshold_missing'));
  }
  if (list(config['policies']).length > 0) report.lines.push(reportLine('skipped', ['config_policies'], 'policies'));
}

function yamlProblem(file: string, message: string, code: string, params?: FileError['params']): FileError {
  return { line: 1, column: 1, path: '', message, code, ...(params ? { params } : {}), ...(file === '' ? {} : { file }) };
}

/** Reads a project's YAML files into one assistant; every file's errors are reported together. */
export function readRasaProject(files: ProjectFile[]): ParseAssistantFileResult {
  const errors: FileError[] = [];
  const warnings: FileError[] = [];
  const report: ImportReport = { source: 'rasa', lines: [] };
  const file: AssistantFile = { content: emptyContent(), format: 'rasa-project', report };
  const layout = rasaLayoutFiles(files.filter((candidate) => isProjectYaml(candidate.path)));
  if ('roots' in layout) {
    const roots = layout.roots.map((root) => root.replace(/\/$/, '')).join(', ');
    return { ok: false, errors: [yamlProblem('', `the upload holds ${layout.roots.length} Rasa projects (${roots}); import one at a time`, 'project_several_roots', { count: layout.roots.length, roots })], warnings };
  }
  const yamlFiles = layout.files;
  if (yamlFiles.length > MAX_PROJECT_FILES) return { ok: false, errors: [yamlProblem('', `the project has ${yamlFiles.length} YAML files; at most ${MAX_PROJECT_FILES} are read`, 'project_too_many_yaml', { count: yamlFiles.length, max: MAX_PROJECT_FILES })], warnings };
  const total = yamlFiles.reduce((sum, candidate) => sum + Buffer.byteLength(candidate.text, 'utf8'), 0);
  const megabytes = { size: Math.ceil(total / (1024 * 1024)), max: MAX_ASSISTANT_FILE_BYTES / (1024 * 1024) };
  if (total > MAX_ASSISTANT_FILE_BYTES) return { ok: false, errors: [yamlProblem('', `the project's YAML files have ${megabytes.size} MB; at most ${megabytes.max} MB are read`, 'project_too_large', megabytes)], warnings };

  const domain = emptyDomain();
  const rules: unknown[] = [];
  const stories: unknown[] = [];
  const synonyms: RasaSynonym[] = [];
  let sawDomain = false;
  for (const { path, text } of yamlFiles) {
    // maxAliasCount bounds what aliases may stand for (the NLU reader has its own, stricter count).
    const doc = parseDocument(text, { prettyErrors: false });
    const firstError = doc.errors[0];
    if (firstError) {
      const problem = isNestedTooDeeply(firstError) ? yamlProblem(path, NESTED_TOO_DEEPLY, 'file_yaml_too_deep') : yamlProblem(path, firstError.message, 'file_yaml_syntax', { kind: firstError.code });
      errors.push({ ...problem, line: firstError.linePos?.[0].line ?? 1, column: firstError.linePos?.[0].col ?? 1 });
      continue;
    }
    let top: Json | undefined;
    try {
      top = record(doc.toJS({ maxAliasCount: 100 }));
    } catch (error: unknown) {
      errors.push(yamlProblem(path, error instanceof Error ? error.message : String(error), 'file_unreadable'));
      continue;
    }
    if (!top) continue;
    if ('nlu' in top) {
      const nlu = parseAssistantFile(text, path, { deferRasaSynonyms: true });
      const notNlu = /is not NLU training data and was not imported/;
      if (!nlu.ok) errors.push(...nlu.errors.map((error) => ({ ...error, file: path })));
      else {
        warnings.push(...nlu.warnings.filter((warning) => !notNlu.test(warning.message)).map((warning) => ({ ...warning, file: path })));
        mergeContent(file.content, nlu.file.content);
        synonyms.push(...deferredRasaSynonyms(nlu.file).map((synonym) => ({ ...synonym, at: { ...synonym.at, file: path } })));
        report.lines.push(...(nlu.file.report?.lines ?? []));
        report.intentNames = { ...report.intentNames, ...nlu.file.report?.intentNames };
      }
    }
    if (DOMAIN_KEYS.some((key) => key in top)) {
      addDomainPart(domain, top);
      sawDomain = true;
    }
    rules.push(...list(top['rules']));
    stories.push(...list(top['stories']));
    if ('pipeline' in top || 'policies' in top) readConfig(top, file, report);
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  // Rasa's synonyms are global: applied once every file's values are known (data/synonyms.yml
  // reaches the values annotated in data/nlu.yml).
  warnings.push(...applyRasaSynonyms(file.content, synonyms));
  if (!sawDomain && file.content.intents.length === 0) {
    return { ok: false, errors: [yamlProblem('', 'no Rasa domain or NLU data found: a project has a domain.yml and data/nlu.yml', 'project_no_data')], warnings };
  }

  const intentNames = report.intentNames ?? {};
  const dialogues = new RasaDialogues(file.content, report, intentNames);
  for (const intent of domain.intents) {
    const name = intentNames[intent] ?? intent;
    if (!dialogues.isRetrievalBase(intent) && !file.content.intents.some((candidate) => candidate.name === name)) report.lines.push(reportLine('skipped', ['intent', { name: intent }], 'no_examples_in_nlu'));
  }
  readDomainContexts(domain, file.content, report);
  readSessionConfig(domain, file.content, report);
  readDomainResponses(domain, file.content, report, intentNames);
  readResponsePlaceholders(file.content, report);
  for (const action of domain.actions.filter((name) => !name.startsWith('utter_'))) {
    // A form's validation action (`validate_<form>`) becomes the action skill that validates the
    // answers of the dialogue of that name (the form itself is rebuilt as a dialogue with slots).
    const form = action.startsWith(FORM_VALIDATION_PREFIX) ? action.slice(FORM_VALIDATION_PREFIX.length) : undefined;
    if (form !== undefined && domain.forms.includes(form) && actionNameIssue(action) === undefined && !file.content.skills.some((skill) => skill.name === action)) {
      file.content.skills.push({ name: action, fallback: false, kind: 'action', action, texts: [] });
      report.lines.push(reportLine('kept', ['action', { name: action }], 'form_validation_kept', { name: action, form }));
    } else report.lines.push(reportLine('skipped', ['action', { name: action }], 'custom_action'));
  }
  for (const form of domain.forms) report.lines.push(reportLine('skipped', ['form', { name: form }], 'form'));

  dialogues.readRules(rules);
  dialogues.readStories(stories);
  dialogues.reportUnansweredRetrieval();
  // Rasa's default fallback action utters utter_default.
  if (!file.content.skills.some((skill) => skill.fallback) && file.content.skills.some((skill) => skill.name === 'utter_default')) {
    dialogues.setFallback('utter_default', ['response', { name: 'utter_default' }]);
  }
  dropUnsoundItems(file.content, report);
  return { ok: true, file, warnings };
}
