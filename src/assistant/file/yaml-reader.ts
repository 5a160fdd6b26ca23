// Reads a parsed YAML document node by node and records every problem with its line and column,
// instead of stopping at the first one: an administrator fixing a file wants the whole list.
// Format readers (Helper, Rasa NLU) describe what they expect through MapView; this file knows
// YAML, positions and wording, not the assistant model.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FileError, FilePosition, FilePositions } from './assistant-file.js';
import { suggestName } from '../suggest-name.js';
import { resolveAliases, type AliasTargets } from './yaml-aliases.js';

export interface ListItem {
  node: Node;
  path: string;
  index: number;
}

/** One line of a block scalar (Rasa's `examples: |`), with where it starts in the file if known. */
export interface ScalarLine {
  text: string;
  /** Offset in the file of the line's first character of content; undefined when unmappable. */
  offset: number | undefined;
}

/**
 * A file nested thousands of levels deep (JSON too, which YAML reads) exhausts the YAML parser's
 * stack; its own sentence is then "Maximum call stack size exceeded", which names the machine
 * rather than the file.
 */
export function isNestedTooDeeply(problem: { code: string; message: string }): boolean {
  return problem.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(problem.message);
}

export const NESTED_TOO_DEEPLY = 'the file nests lists or mappings too deeply to be read; an assistant file needs only a few levels';

export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** What a node is, as a stable word a translation picks its words by (the `found` param). */
export function nodeKind(node: Node | null | undefined): 'nothing' | 'mapping' | 'list' | 'text' | 'number' | 'boolean' | 'other' {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'mapping';
  if (isSeq(node)) return 'list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'nothing';
    if (typeof value === 'string') return 'text';
    if (typeof value === 'number') return 'number';
    if (typeof value === 'boolean') return 'boolean';
  }
  return 'other';
}

/** How a node looks to an administrator, for "must be X, not Y" messages. */
export function describeNode(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'nothing';
    if (typeof value === 'string') return 'a text';
    if (typeof value === 'number') return 'a number';
    if (typeof value === 'boolean') return 'true/false';
  }
  return 'a value of another type';
}

export class YamlReader {
  readonly errors: FileError[] = [];
  readonly warnings: FileError[] = [];
  /** Every alias's node, found once (see yaml-aliases.ts). */
  readonly aliasTargets: AliasTargets;

  constructor(
    readonly source: string,
    readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {
    this.aliasTargets = resolveAliases(doc);
  }

  offsetOf(at: Node | number | null | undefined): number {
    if (typeof at === 'number') return at;
    return at?.range?.[0] ?? 0;
  }

  lineOf(at: Node | number | null | undefined): number {
    return this.lineCounter.linePos(this.offsetOf(at)).line;
  }

  /** Where a node (or an offset) is in the file; line and column start at 1. */
  positionOf(at: Node | number | null | undefined): FilePosition {
    const { line, col } = this.lineCounter.linePos(this.offsetOf(at));
    return { line, column: col };
  }

  /** A problem at a place, not yet an error or a warning (one given later, when more is known). */
  located(at: Node | number | null | undefined, path: string, message: string, code?: string, params?: FileError['params']): FileError {
    return { ...this.positionOf(at), path, message, ...(code ? { code } : {}), ...(params && Object.keys(params).length > 0 ? { params } : {}) };
  }

  /**
   * Where `node` and what it holds were written, by path (`apis[0]`, `apis[0].headers[1].value`),
   * `depth` levels down (a key and a list item are a level each): for problems found only after
   * the file was read, when its nodes are gone (the save of an import, in another thread). A key
   * with nothing after the colon is placed at the key. Of a list, the first `maxItems` items (what
   * the later check takes: beyond, a problem is the list's own).
   */
  recordPositions(node: Node | null | undefined, path: string, depth: number, maxItems: number, into: FilePositions): void {
    const resolved = this.resolve(node);
    if (resolved === undefined) return;
    into.set(path, this.positionOf(resolved));
    if (depth <= 0) return;
    if (isSeq(resolved)) {
      (resolved as YAMLSeq<Node | null>).items.slice(0, maxItems).forEach((item, index) => this.recordPositions(item, `${path}[${index}]`, depth - 1, maxItems, into));
      return;
    }
    if (!isMap(resolved)) return;
    for (const pair of (resolved as YAMLMap<Node | null, Node | null>).items) {
      const key = this.resolve(pair.key);
      const keyText = this.scalarText(key);
      if (key === undefined || typeof keyText !== 'string') continue;
      const value = this.resolve(pair.value);
      const child = joinPath(path, keyText);
      if (value === undefined || this.isEmpty(value)) into.set(child, this.positionOf(key));
      else this.recordPositions(value, child, depth - 1, maxItems, into);
    }
  }

  /** A problem at a place; `code` and `params` say it in any language (FileError), `message` in English. */
  error(at: Node | number | null | undefined, path: string, message: string, code?: string, params?: FileError['params']): void {
    this.errors.push(this.located(at, path, message, code, params));
  }

  warn(at: Node | number | null | undefined, path: string, message: string, code?: string, params?: FileError['params']): void {
    this.warnings.push(this.located(at, path, message, code, params));
  }

  /** Anchors and aliases are legal YAML; the alias stands for the anchored node. */
  resolve(node: Node | null | undefined): Node | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return this.aliasTargets.get(node);
    return node;
  }

  /**
   * The node as a plain value (mappings as objects with text keys), aliases followed. Only for a
   * document whose aliases were checked (aliasExpansionProblem): they cannot loop or explode.
   */
  toValue(node: Node | null | undefined): unknown {
    const resolved = this.resolve(node);
    if (resolved === undefined) return null;
    if (isScalar(resolved)) return resolved.value ?? null;
    if (isSeq(resolved)) return (resolved as YAMLSeq<Node | null>).items.map((item) => this.toValue(item));
    if (!isMap(resolved)) return null;
    const value: Record<string, unknown> = {};
    for (const pair of (resolved as YAMLMap<Node | null, Node | null>).items) {
      const key = this.resolve(pair.key);
      const keyText = isScalar(key) ? String(key.value) : JSON.stringify(this.toValue(key));
      // defineProperty: a key "__proto__" is data, not the object's prototype.
      Object.defineProperty(value, keyText, { value: this.toValue(pair.value), enumerable: true, writable: true, configurable: true });
    }
    return value;
  }

  isEmpty(node: Node | undefined): boolean {
    return node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
  }

  /**
   * The text of a scalar. A plain number or true/false counts as the text written (a phrase `1`
   * or a payload `true` is text to the assistant); null means the scalar has no value.
   */
  scalarText(node: Node | undefined): string | null | undefined {
    if (node === undefined || !isScalar(node)) return undefined;
    const value = node.value;
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if ((typeof value === 'number' || typeof value === 'boolean') && node.range) {
      return this.source.slice(node.range[0], node.range[1]).trim();
    }
    return String(value);
  }

  /** A mapping for `what` (e.g. "an intent"), or undefined with an error. */
  mapView(node: Node | undefined, path: string, what: string, allowedKeys: readonly string[]): MapView | undefined {
    const resolved = this.resolve(node);
    if (resolved === undefined || !isMap(resolved)) {
      this.error(resolved ?? node, path, `${what} must be a mapping (key: value lines), not ${describeNode(resolved)}`, 'file_not_mapping', { found: nodeKind(resolved) });
      return undefined;
    }
    return new MapView(this, resolved, path, what, allowedKeys);
  }

  /** The items of a list, or undefined with an error. */
  listItems(node: Node | undefined, path: string, what: string): ListItem[] | undefined {
    const resolved = this.resolve(node);
    if (resolved === undefined || !isSeq(resolved)) {
      this.error(resolved ?? node, path, `${what} must be a list, not ${describeNode(resolved)}`, 'file_not_list', { found: nodeKind(resolved) });
      return undefined;
    }
    return (resolved as YAMLSeq<Node>).items.map((item, index) => ({ node: this.resolve(item) ?? item, path: `${path}[${index}]`, index }));
  }

  /** A list item that must be a non-empty text, trimmed; `what` names it in messages. */
  itemText(item: ListItem, what: string): string | undefined {
    const text = this.scalarText(item.node);
    if (text === null || (typeof text === 'string' && text.trim() === '')) {
      this.error(item.node, item.path, `${what} is empty`, 'empty');
      return undefined;
    }
    if (typeof text !== 'string') {
      this.error(item.node, item.path, `${what} must be a text, not ${describeNode(item.node)}`, 'file_not_text', { found: nodeKind(item.node) });
      return undefined;
    }
    return text.trim();
  }

  /**
   * Offset in the file of character `index` of a one-line scalar's value, so an error inside a
   * phrase points at the markup itself. Falls back to the scalar's start when the source and the
   * value differ (escapes, folding, block scalars).
   */
  offsetInScalar(node: Node, index: number): number {
    const start = this.offsetOf(node);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return start;
    const written = this.source.slice(node.range[0], node.range[1]);
    const value = node.value;
    if (node.type === 'PLAIN' && written === value) return start + index;
    if ((node.type === 'QUOTE_SINGLE' && written === `'${value}'` && !value.includes("'")) ||
        (node.type === 'QUOTE_DOUBLE' && written === `"${value}"`)) {
      return start + 1 + index;
    }
    return start;
  }

  /**
   * The lines of a literal block scalar (`|`), each with its offset in the file: the lines of a
   * literal block are the file's lines after the header, minus the indentation.
   */
  scalarLines(node: Scalar): ScalarLine[] {
    const value = typeof node.value === 'string' ? node.value : '';
    const lines = value.split('\n');
    if (node.type !== 'BLOCK_LITERAL' || !node.range) {
      return lines.map((text) => ({ text, offset: undefined }));
    }
    const headerLine = this.lineCounter.linePos(node.range[0]).line;
    const starts = this.lineCounter.lineStarts;
    return lines.map((text, i) => {
      const lineStart = starts[headerLine + i];
      if (lineStart === undefined) return { text, offset: undefined };
      const lineEnd = this.source.indexOf('\n', lineStart);
      const sourceLine = this.source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, '');
      const indent = sourceLine.length - text.length;
      const mapped = indent >= 0 && sourceLine.endsWith(text) && sourceLine.slice(0, indent).trim() === '';
      return { text, offset: mapped ? lineStart + indent : undefined };
    });
  }

  /** Errors and warnings found by the YAML parser itself. */
  addYamlProblems(): void {
    // The parser may meet the same exhausted stack many times: it is said once.
    let tooDeep = false;
    for (const problem of this.doc.errors) {
      // The library's own wording names its API; say what to do with the file instead.
      // The parser's own sentence is English: its kind of problem (DUPLICATE_KEY, BAD_INDENT…) is the param.
      if (problem.code === 'MULTIPLE_DOCS') this.error(problem.pos[0], '', 'an assistant file holds one YAML document; remove the "---" that starts another one', 'file_yaml_documents');
      else if (problem.code === 'DUPLICATE_KEY') this.error(problem.pos[0], '', problem.message, 'file_yaml_duplicate_key');
      else if (isNestedTooDeeply(problem)) {
        if (!tooDeep) this.error(problem.pos[0], '', NESTED_TOO_DEEPLY, 'file_yaml_too_deep');
        tooDeep = true;
      }
      else {
        const message = this.withQuoteHint(problem.message, problem.pos[0]);
        this.error(problem.pos[0], '', message, message === problem.message ? 'file_yaml_syntax' : 'file_yaml_quote_markup', { kind: problem.code });
      }
    }
    for (const problem of this.doc.warnings) this.warn(problem.pos[0], '', problem.message, 'file_yaml_warning', { kind: problem.code });
  }

  /**
   * `- [impressora](equipamento) parou` is a YAML flow list followed by text: the most likely
   * syntax error in a phrases list, so say how to fix it.
   */
  private withQuoteHint(message: string, offset: number): string {
    const { line } = this.lineCounter.linePos(offset);
    const lineStart = this.lineCounter.lineStarts[line - 1] ?? 0;
    const lineEnd = this.source.indexOf('\n', lineStart);
    const text = this.source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    if (/^\s*(-\s+)?\[[^\]]*\]\s*[({]/.test(text)) {
      return `${message} (a phrase that starts with entity markup like [text](context) must be in quotes: '[text](context) …')`;
    }
    return message;
  }
}

interface MapField {
  key: Scalar;
  value: Node | undefined;
}

/** One YAML mapping read as an object of known keys; unknown keys are reported once, here. */
export class MapView {
  private readonly fields = new Map<string, MapField>();

  constructor(
    readonly reader: YamlReader,
    readonly node: YAMLMap,
    readonly path: string,
    readonly what: string,
    allowedKeys: readonly string[],
  ) {
    for (const pair of (node as YAMLMap<Node, Node | null>).items) {
      const key = reader.resolve(pair.key);
      const keyText = reader.scalarText(key);
      if (key === undefined || !isScalar(key) || typeof keyText !== 'string') {
        reader.error(key ?? node, path, `${what} has a key that is not a name (${describeNode(key)})`, 'file_key_not_name', { found: nodeKind(key) });
        continue;
      }
      if (!allowedKeys.includes(keyText)) {
        const suggestion = suggestName(keyText, allowedKeys);
        const hint = suggestion === undefined ? ` (known keys: ${allowedKeys.join(', ')})` : `; did you mean "${suggestion}"?`;
        const message = `unknown key "${keyText}" in ${what}${hint}`;
        if (suggestion === undefined) reader.error(key, joinPath(path, keyText), message, 'file_unknown_key', { key: keyText, keys: allowedKeys.join(', ') });
        else reader.error(key, joinPath(path, keyText), message, 'file_unknown_key_suggest', { key: keyText, suggestion });
        continue;
      }
      // A duplicate key is already a YAML error; the first one counts.
      if (!this.fields.has(keyText)) this.fields.set(keyText, { key, value: reader.resolve(pair.value) });
    }
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  keys(): string[] {
    return [...this.fields.keys()];
  }

  /** The value node; for a key with nothing after the colon, an empty scalar. */
  value(key: string): Node | undefined {
    return this.fields.get(key)?.value;
  }

  keyNode(key: string): Scalar | undefined {
    return this.fields.get(key)?.key;
  }

  /** Where to point for a problem with the field: its value, else the mapping itself. */
  at(key: string): Node {
    return this.value(key) ?? this.keyNode(key) ?? this.node;
  }

  pathOf(key: string): string {
    return joinPath(this.path, key);
  }

  missing(key: string, hint = ''): void {
    this.reader.error(this.node, this.pathOf(key), `${this.what} needs "${key}"${hint}`, 'file_needs_key', { key });
  }

  /** A required field that is absent or empty is reported; returns the value node when usable. */
  present(key: string, required: boolean, hint = ''): Node | undefined {
    if (!this.fields.has(key)) {
      if (required) this.missing(key, hint);
      return undefined;
    }
    const node = this.value(key);
    if (node === undefined || this.reader.isEmpty(node)) {
      const at = node ?? this.keyNode(key);
      if (required) this.reader.error(at, this.pathOf(key), `"${key}" is empty${hint}`, 'empty');
      else this.reader.error(at, this.pathOf(key), `"${key}" has no value; write one or remove the key`, 'file_no_value', { key });
      return undefined;
    }
    return node;
  }

  /** A text field, trimmed. */
  text(key: string, options: { required?: boolean; hint?: string } = {}): string | undefined {
    const node = this.present(key, options.required ?? false, options.hint);
    if (node === undefined) return undefined;
    const text = this.reader.scalarText(node);
    if (typeof text !== 'string') {
      this.reader.error(node, this.pathOf(key), `"${key}" must be a text, not ${describeNode(node)}`, 'file_not_text', { found: nodeKind(node) });
      return undefined;
    }
    const trimmed = text.trim();
    if (trimmed === '') {
      this.reader.error(node, this.pathOf(key), `"${key}" is empty`, 'empty');
      return undefined;
    }
    return trimmed;
  }

  number(key: string, options: { required?: boolean; hint?: string } = {}): number | undefined {
    const node = this.present(key, options.required ?? false, options.hint);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
      this.reader.error(node, this.pathOf(key), `"${key}" must be a number, not ${describeNode(node)}${options.hint ?? ''}`, 'file_not_number', { found: nodeKind(node) });
      return undefined;
    }
    return node.value;
  }

  boolean(key: string): boolean | undefined {
    const node = this.present(key, false);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.reader.error(node, this.pathOf(key), `"${key}" must be true or false, not ${describeNode(node)}`, 'file_not_boolean', { found: nodeKind(node) });
      return undefined;
    }
    return node.value;
  }

  list(key: string, options: { required?: boolean; hint?: string } = {}): ListItem[] | undefined {
    const node = this.present(key, options.required ?? false, options.hint);
    if (node === undefined) return undefined;
    return this.reader.listItems(node, this.pathOf(key), `"${key}"`);
  }
}
