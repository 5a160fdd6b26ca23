// Request bodies of the content admin API → content items. The JSON schema has checked types;
// here the fields that depend on each other (a context's type, a skill's kind) and the clean-up
// the file format also does (trimmed phrases, a synonym list that defaults to none).
import type { Condition, Context, ContextLifetime, Dialogue, DialogueSlot, Intent, Phrase, Skill, SkillKind, SkillVariant, SystemEntityName, Theme } from '../../assistant/content.js';
import type { AssistantContent } from '../../assistant/content.js';
import type { ContentListName } from '../../store/store.js';
import { invalidField } from '../admin-scope.js';
import type { ProblemCode, ProblemParams } from '../problem-codes.js';

export type Body = Record<string, unknown>;
export type Item = AssistantContent[ContentListName][number];

function invalid(field: string, message: string, code: ProblemCode = 'not_used', params?: ProblemParams): never {
  throw invalidField(field, code, params, message);
}

function optionalText(body: Body, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

/** A phrase trimmed as the file format trims it, its linked spans moved with the text. */
function phrase(raw: unknown): Phrase {
  const given = raw as { text: string; entities?: Phrase['entities'] };
  const lead = given.text.length - given.text.trimStart().length;
  const result: Phrase = { text: given.text.trim() };
  if (given.entities !== undefined && given.entities.length > 0) {
    result.entities = given.entities.map((entity) => ({ ...entity, start: entity.start - lead, end: entity.end - lead }));
  }
  return result;
}

function theme(body: Body): Theme {
  const description = optionalText(body, 'description');
  return { name: String(body['name']), ...(description === undefined ? {} : { description }) };
}

function intent(body: Body): Intent {
  const themeName = optionalText(body, 'theme');
  return { name: String(body['name']), ...(themeName === undefined ? {} : { theme: themeName }), phrases: ((body['phrases'] ?? []) as unknown[]).map(phrase) };
}

function context(body: Body): Context {
  const type = body['type'] as Context['type'];
  const lifetime = optionalText(body, 'lifetime') as ContextLifetime | undefined;
  const base = {
    name: String(body['name']),
    ...(optionalText(body, 'description') === undefined ? {} : { description: String(body['description']) }),
    ...(lifetime === undefined ? {} : { lifetime }),
  };
  const entity = optionalText(body, 'entity') as SystemEntityName | undefined;
  if (entity !== undefined && type !== 'text') invalid('entity', `"entity" is used only by a text context (a ${type} context is recognised by its type)`);
  const values = body['values'] as unknown[] | undefined;
  const used = type === 'float' ? ['min', 'max'] : type === 'boolean' ? [] : ['values'];
  for (const key of ['values', 'min', 'max']) {
    if (body[key] !== undefined && !used.includes(key)) invalid(key, `"${key}" is not used by a ${type} context`);
  }
  switch (type) {
    case 'text':
      return {
        ...base,
        type,
        values: (values ?? []).map((value) => (typeof value === 'string' ? { value, synonyms: [] } : { value: (value as { value: string }).value, synonyms: (value as { synonyms?: string[] }).synonyms ?? [] })),
        ...(entity === undefined ? {} : { entity }),
      };
    case 'categorical':
      return {
        ...base,
        type,
        values: (values ?? []).map((value, index) => (typeof value === 'string' ? value : invalid(`values.${index}`, 'a categorical value is a text, without synonyms', 'type', { type: 'string' }))),
      };
    case 'boolean':
      return { ...base, type };
    case 'float': {
      const min = body['min'];
      const max = body['max'];
      return { ...base, type, ...(typeof min === 'number' ? { min } : {}), ...(typeof max === 'number' ? { max } : {}) };
    }
  }
}

const KIND_FIELDS = ['buttons', 'image', 'attachment', 'action', 'custom'] as const;

/** A condition with the value its operator takes (the schema allowed a text, a number or a list). */
function condition(raw: unknown, field: string): Condition {
  const given = raw as { context: string; operator: Condition['operator']; value?: unknown };
  const { context, operator, value } = given;
  switch (operator) {
    case 'set':
    case 'notSet':
      if (value !== undefined) invalid(`${field}.value`, `"${operator}" takes no value`);
      return { context, operator };
    case 'equals':
      if (typeof value !== 'string') invalid(`${field}.value`, '"equals" compares with a text value', 'type', { type: 'string' });
      return { context, operator, value: value.trim() };
    case 'oneOf':
      if (!Array.isArray(value)) invalid(`${field}.value`, '"oneOf" compares with a list of values', 'type', { type: 'array' });
      return { context, operator, value: (value as string[]).map((item) => item.trim()) };
    default:
      if (typeof value !== 'number') invalid(`${field}.value`, `"${operator}" compares with a number`, 'type', { type: 'number' });
      return { context, operator, value };
  }
}

function variants(raw: unknown): SkillVariant[] {
  return ((raw ?? []) as Array<{ when: unknown[]; texts: string[] }>).map((variant, index) => ({
    when: variant.when.map((item, conditionIndex) => condition(item, `variants.${index}.when.${conditionIndex}`)),
    texts: [...variant.texts],
  }));
}

function skill(body: Body): Skill {
  const declared = body['kind'] as SkillKind | undefined;
  const given = KIND_FIELDS.filter((field) => body[field] !== undefined);
  const kind: SkillKind = declared ?? given[0] ?? 'text';
  for (const field of given) if (field !== kind) invalid(field, `"${field}" is not used by a ${kind} skill`);
  const result: Skill = { name: String(body['name']), fallback: body['fallback'] === true, kind, texts: (body['texts'] as string[] | undefined) ?? [] };
  const themeName = optionalText(body, 'theme');
  if (themeName !== undefined) result.theme = themeName;
  if (kind === 'buttons') result.buttons = (body['buttons'] as Skill['buttons']) ?? [];
  const image = optionalText(body, 'image');
  if (kind === 'image' && image !== undefined) result.image = image.trim();
  if (kind === 'attachment' && body['attachment'] !== undefined) result.attachment = body['attachment'];
  const action = optionalText(body, 'action');
  if (kind === 'action') result.action = (action ?? '').trim();
  if (kind === 'custom') {
    const custom = body['custom'] as Skill['custom'] | undefined;
    if (custom === undefined) invalid('custom', 'a custom skill needs "custom": {"api": …}, the third-party API it runs', 'required');
    else result.custom = { api: custom.api.trim(), ...(custom.listButtons ? { listButtons: { ...custom.listButtons } } : {}) };
  }
  const preset = body['preset'] as Skill['preset'] | undefined;
  if (preset !== undefined && (preset.context !== undefined || preset.dialogue !== undefined)) {
    result.preset = { ...(preset.context ? { context: { ...preset.context } } : {}), ...(preset.dialogue !== undefined ? { dialogue: preset.dialogue } : {}) };
  }
  const conditional = variants(body['variants']);
  if (conditional.length > 0) result.variants = conditional;
  if (body['handoff'] === true) result.handoff = true;
  return result;
}

function dialogue(body: Body): Dialogue {
  const result: Dialogue = { name: String(body['name']), intents: [...((body['intents'] as string[] | undefined) ?? [])], skill: String(body['skill'] ?? '') };
  const themeName = optionalText(body, 'theme');
  if (themeName !== undefined) result.theme = themeName;
  const followUpOf = optionalText(body, 'followUpOf');
  if (followUpOf !== undefined) result.followUpOf = followUpOf;
  const slots = ((body['slots'] ?? []) as DialogueSlot[]).map((slot) => {
    const copy: DialogueSlot = { context: slot.context };
    if (slot.question !== undefined) copy.question = slot.question;
    if (slot.valuesAsButtons !== undefined) copy.valuesAsButtons = slot.valuesAsButtons;
    if (slot.label !== undefined) copy.label = slot.label.trim();
    if (slot.invalid !== undefined) copy.invalid = slot.invalid;
    if (slot.maxAttempts !== undefined) copy.maxAttempts = slot.maxAttempts;
    return copy;
  });
  if (slots.length > 0) result.slots = slots;
  const confirm = optionalText(body, 'confirm');
  if (confirm !== undefined) result.confirm = confirm;
  const cancel = optionalText(body, 'cancel');
  if (cancel !== undefined) result.cancel = cancel;
  return result;
}

export function itemFromBody(list: ContentListName, body: Body): Item {
  switch (list) {
    case 'themes':
      return theme(body);
    case 'intents':
      return intent(body);
    case 'contexts':
      return context(body);
    case 'skills':
      return skill(body);
    case 'dialogues':
      return dialogue(body);
  }
}

/** The body a PATCH applies to: the item as it is, with the given fields replaced (null removes). */
export function patchedBody(current: Item, patch: Body): Body {
  const merged: Body = { ...(current as unknown as Body), ...patch };
  // A skill's kind follows its fields unless given: changing buttons to an image needs no "kind",
  // and a new kind drops the old kind's field.
  if ('kind' in merged && patch['kind'] === undefined && KIND_FIELDS.some((field) => patch[field] !== undefined && patch[field] !== null)) {
    delete merged['kind'];
    for (const field of KIND_FIELDS) if (patch[field] === undefined) delete merged[field];
  }
  if (typeof patch['kind'] === 'string') {
    for (const field of KIND_FIELDS) if (field !== patch['kind'] && patch[field] === undefined) delete merged[field];
  }
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  return merged;
}
