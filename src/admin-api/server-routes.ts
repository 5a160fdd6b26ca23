// Admin routes for the platform's servers and assistants: add, list, rename, disable; the
// Integrações values, the API token, the Facebook settings and human handoff — the same
// operations as the CLI.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.js';
import { parseCidr } from '../server/api-access.js';
import type { AssistantRecord } from '../store/store.js';
import { facebookStatus, facebookVerifyToken, setFacebookSecrets } from '../channels/facebook/facebook-settings.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from './admin-scope.js';
import { integrationValues } from './integration-values.js';
import { integrationValuesSchema } from './integration-values-schema.js';

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

export function registerServerRoutes(scope: FastifyInstance, platform: Platform): void {
    scope.get('/servers', { schema: { summary: "List servers (a console user sees only their own)", response: { 200: { type: 'array', items: serverSchema }, ...errorResponses } } }, async (request) => {
      const principal = request.principal;
      return (await platform.store.servers.list())
        .filter((server) => principal?.kind !== 'user' || server.name === principal.serverName)
        .map(({ id: _id, ...server }) => server);
    });
    scope.post<{ Body: { name: string; displayName?: string } }>(
      '/servers',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Add a server',
          body: { type: 'object', properties: { name: { type: 'string' }, displayName: { type: 'string' } }, required: ['name'], additionalProperties: false },
          response: { 201: serverSchema, ...errorResponses },
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
        config: { access: 'operator' },
        schema: {
          summary: 'Rename, disable or enable a server',
          body: { type: 'object', properties: { displayName: { type: 'string' }, enabled: { type: 'boolean' } }, additionalProperties: false },
          response: { 200: serverSchema, ...errorResponses },
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
      { schema: { summary: "List a server's assistants", response: { 200: { type: 'array', items: assistantSchema }, ...errorResponses } } },
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
          response: { 201: assistantSchema, ...errorResponses },
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
          response: { 200: assistantSchema, ...errorResponses },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        const bad = (request.body.apiAllowedCidrs ?? []).find((cidr) => parseCidr(cidr) === null);
        if (bad !== undefined) throw new AdminApiError(400, 'invalid', `"${bad}" is not an address or CIDR`, 'apiAllowedCidrs');
        const updated = await platform.store.assistants.update(assistant.id, request.body);
        platform.hosts.invalidate();
        return assistantView(updated);
      },
    );
    scope.get<{ Params: { server: string; language: string } }>(
      '/servers/:server/assistants/:language/integrations',
      {
        schema: {
          summary: 'The Integrações values (4biz, API Rest, Facebook Messenger)',
          params: assistantParams,
          response: { 200: integrationValuesSchema, ...errorResponses },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
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
      {
        schema: {
          summary: 'Rotate the conversations API token',
          params: assistantParams,
          response: { 200: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] }, ...errorResponses },
        },
      },
      async (request) => ({ token: await platform.apiAccess.rotate(await findAssistant(platform, request.params)) }),
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
          response: {
            200: {
              type: 'object',
              properties: { appSecret: { type: 'string' }, pageAccessToken: { type: 'string' }, needsNewToken: { type: 'boolean' } },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        await setFacebookSecrets(platform, assistant, request.body);
        const status = await facebookStatus(platform, assistant);
        return { appSecret: status.appSecret, pageAccessToken: status.pageAccessToken, needsNewToken: status.needsNewToken };
      },
    );
    scope.post<{ Params: { server: string; language: string } }>(
      '/servers/:server/assistants/:language/integrations/facebook/verify-token/rotate',
      {
        schema: {
          summary: 'A new Facebook verify token (Meta checks it again on the next subscription)',
          params: assistantParams,
          response: { 200: { type: 'object', properties: { verifyToken: { type: 'string' } }, required: ['verifyToken'] }, ...errorResponses },
        },
      },
      async (request) => ({ verifyToken: await facebookVerifyToken(platform, await findAssistant(platform, request.params), { rotate: true }) }),
    );
    for (const [verb, paused] of [
      ['pause', true],
      ['resume', false],
    ] as const) {
      scope.post<{ Params: { server: string; language: string; conversation: string } }>(
        `/servers/:server/assistants/:language/conversations/:conversation/${verb}`,
        {
          schema: {
            summary: paused ? 'A human takes the conversation over' : 'Give the conversation back to the assistant',
            params: { type: 'object', properties: { ...assistantParams.properties, conversation: { type: 'string' } }, required: ['server', 'language', 'conversation'] },
            response: { 200: { type: 'object', properties: { conversation: { type: 'string' }, paused: { type: 'boolean' } } }, ...errorResponses },
          },
        },
        async (request) => {
          const assistant = await findAssistant(platform, request.params);
          await platform.conversations.setPaused(assistant, request.params.conversation, paused);
          return { conversation: request.params.conversation, paused };
        },
      );
    }
}
