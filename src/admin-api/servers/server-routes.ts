// Admin routes for the platform's servers and assistants: add, list, rename, disable, and the
// addresses allowed on the conversations API without a token — the same operations as the CLI.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { parseCidr } from '../../server/api-access.js';
import { SERVER_NAME_PATTERN } from '../../assistant/assistant-address.js';
import type { AssistantRecord } from '../../store/store.js';
import { MAX_SERVER_DISPLAY_NAME_LENGTH, MAX_SERVER_NAME_LENGTH } from '../../store/store-names.js';
import { isPlatformOperator } from '../auth/access.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidField } from '../admin-scope.js';
import { readOnlyKeysBeside } from '../read-only-keys.js';

/** Addresses or CIDRs allowed to call the bot API without a token (PATCH of an assistant). */
const MAX_ALLOWED_CIDRS = 100;

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

/** A server's name becomes part of host names (`{server}{lang}.{domain}`): the store's rule, written in the schema. */
const serverNameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_SERVER_NAME_LENGTH,
  pattern: SERVER_NAME_PATTERN.source,
  description: `1 to ${MAX_SERVER_NAME_LENGTH} lower-case letters (a-z) and digits; part of the host names of its assistants`,
} as const;
const displayNameSchema = { type: 'string', maxLength: MAX_SERVER_DISPLAY_NAME_LENGTH, description: 'as the console shows it; the name when absent' } as const;

// What a PATCH changes; the rest of a server or assistant as listed is taken back and ignored.
const serverChanges = { displayName: displayNameSchema, enabled: { type: 'boolean' } } as const;
const assistantChanges = {
  name: { type: 'string', maxLength: 100 },
  enabled: { type: 'boolean' },
  apiAllowedCidrs: { type: 'array', maxItems: MAX_ALLOWED_CIDRS, items: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

export function registerServerRoutes(scope: FastifyInstance, platform: Platform): void {
    scope.get('/servers', { schema: { summary: "List servers (a console user sees only their own)", response: { 200: { type: 'array', items: serverSchema }, ...errorResponses } } }, async (request) => {
      const principal = request.principal;
      return (await platform.store.servers.list())
        .filter((server) => principal === null || isPlatformOperator(principal) || (principal.kind === 'user' && server.name === principal.serverName))
        .map(({ id: _id, ...server }) => server);
    });
    scope.post<{ Body: { name: string; displayName?: string } }>(
      '/servers',
      {
        config: { access: 'operator' },
        schema: {
          summary: 'Add a server',
          body: { type: 'object', properties: { name: serverNameSchema, displayName: displayNameSchema }, required: ['name'], additionalProperties: false },
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
          body: { type: 'object', properties: { ...serverChanges, ...readOnlyKeysBeside(serverSchema, serverChanges) }, additionalProperties: false },
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
    scope.post<{ Params: { server: string }; Body: { language: string; name?: string; copyFrom?: { server: string; language: string } } }>(
      '/servers/:server/assistants',
      {
        schema: {
          summary: 'Add an assistant in a language: empty, or a copy of another (its content and settings)',
          description:
            'With `copyFrom` the new assistant starts with the content (themes, intents, contexts, regexes, skills, dialogues) and the settings ' +
            '(threshold, greeting, handoff) of that assistant; not its secrets, channels, trainings, conversations, notification e-mails, action endpoint or third-party APIs. ' +
            "An administrator copies only from their own server's assistants.",
          body: {
            type: 'object',
            properties: {
              language: { type: 'string', maxLength: 16 },
              name: { type: 'string', maxLength: 100 },
              copyFrom: { type: 'object', properties: { server: { type: 'string', maxLength: 64 }, language: { type: 'string', maxLength: 16 } }, required: ['server', 'language'], additionalProperties: false },
            },
            required: ['language'],
            additionalProperties: false,
          },
          response: { 201: assistantSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { copyFrom, ...input } = request.body;
        const principal = request.principal;
        // The source is read first: a copy from nowhere adds nothing.
        let source: AssistantRecord | undefined;
        if (copyFrom !== undefined) {
          if (!isPlatformOperator(principal) && principal?.kind === 'user' && copyFrom.server !== principal.serverName) {
            throw new AdminApiError(404, 'not_found', `server ${copyFrom.server} does not exist`, 'copyFrom.server');
          }
          source = (await platform.store.assistants.list()).find((candidate) => candidate.serverName === copyFrom.server && candidate.language === copyFrom.language);
          if (source === undefined) throw new AdminApiError(404, 'not_found', `assistant ${copyFrom.server}/${copyFrom.language} does not exist`, 'copyFrom');
        }
        // The copy is one transaction with the new assistant: a failure halfway leaves nothing.
        const content = source === undefined ? undefined : await platform.store.content.load(source.id);
        const created = await platform.store.assistants.create({
          serverName: request.params.server,
          ...input,
          ...(content === undefined ? {} : { content, author: { actor: principal?.kind === 'user' ? principal.login : 'operator' } }),
          ...(source === undefined
            ? {}
            : {
                settings: {
                  accuracyThreshold: source.settings.accuracyThreshold,
                  ...(source.settings.greeting === undefined ? {} : { greeting: source.settings.greeting }),
                  ...(source.settings.handoff === undefined ? {} : { handoff: source.settings.handoff }),
                },
              }),
        });
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
          body: { type: 'object', properties: { ...assistantChanges, ...readOnlyKeysBeside(assistantSchema, assistantChanges) }, additionalProperties: false },
          response: { 200: assistantSchema, ...errorResponses },
        },
      },
      async (request) => {
        const assistant = await findAssistant(platform, request.params);
        const bad = (request.body.apiAllowedCidrs ?? []).find((cidr) => parseCidr(cidr) === null);
        if (bad !== undefined) throw invalidField('apiAllowedCidrs', 'not_address', { value: bad }, `"${bad}" is not an address or CIDR`);
        const updated = await platform.store.assistants.update(assistant.id, request.body);
        platform.hosts.invalidate();
        return assistantView(updated);
      },
    );
}
