// Reads our own assistant format (README.md) section by section. This pass checks each item on
// its own (keys, types, required fields); check-helper-content.ts then checks the items against
// each other (duplicates, references), using the positions remembered here.
import { actionEndpointUrlProblem } from '../../actions/action-endpoint.js';
import { actionNameIssue } from '../../actions/action-name.js';
import { apiFromEntry, customFromEntry } from '../../third-party-apis/api-file-entries.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import { MAX_APIS, MAX_ROWS } from '../../third-party-apis/check-apis.js';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { AssistantFile, AssistantIdentity, FilePositions } from './assistant-file.js';
import { checkHelperContent } from './check-helper-content.js';
import { jsonBoundsProblem } from '../json-bounds.js';
import {
  CONTEXT_LIFETIMES,
  CONTEXT_SYSTEM_ENTITIES,
  emptyContent,
  type AssistantContent,
  type AssistantSettings,
  type Button,
  type Condition,
  type Context,
  type ContextType,
  type ContextValue,
  type Dialogue,
  type DialogueSlot,
  type Intent,
  type Phrase,
  type Skill,
  type SkillKind,
  type SkillVariant,
} from '../content.js';
import { parsePhraseMarkup, type ParsedPhraseMarkup } from './phrase-markup.js';
import { suggestName } from '../suggest-name.js';
import { isSymbolName, symbolNameMessage } from '../symbol-name.js';
import { regexProblem } from '../regex-problem.js';
import { FILE_OPERATORS, SLOT_KEYS } from './file-keys.js';
import { describeNode, nodeKind, type ListItem, type MapView, type YamlReader } from './yaml-reader.js';
import { NLU_FALLBACK_INTENT } from '../../nlu/types.js';

/** Keys only our format has: with any of them, a file with `nlu:` is not Rasa data. */
export const HELPER_ONLY_KEYS = ['assistant', 'settings', 'themes', 'contexts', 'regexes', 'skills', 'dialogues', 'apis'] as const;
const TOP_KEYS = ['version', 'assistant', 'settings', 'themes', 'intents', 'contexts', 'regexes', 'skills', 'dialogues', 'apis'];
const CONTEXT_TYPES: readonly ContextType[] = ['text', 'boolean', 'categorical', 'float'];
const SKILL_KINDS: readonly SkillKind[] = ['text', 'buttons', 'image', 'attachment', 'action', 'custom'];
/** The fields that make a kind (each named as its kind), in the order kinds are inferred. */
const KIND_FIELDS = ['buttons', 'image', 'attachment', 'action', 'custom'] as const;

/** Where a value was written: the node to point at and its path. */
export interface Located {
  node: Node;
  path: string;
}

export interface PhraseSource extends Located {
  phrase: Phrase;
  markup: ParsedPhraseMarkup;
}

export interface HelperSources {
  themes: Array<{ name: string; at: Located }>;
  intents: Array<{ intent: Intent; at: Located; theme?: Located; phrases: PhraseSource[] }>;
  contexts: Array<{ context: Context; at: Located }>;
  regexes: Array<{ name: string; at: Located }>;
  skills: Array<{
    skill: Skill;
    at: Located;
    theme?: Located;
    fallback?: Located;
    /** The texts and the variants' texts, where their placeholders are. */
    texts: Array<Located & { text: string }>;
    preset?: PresetSource;
    conditions: ConditionSource[];
  }>;
  dialogues: Array<{
    name: string;
    at: Located;
    theme?: Located & { name: string };
    intents: Array<Located & { name: string }>;
    skill?: Located & { name: string };
    followUpOf?: Located & { name: string };
    /** Where each slot's fields are, by the content's field names (context, question, valuesAsButtons…). */
    slots: Array<{ at: Located; fields: Record<string, Located> }>;
    confirm?: Located;
    cancel?: Located;
  }>;
}

/** Where a variant's condition names its context and gives its value. */
export interface ConditionSource {
  condition: Condition;
  context: Located;
  value: Located;
}

/** Where a skill's preset names a context and a dialogue. */
export interface PresetSource {
  context?: Located;
  contextValue?: Located;
  dialogue?: Located;
}

/** A section's items; `intents:` with nothing under it is an empty section, as in a new file. */
function section(top: MapView, key: string): ListItem[] {
  if (top.has(key) && top.reader.isEmpty(top.value(key))) return [];
  return top.list(key) ?? [];
}

function located(view: MapView, key: string): Located {
  return { node: view.at(key), path: view.pathOf(key) };
}

function optionalLocated(view: MapView, key: string): Located | undefined {
  return view.has(key) ? located(view, key) : undefined;
}

function symbolName(view: MapView, what: string): string | undefined {
  const name = view.text('name', { required: true });
  if (name !== undefined && !isSymbolName(name)) {
    view.reader.error(view.at('name'), view.pathOf('name'), symbolNameMessage(what, name), 'symbol_name', { name });
    return undefined;
  }
  return name;
}

function readVersion(reader: YamlReader, top: MapView): void {
  if (!top.has('version')) {
    reader.warn(top.node, 'version', 'no "version"; reading it as version 1 of the format (write "version: 1" at the top)', 'file_no_version');
    return;
  }
  const node = top.value('version');
  const version = reader.scalarText(node);
  if (version !== '1') {
    reader.error(top.at('version'), 'version', `unsupported format version ${typeof version === 'string' ? `"${version}"` : describeNode(node)}; this Helper reads version 1`, 'file_version');
  }
}

function readIdentity(reader: YamlReader, top: MapView): AssistantIdentity | undefined {
  if (!top.has('assistant') || reader.isEmpty(top.value('assistant'))) return undefined;
  const view = reader.mapView(top.value('assistant'), 'assistant', '"assistant"', ['server', 'language', 'name']);
  if (!view) return undefined;
  const identity: AssistantIdentity = {};
  const server = view.text('server');
  if (server !== undefined) {
    if (/^[a-z0-9]+$/.test(server)) identity.server = server;
    else reader.error(view.at('server'), view.pathOf('server'), `"server" must be lowercase letters and digits only, since it becomes part of host names ({server}{language}.domain); got "${server}"`, 'host_label');
  }
  const language = view.text('language');
  if (language !== undefined) {
    if (/^[a-z]{2,3}$/.test(language)) identity.language = language;
    else reader.error(view.at('language'), view.pathOf('language'), `"language" must be a lowercase language code like pt, en or es; got "${language}"`, 'pattern');
  }
  const name = view.text('name');
  if (name !== undefined) identity.name = name;
  return identity;
}

function readSettings(reader: YamlReader, top: MapView): Partial<AssistantSettings> | undefined {
  if (!top.has('settings') || reader.isEmpty(top.value('settings'))) return undefined;
  const view = reader.mapView(top.value('settings'), 'settings', '"settings"', ['accuracy_threshold', 'action_endpoint']);
  if (!view) return undefined;
  const settings: Partial<AssistantSettings> = {};
  const threshold = view.number('accuracy_threshold', { hint: ' (a percentage from 0 to 100, like 30)' });
  if (threshold !== undefined) {
    const at = view.at('accuracy_threshold');
    if (threshold < 0 || threshold > 100) {
      reader.error(at, view.pathOf('accuracy_threshold'), `"accuracy_threshold" must be a percentage from 0 to 100; got ${threshold}`, 'out_of_range', { value: threshold, min: 0, max: 100 });
    } else {
      if (threshold > 0 && threshold < 1) {
        reader.warn(at, view.pathOf('accuracy_threshold'), `"accuracy_threshold" is a percentage: ${threshold} means ${threshold} %; write ${threshold * 100} for ${threshold * 100} %`, 'file_threshold_fraction', { value: threshold, percent: threshold * 100 });
      }
      settings.accuracyThreshold = threshold / 100;
    }
  }
  const actionEndpoint = view.text('action_endpoint');
  if (actionEndpoint !== undefined) {
    const problem = actionEndpointUrlProblem(actionEndpoint);
    if (problem !== undefined) reader.error(view.at('action_endpoint'), view.pathOf('action_endpoint'), problem, 'not_url');
    else settings.actionEndpointUrl = actionEndpoint;
  }
  return settings;
}

function readThemes(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'themes')) {
    // A theme is often just a name: `themes: [geral, ti]`.
    if (isScalar(item.node) && typeof reader.scalarText(item.node) === 'string') {
      const name = reader.itemText(item, 'a theme name');
      if (name === undefined) continue;
      file.content.themes.push({ name });
      sources.themes.push({ name, at: { node: item.node, path: item.path } });
      continue;
    }
    const view = reader.mapView(item.node, item.path, 'a theme', ['name', 'description']);
    if (!view) continue;
    const name = view.text('name', { required: true });
    const description = view.text('description');
    if (name === undefined) continue;
    file.content.themes.push(description === undefined ? { name } : { name, description });
    sources.themes.push({ name, at: located(view, 'name') });
  }
}

function readPhrase(reader: YamlReader, item: ListItem): PhraseSource | undefined {
  const raw = reader.scalarText(item.node);
  if (raw === null) {
    reader.error(item.node, item.path, 'phrase is empty', 'empty');
    return undefined;
  }
  if (raw === undefined) {
    reader.error(item.node, item.path, `a phrase must be a text, not ${describeNode(item.node)}`, 'file_not_text', { found: nodeKind(item.node) });
    return undefined;
  }
  const markup = parsePhraseMarkup(raw);
  for (const problem of markup.problems) {
    reader.error(reader.offsetInScalar(item.node, problem.rawStart), item.path, problem.message, problem.code, problem.params);
  }
  for (const entity of markup.entities) {
    for (const key of entity.unsupportedKeys) {
      reader.error(reader.offsetInScalar(item.node, entity.rawStart), item.path, `entity "${key}" is not supported; remove "${key}" from the markup`, 'file_markup_key_unsupported', { key });
    }
  }
  if (markup.phrase.text === '') {
    reader.error(item.node, item.path, 'phrase is empty', 'empty');
    return undefined;
  }
  return { phrase: markup.phrase, markup, node: item.node, path: item.path };
}

function readIntents(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'intents')) {
    const view = reader.mapView(item.node, item.path, 'an intent', ['name', 'theme', 'phrases']);
    if (!view) continue;
    const name = symbolName(view, 'intent');
    if (name === NLU_FALLBACK_INTENT) {
      reader.error(view.at('name'), view.pathOf('name'), `"${NLU_FALLBACK_INTENT}" is reserved: it is the intent of messages below the accuracy threshold`, 'reserved_name', { name: NLU_FALLBACK_INTENT });
    }
    const theme = view.text('theme');
    const phraseItems = view.list('phrases', { required: true, hint: ': a list of example phrases' });
    if (phraseItems !== undefined && phraseItems.length === 0) {
      reader.error(view.at('phrases'), view.pathOf('phrases'), 'an intent needs at least one phrase', 'needs_phrase');
    }
    const phrases: PhraseSource[] = [];
    for (const phraseItem of phraseItems ?? []) {
      const phrase = readPhrase(reader, phraseItem);
      if (phrase) phrases.push(phrase);
    }
    if (name === undefined || name === NLU_FALLBACK_INTENT) continue;
    const intent: Intent = { name, phrases: phrases.map((source) => source.phrase) };
    if (theme !== undefined) intent.theme = theme;
    file.content.intents.push(intent);
    sources.intents.push({ intent, at: located(view, 'name'), theme: optionalLocated(view, 'theme'), phrases });
  }
}

function readTextValues(reader: YamlReader, view: MapView): ContextValue[] {
  const values: ContextValue[] = [];
  // Which value each word (value or synonym) stands for: one word must mean one value.
  const meaning = new Map<string, string>();
  const claim = (word: string, value: string, at: Located): void => {
    const key = word.toLowerCase();
    const previous = meaning.get(key);
    if (previous !== undefined) {
      if (previous === value) reader.error(at.node, at.path, `"${word}" is listed twice for value "${value}"`, 'file_word_twice', { word, value });
      else reader.error(at.node, at.path, `"${word}" already stands for value "${previous}" of this context; a word can mean only one value`, 'file_word_other_value', { word, value: previous });
      return;
    }
    meaning.set(key, value);
  };
  for (const item of view.list('values') ?? []) {
    if (isScalar(item.node)) {
      const value = reader.itemText(item, 'a value');
      if (value === undefined) continue;
      claim(value, value, item);
      values.push({ value, synonyms: [] });
      continue;
    }
    const valueView = reader.mapView(item.node, item.path, 'a value', ['value', 'synonyms']);
    if (!valueView) continue;
    const value = valueView.text('value', { required: true });
    if (value === undefined) continue;
    claim(value, value, located(valueView, 'value'));
    const synonyms: string[] = [];
    for (const synonymItem of valueView.list('synonyms') ?? []) {
      const synonym = reader.itemText(synonymItem, 'a synonym');
      if (synonym === undefined) continue;
      claim(synonym, value, synonymItem);
      synonyms.push(synonym);
    }
    values.push({ value, synonyms });
  }
  return values;
}

function readCategoricalValues(reader: YamlReader, view: MapView): string[] {
  const items = view.list('values', { required: true, hint: ': the list of values the context can take' });
  if (items !== undefined && items.length === 0) reader.error(view.at('values'), view.pathOf('values'), 'a categorical context needs at least one value', 'too_few', { min: 1 });
  const values: string[] = [];
  for (const item of items ?? []) {
    const value = reader.itemText(item, 'a value');
    if (value === undefined) continue;
    if (values.includes(value)) reader.error(item.node, item.path, `value "${value}" is listed twice`, 'listed_twice', { name: value });
    else values.push(value);
  }
  return values;
}

/** A text field that must be one of `options` (with "did you mean" otherwise). */
function choice<T extends string>(view: MapView, key: string, options: readonly T[], what: string): T | undefined {
  const text = view.text(key);
  if (text === undefined) return undefined;
  const found = options.find((option) => option === text);
  if (found === undefined) {
    const suggestion = suggestName(text, options);
    view.reader.error(view.at(key), view.pathOf(key), `unknown ${what} "${text}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (${options.join(', ')})`, 'not_one_of', { allowed: options.join(', ') });
  }
  return found;
}

function readContexts(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'contexts')) {
    const view = reader.mapView(item.node, item.path, 'a context', ['name', 'description', 'type', 'values', 'min', 'max', 'lifetime', 'entity']);
    if (!view) continue;
    const name = symbolName(view, 'context');
    const description = view.text('description');
    const typeText = view.text('type', { required: true, hint: `: one of ${CONTEXT_TYPES.join(', ')}` });
    const type = CONTEXT_TYPES.find((candidate) => candidate === typeText);
    if (typeText !== undefined && type === undefined) {
      const suggestion = suggestName(typeText, CONTEXT_TYPES);
      reader.error(view.at('type'), view.pathOf('type'), `unknown context type "${typeText}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (types: ${CONTEXT_TYPES.join(', ')})`, 'not_one_of', { allowed: CONTEXT_TYPES.join(', ') });
    }
    if (type === undefined) continue;
    const used = type === 'float' ? ['min', 'max'] : type === 'boolean' ? [] : ['values'];
    for (const key of ['values', 'min', 'max']) {
      if (view.has(key) && !used.includes(key)) {
        reader.error(view.keyNode(key), view.pathOf(key), `"${key}" is not used by a ${type} context`, 'not_used');
      }
    }
    let context: Context;
    if (type === 'text') context = { name: name ?? '', type, values: readTextValues(reader, view) };
    else if (type === 'categorical') context = { name: name ?? '', type, values: readCategoricalValues(reader, view) };
    else if (type === 'boolean') context = { name: name ?? '', type };
    else {
      const min = view.number('min');
      const max = view.number('max');
      context = { name: name ?? '', type };
      if (min !== undefined) context.min = min;
      if (max !== undefined) context.max = max;
      if (min !== undefined && max !== undefined && min > max) {
        reader.error(view.at('min'), view.pathOf('min'), `"min" (${min}) is greater than "max" (${max})`, 'context_min_above_max', { context: name ?? '', min, max });
      }
    }
    if (description !== undefined) context.description = description;
    const lifetime = choice(view, 'lifetime', CONTEXT_LIFETIMES, 'lifetime');
    if (lifetime !== undefined) context.lifetime = lifetime;
    const entity = choice(view, 'entity', CONTEXT_SYSTEM_ENTITIES, 'system entity');
    if (entity !== undefined) {
      if (context.type !== 'text') reader.error(view.keyNode('entity'), view.pathOf('entity'), `"entity" is used only by a text context (a ${context.type} context is recognised by its type)`, 'not_used');
      else if (context.values.length > 0) reader.error(view.keyNode('entity'), view.pathOf('entity'), `a context filled by the system entity "${entity}" takes no values of its own; remove "values" or "entity"`, 'file_entity_with_values', { entity });
      else context.entity = entity;
    }
    if (name === undefined) continue;
    file.content.contexts.push(context);
    sources.contexts.push({ context, at: located(view, 'name') });
  }
}

function readRegexes(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'regexes')) {
    const view = reader.mapView(item.node, item.path, 'a regex', ['name', 'pattern', 'patterns']);
    if (!view) continue;
    const name = symbolName(view, 'regex');
    const patterns: Located[] = [];
    if (view.has('pattern') && view.has('patterns')) {
      reader.error(view.keyNode('patterns'), view.pathOf('patterns'), 'a regex has either "pattern" (one) or "patterns" (a list), not both', 'file_one_or_list', { one: 'pattern', list: 'patterns' });
    } else if (view.has('patterns')) {
      const items = view.list('patterns');
      if (items?.length === 0) reader.error(view.at('patterns'), view.pathOf('patterns'), '"patterns" is an empty list', 'too_few', { min: 1 });
      patterns.push(...(items ?? []));
    } else if (view.present('pattern', true, ': a regular expression') !== undefined) {
      patterns.push(located(view, 'pattern'));
    }
    for (const at of patterns) {
      const pattern = reader.itemText({ node: at.node, path: at.path, index: 0 }, 'a pattern');
      if (pattern === undefined) continue;
      const problem = regexProblem(pattern);
      if (problem !== undefined) {
        reader.error(at.node, at.path, problem, 'regex_invalid', { regex: name ?? pattern });
        continue;
      }
      if (name !== undefined) file.content.regexes.push({ name, pattern });
    }
    if (name !== undefined) sources.regexes.push({ name, at: located(view, 'name') });
  }
}

function readTexts(reader: YamlReader, view: MapView): Array<Located & { text: string }> {
  if (!view.has('text')) return [];
  const node = view.present('text', true);
  if (node === undefined) return [];
  if (isScalar(node)) {
    const text = reader.itemText({ node, path: view.pathOf('text'), index: 0 }, '"text"');
    return text === undefined ? [] : [{ text, node, path: view.pathOf('text') }];
  }
  const texts: Array<Located & { text: string }> = [];
  const items = reader.listItems(node, view.pathOf('text'), '"text" (one text, or a list of variations)');
  if (items?.length === 0) reader.error(node, view.pathOf('text'), '"text" is an empty list', 'too_few', { min: 1 });
  for (const item of items ?? []) {
    const text = reader.itemText(item, 'a text variation');
    if (text !== undefined) texts.push({ text, node: item.node, path: item.path });
  }
  return texts;
}

function readButtons(reader: YamlReader, items: ListItem[]): Button[] {
  const buttons: Button[] = [];
  for (const item of items) {
    const buttonView = reader.mapView(item.node, item.path, 'a button', ['title', 'payload']);
    if (!buttonView) continue;
    const title = buttonView.text('title', { required: true, hint: ': what the user sees' });
    const payload = buttonView.text('payload', { required: true, hint: ': what the assistant receives when it is chosen' });
    if (title !== undefined && payload !== undefined) buttons.push({ title, payload });
  }
  return buttons;
}

function readUrl(reader: YamlReader, view: MapView, key: string): string | undefined {
  const text = view.text(key);
  if (text === undefined) return undefined;
  const protocol = URL.canParse(text) ? new URL(text).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') {
    reader.error(view.at(key), view.pathOf(key), `"${key}" must be an http(s) URL; got "${text}"`, 'not_url');
    return undefined;
  }
  return text;
}

/** `preset: {context: {name, value}, dialogue}`; check-helper-content.ts checks the names. */
function readPreset(reader: YamlReader, view: MapView, skill: Skill): PresetSource | undefined {
  if (!view.has('preset')) return undefined;
  const presetView = reader.mapView(view.present('preset', true, ': a context value to set and/or a dialogue to continue from'), view.pathOf('preset'), '"preset"', ['context', 'dialogue']);
  if (!presetView) return undefined;
  const source: PresetSource = {};
  const preset: NonNullable<Skill['preset']> = {};
  if (presetView.has('context')) {
    const contextView = reader.mapView(presetView.present('context', true), presetView.pathOf('context'), '"preset.context"', ['name', 'value']);
    const name = contextView?.text('name', { required: true, hint: ': the context to set' });
    const value = contextView?.text('value', { required: true, hint: ': the value it takes' });
    if (contextView && name !== undefined && value !== undefined) {
      preset.context = { name, value };
      source.context = located(contextView, 'name');
      source.contextValue = located(contextView, 'value');
    }
  }
  const dialogue = presetView.text('dialogue');
  if (dialogue !== undefined) {
    preset.dialogue = dialogue;
    source.dialogue = located(presetView, 'dialogue');
  }
  if (!presetView.has('context') && !presetView.has('dialogue')) {
    reader.error(presetView.node, presetView.path, '"preset" needs "context" ({name, value}), "dialogue", or both', 'file_preset_empty');
  }
  if (preset.context !== undefined || preset.dialogue !== undefined) skill.preset = preset;
  return source;
}

/** The keys a mapping has, for a mapping whose keys are names of the assistant's items. */
function keysOf(reader: YamlReader, node: Node): string[] {
  const resolved = reader.resolve(node);
  if (resolved === undefined || !isMap(resolved)) return [];
  return (resolved as YAMLMap<Node, Node | null>).items
    .map((pair) => reader.scalarText(reader.resolve(pair.key)))
    .filter((key): key is string => typeof key === 'string');
}

/** One condition: `set`, `not_set`, a value (equals), or `{one_of: [...]}`, `{at_least: 7}`… */
function readCondition(reader: YamlReader, context: string, node: Node, path: string): Condition | undefined {
  if (isScalar(node)) {
    const text = reader.scalarText(node);
    if (text === null || text === undefined || text.trim() === '') {
      reader.error(node, path, `the condition on "${context}" is empty; write set, not_set, a value, or {one_of: [...]}, {at_least: 7}…`, 'file_condition_empty', { context });
      return undefined;
    }
    if (text === 'set') return { context, operator: 'set' };
    if (text === 'not_set') return { context, operator: 'notSet' };
    return { context, operator: 'equals', value: text.trim() };
  }
  const view = reader.mapView(node, path, `the condition on "${context}"`, Object.keys(FILE_OPERATORS));
  if (!view) return undefined;
  const [key, extra] = view.keys();
  if (key === undefined) {
    // An unknown comparison was reported as an unknown key already.
    if (keysOf(reader, node).length === 0) reader.error(node, path, `the condition on "${context}" needs one of ${Object.keys(FILE_OPERATORS).join(', ')}`, 'file_condition_operator', { context, operators: Object.keys(FILE_OPERATORS).join(', ') });
    return undefined;
  }
  if (extra !== undefined) {
    reader.error(view.keyNode(extra), view.pathOf(extra), `a condition has one comparison; write "${context}" once per variant with "${key}" or "${extra}"`, 'file_condition_one', { context, first: key, second: extra });
    return undefined;
  }
  const operator = FILE_OPERATORS[key as keyof typeof FILE_OPERATORS];
  switch (operator) {
    case 'equals': {
      const value = view.text(key, { required: true });
      return value === undefined ? undefined : { context, operator, value };
    }
    case 'oneOf': {
      const values = (view.list(key, { required: true, hint: ': the values, any of which makes the condition hold' }) ?? [])
        .map((item) => reader.itemText(item, 'a value'))
        .filter((value): value is string => value !== undefined);
      if (values.length === 0) {
        reader.error(view.at(key), view.pathOf(key), '"one_of" needs at least one value', 'too_few', { min: 1 });
        return undefined;
      }
      return { context, operator, value: values };
    }
    default: {
      const value = view.number(key, { required: true, hint: ' (a number)' });
      return value === undefined ? undefined : { context, operator, value };
    }
  }
}

/** `variants: [{when: {context: condition, …}, text}]`: texts chosen by conditions on contexts. */
function readVariants(reader: YamlReader, view: MapView): { variants: SkillVariant[]; texts: Array<Located & { text: string }>; conditions: ConditionSource[] } {
  const result = { variants: [] as SkillVariant[], texts: [] as Array<Located & { text: string }>, conditions: [] as ConditionSource[] };
  if (!view.has('variants')) return result;
  const items = view.list('variants', { required: true, hint: ': a list of {when, text}' });
  for (const item of items ?? []) {
    const variantView = reader.mapView(item.node, item.path, 'a variant', ['when', 'text']);
    if (!variantView) continue;
    const texts = readTexts(reader, variantView);
    if (!variantView.has('text')) variantView.missing('text', ': the text (or variations) it answers with');
    const when: Condition[] = [];
    const whenNode = variantView.present('when', true, ': the conditions, e.g. {nome: set}');
    // A mapping (context: condition), or a list of them when one context has two conditions.
    const groups = whenNode === undefined ? [] : isSeq(reader.resolve(whenNode)) ? reader.listItems(whenNode, variantView.pathOf('when'), '"when"') ?? [] : [{ node: whenNode, path: variantView.pathOf('when'), index: 0 }];
    for (const group of groups) {
      const whenView = reader.mapView(group.node, group.path, '"when" (context: condition)', keysOf(reader, group.node));
      if (whenView !== undefined && whenView.keys().length === 0) reader.error(whenView.node, whenView.path, '"when" needs at least one condition, e.g. {nome: set}', 'file_when_empty');
      for (const context of whenView?.keys() ?? []) {
        const node = whenView?.value(context);
        const at = whenView?.pathOf(context) ?? '';
        const condition = node === undefined ? undefined : readCondition(reader, context, node, at);
        if (condition === undefined || whenView === undefined || node === undefined) continue;
        when.push(condition);
        result.conditions.push({ condition, context: { node: whenView.keyNode(context) ?? node, path: at }, value: { node, path: at } });
      }
    }
    if (texts.length === 0 || when.length === 0) continue;
    result.variants.push({ when, texts: texts.map((entry) => entry.text) });
    result.texts.push(...texts);
  }
  return result;
}

function readSkills(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'skills')) {
    const view = reader.mapView(item.node, item.path, 'a skill', ['name', 'theme', 'fallback', 'kind', 'text', 'buttons', 'image', 'attachment', 'action', 'custom', 'preset', 'variants', 'handoff']);
    if (!view) continue;
    const name = view.text('name', { required: true });
    const theme = view.text('theme');
    const fallback = view.boolean('fallback') ?? false;
    const kindText = view.text('kind');
    const declaredKind = SKILL_KINDS.find((candidate) => candidate === kindText);
    if (kindText !== undefined && declaredKind === undefined) {
      const suggestion = suggestName(kindText, SKILL_KINDS);
      reader.error(view.at('kind'), view.pathOf('kind'), `unknown skill kind "${kindText}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (kinds: ${SKILL_KINDS.join(', ')})`, 'not_one_of', { allowed: SKILL_KINDS.join(', ') });
    }
    const kindFields = KIND_FIELDS.filter((field) => view.has(field));
    const [first, second] = kindFields;
    if (first !== undefined && second !== undefined) {
      reader.error(view.keyNode(second), view.pathOf(second), `a skill answers with one kind; it has both "${first}" and "${second}"`, 'file_skill_two_kinds', { first, second });
    }
    const kind: SkillKind = declaredKind ?? first ?? 'text';
    for (const field of kindFields) {
      if (declaredKind !== undefined && field !== kind) reader.error(view.keyNode(field), view.pathOf(field), `"${field}" is not used by a ${kind} skill`, 'not_used');
    }

    const texts = readTexts(reader, view);
    const skill: Skill = { name: name ?? '', fallback, kind, texts: texts.map((entry) => entry.text) };
    if (theme !== undefined) skill.theme = theme;
    if (view.boolean('handoff') === true) skill.handoff = true;
    if (texts.length === 0 && !view.has('text') && (kind === 'text' || kind === 'buttons')) {
      view.missing('text', kind === 'text' ? ': the answer (one text, or a list of variations)' : ': the question shown above the buttons');
    }
    if (kind === 'buttons') {
      const buttonItems = view.list('buttons', { required: true, hint: ': at least one button ({title, payload})' });
      skill.buttons = readButtons(reader, buttonItems ?? []);
      if (buttonItems?.length === 0) reader.error(view.at('buttons'), view.pathOf('buttons'), 'a buttons skill needs at least one button', 'too_few', { min: 1 });
    }
    if (kind === 'image') {
      const image = readUrl(reader, view, 'image');
      if (image !== undefined) skill.image = image;
      else if (!view.has('image')) view.missing('image', ': the URL of the picture');
    }
    if (kind === 'attachment') {
      const node = view.present('attachment', true, ': a URL or any value the channel understands');
      if (node !== undefined) {
        const attachment = reader.toValue(node);
        // The admin API's bounds of a free-form value: deeper, no export could write it back.
        const bounds = jsonBoundsProblem(attachment);
        if (bounds === undefined) skill.attachment = attachment;
        else reader.error(node, view.pathOf('attachment'), `"attachment" ${bounds.message}`, bounds.code, { max: bounds.max });
      }
    }
    if (kind === 'action') {
      const action = view.text('action', { required: true, hint: ': the custom action\'s name on the action server, e.g. action_check_order' });
      if (action !== undefined) {
        skill.action = action;
        const issue = actionNameIssue(action);
        if (issue !== undefined) reader.error(view.at('action'), view.pathOf('action'), issue.message, issue.code, issue.params);
      }
    }
    if (kind === 'custom') {
      const node = view.present('custom', true, ': {api: NAME}, the third-party API it runs');
      const custom = node === undefined ? undefined : customFromEntry(reader.toValue(node), (field, message, code, params) => reader.error(node, `${view.pathOf('custom')}.${field}`, message, code, params));
      if (custom !== undefined) skill.custom = custom;
    }
    const preset = readPreset(reader, view, skill);
    const variants = readVariants(reader, view);
    if (variants.variants.length > 0) skill.variants = variants.variants;
    if (name === undefined) continue;
    file.content.skills.push(skill);
    sources.skills.push({
      skill,
      at: located(view, 'name'),
      theme: optionalLocated(view, 'theme'),
      fallback: fallback ? located(view, 'fallback') : undefined,
      texts: [...texts, ...variants.texts],
      preset,
      conditions: variants.conditions,
    });
  }
}

function referenceList(reader: YamlReader, view: MapView): Array<Located & { name: string }> {
  if (view.has('intent') && view.has('intents')) {
    reader.error(view.keyNode('intents'), view.pathOf('intents'), 'a dialogue has either "intent" (one) or "intents" (a list), not both', 'file_one_or_list', { one: 'intent', list: 'intents' });
    return [];
  }
  if (!view.has('intent') && !view.has('intents')) {
    view.missing('intents', ' (or "intent"): the intents it answers');
    return [];
  }
  const key = view.has('intent') ? 'intent' : 'intents';
  const node = view.present(key, true);
  if (node === undefined) return [];
  const items: ListItem[] = isScalar(node)
    ? [{ node, path: view.pathOf(key), index: 0 }]
    : reader.listItems(node, view.pathOf(key), `"${key}"`) ?? [];
  if (items.length === 0) reader.error(node, view.pathOf(key), 'a dialogue needs at least one intent', 'too_few', { min: 1 });
  const references: Array<Located & { name: string }> = [];
  for (const item of items) {
    const name = reader.itemText(item, 'an intent name');
    if (name !== undefined) references.push({ name, node: item.node, path: item.path });
  }
  return references;
}

/** `slots: [{context, question, values_as_buttons, label, invalid, max_attempts}]`: what a dialogue asks for. */
function readSlots(reader: YamlReader, view: MapView): { slots: DialogueSlot[]; sources: Array<{ at: Located; fields: Record<string, Located> }> } {
  const result = { slots: [] as DialogueSlot[], sources: [] as Array<{ at: Located; fields: Record<string, Located> }> };
  if (!view.has('slots')) return result;
  for (const item of view.list('slots', { required: true, hint: ': the contexts to ask for, each {context, question}' }) ?? []) {
    const slotView = reader.mapView(item.node, item.path, 'a slot', Object.keys(SLOT_KEYS));
    if (!slotView) continue;
    const context = slotView.text('context', { required: true, hint: ': the context to ask for' });
    const question = slotView.text('question');
    const valuesAsButtons = slotView.boolean('values_as_buttons');
    const label = slotView.text('label');
    const invalid = slotView.text('invalid');
    const maxAttempts = slotView.number('max_attempts');
    if (context === undefined) continue;
    const slot: DialogueSlot = { context };
    if (question !== undefined) slot.question = question;
    if (valuesAsButtons !== undefined) slot.valuesAsButtons = valuesAsButtons;
    if (label !== undefined) slot.label = label;
    if (invalid !== undefined) slot.invalid = invalid;
    if (maxAttempts !== undefined) slot.maxAttempts = maxAttempts;
    const fields: Record<string, Located> = {};
    for (const [key, field] of Object.entries(SLOT_KEYS)) if (slotView.has(key)) fields[field] = located(slotView, key);
    result.slots.push(slot);
    result.sources.push({ at: { node: item.node, path: item.path }, fields });
  }
  return result;
}

function readDialogues(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'dialogues')) {
    const view = reader.mapView(item.node, item.path, 'a dialogue', ['name', 'theme', 'intents', 'intent', 'skill', 'follow_up_of', 'slots', 'confirm', 'cancel']);
    if (!view) continue;
    const name = view.text('name', { required: true });
    const theme = view.text('theme');
    const intents = referenceList(reader, view);
    const skill = view.text('skill', { required: true, hint: ': the skill that answers' });
    const followUpOf = view.text('follow_up_of');
    const slots = readSlots(reader, view);
    const confirm = view.text('confirm');
    const cancel = view.text('cancel');
    if (name === undefined) continue;
    const dialogue: Dialogue = { name, intents: intents.map((intent) => intent.name), skill: skill ?? '' };
    if (theme !== undefined) dialogue.theme = theme;
    if (followUpOf !== undefined) dialogue.followUpOf = followUpOf;
    if (slots.slots.length > 0) dialogue.slots = slots.slots;
    if (confirm !== undefined) dialogue.confirm = confirm;
    if (cancel !== undefined) dialogue.cancel = cancel;
    file.content.dialogues.push(dialogue);
    sources.dialogues.push({
      name,
      at: located(view, 'name'),
      theme: theme === undefined ? undefined : { name: theme, ...located(view, 'theme') },
      intents,
      skill: skill === undefined ? undefined : { name: skill, ...located(view, 'skill') },
      followUpOf: followUpOf === undefined ? undefined : { name: followUpOf, ...located(view, 'follow_up_of') },
      slots: slots.sources,
      confirm: optionalLocated(view, 'confirm'),
      cancel: optionalLocated(view, 'cancel'),
    });
  }
}

/**
 * How deep an API's places are kept: its keys, their list items or keys, and those items' keys
 * (`apis[0].headers[1].value`, `apis[0].status.not_found[0]`); a body row's value is not walked.
 */
const API_POSITION_DEPTH = 3;

function readApis(reader: YamlReader, top: MapView, file: AssistantFile, positions: FilePositions): void {
  if (!top.has('apis')) return;
  const apis: ThirdPartyApi[] = [];
  // The APIs are checked against the assistant's when the import is saved (a secret without a
  // value keeps the one it has): their places are kept for that check's problems.
  // As many as the check takes (more APIs or rows are its `too_many`, placed at the list).
  positions.set('apis', reader.positionOf(top.at('apis')));
  for (const item of section(top, 'apis')) {
    const api = apiFromEntry(reader.toValue(item.node), (field, message, code, params) => reader.error(item.node, field === '' ? item.path : `${item.path}.${field}`, message, code, params));
    if (api !== undefined) apis.push(api);
    if (item.index < MAX_APIS) reader.recordPositions(item.node, item.path, API_POSITION_DEPTH, MAX_ROWS, positions);
  }
  file.apis = apis;
}

/** `mergeInto`: the content a merge import adds the file to, whose items the file's references may name. */
export function readHelperFile(reader: YamlReader, root: YAMLMap, mergeInto?: AssistantContent): AssistantFile {
  // `nlu` is allowed through here only to explain, rather than call it an unknown key.
  const top = reader.mapView(root, '', 'an assistant file', [...TOP_KEYS, 'nlu']);
  const file: AssistantFile = { content: emptyContent(), format: 'helper' };
  if (!top) return file;
  if (top.has('nlu')) {
    const sections = HELPER_ONLY_KEYS.filter((key) => top.has(key)).join(', ');
    reader.error(top.keyNode('nlu'), 'nlu', `"nlu" is Rasa training data, but this file also has Helper sections (${sections}); keep Rasa data in a file of its own, or write its examples as intents with phrases`, 'file_rasa_with_helper', { sections });
  }
  readVersion(reader, top);
  const assistant = readIdentity(reader, top);
  if (assistant !== undefined) file.assistant = assistant;
  const settings = readSettings(reader, top);
  if (settings !== undefined) file.settings = settings;
  const sources: HelperSources = { themes: [], intents: [], contexts: [], regexes: [], skills: [], dialogues: [] };
  readThemes(reader, top, file, sources);
  readContexts(reader, top, file, sources);
  readRegexes(reader, top, file, sources);
  readIntents(reader, top, file, sources);
  readSkills(reader, top, file, sources);
  readDialogues(reader, top, file, sources);
  const positions: FilePositions = new Map();
  readApis(reader, top, file, positions);
  checkHelperContent(reader, sources, file.content, file.assistant?.language, mergeInto);
  if (positions.size > 0) file.positions = positions;
  return file;
}
