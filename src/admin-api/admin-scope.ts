// What every route module of the admin HTTP API shares: its error type and error body, the
// parameters that address an assistant, and the look-up of that assistant.
import type { FastifyReply } from 'fastify';
import type { Platform } from '../platform.js';
import type { AssistantRecord } from '../store/store.js';
import { problem, type ApiProblem, type ProblemCode, type ProblemParams } from './problem-codes.js';

export class AdminApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /**
     * More keys of the error body: `problems` (every field's problem, each with its code and
     * params: ./problem-codes.ts), `params` (the values of the error's own code), `usedBy` (what
     * still uses an item).
     */
    readonly details?: { problems?: Array<Omit<ApiProblem, 'code'> & { code?: string }>; params?: ProblemParams; usedBy?: unknown[] },
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** A 400 `invalid` about one field, with its problem's stable code (./problem-codes.ts). */
export function invalidField(field: string | undefined, code: ProblemCode, params?: ProblemParams, message?: string): AdminApiError {
  const found = problem(field, code, params, message);
  return new AdminApiError(400, 'invalid', found.message, field, { problems: [found] });
}

/** A 400 `invalid` listing every problem found; `field` and `message` are the first's. */
export function invalidProblems(problems: ApiProblem[], message?: string): AdminApiError {
  const first = problems[0];
  return new AdminApiError(400, 'invalid', message ?? first?.message ?? 'the request is not valid', first?.item === undefined ? first?.field : undefined, { problems });
}

const paramsSchema = { type: 'object', additionalProperties: { type: ['string', 'number'] }, description: "the values the code's sentence needs (`{min: 1}`)" } as const;

/** One problem of an error body (`problems[]`). */
export const problemSchema = {
  type: 'object',
  properties: {
    field: { type: 'string' },
    code: { type: 'string', description: 'what is wrong, stable (README "Error codes")' },
    params: paramsSchema,
    message: { type: 'string' },
    item: { type: 'object', properties: { list: { type: 'string' }, name: { type: 'string' } } },
  },
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'the kind of error, stable (README "Error codes")' },
        message: { type: 'string', description: 'in English, for people; never parse it' },
        params: paramsSchema,
        field: { type: 'string', description: 'the field of the request body at fault, dot-separated with list indices: `phrases.2.text`' },
        problems: {
          type: 'array',
          description: 'every problem found (400 invalid), each with its field; `item` names another item than the one addressed',
          items: problemSchema,
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

/** `/servers/:server/assistants/:language`: bounded as the copy source of a new assistant is (names are at most 50, languages 2 to 6). */
export const assistantParams = {
  type: 'object',
  properties: { server: { type: 'string', maxLength: 64 }, language: { type: 'string', maxLength: 16 } },
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
