// Writes an assistant as our YAML format, shaped for people: contexts before the intents that
// annotate them, phrases with their entity markup, one text as a plain string, short lists on one
// line, a blank line between sections and items. parseAssistantFile reads it back to the same content.
import { apiEntry, customEntry } from '../../third-party-apis/api-file-entries.js';
import type { ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import { Document, isMap, isNode, isScalar, isSeq, type Node } from 'yaml';
import type { AssistantIdentity } from './assistant-file.js';
import type { AssistantContent, AssistantSettings, Condition, Context, Dialogue, Intent, RegexPattern, Skill, SkillKind, Theme } from '../content.js';
import { FILE_OPERATORS, SLOT_KEYS } from './file-keys.js';
import { writePhraseMarkup } from './phrase-markup.js';

export interface AssistantFileInput {
  assistant?: AssistantIdentity;
  settings?: Partial<AssistantSettings>;
  /** Written without secret values. */
  apis?: ThirdPartyApi[];
  content: AssistantContent;
}

/** A list or mapping written on one line. */
type Flow = (value: unknown) => Node;

/** Sections whose items are long enough to want a blank line between them. */
const SPACED_SECTIONS = new Set(['contexts', 'intents', 'skills', 'dialogues', 'apis']);

function themeEntry(theme: Theme): Record<string, unknown> {
  return { name: theme.name, description: theme.description };
}

function contextEntry(context: Context, flow: Flow): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: context.name, description: context.description, type: context.type, lifetime: context.lifetime };
  if (context.type === 'text') entry['entity'] = context.entity;
  if (context.type === 'text' && context.values.length > 0) {
    entry['values'] = context.values.map((value) => (value.synonyms.length === 0 ? value.value : { value: value.value, synonyms: flow(value.synonyms) }));
  }
  if (context.type === 'categorical') entry['values'] = flow(context.values);
  if (context.type === 'float') {
    entry['min'] = context.min;
    entry['max'] = context.max;
  }
  return entry;
}

/** Patterns of one name are written together, in the order names first appear. */
function regexEntries(regexes: RegexPattern[]): Array<Record<string, unknown>> {
  const byName = new Map<string, string[]>();
  for (const regex of regexes) {
    const patterns = byName.get(regex.name);
    if (patterns) patterns.push(regex.pattern);
    else byName.set(regex.name, [regex.pattern]);
  }
  return [...byName].map(([name, patterns]) => (patterns.length === 1 ? { name, pattern: patterns[0] } : { name, patterns }));
}

function intentEntry(intent: Intent): Record<string, unknown> {
  return { name: intent.name, theme: intent.theme, phrases: intent.phrases.map(writePhraseMarkup) };
}

const OPERATOR_KEYS = Object.fromEntries(Object.entries(FILE_OPERATORS).map(([key, operator]) => [operator, key])) as Record<Condition['operator'], string>;

function conditionValue(condition: Condition, flow: Flow): unknown {
  switch (condition.operator) {
    case 'set':
      return 'set';
    case 'notSet':
      return 'not_set';
    case 'equals':
      // A value that reads as a keyword is written out in full.
      return condition.value === 'set' || condition.value === 'not_set' ? { equals: condition.value } : condition.value;
    case 'oneOf':
      return { one_of: flow(condition.value) };
    default:
      return { [OPERATOR_KEYS[condition.operator]]: condition.value };
  }
}

/** `when` as one mapping, or a list of mappings when a context has two conditions. */
function whenEntry(conditions: readonly Condition[], flow: Flow): unknown {
  const groups: Array<Record<string, unknown>> = [];
  for (const condition of conditions) {
    // Into the last mapping unless it has the context already, so the order reads back the same.
    const group = groups.at(-1);
    if (group !== undefined && !(condition.context in group)) group[condition.context] = conditionValue(condition, flow);
    else groups.push({ [condition.context]: conditionValue(condition, flow) });
  }
  // Short conditions fit on one line: `when: {nome: set}`.
  const simple = groups.length === 1 && Object.values(groups[0] ?? {}).every((value) => typeof value !== 'object');
  return simple ? flow(groups[0]) : groups.length === 1 ? groups[0] : groups;
}

function skillEntry(skill: Skill, flow: Flow): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: skill.name, theme: skill.theme };
  if (skill.fallback) entry['fallback'] = true;
  if (skill.handoff === true) entry['handoff'] = true;
  const buttons = skill.kind === 'buttons' ? skill.buttons ?? [] : undefined;
  const image = skill.kind === 'image' ? skill.image : undefined;
  const attachment = skill.kind === 'attachment' ? skill.attachment : undefined;
  const action = skill.kind === 'action' ? skill.action : undefined;
  const custom = skill.kind === 'custom' && skill.custom !== undefined ? customEntry(skill.custom) : undefined;
  // The reader infers the kind from the field that makes it; write `kind` only when it cannot.
  const inferred: SkillKind =
    buttons !== undefined ? 'buttons' : image !== undefined ? 'image' : attachment !== undefined ? 'attachment' : action !== undefined ? 'action' : custom !== undefined ? 'custom' : 'text';
  if (inferred !== skill.kind) entry['kind'] = skill.kind;
  if (skill.texts.length === 1) entry['text'] = skill.texts[0];
  else if (skill.texts.length > 1) entry['text'] = skill.texts;
  if (buttons !== undefined) entry['buttons'] = buttons.map((button) => ({ title: button.title, payload: button.payload }));
  entry['image'] = image;
  entry['attachment'] = attachment;
  entry['action'] = action;
  entry['custom'] = custom;
  if (skill.preset !== undefined) {
    entry['preset'] = {
      context: skill.preset.context === undefined ? undefined : { name: skill.preset.context.name, value: skill.preset.context.value },
      dialogue: skill.preset.dialogue,
    };
  }
  if (skill.variants !== undefined && skill.variants.length > 0) {
    entry['variants'] = skill.variants.map((variant) => ({
      when: whenEntry(variant.when, flow),
      text: variant.texts.length === 1 ? variant.texts[0] : variant.texts,
    }));
  }
  return entry;
}

function dialogueEntry(dialogue: Dialogue, flow: Flow): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: dialogue.name, theme: dialogue.theme };
  if (dialogue.intents.length === 1) entry['intent'] = dialogue.intents[0];
  else entry['intents'] = flow(dialogue.intents);
  entry['skill'] = dialogue.skill;
  entry['follow_up_of'] = dialogue.followUpOf;
  if (dialogue.slots !== undefined && dialogue.slots.length > 0) {
    entry['slots'] = dialogue.slots.map((slot) => Object.fromEntries(Object.entries(SLOT_KEYS).map(([key, field]) => [key, slot[field]])));
  }
  entry['confirm'] = dialogue.confirm;
  entry['cancel'] = dialogue.cancel;
  return entry;
}

function identityEntry(identity: AssistantIdentity | undefined): Record<string, unknown> | undefined {
  if (identity === undefined) return undefined;
  const entry = { server: identity.server, language: identity.language, name: identity.name };
  return Object.values(entry).some((value) => value !== undefined) ? entry : undefined;
}

export function serialiseAssistantFile(file: AssistantFileInput): string {
  const doc = new Document();
  const flow: Flow = (value) => {
    const node = doc.createNode(value);
    if (isMap(node) || isSeq(node)) node.flow = true;
    return node;
  };
  const { content } = file;
  const threshold = file.settings?.accuracyThreshold;
  const actionEndpoint = file.settings?.actionEndpointUrl;
  const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);
  const root = {
    version: 1,
    assistant: identityEntry(file.assistant),
    // The file speaks in percent, as the admin console does; rounding hides 0.3 * 100 = 30.000000000000004.
    settings:
      threshold === undefined && actionEndpoint === undefined
        ? undefined
        : { accuracy_threshold: threshold === undefined ? undefined : Math.round(threshold * 100 * 1e6) / 1e6, action_endpoint: actionEndpoint },
    themes: nonEmpty(content.themes.map(themeEntry)),
    contexts: nonEmpty(content.contexts.map((context) => contextEntry(context, flow))),
    regexes: nonEmpty(regexEntries(content.regexes)),
    intents: nonEmpty(content.intents.map(intentEntry)),
    skills: nonEmpty(content.skills.map((skill) => skillEntry(skill, flow))),
    dialogues: nonEmpty(content.dialogues.map((dialogue) => dialogueEntry(dialogue, flow))),
    apis: file.apis === undefined ? undefined : nonEmpty(file.apis.map(apiEntry)),
  };
  const contents = doc.createNode(root);
  doc.contents = contents;
  if (isMap(contents)) {
    contents.items.forEach((pair, index) => {
      if (!isScalar(pair.key)) return;
      if (index > 0) pair.key.spaceBefore = true;
      if (isSeq(pair.value) && SPACED_SECTIONS.has(String(pair.key.value))) {
        pair.value.items.forEach((item, itemIndex) => {
          if (itemIndex > 0 && isNode(item)) item.spaceBefore = true;
        });
      }
    });
  }
  doc.commentBefore = ' Helper Assistant file, format version 1 (see src/assistant/README.md).';
  return doc.toString({ lineWidth: 0, singleQuote: true, flowCollectionPadding: false });
}
