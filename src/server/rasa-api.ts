// The parts of Rasa's HTTP API that need no conversation: GET /, /version, /status and
// POST /model/parse (reference/rasa-protocol.md §3–4). The conversations API joins them later.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../engine/engine.js';
import type { ModelRegistry } from '../engine/model-registry.js';
import type { Trainer } from '../engine/trainer.js';
import type { AssistantRecord } from '../store/store.js';
import type { ApiAccessControl } from './api-access.js';
import { emulate, emulationModeOf, EMULATION_MODES } from './nlu-emulation.js';
import { requireApiAccess } from './require-api-access.js';
import { RASA_MINIMUM_COMPATIBLE_VERSION, RASA_VERSION, RasaHttpError, rasaErrorSchema } from './rasa-error.js';

export interface RasaApiContext {
  engine: Engine;
  registry: ModelRegistry;
  trainer: Trainer;
  access: ApiAccessControl;
  resolveAssistant(request: FastifyRequest): Promise<AssistantRecord>;
  platformVersion: string;
}

const intentSchema = { type: 'object', properties: { name: { type: 'string' }, confidence: { type: 'number' } } } as const;
const parseResultSchema = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    intent: intentSchema,
    entities: { type: 'array', items: { type: 'object', additionalProperties: true } },
    intent_ranking: { type: 'array', items: intentSchema },
  },
} as const;

const errors = { '4xx': rasaErrorSchema, '5xx': rasaErrorSchema } as const;

function noModel(): RasaHttpError {
  return new RasaHttpError(409, 'Conflict', 'No model loaded. Train the assistant first (helper train).');
}

export function registerRasaApi(app: FastifyInstance, context: RasaApiContext): void {
  app.get('/', { schema: { summary: 'Greeting, as Rasa answers it' } }, async (_request, reply) => {
    reply.type('text/plain; charset=utf-8');
    return `Hello from Rasa: ${RASA_VERSION}`;
  });

  app.get(
    '/version',
    {
      schema: {
        summary: 'The Rasa version this API is compatible with',
        response: {
          200: {
            type: 'object',
            properties: {
              version: { type: 'string' },
              minimum_compatible_version: { type: 'string' },
              helper_assistant_version: { type: 'string' },
            },
          },
        },
      },
    },
    async () => ({
      version: RASA_VERSION,
      minimum_compatible_version: RASA_MINIMUM_COMPATIBLE_VERSION,
      helper_assistant_version: context.platformVersion,
    }),
  );

  app.get(
    '/status',
    {
      config: { addressLimit: 'bot-api' },
      schema: {
        summary: 'The model that answers',
        querystring: { type: 'object', properties: { token: { type: 'string' } } },
        response: {
          200: {
            type: 'object',
            properties: {
              model_file: { type: 'string' },
              model_id: { type: 'string' },
              num_active_training_jobs: { type: 'integer' },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const assistant = await context.resolveAssistant(request);
      await requireApiAccess(context.access, assistant, request);
      const loaded = await context.registry.get(assistant.id);
      const model = loaded?.model;
      if (!model) throw noModel();
      return {
        model_file: `${assistant.serverName}${assistant.language}-v${model.record.version}`,
        model_id: model.record.modelId,
        num_active_training_jobs: context.trainer.activeTrainings,
      };
    },
  );

  app.post<{ Body: { text: string; message_id?: string }; Querystring: { emulation_mode?: string } }>(
    '/model/parse',
    {
      config: { addressLimit: 'bot-api' },
      schema: {
        summary: 'Parse a text with the current model',
        querystring: { type: 'object', properties: { emulation_mode: { type: 'string', maxLength: 50, description: 'wit, luis or dialogflow (any case): the answer in that service\'s shape' }, token: { type: 'string', maxLength: 4096 } } },
        body: {
          type: 'object',
          properties: { text: { type: 'string', maxLength: 10_000 }, message_id: { type: 'string' } },
          required: ['text'],
        },
        response: { 200: parseResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const assistant = await context.resolveAssistant(request);
      await requireApiAccess(context.access, assistant, request);
      const requested = request.query.emulation_mode;
      const mode = requested === undefined ? undefined : emulationModeOf(requested);
      if (requested !== undefined && mode === undefined) {
        throw new RasaHttpError(400, 'BadRequest', `emulation_mode "${requested.slice(0, 50)}" is not one of ${EMULATION_MODES.join(', ')}`, {
          parameter: 'emulation_mode',
          in: 'query',
        });
      }
      const parse = await context.engine.parse(assistant.id, request.body.text);
      if (!parse) throw noModel();
      // Another service's shape is not ours: sent as it is, past this route's response schema.
      if (mode !== undefined) return reply.type('application/json; charset=utf-8').send(JSON.stringify(emulate(mode, parse)));
      return parse;
    },
  );
}
