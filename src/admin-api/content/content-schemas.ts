// JSON schemas of the content admin API (themes, intents, contexts, skills, dialogues): request
// bodies, PATCH bodies and responses. They check shapes and types; the rules between fields and
// items are src/assistant/check-content.ts, the same for every way content comes in.
import { boundedJson, MAX_JSON_BYTES, MAX_JSON_DEPTH } from '../../assistant/json-bounds.js';
import type { ContentListName } from '../../store/store.js';
import { readOnlyKeys } from '../read-only-keys.js';

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
    entity: { type: 'string', maxLength: 100, description: "the context's name" },
    value: { type: 'string', maxLength: 2000, description: 'the context value the words stand for' },
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
    { type: 'string', maxLength: 2000, description: 'a value (categorical), or a text value without synonyms' },
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

const conditionSchema = {
  type: 'object',
  description: 'set / notSet take no value; equals a text; oneOf a list of texts; lessThan, atMost, greaterThan, atLeast a number (float contexts)',
  properties: {
    context: text(100, "the context's name"),
    operator: { type: 'string', enum: ['set', 'notSet', 'equals', 'oneOf', 'lessThan', 'atMost', 'greaterThan', 'atLeast'] },
    value: { anyOf: [text(200), { type: 'number' }, list(text(200), 100)] },
  },
  required: ['context', 'operator'],
  additionalProperties: false,
} as const;

const variantSchema = {
  type: 'object',
  description: 'texts answered when every condition holds; variants are tried in order, the skill\'s own texts are the default',
  properties: {
    when: list(conditionSchema, 20, 'the conditions, all of which must hold'),
    texts: list(text(5000), 50, 'text variations, one picked at random'),
  },
  required: ['when', 'texts'],
  additionalProperties: false,
} as const;

const slotSchema = {
  type: 'object',
  description: 'a context the dialogue asks for before its skill answers',
  properties: {
    context: text(100, 'the context to fill'),
    question: text(100, 'the skill that asks for it (text or buttons); without one the context must come from the message, a preset or the conversations API'),
    valuesAsButtons: { type: 'boolean', description: "offer the context's values (yes/no for a boolean) as buttons under the question" },
    label: text(100, 'how the "what to change?" buttons name it; the context name otherwise'),
    invalid: text(100, 'the skill that says an answer does not fit; a message by the context type otherwise'),
    maxAttempts: { type: 'integer', description: 'answers that do not fit before the dialogue gives up: 1 to 10 (default 3)' },
  },
  required: ['context'],
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
      lifetime: {
        type: 'string',
        enum: ['conversation', 'session', 'dialogue'],
        description: 'how long a value is remembered: the whole conversation (default), the session, or the dialogue that filled it (forgotten when another dialogue starts)',
      },
      entity: {
        type: 'string',
        enum: ['date', 'time', 'datetime', 'email', 'url', 'phone', 'cpf', 'cnpj'],
        description: 'text only, without values: the system entity the context takes its values from',
      },
    },
    required: ['name', 'type'],
  },
  skills: {
    properties: {
      name,
      theme: text(100),
      fallback: { type: 'boolean', description: 'answers when nothing else applies; at most one per assistant' },
      kind: {
        type: 'string',
        enum: ['text', 'buttons', 'image', 'attachment', 'action', 'custom'],
        description: 'text (Padrão), buttons (Botão), image (Imagem), attachment, action (Ação customizada: a custom action on the action server), custom (Personalizada: runs a third-party API); inferred from buttons/image/attachment/action/custom when absent',
      },
      texts: list(text(5000), 50, 'text variations, one picked at random; {context} placeholders are filled'),
      buttons: list(buttonSchema, 50),
      image: text(2000, 'an http(s) URL, e.g. from POST …/media'),
      attachment: boundedJson({ description: `a URL or any JSON value, sent as given (lists and objects at most ${MAX_JSON_DEPTH} levels deep, at most ${MAX_JSON_BYTES} bytes as JSON)` }),
      action: text(100, "kind action: the custom action's name on the assistant's action server (next_action), e.g. action_check_order; the skill's texts are said when the action server fails"),
      custom: {
        type: 'object',
        description: 'kind custom: the third-party API it runs, and optionally one button per element of a list in the answer',
        properties: {
          api: text(80, 'the API (APIs de terceiros) it runs, after its dependencies'),
          listButtons: {
            type: 'object',
            properties: {
              path: text(500, 'the list in the answer, e.g. requests or $'),
              title: text(640, 'template; {field} placeholders are paths inside one element, e.g. Chamado {number}'),
              payload: text(640, 'template, e.g. status do chamado {number}'),
              max: { type: 'integer', minimum: 1, maximum: 50 },
            },
            required: ['path', 'title', 'payload'],
            additionalProperties: false,
          },
        },
        required: ['api'],
        additionalProperties: false,
      },
      preset: presetSchema,
      variants: list(variantSchema, 50, 'texts chosen by conditions on contexts; the first whose conditions hold answers'),
      handoff: { type: 'boolean', description: 'after answering, hand the conversation to a person (the agents\' inbox); the assistant pauses' },
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
      slots: list(slotSchema, 20, 'slot filling: the contexts to ask for, in order, before the skill answers'),
      confirm: text(100, 'a skill that shows what was collected and asks to confirm (yes/no buttons are added) before the skill answers'),
      cancel: text(100, 'what the assistant says when the user leaves ("cancelar"); a standard message otherwise'),
    },
    required: ['name', 'intents', 'skill'],
  },
};

/** What an item as read (itemSchema) has beside its fields: taken back and ignored by a write. */
function computedKeys(list: ContentListName) {
  return readOnlyKeys('usedBy', 'warnings', ...(list === 'intents' ? ['phraseCount', 'duplicates'] : []));
}

/** Any other key is refused (`not_allowed`), nested objects' too: a misspelt field is never dropped silently. */
export function bodySchema(list: ContentListName): JsonSchema {
  const { properties, required } = bodySchemas[list];
  return { type: 'object', properties: { ...properties, ...computedKeys(list) }, required, additionalProperties: false };
}

/** A PATCH gives only what changes; null removes an optional field. */
export function patchSchema(list: ContentListName): JsonSchema {
  const { properties, required } = bodySchemas[list];
  const nullable = Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, required.includes(key) ? schema : { anyOf: [schema, { type: 'null' }] }]),
  );
  return { type: 'object', properties: { ...nullable, ...computedKeys(list) }, additionalProperties: false };
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
    warnings: {
      type: 'array',
      description: 'flow checks: what the conversation would trip on (a button no dialogue handles, a follow-up that never answers, a broken sentence…), at the field concerned; ' +
        'for an intent also its junk phrases (`code` phrase_too_long, phrase_no_letters, phrase_markup at `phrases.N.text`)',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, code: { type: 'string', description: 'stable (README "Error codes")' }, params: { type: 'object', additionalProperties: { type: 'string' } }, message: { type: 'string' } },
        required: ['field', 'code', 'message'],
      },
    },
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

export const deletePreviewSchema = {
  type: 'object',
  properties: {
    usedBy: { type: 'array', items: usageSchema, description: 'what uses the item: a delete without force is refused while this is not empty' },
    deleted: { type: 'array', items: itemRef, description: 'what a forced delete deletes: the item, and what cannot stand without it (follow-ups of a deleted dialogue, dialogues left without intents…)' },
    changed: { type: 'array', items: itemRef, description: 'what a forced delete changes: items that lose their reference to it' },
  },
  required: ['usedBy', 'deleted', 'changed'],
} as const;
