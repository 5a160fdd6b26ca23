// Imports Rasa 3.x (and 2.x, the same shape) NLU training data: the `nlu:` list of intent,
// synonym, lookup and regex items. Rasa has no declared entities in NLU data, so every annotated
// entity, lookup table and synonym becomes a text context (README.md, "Importing Rasa NLU data").
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { AssistantFile, FileError } from '../file/assistant-file.js';
import { emptyContent, type AssistantContent, type ContextValue, type Intent, type Phrase } from '../content.js';
import { reportLine, type ImportReport } from './import-report.js';
import { parsePhraseMarkup } from '../file/phrase-markup.js';
import { regexProblem } from '../regex-problem.js';
import { isSymbolName, symbolNameMessage, symbolNameProblem } from '../symbol-name.js';
import { validSymbolName } from './valid-symbol-name.js';
import { describeNode, nodeKind, type MapView, type YamlReader } from '../file/yaml-reader.js';

/** Rasa keys of domain, story and rule files: legal next to `nlu:`, but not NLU data. */
const IGNORED_KEYS = ['responses', 'stories', 'rules', 'intents', 'entities', 'slots', 'forms', 'actions', 'session_config', 'e2e_actions', 'config', 'test_stories'];
const ITEM_KINDS = ['intent', 'synonym', 'lookup', 'regex'] as const;

interface Example {
  /** The example without the leading `- `. */
  raw: string;
  path: string;
  /** Offset in the file of raw[index]; the start of the node when the text cannot be mapped. */
  offsetOf: (index: number) => number;
}

/** A text context being built from annotations, lookups and synonyms, by its values in lower case. */
type TextContextDraft = Map<string, ContextValue>;

/** Each draft's entries by their synonyms in lower case (kept by addSynonym): a value said as a synonym is found at once. */
const synonymIndex = new WeakMap<TextContextDraft, Map<string, ContextValue>>();
function synonymsOf(draft: TextContextDraft): Map<string, ContextValue> {
  let index = synonymIndex.get(draft);
  if (!index) {
    index = new Map();
    synonymIndex.set(draft, index);
  }
  return index;
}

/**
 * The value's entry, made when new. Values that differ only in case are one value (the first
 * spelling kept), and a value already known as another value's synonym is that value: Rasa's
 * synonym mapper reads them so ("[Berlin](city)" beside "[berlin](city)", "[NYC](city)" beside
 * `[nyc]{"entity": "city", "value": "New York"}`).
 */
function addValue(draft: TextContextDraft, value: string): ContextValue {
  const lower = value.toLowerCase();
  let entry = draft.get(lower) ?? synonymsOf(draft).get(lower);
  if (!entry) {
    entry = { value, synonyms: [] };
    draft.set(lower, entry);
  }
  return entry;
}

/** Told when a value of its own became another value's synonym: its annotations take the other value. */
type OnFold = (from: string, to: string) => void;

/**
 * Makes `synonym` mean the entry's value. A word that was a value of its own (`[NYC](city)` before
 * `[NYC]{"entity": "city", "value": "New York"}`, or a lookup's `nyc`) is folded into the entry,
 * with its synonyms, and `onFold` renames its annotations: Rasa's synonym mapper maps it so, and a
 * word cannot be a value and another value's synonym at once.
 */
function addSynonym(draft: TextContextDraft, entry: ContextValue, synonym: string, onFold?: OnFold): void {
  const lower = synonym.toLowerCase();
  if (entry.value.toLowerCase() === lower) return;
  const former = draft.get(lower);
  if (former !== undefined && former !== entry) {
    draft.delete(lower);
    onFold?.(former.value, entry.value);
    for (const word of former.synonyms) addSynonym(draft, entry, word, onFold);
  }
  synonymsOf(draft).set(lower, entry);
  if (entry.synonyms.some((existing) => existing.toLowerCase() === lower)) return;
  entry.synonyms.push(synonym);
}

/** A retrieval intent's name split as Rasa splits it, at the first "/": `faq/ask_name` → faq, ask_name. */
export function retrievalIntent(name: string): { base: string; sub: string } | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1) return undefined;
  return { base: name.slice(0, slash), sub: name.slice(slash + 1) };
}

/** Whether a pattern is valid for a backtracking engine (Python's, JavaScript's), with Python's named-group spellings. */
function backtrackingOnly(pattern: string): boolean {
  try {
    new RegExp(pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>'));
    return true;
  } catch {
    return false;
  }
}

/** A context name from a synonym's value when no entity uses it: `Cartão de crédito` → `cartao_de_credito`. */
function contextNameFor(value: string): string {
  const name = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return name === '' ? 'synonyms' : name;
}

/**
 * A `synonym:` item read but not yet applied. Rasa's synonyms are global: a project applies every
 * file's synonyms once all its NLU files are merged (applyRasaSynonyms), so a `data/synonyms.yml`
 * reaches the values annotated in `data/nlu.yml`.
 */
export interface RasaSynonym {
  value: string;
  words: string[];
  /** Where the item is, for the warning when no entity has its value or words (`file`: added by a project). */
  at: Pick<FileError, 'line' | 'column' | 'path' | 'file'>;
}

/** Each text context of the content as a draft (its values by their lower case, their synonyms indexed). */
function draftOf(values: ContextValue[]): TextContextDraft {
  const draft: TextContextDraft = new Map();
  for (const entry of values) {
    const lower = entry.value.toLowerCase();
    if (!draft.has(lower)) draft.set(lower, entry);
    for (const synonym of entry.synonyms) if (synonym.toLowerCase() !== lower) synonymsOf(draft).set(synonym.toLowerCase(), entry);
  }
  return draft;
}

/** Phrases annotated with a value that became another value's synonym take that value. */
function renameValue(content: AssistantContent, context: string, from: string, to: string): void {
  // Values that differ only in case are one value ("[nyc](city)" beside "[NYC](city)").
  const lower = from.toLowerCase();
  for (const intent of content.intents) {
    for (const phrase of intent.phrases) {
      for (const entity of phrase.entities ?? []) {
        if (entity.entity === context && entity.value.toLowerCase() === lower) entity.value = to;
      }
    }
  }
}

/**
 * Applies synonyms to the content's text contexts, after every entity value is known (they may
 * come first in a file, or in a file of their own). A synonym joins every text context where its
 * value, or one of its words, is a value; words that were values become synonyms, and annotated
 * phrases are rewritten to the canonical value, which is what Rasa's synonym mapper would return
 * for them. Returns the warnings of synonyms no entity has.
 */
export function applyRasaSynonyms(content: AssistantContent, synonyms: readonly RasaSynonym[]): FileError[] {
  const warnings: FileError[] = [];
  const drafts = new Map<string, TextContextDraft>();
  for (const context of content.contexts) if (context.type === 'text') drafts.set(context.name, draftOf(context.values));
  for (const { value, words, at } of synonyms) {
    const lowerWords = new Set([value, ...words].map((word) => word.toLowerCase()));
    let targets = [...drafts.entries()].filter(([, draft]) => [...draft.keys()].some((existing) => lowerWords.has(existing)));
    if (targets.length === 0) {
      const wanted = contextNameFor(value);
      const name = drafts.has(wanted) ? wanted : validSymbolName(wanted, new Set(content.contexts.map((context) => context.name)));
      warnings.push({ ...at, message: `no entity has the value "${value}" or one of its synonyms; they were put in text context "${name}"`, code: 'file_rasa_synonym_context', params: { value, context: name } });
      let draft = drafts.get(name);
      if (!draft) {
        draft = new Map();
        drafts.set(name, draft);
        content.contexts.push({ name, type: 'text', values: [] });
      }
      targets = [[name, draft]];
    }
    for (const [contextName, draft] of targets) {
      const entry = addValue(draft, value);
      // A word that was a value of its own is folded into the entry, its annotations renamed.
      const onFold: OnFold = (from, to) => renameValue(content, contextName, from, to);
      for (const word of words) addSynonym(draft, entry, word, onFold);
    }
  }
  for (const context of content.contexts) {
    const draft = drafts.get(context.name);
    if (context.type === 'text' && draft) context.values = [...draft.values()];
  }
  return warnings;
}

/** The synonyms a file read with `deferSynonyms` left for its project to apply. */
const deferred = new WeakMap<AssistantFile, RasaSynonym[]>();
export function deferredRasaSynonyms(file: AssistantFile): RasaSynonym[] {
  return deferred.get(file) ?? [];
}

class RasaImport {
  readonly file: AssistantFile = { content: emptyContent(), format: 'rasa-nlu' };
  readonly report: ImportReport = { source: 'rasa', lines: [] };
  private readonly renamed = new Map<string, string>();
  private readonly takenIntentNames = new Set<string>();
  private readonly intents = new Map<string, Intent>();
  private readonly contexts = new Map<string, TextContextDraft>();
  private readonly synonyms: RasaSynonym[] = [];
  /** Values folded into another's (addSynonym), in order: their annotations are renamed once every phrase is read. */
  private readonly folds: Array<{ context: string; from: string; to: string }> = [];

  constructor(
    private readonly reader: YamlReader,
    private readonly deferSynonyms: boolean,
  ) {}

  /** The examples of an item: Rasa's block of `- ` lines, or a list of texts or `{text, metadata}`. */
  examples(view: MapView, what: string): Example[] {
    const node = view.present('examples', true, `: the ${what}, one "- " line each`);
    if (node === undefined) return [];
    const path = view.pathOf('examples');
    const examples: Example[] = [];
    if (isScalar(node)) {
      const text = this.reader.scalarText(node);
      if (typeof text !== 'string') {
        this.reader.error(node, path, `"examples" must be a block of "- " lines, not ${describeNode(node)}`, 'file_not_list', { found: nodeKind(node) });
        return [];
      }
      let index = 0;
      for (const line of this.reader.scalarLines(node)) {
        if (line.text.trim() === '') continue;
        const dash = /^(\s*)-(\s*)/.exec(line.text);
        const linePath = `${path}[${index}]`;
        index += 1;
        const lineOffset = line.offset;
        const nodeStart = this.reader.offsetOf(node);
        if (!dash) {
          // As Rasa: a line that does not start with "-" (a "# comment") is left out, with a warning.
          this.reader.warn(lineOffset ?? nodeStart, linePath, `each example must start with "- "; "${line.text.trim()}" was left out`, 'file_rasa_example_dash');
          continue;
        }
        const rawStart = dash[0].length;
        const offsetOf = lineOffset === undefined ? () => nodeStart : (index: number) => lineOffset + rawStart + index;
        examples.push({ raw: line.text.slice(rawStart), path: linePath, offsetOf });
      }
    } else {
      for (const item of this.reader.listItems(node, path, '"examples"') ?? []) {
        let textNode: Node | undefined = item.node;
        if (isMap(item.node)) {
          const exampleView = this.reader.mapView(item.node, item.path, 'an example', ['text', 'metadata']);
          if (exampleView?.has('metadata')) this.reader.warn(exampleView.keyNode('metadata'), exampleView.pathOf('metadata'), 'example metadata is not imported', 'file_rasa_not_imported', { key: 'metadata' });
          textNode = exampleView?.present('text', true);
          if (textNode === undefined) continue;
        }
        const text = this.reader.scalarText(textNode);
        if (typeof text !== 'string') {
          this.reader.error(textNode, item.path, `an example must be a text, not ${describeNode(textNode)}`, 'file_not_text', { found: nodeKind(textNode) });
          continue;
        }
        const scalar = textNode;
        examples.push({ raw: text, path: item.path, offsetOf: (index: number) => this.reader.offsetInScalar(scalar, index) });
      }
    }
    if (examples.length === 0) this.reader.error(node, path, `"examples" has no examples`, 'too_few', { min: 1 });
    return examples;
  }

  private at(example: Example, index: number): number {
    return example.offsetOf(index);
  }

  private checkName(view: MapView, key: string, what: string): string | undefined {
    const name = view.text(key, { required: true });
    if (name !== undefined && !isSymbolName(name)) {
      this.reader.error(view.at(key), view.pathOf(key), symbolNameMessage(what, name), 'symbol_name', { name });
      return undefined;
    }
    return name;
  }

  private context(name: string): TextContextDraft {
    let draft = this.contexts.get(name);
    if (!draft) {
      draft = new Map();
      this.contexts.set(name, draft);
    }
    return draft;
  }

  /**
   * Rasa takes intent names we cannot (`reverted_card_payment?`, spaces): they are mapped to valid
   * names, reported (a warning and the import's report), and the same name always maps the same.
   */
  private intentName(view: MapView): string | undefined {
    const original = view.text('intent', { required: true });
    const retrieval = original === undefined ? undefined : retrievalIntent(original);
    if (original !== undefined && retrieval !== undefined) {
      // `faq/ask_name` is a retrieval intent: Rasa trains it as `faq` and picks the response
      // `utter_faq/ask_name` by the part after "/". Here it is an intent of its own, `faq_ask_name`
      // (as the export writes "/"), answered by that response (read-rasa-stories.ts).
      let name = this.renamed.get(original);
      if (name === undefined) {
        name = validSymbolName(original.replace(/\//g, '_'), this.takenIntentNames);
        this.renamed.set(original, name);
        this.report.lines.push(reportLine('renamed', ['intent', { name: original }], 'retrieval_intent', { name, base: retrieval.base }));
        this.report.intentNames = { ...this.report.intentNames, [original]: name };
      }
      return name;
    }
    if (original === undefined || isSymbolName(original)) return original;
    let name = this.renamed.get(original);
    if (name === undefined) {
      name = validSymbolName(original, this.takenIntentNames);
      this.renamed.set(original, name);
      this.report.lines.push(reportLine('renamed', ['intent', { name: original }], 'renamed_invalid', { name, problem: symbolNameProblem(original) ?? 'is not valid' }));
      this.report.intentNames = { ...this.report.intentNames, [original]: name };
    }
    this.reader.warn(view.at('intent'), view.pathOf('intent'), `intent name "${original}" ${symbolNameProblem(original) ?? 'is not valid'}; imported as "${name}"`, 'file_rasa_intent_renamed', { name: original, renamed: name });
    return name;
  }

  readIntent(view: MapView): void {
    const name = this.intentName(view);
    if (view.has('metadata')) this.reader.warn(view.keyNode('metadata'), view.pathOf('metadata'), 'intent metadata is not imported', 'file_rasa_not_imported', { key: 'metadata' });
    const phrases: Phrase[] = [];
    for (const example of this.examples(view, 'example phrases')) {
      const markup = parsePhraseMarkup(example.raw);
      for (const problem of markup.problems) this.reader.error(this.at(example, problem.rawStart), example.path, problem.message, problem.code, problem.params);
      if (markup.phrase.text === '') {
        this.reader.error(this.at(example, 0), example.path, 'example is empty', 'empty');
        continue;
      }
      let usable = markup.problems.length === 0;
      for (const entity of markup.entities) {
        const offset = this.at(example, entity.rawStart);
        for (const key of entity.unsupportedKeys) this.reader.warn(offset, example.path, `entity "${key}" is not supported and was left out`, 'file_rasa_not_imported', { key });
        if (!isSymbolName(entity.entity)) {
          this.reader.error(offset, example.path, symbolNameMessage('entity', entity.entity), 'symbol_name', { name: entity.entity });
          usable = false;
          continue;
        }
        // As in Rasa, `[imp]{"entity": "equipamento", "value": "impressora"}` also says "imp" means "impressora".
        const draft = this.context(entity.entity);
        const context = entity.entity;
        addSynonym(draft, addValue(draft, entity.value), entity.text, (from, to) => this.folds.push({ context, from, to }));
      }
      if (usable) phrases.push(markup.phrase);
    }
    if (name === undefined) return;
    // Rasa reads all items of one intent as one list of examples.
    const intent = this.intents.get(name);
    if (intent) intent.phrases.push(...phrases);
    else {
      this.takenIntentNames.add(name);
      const created: Intent = { name, phrases };
      this.intents.set(name, created);
      this.file.content.intents.push(created);
    }
  }

  readLookup(view: MapView): void {
    const name = this.checkName(view, 'lookup', 'lookup');
    const examples = this.examples(view, 'values');
    if (name === undefined) return;
    const draft = this.context(name);
    for (const example of examples) {
      const value = example.raw.trim();
      if (value === '') this.reader.error(this.at(example, 0), example.path, 'lookup value is empty', 'empty');
      else addValue(draft, value);
    }
  }

  readRegex(view: MapView): void {
    const name = this.checkName(view, 'regex', 'regex');
    for (const example of this.examples(view, 'patterns')) {
      const pattern = example.raw.trim();
      if (pattern === '') {
        this.reader.error(this.at(example, 0), example.path, 'pattern is empty', 'empty');
        continue;
      }
      const problem = regexProblem(pattern);
      if (problem !== undefined) {
        // A pattern Rasa takes (Python's re: lookarounds, backreferences) that our linear-time
        // engine cannot run is left out with a warning; one no engine reads refuses the file.
        if (backtrackingOnly(pattern)) this.reader.warn(this.at(example, 0), example.path, `${problem}; the pattern was left out`, 'regex_invalid', { regex: name ?? pattern });
        else this.reader.error(this.at(example, 0), example.path, problem, 'regex_invalid', { regex: name ?? pattern });
        continue;
      }
      if (name !== undefined) this.file.content.regexes.push({ name, pattern });
    }
  }

  /** Synonyms wait until every entity value is known, since they may come first in the file (or in another file). */
  queueSynonym(view: MapView): void {
    const examples = this.examples(view, 'synonyms');
    const value = view.text('synonym', { required: true });
    if (value === undefined) return;
    const words: string[] = [];
    for (const example of examples) {
      const word = example.raw.trim();
      if (word === '') this.reader.error(this.at(example, 0), example.path, 'synonym is empty', 'empty');
      else words.push(word);
    }
    const { line, column, path } = this.reader.located(view.keyNode('synonym') ?? view.node, view.pathOf('synonym'), '');
    this.synonyms.push({ value, words, at: { line, column, path } });
  }

  finish(): AssistantFile {
    if (this.report.lines.length > 0) this.file.report = this.report;
    for (const [name, draft] of this.contexts) {
      this.file.content.contexts.push({ name, type: 'text', values: [...draft.values()] });
    }
    // In order: a value folded into one that is later folded again ends at the last.
    for (const { context, from, to } of this.folds) renameValue(this.file.content, context, from, to);
    if (this.deferSynonyms) deferred.set(this.file, this.synonyms);
    else this.reader.warnings.push(...applyRasaSynonyms(this.file.content, this.synonyms));
    return this.file;
  }
}

function checkVersion(reader: YamlReader, top: MapView): void {
  if (!top.has('version')) {
    reader.warn(top.node, 'version', 'no "version"; reading it as Rasa 3.x training data', 'file_no_version');
    return;
  }
  const version = reader.scalarText(top.value('version'));
  if (typeof version !== 'string' || !/^[23](\.\d+)*$/.test(version)) {
    reader.error(top.at('version'), 'version', `unsupported Rasa training data version ${typeof version === 'string' ? `"${version}"` : describeNode(top.value('version'))}; Rasa 2.x and 3.x NLU data can be imported`, 'file_version');
  }
}

/** `deferSynonyms`: a project's file, whose synonyms are applied once every file is read (deferredRasaSynonyms). */
export function readRasaNluFile(reader: YamlReader, root: YAMLMap, deferSynonyms = false): AssistantFile {
  const top = reader.mapView(root, '', 'a Rasa training data file', ['version', 'nlu', ...IGNORED_KEYS]);
  const rasa = new RasaImport(reader, deferSynonyms);
  if (!top) return rasa.file;
  checkVersion(reader, top);
  for (const key of IGNORED_KEYS) {
    if (top.has(key)) reader.warn(top.keyNode(key), key, `"${key}" is not NLU training data and was not imported; only "nlu" is`, 'file_rasa_not_imported', { key });
  }
  for (const item of top.list('nlu', { required: true }) ?? []) {
    const view = reader.mapView(item.node, item.path, 'an nlu item', [...ITEM_KINDS, 'examples', 'metadata']);
    if (!view) continue;
    const kinds = ITEM_KINDS.filter((kind) => view.has(kind));
    if (kinds.length !== 1) {
      reader.error(view.node, item.path, kinds.length === 0
        ? `an nlu item needs one of ${ITEM_KINDS.map((kind) => `"${kind}"`).join(', ')}`
        : `an nlu item has one of ${ITEM_KINDS.map((kind) => `"${kind}"`).join(', ')}; this one has ${kinds.map((kind) => `"${kind}"`).join(' and ')}`, 'file_rasa_item_kind', { kinds: ITEM_KINDS.join(', ') });
      continue;
    }
    const [kind] = kinds;
    if (kind !== 'intent' && view.has('metadata')) reader.error(view.keyNode('metadata'), view.pathOf('metadata'), `"metadata" is only for intents`, 'not_used');
    if (kind === 'intent') rasa.readIntent(view);
    else if (kind === 'lookup') rasa.readLookup(view);
    else if (kind === 'regex') rasa.readRegex(view);
    else rasa.queueSynonym(view);
  }
  return rasa.finish();
}
