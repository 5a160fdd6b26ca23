// `POST /model/parse?emulation_mode=wit|luis|dialogflow`: the parse answered in the shape another
// NLU service answers, as Rasa's emulators do, so a client written for that service can call the
// platform unchanged. The mode is read without regard to case; any other value is a 400.
import { randomUUID } from 'node:crypto';
import type { ParsedEntity, ParseResult } from '../nlu/types.js';

export const EMULATION_MODES = ['wit', 'luis', 'dialogflow'] as const;
export type EmulationMode = (typeof EMULATION_MODES)[number];

/** The mode named by the query (any case), or undefined when it names none of them. */
export function emulationModeOf(value: string): EmulationMode | undefined {
  const mode = value.toLowerCase();
  return EMULATION_MODES.find((candidate) => candidate === mode);
}

interface EntityWithRole extends ParsedEntity {
  role?: string;
  confidence_entity?: number;
}

/** wit.ai's `GET /message` (version 20200513): intents as a list, entities by `name:role`. */
function asWit(parse: ParseResult): Record<string, unknown> {
  const entities: Record<string, unknown[]> = {};
  for (const entity of parse.entities as EntityWithRole[]) {
    const role = entity.role ?? entity.entity;
    const key = `${entity.entity}:${role}`;
    (entities[key] ??= []).push({
      confidence: entity.confidence_entity || entity.confidence || 1,
      name: entity.entity,
      value: entity.value,
      body: parse.text.slice(entity.start, entity.end),
      start: entity.start,
      end: entity.end,
      role,
      entities: [],
    });
  }
  return { text: parse.text, intents: [parse.intent], entities };
}

/** LUIS's v3 `/predict`: every ranked intent with its score, entities with their `$instance` details. */
function asLuis(parse: ParseResult): Record<string, unknown> {
  const ranked = parse.intent_ranking.length > 0 ? parse.intent_ranking : [parse.intent];
  const intents = Object.fromEntries(ranked.map((intent) => [intent.name, { score: intent.confidence }]));
  const instances: Record<string, unknown[]> = {};
  const entities: Record<string, unknown> = { $instance: instances };
  for (const entity of parse.entities as EntityWithRole[]) {
    const key = entity.role ?? entity.entity;
    entities[key] = [entity.value];
    instances[key] = [
      {
        role: entity.role ?? null,
        type: entity.entity,
        text: entity.value,
        startIndex: entity.start,
        length: entity.end - entity.start,
        score: entity.confidence ?? null,
        modelType: entity.extractor,
      },
    ];
  }
  return { query: parse.text, prediction: { normalizedQuery: parse.text, topIntent: parse.intent.name, intents, entities } };
}

/** Dialogflow ES's `detectIntent` answer: the intent as action and name, entity values as parameters. */
function asDialogflow(parse: ParseResult): Record<string, unknown> {
  const parameters: Record<string, unknown[]> = {};
  for (const entity of parse.entities) (parameters[entity.entity] ??= []).push(entity.value);
  return {
    responseId: randomUUID(),
    queryResult: {
      queryText: parse.text,
      action: parse.intent.name,
      parameters,
      fulfillmentText: '',
      fulfillmentMessages: [],
      outputContexts: [],
      intent: { name: parse.intent.name, displayName: parse.intent.name },
      intentDetectionConfidence: parse.intent.confidence,
    },
  };
}

export function emulate(mode: EmulationMode, parse: ParseResult): Record<string, unknown> {
  if (mode === 'wit') return asWit(parse);
  if (mode === 'luis') return asLuis(parse);
  return asDialogflow(parse);
}
