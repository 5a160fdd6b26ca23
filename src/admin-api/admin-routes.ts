// The admin HTTP API (/api/admin/…): servers, assistants, their Integrações values, the API token,
// the allow-list and human handoff — the same operations as the CLI. Until console users exist, it
// is for the platform's operator: `Authorization: Bearer <HELPER_ADMIN_TOKEN>`; without that
// variable it is off. Errors have one shape: {"error": {"code", "message", "field"?}}.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret } from '../secrets/same-secret.js';
import type { Platform } from '../platform.js';
import { parseCidr } from '../server/api-access.js';
import type { AssistantRecord } from '../store/store.js';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../store/store-errors.js';
import { facebookStatus, facebookVerifyToken, setFacebookSecrets } from '../channels/facebook/facebook-settings.js';
import { integrationValues } from './integration-values.js';

export class AdminApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

function sendError(reply: FastifyReply, status: number, code: string, message: string, field?: string): void {
  reply.code(status).send({ error: { code, message, ...(field ? { field } : {}) } });
}

function adminErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AdminApiError) return sendError(reply, error.statusCode, error.code, error.message, error.field);
  if (error instanceof StoreNotFoundError) return sendError(reply, 404, 'not_found', error.message);
  if (error instanceof StoreConflictError) return sendError(reply, 409, 'conflict', error.message);
  if (error instanceof StoreValidationError) return sendError(reply, 400, 'invalid', error.message);
  if (error.validation) {
    const issue = error.validation[0];
    const field = `${issue?.instancePath?.replace(/^\//, '').replaceAll('/', '.') || String(issue?.params?.missingProperty ?? '')}`;
    return sendError(reply, 400, 'invalid', `${field || error.validationContext || 'body'} ${issue?.message ?? 'is invalid'}`, field || undefined);
  }
  if (error.statusCode !== undefined && error.statusCode < 500) return sendError(reply, error.statusCode, 'bad_request', error.message);
  request.log.error({ err: error }, 'admin API request failed');
  sendError(reply, 500, 'internal', 'An unexpected error occurred.');
}


const serverSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, displayName: { type: 'string' }, enabled: { type: 'boolean' }, createdAt: { type: 'number' } },
} as const;
const assistantSchema = {
  type: 'object',
  properties: {
    server: { type: 'string' },
    language: { type: 'string' },
    name: { type: 'string' },
    enabled: { type: 'boolean' },
    accuracyThresholdPercent: { type: 'number' },
    apiAllowedCidrs: { type: 'array', items: { type: 'string' } },
  },
} as const;

function assistantView(assistant: AssistantRecord) {
  return {
    server: assistant.serverName,
    language: assistant.language,
    name: assistant.name,
    enabled: assistant.enabled,
    accuracyThresholdPercent: Math.round(assistant.settings.accuracyThreshold * 1000) / 10,
    apiAllowedCidrs: assistant.apiAllowedCidrs,
  };
}

export async function registerAdminApi(app: FastifyInstance, platform: Platform): Promise<void> {
  await app.register(
    async (scope) => {
      scope.setErrorHandler(adminErrorHandler);
      scope.setNotFoundHandler((request, reply) => sendError(reply, 404, 'not_found', `no admin route for ${request.method} ${request.url.split('?')[0] ?? ''}`));
      scope.addHook('onRequest', async (request) => {
        const expected = platform.config.adminToken;
        if (!expected) throw new AdminApiError(503, 'disabled', 'the admin API is off: set HELPER_ADMIN_TOKEN to use it');
        const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
        if (!given) throw new AdminApiError(401, 'unauthenticated', 'send Authorization: Bearer <HELPER_ADMIN_TOKEN>');
        if (!sameSecret(given, expected)) throw new AdminApiError(403, 'forbidden', 'the admin token is not valid');
      });

      const errors = { '4xx': errorSchema, '5xx': errorSchema };
      const assistantParams = {
        type: 'object',
        properties: { server: { type: 'string' }, language: { type: 'string' } },
        required: ['server', 'language'],
      } as const;
      const findAssistant = async (params: { server: string; language: string }): Promise<AssistantRecord> => {
        const assistant = await platform.store.assistants.get(params.server, params.language);
        if (!assistant) throw new AdminApiError(404, 'not_found', `assistant ${params.server}/${params.language} does not exist`);
        return assistant;
      };

      scope.get('/servers', { schema: { summary: 'List servers', response: { 200: { type: 'array', items: serverSchema }, ...errors } } }, async () =>
        (await platform.store.servers.list()).map(({ id: _id, ...server }) => server),
      );
      scope.post<{ Body: { name: string; displayName?: string } }>(
        '/servers',
        {
          schema: {
            summary: 'Add a server',
            body: { type: 'object', properties: { name: { type: 'string' }, displayName: { type: 'string' } }, required: ['name'], additionalProperties: false },
            response: { 201: serverSchema, ...errors },
          },
        },
        async (request, reply) => {
          const { id: _id, ...server } = await platform.store.servers.create(request.body);
          platform.hosts.invalidate();
          reply.code(201);
          return server;
        },
      );
      scope.patch<{ Params: { server: string }; Body: { displayName?: string; enabled?: boolean } }>(
        '/servers/:server',
        {
          schema: {
            summary: 'Rename, disable or enable a server',
            body: { type: 'object', properties: { displayName: { type: 'string' }, enabled: { type: 'boolean' } }, additionalProperties: false },
            response: { 200: serverSchema, ...errors },
          },
        },
        async (request) => {
          const { id: _id, ...server } = await platform.store.servers.update(request.params.server, request.body);
          platform.hosts.invalidate();
          return server;
        },
      );
      scope.get<{ Params: { server: string } }>(
        '/servers/:server/assistants',
        { schema: { summary: "List a server's assistants", response: { 200: { type: 'array', items: assistantSchema }, ...errors } } },
        async (request) => {
          if (!(await platform.store.servers.get(request.params.server))) throw new AdminApiError(404, 'not_found', `server ${request.params.server} does not exist`);
          return (await platform.store.assistants.list()).filter((assistant) => assistant.serverName === request.params.server).map(assistantView);
        },
      );
      scope.post<{ Params: { server: string }; Body: { language: string; name?: string } }>(
        '/servers/:server/assistants',
        {
          schema: {
            summary: 'Add an assistant in a language',
            body: { type: 'object', properties: { language: { type: 'string' }, name: { type: 'string' } }, required: ['language'], additionalProperties: false },
            response: { 201: assistantSchema, ...errors },
          },
        },
        async (request, reply) => {
          const created = await platform.store.assistants.create({ serverName: request.params.server, ...request.body });
          platform.hosts.invalidate();
          reply.code(201);
          return assistantView(created);
        },
      );
      scope.patch<{ Params: { server: string; language: string }; Body: { name?: string; enabled?: boolean; apiAllowedCidrs?: string[] } }>(
        '/servers/:server/assistants/:language',
        {
          schema: {
            summary: 'Rename, disable or enable an assistant; set the addresses allowed without a token',
            params: assistantParams,
            body: {
              type: 'object',
              properties: { name: { type: 'string' }, enabled: { type: 'boolean' }, apiAllowedCidrs: { type: 'array', items: { type: 'string' } } },
              additionalProperties: false,
            },
            response: { 200: assistantSchema, ...errors },
          },
        },
        async (request) => {
          const assistant = await findAssistant(request.params);
          const bad = (request.body.apiAllowedCidrs ?? []).find((cidr) => parseCidr(cidr) === null);
          if (bad !== undefined) throw new AdminApiError(400, 'invalid', `"${bad}" is not an address or CIDR`, 'apiAllowedCidrs');
          const updated = await platform.store.assistants.update(assistant.id, request.body);
          platform.hosts.invalidate();
          return assistantView(updated);
        },
      );
      scope.get<{ Params: { server: string; language: string } }>(
        '/servers/:server/assistants/:language/integrations',
        { schema: { summary: 'The Integrações values (4biz, API Rest, Facebook Messenger)', params: assistantParams } },
        async (request) => {
          const assistant = await findAssistant(request.params);
          return integrationValues({
            config: platform.config,
            assistant,
            content: await platform.store.content.load(assistant.id),
            apiToken: await platform.apiAccess.token(assistant),
            facebook: await facebookStatus(platform, assistant),
          });
        },
      );
      scope.post<{ Params: { server: string; language: string } }>(
        '/servers/:server/assistants/:language/api-token/rotate',
        { schema: { summary: 'Rotate the conversations API token', params: assistantParams } },
        async (request) => ({ token: await platform.apiAccess.rotate(await findAssistant(request.params)) }),
      );
      scope.put<{ Params: { server: string; language: string }; Body: { appSecret?: string; pageAccessToken?: string } }>(
        '/servers/:server/assistants/:language/integrations/facebook',
        {
          schema: {
            summary: 'Set (write-only) the Facebook app secret and Page access token; an empty string removes one',
            params: assistantParams,
            body: {
              type: 'object',
              properties: { appSecret: { type: 'string', maxLength: 512 }, pageAccessToken: { type: 'string', maxLength: 4096 } },
              additionalProperties: false,
            },
          },
        },
        async (request) => {
          const assistant = await findAssistant(request.params);
          await setFacebookSecrets(platform, assistant, request.body);
          const status = await facebookStatus(platform, assistant);
          return { appSecret: status.appSecret, pageAccessToken: status.pageAccessToken, needsNewToken: status.needsNewToken };
        },
      );
      scope.post<{ Params: { server: string; language: string } }>(
        '/servers/:server/assistants/:language/integrations/facebook/verify-token/rotate',
        { schema: { summary: 'A new Facebook verify token (Meta checks it again on the next subscription)', params: assistantParams } },
        async (request) => ({ verifyToken: await facebookVerifyToken(platform, await findAssistant(request.params), { rotate: true }) }),
      );
      for (const [verb, paused] of [
        ['pause', true],
        ['resume', false],
      ] as const) {
        scope.post<{ Params: { server: string; language: string; conversation: string } }>(
          `/servers/:server/assistants/:language/conversations/:conversation/${verb}`,
          { schema: { summary: paused ? 'A human takes the conversation over' : 'Give the conversation back to the assistant' } },
          async (request) => {
            const assistant = await findAssistant(request.params);
            await platform.conversations.setPaused(assistant, request.params.conversation, paused);
            return { conversation: request.params.conversation, paused };
          },
        );
      }
    },
    { prefix: '/api/admin' },
  );
}
