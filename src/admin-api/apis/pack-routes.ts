// The console's "add the 4biz tickets pack" action: the same as `helper pack add 4biz-tickets`.
import type { FastifyInstance } from 'fastify';
import { addFourbizPack } from '../../packs/fourbiz-tickets/add-fourbiz-pack.js';
import { PACK_NAME } from '../../packs/fourbiz-tickets/fourbiz-tickets-pack.js';
import type { Platform } from '../../platform.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { actorOf } from '../analytics/actor.js';
import { adminErrorOf } from './api-routes.js';

export function registerPackRoutes(scope: FastifyInstance, platform: Platform): void {
  scope.post<{ Params: { server: string; language: string }; Body: { url: string; login: string; password: string } }>(
    `/servers/:server/assistants/:language/packs/${PACK_NAME}`,
    {
      schema: {
        summary: 'Add the 4biz tickets pack (contexts, intents, skills, dialogues, the four 4biz APIs); train afterwards',
        params: assistantParams,
        body: {
          type: 'object',
          properties: {
            url: { type: 'string', minLength: 1, maxLength: 500, description: 'the 4biz address, e.g. https://itsm.example/4biz' },
            login: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: 500, description: 'write-only: sealed at rest' },
          },
          required: ['url', 'login', 'password'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { contexts: { type: 'integer' }, intents: { type: 'integer' }, skills: { type: 'integer' }, dialogues: { type: 'integer' }, apis: { type: 'array', items: { type: 'string' } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      try {
        return await addFourbizPack(platform, assistant, request.body, actorOf(request));
      } catch (error: unknown) {
        const mapped = adminErrorOf(error);
        if (mapped !== error) throw mapped;
        const field = error instanceof Error ? /4biz (address|login|password)/.exec(error.message)?.[1] : undefined;
        if (field !== undefined) throw new AdminApiError(400, 'invalid', (error as Error).message, field === 'address' ? 'url' : field);
        throw error;
      }
    },
  );
}
