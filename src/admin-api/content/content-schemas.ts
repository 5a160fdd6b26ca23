// JSON schemas of the content admin API (themes, intents, contexts, skills, dialogues): request
// bodies, PATCH bodies and responses. They check shapes and types; the rules between fields and
// items are src/assistant/check-content.ts, the same for every way content comes in.
import type { ContentListName } from '../../store/store.js';

type JsonSchema = Record<string, unknown>;

const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, ...(description ? { description } : {}) });
const list = (items: JsonSchema, maxItems: number, description?: string) => ({ type: 'array', items, maxItems, ...(description ? { description } : {}) });

const entitySchema = {
  type: 'object',
  description: 'words of the phrase linked to a context value: `text.slice(start, end)`; a synonym given as value is stored as its value',
  properties: {
    start: { type: 'integer', description: 'index of the first character (UTF-16 code units)' },
    end: { type: 'integer', description: 'index after the last character' },
    entity: { type: 'string', description: "the context's name" },
    value: { type: 'string', description: 'the context value the words stand for' },
  },
  required: ['start', 'end', 'entity', 'value'],
  additionalProperties: false,
} as const;

const phraseSchema = {
  type: 'object',
  properties: { text: text(2000), entities: list(entitySchema, 50) },
  required: ['text'],
  additionalProperties: false,
} as const;

const contextValueSchema = {
  anyOf: [
    { type: 'string', description: 'a value (categorical), or a text value without synonyms' },
    {
      type: 'object',
      description: 'a text value with its synonyms',
      properties: { value: text(200), synonyms: list(text(200), 500) },
      required: ['value'],
      additionalProperties: false,
    },
  ],
} as const;

const buttonSchema = {
  type: 'object',
  properties: { title: text(200, 'what the user sees'), payload: text(1000, 'what the assistant receives: text for the NLU, or /intent{"context": "value"}') },
  required: ['title', 'payload'],
  additionalProperties: false,
} as const;

const presetSchema = {
  type: 'object',
  description: "preset the assistant's behaviour from the last interaction: when the skill answers, the context is set to the value and the conversation continues as if the dialogue had just answered (its follow-ups apply next)",
  properties: {
    context: { type: 'object', properties: { name: text(100), value: text(200) }, required: ['name', 'value'], additionalProperties: false },
    dialogue: text(100),
  },
  additionalProperties: false,
} as const;

/** Bodies of POST and PUT; `required` lists what a PUT must give too. */
export const bodySchemas: Readonly<Record<ContentListName, { properties: Record<string, JsonSchema>; required: string[] }>> = {
  themes: { properties: { name, description: text(2000) }, required: ['name'] },
  intents: {
    properties: { name, theme: text(100), phrases: list(phraseSchema, 5000, 'example phrases; at least one') },
    required: ['name', 'phrases'],
  },
  contexts: {
    properties: {
      name,
      description: text(2000),
      type: { type: 'string', enum: ['text', 'boolean', 'categorical', 'float'] },
      values: list(contextValueSchema, 1000, 'text: values with synonyms; categorical: values'),
      min: { type: 'number', description: 'float only' },
      max: { type: 'number', description: 'float only' },
    },
    required: ['name', 'type'],
  },
  skills: {
    properties: {
      name,
      theme: text(100),
      fallback: { type: 'boolean', description: 'answers when nothing else applies; at most one per assistant' },
      kind: { type: 'string', enum: ['text', 'buttons', 'image', 'attachment'], description: 'text (Padrão), buttons (Botão), image (Imagem), attachment; inferred from buttons/image/attachment when absent' },
      texts: list(text(5000), 50, 'text variations, one picked at random; {context} placeholders are filled'),
      buttons: list(buttonSchema, 50),
      image: text(2000, 'an http(s) URL, e.g. from POST …/media'),
      attachment: { description: 'a URL or any JSON value, sent as given' },
      preset: presetSchema,
    },
    required: ['name'],
  },
  dialogues: {
    properties: {
      name,
      theme: text(100),
      intents: list(text(100), 100, 'the intents it answers'),
      skill: text(100, 'the skill that answers'),
      followUpOf: text(100, '"link main dialogue": the dialogue answers only right after this one'),
    },
    required: ['name', 'intents', 'skill'],
  },
};

export function bodySchema(list: ContentListName): JsonSchema {
  const { properties, required } = bodySchemas[list];
  return { type: 'object', properties, required, additionalProperties: false };
}

/** A PATCH gives only what changes; null removes an optional field. */
export function patchSchema(list: ContentListName): JsonSchema {
  const { properties, required } = bodySchemas[list];
  const nullable = Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, required.includes(key) ? schema : { anyOf: [schema, { type: 'null' }] }]),
  );
  return { type: 'object', properties: nullable, additionalProperties: false };
}

const usageSchema = {
  type: 'object',
  properties: { list: { type: 'string' }, name: { type: 'string' }, field: { type: 'string' } },
} as const;

const itemRef = { type: 'object', properties: { list: { type: 'string' }, name: { type: 'string' } } } as const;

/** An item as answered: its fields, plus what the list computes (intents: phrase count, duplicates). */
export function itemSchema(list: ContentListName): JsonSchema {
  const { properties, required } = bodySchemas[list];
  const extra: Record<string, JsonSchema> = {
    usedBy: { type: 'array', items: usageSchema, description: 'what uses this item: a DELETE without force answers 409 while this is not empty' },
  };
  if (list === 'intents') {
    extra['phraseCount'] = { type: 'integer' };
    extra['duplicates'] = {
      type: 'array',
      description: 'phrases that also appear, compared without case, accents and punctuation, in another intent',
      items: { type: 'object', properties: { index: { type: 'integer' }, text: { type: 'string' }, intents: { type: 'array', items: { type: 'string' } } } },
    };
  }
  if (list === 'skills') {
    extra['kind'] = bodySchemas.skills.properties['kind'] ?? {};
    extra['fallback'] = { type: 'boolean' };
    extra['texts'] = { type: 'array', items: { type: 'string' } };
  }
  return { type: 'object', properties: { ...properties, ...extra }, required };
}

export const deleteResultSchema = {
  type: 'object',
  properties: {
    deleted: { type: 'array', items: itemRef, description: 'the item, and with force what could not stand without it' },
    changed: { type: 'array', items: itemRef, description: 'with force: items that lost their reference to it' },
  },
  required: ['deleted', 'changed'],
} as const;
