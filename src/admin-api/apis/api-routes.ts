// Admin routes of "APIs de terceiros": list, get, create or replace (PUT by name; a different
// `name` in the body renames, and dependencies and custom skills follow), delete (409 `in_use`
// while a custom skill or another API uses it), and "testar": the API run with sample context
// values, showing each request sent (secrets masked), each answer, and what each mapping extracted
// or why not. A secret header's value is write-only: sent once, sealed, never returned. Every
// create, change, rename and delete is a content version (Histórico, list `apis`), by its author.
import type { FastifyInstance } from 'fastify';
import { boundedJson, MAX_JSON_BYTES, MAX_JSON_DEPTH } from '../../assistant/json-bounds.js';
import type { Platform } from '../../platform.js';
import { BODY_VALUE_TYPES, DEFAULT_STATUS, HTTP_METHODS, MAPPING_TYPES, type ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import { ApiInUse, ApiNotFound, ApiProblems, apiView, SecretsNotRestored } from '../../third-party-apis/api-service.js';
import { MAX_ROWS } from '../../third-party-apis/check-apis.js';
import { ApiRunError } from '../../third-party-apis/run-api.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { actorOf } from '../analytics/actor.js';
import { readOnlyKeys } from '../read-only-keys.js';

type Params = { server: string; language: string };
type NamedParams = Params & { name: string };

const namedParams = {
  type: 'object',
  properties: { ...assistantParams.properties, name: { type: 'string', maxLength: 80 } },
  required: ['server', 'language', 'name'],
} as const;

/** A body row's literal value: a text as long as a header's, a list or object of at most this many entries. */
const MAX_BODY_TEXT = 8000;
const MAX_BODY_ITEMS = 500;
const statusList = { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, maxItems: 20 } as const;

const apiBodyProperties = {
  name: { type: 'string', minLength: 1, maxLength: 80 },
  dependsOn: { type: 'string', maxLength: 80, description: 'another API that runs first (e.g. a login)' },
  method: { type: 'string', enum: [...HTTP_METHODS] },
  url: { type: 'string', minLength: 1, maxLength: 2000, description: 'may hold {context} placeholders (URL-encoded)' },
  headers: {
    type: 'array',
    maxItems: MAX_ROWS,
    items: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        value: { type: 'string', maxLength: 8000, description: 'may hold {context}; for a secret header write-only — omit it to keep the stored value' },
        secret: { type: 'boolean' },
        ...readOnlyKeys('hasValue'),
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  body: {
    type: 'array',
    maxItems: MAX_ROWS,
    items: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        type: { type: 'string', enum: [...BODY_VALUE_TYPES] },
        value: boundedJson({
          type: ['string', 'number', 'boolean', 'array', 'object', 'null'],
          maxLength: MAX_BODY_TEXT,
          maxItems: MAX_BODY_ITEMS,
          maxProperties: MAX_BODY_ITEMS,
          description: `by type (a text, a number, true/false, a JSON list or object — at most ${MAX_JSON_DEPTH} levels deep and ${MAX_JSON_BYTES} bytes as JSON —, a context name); for a secret text field write-only — omit it to keep the stored value`,
        }),
        secret: { type: 'boolean', description: 'text only: sealed at rest, never returned (a password)' },
        ...readOnlyKeys('hasValue'),
      },
      required: ['name', 'type'],
      additionalProperties: false,
    },
  },
  responseFormat: { type: 'string', enum: ['json', 'text'] },
  mappings: {
    type: 'array',
    maxItems: MAX_ROWS,
    items: {
      type: 'object',
      properties: { path: { type: 'string', maxLength: 500 }, context: { type: 'string', minLength: 1, maxLength: 100 }, type: { type: 'string', enum: [...MAPPING_TYPES] } },
      required: ['path', 'context'],
      additionalProperties: false,
    },
  },
  status: { type: 'object', properties: { success: statusList, unauthorized: statusList, notFound: statusList }, additionalProperties: false },
  notFoundMessage: { type: 'string', maxLength: 2000 },
  failureMessage: { type: 'string', maxLength: 2000 },
  authentication: { type: 'boolean' },
  timeoutMs: { type: 'integer', minimum: 1000, maximum: 30000 },
} as const;

export const apiBodySchema = {
  type: 'object',
  properties: apiBodyProperties,
  required: ['method', 'url'],
  // Its keys listed: a misspelt `failuremessage` is refused as `not_allowed` at that key. An API as
  // read (GET) has the same keys (a secret row's `hasValue` is read-only), so a read, changed and
  // written back passes.
  propertyNames: { enum: Object.keys(apiBodyProperties) },
} as const;

const apiViewSchema = {
  type: 'object',
  properties: {
    ...apiBodySchema.properties,
    headers: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' }, secret: { type: 'boolean' }, hasValue: { type: 'boolean' } } },
    },
    body: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, value: {}, secret: { type: 'boolean' }, hasValue: { type: 'boolean' } } },
    },
    status: { type: 'object', properties: { success: statusList, unauthorized: statusList, notFound: statusList } },
  },
  additionalProperties: true,
} as const;

export type ApiBody = Partial<ThirdPartyApi> & Pick<ThirdPartyApi, 'method' | 'url'>;

/** The definition a body describes, defaults filled. */
export function apiFromBody(name: string, body: ApiBody): ThirdPartyApi {
  return {
    name: body.name ?? name,
    ...(body.dependsOn === undefined || body.dependsOn === '' ? {} : { dependsOn: body.dependsOn }),
    method: body.method,
    url: body.url.trim(),
    headers: body.headers ?? [],
    body: body.body ?? [],
    responseFormat: body.responseFormat ?? 'json',
    mappings: body.mappings ?? [],
    status: {
      success: body.status?.success ?? DEFAULT_STATUS.success,
      unauthorized: body.status?.unauthorized ?? DEFAULT_STATUS.unauthorized,
      notFound: body.status?.notFound ?? DEFAULT_STATUS.notFound,
    },
    ...(body.notFoundMessage === undefined ? {} : { notFoundMessage: body.notFoundMessage }),
    ...(body.failureMessage === undefined ? {} : { failureMessage: body.failureMessage }),
    authentication: body.authentication ?? false,
    ...(body.timeoutMs === undefined ? {} : { timeoutMs: body.timeoutMs }),
  };
}

/**
 * ApiProblems → 400 naming the API's field (a problem of another API than `saving`, the one the
 * request saves, names that API as its `item`); ApiInUse → 409; ApiNotFound → 404.
 */
export function adminErrorOf(error: unknown, saving?: string): unknown {
  if (error instanceof ApiProblems) {
    const first = error.problems[0];
    return new AdminApiError(400, 'invalid', error.message, first?.field, { problems: error.problems.map((problem) => ({ field: problem.field, code: problem.code, ...(problem.params ? { params: problem.params } : {}), message: problem.message, ...(problem.api === saving ? {} : { item: { list: 'apis', name: problem.api } }) })) });
  }
  if (error instanceof ApiInUse) return new AdminApiError(409, 'in_use', error.message, undefined, { usedBy: error.usedBy });
  if (error instanceof SecretsNotRestored) {
    const first = error.problems[0];
    return new AdminApiError(409, 'secret_not_restored', error.message, first?.field, first ? { params: first.params } : undefined);
  }
  if (error instanceof ApiNotFound || error instanceof ApiRunError) return new AdminApiError(404, 'not_found', error.message);
  return error;
}

async function rethrown<T>(work: Promise<T>, saving?: string): Promise<T> {
  try {
    return await work;
  } catch (error: unknown) {
    throw adminErrorOf(error, saving);
  }
}

export function registerApiRoutes(scope: FastifyInstance, platform: Platform): void {
  const base = '/servers/:server/assistants/:language/apis';
  const service = platform.apis;

  scope.get<{ Params: Params }>(
    base,
    { schema: { summary: 'The third-party APIs (APIs de terceiros), in order; secret header values are never returned', params: assistantParams, response: { 200: { type: 'object', properties: { apis: { type: 'array', items: apiViewSchema } } }, ...errorResponses } } },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      return { apis: (await service.list(assistant.id)).map(apiView) };
    },
  );

  scope.get<{ Params: NamedParams }>(
    `${base}/:name`,
    { schema: { summary: 'One third-party API', params: namedParams, response: { 200: apiViewSchema, ...errorResponses } } },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const api = (await service.list(assistant.id)).find((item) => item.name === request.params.name);
      if (!api) throw new AdminApiError(404, 'not_found', `API "${request.params.name}" does not exist`);
      return apiView(api);
    },
  );

  scope.put<{ Params: NamedParams; Body: ApiBody }>(
    `${base}/:name`,
    {
      schema: {
        summary: 'Create or replace a third-party API (a different body name renames it); 400 names the field at fault',
        params: namedParams,
        body: apiBodySchema,
        response: { 200: apiViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const api = apiFromBody(request.params.name, request.body);
      return apiView(await rethrown(service.put(assistant.id, api, request.params.name, { actor: actorOf(request) }), api.name));
    },
  );

  scope.delete<{ Params: NamedParams }>(
    `${base}/:name`,
    { schema: { summary: 'Delete a third-party API (409 in_use while a custom skill or another API uses it)', params: namedParams, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      const assistant = await findAssistant(platform, request.params);
      await rethrown(service.delete(assistant.id, request.params.name, { actor: actorOf(request) }));
      return reply.code(204).send();
    },
  );

  scope.post<{ Params: NamedParams; Body: { contexts?: Record<string, unknown>; sender?: string; message?: string } }>(
    `${base}/:name/test`,
    {
      config: { access: 'change' },
      schema: {
        summary: 'Testar: run the API (its dependencies first) with sample context values; shows each request (secrets masked), answer and extraction',
        params: namedParams,
        body: {
          type: 'object',
          properties: {
            contexts: {
              type: 'object',
              maxProperties: 100,
              propertyNames: { maxLength: 100 },
              additionalProperties: {
                type: ['string', 'number', 'boolean', 'array', 'null'],
                maxLength: 2000,
                maxItems: 100,
                items: { type: ['string', 'number', 'boolean'], maxLength: 2000 },
              },
              description: 'sample values of the contexts the API reads: a text, number, true/false or a list of them',
            },
            sender: { type: 'string', maxLength: 200 },
            message: { type: 'string', maxLength: 2000 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              outcome: { type: 'string', enum: ['success', 'notFound', 'failure'] },
              reason: { type: 'string' },
              reasonCode: { type: 'string', description: 'the reason as a stable code (README "Error codes"); reasonParams.api names the API that failed' },
              reasonParams: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
              message: { type: 'string', description: 'what the assistant would say on failure or when nothing is found' },
              contexts: { type: 'object', additionalProperties: true },
              steps: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    api: { type: 'string' },
                    request: { type: 'object', properties: { method: { type: 'string' }, url: { type: 'string' }, headers: { type: 'object', additionalProperties: { type: 'string' } }, body: { type: 'string' } } },
                    status: { type: 'integer' },
                    response: { type: 'string' },
                    outcome: { type: 'string' },
                    reason: { type: 'string' },
                    reasonCode: { type: 'string' },
                    reasonParams: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
                    extracted: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          path: { type: 'string' },
                          context: { type: 'string' },
                          value: {},
                          problem: { type: 'string' },
                          problemCode: { type: 'string' },
                          problemParams: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const apis = await service.list(assistant.id);
      const sample = request.body ?? {};
      const message = sample.message ?? '';
      const result = await rethrown(
        platform.customSkills.run(assistant.id, apis, request.params.name, { sender: sample.sender ?? 'console-test', slots: sample.contexts ?? {}, text: message, history: async () => (message === '' ? [] : [{ from: 'user', text: message }]) }, true),
      );
      const said = result.outcome === 'notFound' ? result.api.notFoundMessage : result.outcome === 'failure' ? result.api.failureMessage : undefined;
      return {
        outcome: result.outcome,
        ...(result.reason ? { reason: result.reason } : {}),
        ...(result.reason && result.reasonCode ? { reasonCode: result.reasonCode, reasonParams: result.reasonParams ?? {} } : {}),
        ...(said ? { message: said } : {}),
        contexts: result.slots,
        steps: result.steps,
      };
    },
  );
}
