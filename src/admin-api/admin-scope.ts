// What every route module of the admin HTTP API shares: its error type and error body, the
// parameters that address an assistant, and the look-up of that assistant.
import type { FastifyReply } from 'fastify';
import type { Platform } from '../platform.js';
import type { AssistantRecord } from '../store/store.js';

export class AdminApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** More keys of the error body: `problems` (every field's problem), `usedBy` (what still uses an item). */
    readonly details?: { problems?: unknown[]; usedBy?: unknown[] },
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string', description: 'the field of the request body at fault, dot-separated with list indices: `phrases.2.text`' },
        problems: {
          type: 'array',
          description: 'every problem found (400 invalid), each with its field; `item` names another item than the one addressed',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string' },
              message: { type: 'string' },
              item: { type: 'object', properties: { list: { type: 'string' }, name: { type: 'string' } } },
            },
          },
        },
        usedBy: {
          type: 'array',
          description: 'what still uses the item (409 in_use)',
          items: { type: 'object', properties: { list: { type: 'string' }, name: { type: 'string' }, field: { type: 'string' } } },
        },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

/** Response schemas of every admin route's errors. */
export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

export const assistantParams = {
  type: 'object',
  properties: { server: { type: 'string' }, language: { type: 'string' } },
  required: ['server', 'language'],
} as const;

export function sendError(reply: FastifyReply, status: number, code: string, message: string, field?: string, details?: AdminApiError['details']): void {
  reply.code(status).send({ error: { code, message, ...(field ? { field } : {}), ...details } });
}

/** The assistant of `/servers/:server/assistants/:language/…`, or a 404 naming it. */
export async function findAssistant(platform: Platform, params: { server: string; language: string }): Promise<AssistantRecord> {
  const assistant = await platform.store.assistants.get(params.server, params.language);
  if (!assistant) throw new AdminApiError(404, 'not_found', `assistant ${params.server}/${params.language} does not exist`);
  return assistant;
}
