// Admin routes for a data subject's rights (LGPD) and the audit log: export everything stored of
// one user id of an assistant, erase it, and read who did what. Administrators only; every export
// and erasure is written to the audit log.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { actorOf } from './actor.js';

const userParams = {
  type: 'object',
  properties: { ...assistantParams.properties, userId: { type: 'string', minLength: 1, maxLength: 256 } },
  required: ['server', 'language', 'userId'],
} as const;

const auditEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    assistant: { type: ['string', 'null'] },
    actor: { type: 'string' },
    action: { type: 'string' },
    subject: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
    at: { type: 'number' },
  },
  required: ['id', 'assistant', 'actor', 'action', 'subject', 'details', 'at'],
} as const;

const anyObject = { type: 'object', additionalProperties: true } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

/**
 * The access export, every kind of row the erasure deletes: written out field by field, so none is
 * dropped by the response's serialisation (and each object keeps fields added later).
 */
const userDataSchema = {
  type: 'object',
  properties: {
    assistant: { type: 'string' },
    userId: { type: 'string' },
    exportedAt: { type: 'string' },
    conversation: {
      type: ['object', 'null'],
      properties: { paused: { type: 'boolean' }, createdAt: { type: 'number' }, latestEventTime: nullableNumber, events: { type: 'array', items: anyObject } },
      additionalProperties: true,
    },
    sessions: { type: 'array', items: anyObject },
    pendingSends: {
      type: 'array',
      items: { type: 'object', properties: { channel: { type: 'string' }, payload: {}, createdAt: { type: 'number' } }, additionalProperties: true },
    },
    pendingMessages: {
      type: 'array',
      items: { type: 'object', properties: { channel: { type: 'string' }, message: {}, createdAt: { type: 'number' } }, additionalProperties: true },
    },
    handoffs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          channel: nullableString,
          status: { type: 'string' },
          reason: { type: 'string' },
          detail: nullableString,
          outsideHours: { type: 'boolean' },
          agentLogin: nullableString,
          requestedAt: { type: 'number' },
          takenAt: nullableNumber,
          resolvedAt: nullableNumber,
          resolvedBy: nullableString,
          lastUserMessageAt: nullableNumber,
          notes: {
            type: 'array',
            items: { type: 'object', properties: { id: { type: 'integer' }, author: { type: 'string' }, text: { type: 'string' }, createdAt: { type: 'number' } }, additionalProperties: true },
          },
        },
        additionalProperties: true,
      },
    },
    contacts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { channel: { type: 'string' }, lastInboundAt: nullableNumber, unreachableSince: nullableNumber, unreachableReason: nullableString },
        additionalProperties: true,
      },
    },
    deliveries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          channel: { type: 'string' },
          messageId: nullableString,
          status: { type: 'string' },
          detail: { type: ['object', 'null'], additionalProperties: true },
          occurredAt: { type: 'number' },
          recordedAt: { type: 'number' },
        },
        additionalProperties: true,
      },
    },
  },
  required: ['assistant', 'userId', 'exportedAt', 'conversation', 'sessions', 'pendingSends', 'pendingMessages', 'handoffs', 'contacts', 'deliveries'],
} as const;

export function registerPrivacyRoutes(scope: FastifyInstance, platform: Platform): void {
  const base = '/servers/:server/assistants/:language/users/:userId';

  scope.get<{ Params: { server: string; language: string; userId: string } }>(
    `${base}/data`,
    {
      config: { access: 'change' },
      schema: {
        summary:
          "Everything stored of one user id of this assistant (LGPD access request): the conversation's events, its sessions, pending sends and messages, hand-offs with the agents' notes, the channels' contact and delivery records; recorded in the audit log",
        params: userParams,
        response: { 200: userDataSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const assistant = await findAssistant(platform, request.params);
      const data = await platform.analytics.userData.export(assistant, request.params.userId, actorOf(request));
      const name = `${assistant.serverName}-${assistant.language}-user-data.json`;
      return reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(data);
    },
  );

  scope.delete<{ Params: { server: string; language: string; userId: string } }>(
    base,
    {
      schema: {
        summary: "Erase everything stored of one user id of this assistant (LGPD deletion request): events, conversation, analytics rows, pending sends and messages, hand-offs with the agents' notes, the channels' contact and delivery records; recorded in the audit log",
        params: userParams,
        response: {
          200: {
            type: 'object',
            properties: {
              userId: { type: 'string' },
              erased: {
                type: 'object',
                properties: Object.fromEntries(['conversations', 'events', 'messages', 'outbound', 'inbound', 'handoffs', 'contacts', 'deliveries'].map((kind) => [kind, { type: 'integer' }])),
              },
            },
            required: ['userId', 'erased'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const erased = await platform.analytics.userData.erase(assistant, request.params.userId, actorOf(request));
      return { userId: request.params.userId, erased };
    },
  );

  scope.get<{ Params: { server: string }; Querystring: { limit?: string; before?: string } }>(
    '/servers/:server/audit',
    {
      config: { access: 'change' },
      schema: {
        summary: "The server's audit log, newest first: exports and erasures of personal data, retention runs and changes, curation decisions",
        params: { type: 'object', properties: { server: { type: 'string', maxLength: 64 } }, required: ['server'] },
        querystring: { type: 'object', properties: { limit: { type: 'string', pattern: '^[0-9]{1,3}$' }, before: { type: 'string', pattern: '^[0-9]{1,15}$' } }, additionalProperties: false },
        response: { 200: { type: 'object', properties: { entries: { type: 'array', items: auditEntrySchema } }, required: ['entries'] }, ...errorResponses },
      },
    },
    async (request) => {
      const server = await platform.store.servers.get(request.params.server);
      if (!server) throw new AdminApiError(404, 'not_found', `server ${request.params.server} does not exist`);
      const assistants = new Map((await platform.store.assistants.list()).filter((assistant) => assistant.serverId === server.id).map((assistant) => [assistant.id, `${assistant.serverName}/${assistant.language}`]));
      const entries = await platform.store.audit.list(server.id, {
        limit: Math.min(500, Math.max(1, Number(request.query.limit ?? 100))),
        ...(request.query.before === undefined ? {} : { beforeId: Number(request.query.before) }),
      });
      return {
        entries: entries.map((entry) => ({
          id: entry.id,
          assistant: entry.assistantId === null ? null : (assistants.get(entry.assistantId) ?? null),
          actor: entry.actor,
          action: entry.action,
          subject: entry.subject,
          details: entry.details,
          at: entry.createdAt,
        })),
      };
    },
  );
}
