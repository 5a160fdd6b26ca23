// Reads our own assistant format (README.md) section by section. This pass checks each item on
// its own (keys, types, required fields); check-helper-content.ts then checks the items against
// each other (duplicates, references), using the positions remembered here.
import { isScalar, type Node, type YAMLMap } from 'yaml';
import type { AssistantFile, AssistantIdentity } from './assistant-file.js';
import { checkHelperContent } from './check-helper-content.js';
import {
  emptyContent,
  type AssistantSettings,
  type Button,
  type Context,
  type ContextType,
  type ContextValue,
  type Intent,
  type Phrase,
  type Skill,
  type SkillKind,
} from './content.js';
import { parsePhraseMarkup, type ParsedPhraseMarkup } from './phrase-markup.js';
import { suggestName } from './suggest-name.js';
import { SYMBOL_NAME_RULE, isSymbolName } from './symbol-name.js';
import { regexProblem } from './regex-problem.js';
import { describeNode, type ListItem, type MapView, type YamlReader } from './yaml-reader.js';
import { NLU_FALLBACK_INTENT } from '../nlu/types.js';

/** Keys only our format has: with any of them, a file with `nlu:` is not Rasa data. */
export const HELPER_ONLY_KEYS = ['assistant', 'settings', 'themes', 'contexts', 'regexes', 'skills', 'dialogues'] as const;
const TOP_KEYS = ['version', 'assistant', 'settings', 'themes', 'intents', 'contexts', 'regexes', 'skills', 'dialogues'];
const CONTEXT_TYPES: readonly ContextType[] = ['text', 'boolean', 'categorical', 'float'];
const SKILL_KINDS: readonly SkillKind[] = ['text', 'buttons', 'image', 'attachment'];
/** The fields that make a kind (each named as its kind), in the order kinds are inferred. */
const KIND_FIELDS = ['buttons', 'image', 'attachment'] as const;

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
  skills: Array<{ skill: Skill; at: Located; theme?: Located; fallback?: Located; texts: Array<Located & { text: string }>; preset?: PresetSource }>;
  dialogues: Array<{ name: string; at: Located; theme?: Located & { name: string }; intents: Array<Located & { name: string }>; skill?: Located & { name: string }; followUpOf?: Located & { name: string } }>;
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
    view.reader.error(view.at('name'), view.pathOf('name'), `${what} name "${name}" must be ${SYMBOL_NAME_RULE}`);
    return undefined;
  }
  return name;
}

function readVersion(reader: YamlReader, top: MapView): void {
  if (!top.has('version')) {
    reader.warn(top.node, 'version', 'no "version"; reading it as version 1 of the format (write "version: 1" at the top)');
    return;
  }
  const node = top.value('version');
  const version = reader.scalarText(node);
  if (version !== '1') {
    reader.error(top.at('version'), 'version', `unsupported format version ${typeof version === 'string' ? `"${version}"` : describeNode(node)}; this Helper reads version 1`);
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
    else reader.error(view.at('server'), view.pathOf('server'), `"server" must be lowercase letters and digits only, since it becomes part of host names ({server}{language}.domain); got "${server}"`);
  }
  const language = view.text('language');
  if (language !== undefined) {
    if (/^[a-z]{2,3}$/.test(language)) identity.language = language;
    else reader.error(view.at('language'), view.pathOf('language'), `"language" must be a lowercase language code like pt, en or es; got "${language}"`);
  }
  const name = view.text('name');
  if (name !== undefined) identity.name = name;
  return identity;
}

function readSettings(reader: YamlReader, top: MapView): Partial<AssistantSettings> | undefined {
  if (!top.has('settings') || reader.isEmpty(top.value('settings'))) return undefined;
  const view = reader.mapView(top.value('settings'), 'settings', '"settings"', ['accuracy_threshold']);
  if (!view) return undefined;
  const settings: Partial<AssistantSettings> = {};
  const threshold = view.number('accuracy_threshold', { hint: ' (a percentage from 0 to 100, like 30)' });
  if (threshold !== undefined) {
    const at = view.at('accuracy_threshold');
    if (threshold < 0 || threshold > 100) {
      reader.error(at, view.pathOf('accuracy_threshold'), `"accuracy_threshold" must be a percentage from 0 to 100; got ${threshold}`);
    } else {
      if (threshold > 0 && threshold < 1) {
        reader.warn(at, view.pathOf('accuracy_threshold'), `"accuracy_threshold" is a percentage: ${threshold} means ${threshold} %; write ${threshold * 100} for ${threshold * 100} %`);
      }
      settings.accuracyThreshold = threshold / 100;
    }
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
    reader.error(item.node, item.path, 'phrase is empty');
    return undefined;
  }
  if (raw === undefined) {
    reader.error(item.node, item.path, `a phrase must be a text, not ${describeNode(item.node)}`);
    return undefined;
  }
  const markup = parsePhraseMarkup(raw);
  for (const problem of markup.problems) {
    reader.error(reader.offsetInScalar(item.node, problem.rawStart), item.path, problem.message);
  }
  for (const entity of markup.entities) {
    for (const key of entity.unsupportedKeys) {
      reader.error(reader.offsetInScalar(item.node, entity.rawStart), item.path, `entity "${key}" is not supported; remove "${key}" from the markup`);
    }
  }
  if (markup.phrase.text === '') {
    reader.error(item.node, item.path, 'phrase is empty');
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
      reader.error(view.at('name'), view.pathOf('name'), `"${NLU_FALLBACK_INTENT}" is reserved: it is the intent of messages below the accuracy threshold`);
    }
    const theme = view.text('theme');
    const phraseItems = view.list('phrases', { required: true, hint: ': a list of example phrases' });
    if (phraseItems !== undefined && phraseItems.length === 0) {
      reader.error(view.at('phrases'), view.pathOf('phrases'), 'an intent needs at least one phrase');
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
      reader.error(at.node, at.path, previous === value
        ? `"${word}" is listed twice for value "${value}"`
        : `"${word}" already stands for value "${previous}" of this context; a word can mean only one value`);
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
  if (items !== undefined && items.length === 0) reader.error(view.at('values'), view.pathOf('values'), 'a categorical context needs at least one value');
  const values: string[] = [];
  for (const item of items ?? []) {
    const value = reader.itemText(item, 'a value');
    if (value === undefined) continue;
    if (values.includes(value)) reader.error(item.node, item.path, `value "${value}" is listed twice`);
    else values.push(value);
  }
  return values;
}

function readContexts(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'contexts')) {
    const view = reader.mapView(item.node, item.path, 'a context', ['name', 'description', 'type', 'values', 'min', 'max']);
    if (!view) continue;
    const name = symbolName(view, 'context');
    const description = view.text('description');
    const typeText = view.text('type', { required: true, hint: `: one of ${CONTEXT_TYPES.join(', ')}` });
    const type = CONTEXT_TYPES.find((candidate) => candidate === typeText);
    if (typeText !== undefined && type === undefined) {
      const suggestion = suggestName(typeText, CONTEXT_TYPES);
      reader.error(view.at('type'), view.pathOf('type'), `unknown context type "${typeText}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (types: ${CONTEXT_TYPES.join(', ')})`);
    }
    if (type === undefined) continue;
    const used = type === 'float' ? ['min', 'max'] : type === 'boolean' ? [] : ['values'];
    for (const key of ['values', 'min', 'max']) {
      if (view.has(key) && !used.includes(key)) {
        reader.error(view.keyNode(key), view.pathOf(key), `"${key}" is not used by a ${type} context`);
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
        reader.error(view.at('min'), view.pathOf('min'), `"min" (${min}) is greater than "max" (${max})`);
      }
    }
    if (description !== undefined) context.description = description;
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
      reader.error(view.keyNode('patterns'), view.pathOf('patterns'), 'a regex has either "pattern" (one) or "patterns" (a list), not both');
    } else if (view.has('patterns')) {
      const items = view.list('patterns');
      if (items?.length === 0) reader.error(view.at('patterns'), view.pathOf('patterns'), '"patterns" is an empty list');
      patterns.push(...(items ?? []));
    } else if (view.present('pattern', true, ': a regular expression') !== undefined) {
      patterns.push(located(view, 'pattern'));
    }
    for (const at of patterns) {
      const pattern = reader.itemText({ node: at.node, path: at.path, index: 0 }, 'a pattern');
      if (pattern === undefined) continue;
      const problem = regexProblem(pattern);
      if (problem !== undefined) {
        reader.error(at.node, at.path, problem);
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
  if (items?.length === 0) reader.error(node, view.pathOf('text'), '"text" is an empty list');
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
    reader.error(view.at(key), view.pathOf(key), `"${key}" must be an http(s) URL; got "${text}"`);
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
    reader.error(presetView.node, presetView.path, '"preset" needs "context" ({name, value}), "dialogue", or both');
  }
  if (preset.context !== undefined || preset.dialogue !== undefined) skill.preset = preset;
  return source;
}

function readSkills(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'skills')) {
    const view = reader.mapView(item.node, item.path, 'a skill', ['name', 'theme', 'fallback', 'kind', 'text', 'buttons', 'image', 'attachment', 'preset']);
    if (!view) continue;
    const name = view.text('name', { required: true });
    const theme = view.text('theme');
    const fallback = view.boolean('fallback') ?? false;
    const kindText = view.text('kind');
    const declaredKind = SKILL_KINDS.find((candidate) => candidate === kindText);
    if (kindText !== undefined && declaredKind === undefined) {
      const suggestion = suggestName(kindText, SKILL_KINDS);
      reader.error(view.at('kind'), view.pathOf('kind'), `unknown skill kind "${kindText}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (kinds: ${SKILL_KINDS.join(', ')})`);
    }
    const kindFields = KIND_FIELDS.filter((field) => view.has(field));
    const [first, second] = kindFields;
    if (first !== undefined && second !== undefined) {
      reader.error(view.keyNode(second), view.pathOf(second), `a skill answers with one kind; it has both "${first}" and "${second}"`);
    }
    const kind: SkillKind = declaredKind ?? first ?? 'text';
    for (const field of kindFields) {
      if (declaredKind !== undefined && field !== kind) reader.error(view.keyNode(field), view.pathOf(field), `"${field}" is not used by a ${kind} skill`);
    }

    const texts = readTexts(reader, view);
    const skill: Skill = { name: name ?? '', fallback, kind, texts: texts.map((entry) => entry.text) };
    if (theme !== undefined) skill.theme = theme;
    if (texts.length === 0 && !view.has('text') && (kind === 'text' || kind === 'buttons')) {
      view.missing('text', kind === 'text' ? ': the answer (one text, or a list of variations)' : ': the question shown above the buttons');
    }
    if (kind === 'buttons') {
      const buttonItems = view.list('buttons', { required: true, hint: ': at least one button ({title, payload})' });
      skill.buttons = readButtons(reader, buttonItems ?? []);
      if (buttonItems?.length === 0) reader.error(view.at('buttons'), view.pathOf('buttons'), 'a buttons skill needs at least one button');
    }
    if (kind === 'image') {
      const image = readUrl(reader, view, 'image');
      if (image !== undefined) skill.image = image;
      else if (!view.has('image')) view.missing('image', ': the URL of the picture');
    }
    if (kind === 'attachment') {
      const node = view.present('attachment', true, ': a URL or any value the channel understands');
      if (node !== undefined) skill.attachment = reader.toValue(node);
    }
    const preset = readPreset(reader, view, skill);
    if (name === undefined) continue;
    file.content.skills.push(skill);
    sources.skills.push({ skill, at: located(view, 'name'), theme: optionalLocated(view, 'theme'), fallback: fallback ? located(view, 'fallback') : undefined, texts, preset });
  }
}

function referenceList(reader: YamlReader, view: MapView): Array<Located & { name: string }> {
  if (view.has('intent') && view.has('intents')) {
    reader.error(view.keyNode('intents'), view.pathOf('intents'), 'a dialogue has either "intent" (one) or "intents" (a list), not both');
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
  if (items.length === 0) reader.error(node, view.pathOf(key), 'a dialogue needs at least one intent');
  const references: Array<Located & { name: string }> = [];
  for (const item of items) {
    const name = reader.itemText(item, 'an intent name');
    if (name !== undefined) references.push({ name, node: item.node, path: item.path });
  }
  return references;
}

function readDialogues(reader: YamlReader, top: MapView, file: AssistantFile, sources: HelperSources): void {
  for (const item of section(top, 'dialogues')) {
    const view = reader.mapView(item.node, item.path, 'a dialogue', ['name', 'theme', 'intents', 'intent', 'skill', 'follow_up_of']);
    if (!view) continue;
    const name = view.text('name', { required: true });
    const theme = view.text('theme');
    const intents = referenceList(reader, view);
    const skill = view.text('skill', { required: true, hint: ': the skill that answers' });
    const followUpOf = view.text('follow_up_of');
    if (name === undefined) continue;
    const dialogue = { name, intents: intents.map((intent) => intent.name), skill: skill ?? '' };
    file.content.dialogues.push({
      ...dialogue,
      ...(theme === undefined ? {} : { theme }),
      ...(followUpOf === undefined ? {} : { followUpOf }),
    });
    sources.dialogues.push({
      name,
      at: located(view, 'name'),
      theme: theme === undefined ? undefined : { name: theme, ...located(view, 'theme') },
      intents,
      skill: skill === undefined ? undefined : { name: skill, ...located(view, 'skill') },
      followUpOf: followUpOf === undefined ? undefined : { name: followUpOf, ...located(view, 'follow_up_of') },
    });
  }
}

export function readHelperFile(reader: YamlReader, root: YAMLMap): AssistantFile {
  // `nlu` is allowed through here only to explain, rather than call it an unknown key.
  const top = reader.mapView(root, '', 'an assistant file', [...TOP_KEYS, 'nlu']);
  const file: AssistantFile = { content: emptyContent(), format: 'helper' };
  if (!top) return file;
  if (top.has('nlu')) {
    reader.error(top.keyNode('nlu'), 'nlu', `"nlu" is Rasa training data, but this file also has Helper sections (${HELPER_ONLY_KEYS.filter((key) => top.has(key)).join(', ')}); keep Rasa data in a file of its own, or write its examples as intents with phrases`);
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
  checkHelperContent(reader, sources, file.content);
  return file;
}
