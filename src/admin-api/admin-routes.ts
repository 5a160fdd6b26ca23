// The admin HTTP API (/api/admin/…) and the console's sign-in (/api/auth/…). In the admin scope
// every request is authenticated and authorised by ./auth/access.ts, errors have one shape
// ({"error": {"code", "message", "field"?, "params"?, "problems"?}}, ./admin-scope.ts, with the
// stable codes of ./problem-codes.ts), and each module of routes below
// registers into it. A new module is a new file and one line in `routeModules`.
import { AjvCompiler } from '@fastify/ajv-compiler';
import { lazyValidator } from '../server/lazy-schemas.js';
import cookie from '@fastify/cookie';
import { errorCodes, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { brokenTextPath, jsonBoundsKeyword } from '../assistant/json-bounds.js';
import type { Platform } from '../platform.js';
import { RateLimitedError } from '../server/rasa-error.js';
import { isUniqueViolation } from '../store/database-errors.js';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../store/store-errors.js';
import { AdminApiError, sendError } from './admin-scope.js';
import { isProblemCode, MAX_PROBLEMS, problem, problemsOfSchemaIssues, type ApiProblem } from './problem-codes.js';
import { readOnlyKeyword } from './read-only-keys.js';
import { authenticate, authorise, mayReadSecrets, requiredAccessOf, stillAuthorised } from './auth/access.js';
import { registerAnalyticsRoutes } from './analytics/analytics-routes.js';
import { registerApiRoutes } from './apis/api-routes.js';
import { registerPackRoutes } from './apis/pack-routes.js';
import { registerPrivacyRoutes } from './analytics/privacy-routes.js';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { ConsoleSessions } from './auth/console-sessions.js';
import { secretPathsOf, withoutSecrets, type SecretPath } from './auth/secret-fields.js';
import { SignInThrottle } from './auth/sign-in-throttle.js';
import { registerContentRoutes } from './content/content-routes.js';
import { registerBulkRoutes } from './content/bulk-routes.js';
import { registerVersionRoutes } from './content/version-routes.js';
import { registerDialogueTreeRoute } from './content/dialogue-tree-route.js';
import { registerMediaUploadRoute } from './content/media-upload-route.js';
import { registerSkillPreviewRoute } from './content/skill-preview-route.js';
import { registerPauseRoutes } from './conversations/pause-routes.js';
import { registerHandoffRoutes } from './handoffs/handoff-routes.js';
import { registerAssistantFileRoutes } from './files/assistant-file-routes.js';
import { registerImportRoutes } from './imports/import-routes.js';
import { registerWatsonImportRoutes } from './imports/watson-routes.js';
import { registerDeliveryRoutes } from './integrations/delivery-routes.js';
import { registerFacebookCheckRoutes } from './integrations/facebook-check-routes.js';
import { registerIntegrationRoutes } from './integrations/integration-routes.js';
import { registerTelegramRoutes } from './integrations/telegram-routes.js';
import { registerWhatsAppRoutes } from './integrations/whatsapp-routes.js';
import { registerServerRoutes } from './servers/server-routes.js';
import { registerSettingsRoutes } from './settings/settings-routes.js';
import { registerTestChatRoutes } from './test-chat/test-chat-routes.js';
import { registerNluReportRoute } from './trainings/nlu-report-route.js';
import { registerTrainingRoutes } from './trainings/training-routes.js';
import { registerUserRoutes } from './users/user-routes.js';

export { AdminApiError } from './admin-scope.js';

const routeModules: ReadonlyArray<(scope: FastifyInstance, platform: Platform) => void | Promise<void>> = [
  registerServerRoutes,
  registerIntegrationRoutes,
  registerPauseRoutes,
  registerHandoffRoutes,
  registerUserRoutes,
  registerTestChatRoutes,
  registerFacebookCheckRoutes,
  registerWhatsAppRoutes,
  registerTelegramRoutes,
  registerDeliveryRoutes,
  registerContentRoutes,
  registerBulkRoutes,
  registerVersionRoutes,
  registerSkillPreviewRoute,
  registerApiRoutes,
  registerPackRoutes,
  registerDialogueTreeRoute,
  registerMediaUploadRoute,
  registerSettingsRoutes,
  registerTrainingRoutes,
  registerNluReportRoute,
  registerAssistantFileRoutes,
  registerImportRoutes,
  registerWatsonImportRoutes,
  registerAnalyticsRoutes,
  registerPrivacyRoutes,
];

/** Every problem with a code: one the thrower did not code is `invalid_value`, its message kept. */
function coded(problems: readonly unknown[]): ApiProblem[] {
  return problems.slice(0, MAX_PROBLEMS).map((raw) => {
    if (typeof raw === 'string') return { code: 'invalid_value', message: raw };
    const given = raw as Partial<ApiProblem>;
    return { ...given, code: typeof given.code === 'string' ? given.code : 'invalid_value', message: given.message ?? 'is not valid' };
  });
}

function storeProblem(error: StoreValidationError): ApiProblem {
  const code = error.code !== undefined && isProblemCode(error.code) ? error.code : 'invalid_value';
  return problem(error.field, code, error.params, error.message);
}

/**
 * Every error answered by the admin API: `{"error": {code, message, field?, params?, problems?}}`.
 * A 400 `invalid` always lists its problems, each with a stable code (./problem-codes.ts).
 */
function adminErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AdminApiError) {
    const problems = error.statusCode === 400 && error.code === 'invalid' ? coded(error.details?.problems ?? [{ field: error.field, message: error.message }]) : error.details?.problems;
    return sendError(reply, error.statusCode, error.code, error.message, error.field, { ...error.details, ...(problems ? { problems } : {}) });
  }
  if (error instanceof RateLimitedError) {
    reply.header('retry-after', String(error.retryAfterSeconds));
    return sendError(reply, 429, 'rate_limited', error.message, undefined, { params: { seconds: error.retryAfterSeconds } });
  }
  if (error instanceof StoreNotFoundError) return sendError(reply, 404, 'not_found', error.message);
  // A conflict stays `conflict`; its problem says which (`server_exists`, `last_administrator`…).
  if (error instanceof StoreConflictError) {
    return sendError(reply, 409, 'conflict', error.message, undefined, error.code !== undefined && isProblemCode(error.code) ? { problems: [problem(undefined, error.code, error.params, error.message)] } : undefined);
  }
  if (error instanceof StoreValidationError) return sendError(reply, 400, 'invalid', error.message, error.field, { problems: [storeProblem(error)] });
  if (error.validation) {
    // Every issue of the body (ajv runs with allErrors in these scopes), each with its field
    // (`phrases.2.text`, the missing key included) and code.
    const problems = problemsOfSchemaIssues(error.validation as Parameters<typeof problemsOfSchemaIssues>[0]);
    const first = problems[0];
    const message = first === undefined ? `${error.validationContext ?? 'body'} is not valid` : first.field ? first.message : `${error.validationContext ?? 'body'} ${first.message}`;
    return sendError(reply, 400, 'invalid', message, first?.field, { problems });
  }
  // The body as read (Fastify's content-type parsers), with the codes the console translates.
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const max = request.routeOptions.bodyLimit;
      return sendError(reply, 413, 'too_large', `the request body is larger than ${max} bytes`, 'body', { params: { max } });
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(reply, 415, 'unsupported_media_type', error.message, 'body');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendError(reply, 400, 'invalid', 'body is empty: send a JSON value', 'body', { problems: [problem('body', 'empty', undefined, 'body is empty: send a JSON value')] });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return sendError(reply, 400, 'invalid', `body is not valid JSON (${error.message})`, 'body', { problems: [problem('body', 'invalid_value', undefined, `body is not valid JSON (${error.message})`)] });
    default:
      break;
  }
  // A unique index refused a row that a route's own check did not see first (a race between
  // "does it exist?" and the insert, or a name the check and the index compare differently).
  if (isUniqueViolation(error)) return sendError(reply, 409, 'conflict', 'another item already has this name or key');
  if (error.statusCode !== undefined && error.statusCode < 500) return sendError(reply, error.statusCode, 'bad_request', error.message);
  request.log.error({ err: error }, 'admin API request failed');
  sendError(reply, 500, 'internal', 'An unexpected error occurred.');
}

/**
 * The admin scopes check bodies with every error (allErrors), so a form learns all its problems
 * at once. Bounded: a body is at most the body limit, each list has its maxItems, and a valid body
 * is walked whole anyway; the answer keeps MAX_PROBLEMS. Other options are the app's.
 */
function allErrorsValidator(scope: FastifyInstance) {
  type Build = ReturnType<ReturnType<typeof AjvCompiler>>;
  const builds = new Map<boolean, Build>();
  const compiler = (coerce: boolean): Build => {
    let build = builds.get(coerce);
    if (build === undefined) {
      // A body keeps its JSON types; a query string, params and headers are text, read as the
      // schema's numbers and booleans (Fastify's own coercion), so `?limit=50&mine=true` passes.
      // A body's key the schema does not take is refused (`not_allowed` at that key), not dropped
      // as Fastify's default does: a misspelt field would answer 200 and change nothing. The keys
      // a reading answers are declared in each body (./read-only-keys.ts), so a GET written back
      // passes. A query string's unknown key is still dropped (a cache buster).
      build = AjvCompiler()(scope.getSchemas() as Parameters<ReturnType<typeof AjvCompiler>>[0], {
        customOptions: { coerceTypes: coerce ? 'array' : false, removeAdditional: coerce, allErrors: true, allowUnionTypes: true, keywords: [jsonBoundsKeyword, readOnlyKeyword] },
      });
      builds.set(coerce, build);
    }
    return build;
  };
  // Compiled on a route's first request, as the app's other schemas (../server/lazy-schemas.ts).
  return lazyValidator((route: { schema: object; method: string; url: string; httpPart?: string }) => compiler(route.httpPart !== 'body')(route as Parameters<Build>[0]));
}

export async function registerAdminApi(app: FastifyInstance, platform: Platform): Promise<void> {
  app.decorateRequest('principal', null);
  app.decorateRequest('recheckAccess', null);
  await app.register(cookie);
  const sessions = new ConsoleSessions(platform.store, platform.config.consoleSession);
  const throttle = new SignInThrottle(platform.store, platform.config.signInThrottle);
  const notFound = (request: FastifyRequest, reply: FastifyReply) => sendError(reply, 404, 'not_found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`);
  await app.register(
    async (scope) => {
      scope.setErrorHandler(adminErrorHandler);
      scope.setValidatorCompiler(allErrorsValidator(scope));
      scope.setNotFoundHandler(notFound);
      refuseOtherMediaTypes(scope);
      refuseBrokenText(scope);
      registerAuthRoutes(scope, { platform, sessions, throttle });
    },
    { prefix: '/api/auth' },
  );
  await app.register(
    async (scope) => {
      scope.setErrorHandler(adminErrorHandler);
      scope.setValidatorCompiler(allErrorsValidator(scope));
      scope.setNotFoundHandler(notFound);
      refuseOtherMediaTypes(scope);
      // Each route's access is also written into its OpenAPI operation ("x-access"), for API
      // clients and for the test that checks every route a viewer must not change.
      scope.addHook('onRoute', (route) => {
        const method = Array.isArray(route.method) ? (route.method[0] ?? 'GET') : route.method;
        route.schema = Object.assign(route.schema ?? {}, { 'x-access': requiredAccessOf(method, route.config?.access) });
        // The fields that grant access, per status code, read once from the response schemas.
        const secretFields: Record<string, SecretPath[]> = {};
        for (const [status, schema] of Object.entries((route.schema.response ?? {}) as Record<string, unknown>)) {
          const paths = secretPathsOf(schema);
          if (paths.length > 0) secretFields[status] = paths;
        }
        if (Object.keys(secretFields).length > 0) route.config = { ...route.config, secretFields };
      });
      scope.addHook('onRequest', async (request) => {
        request.principal = await authenticate(platform, sessions, request);
        request.recheckAccess = () => stillAuthorised(platform, sessions, request);
      });
      // Params are parsed by now (preValidation runs before the body's schema is checked, so a
      // user without the right gets 403/404 rather than a validation error about the body).
      scope.addHook('preValidation', async (request) => {
        if (request.principal) authorise(request.principal, request);
      });
      refuseBrokenText(scope);
      // A viewer gets every answer without its secrets (./auth/secret-fields.ts).
      scope.addHook('preSerialization', async (request, reply, payload: unknown) => {
        const secretFields = request.routeOptions.config.secretFields;
        if (!secretFields || !request.principal || mayReadSecrets(request.principal)) return payload;
        const status = String(reply.statusCode);
        const paths = secretFields[status] ?? secretFields[`${status[0] ?? ''}xx`] ?? secretFields['default'] ?? [];
        return withoutSecrets(payload, paths);
      });
      for (const register of routeModules) await register(scope, platform);
    },
    { prefix: '/api/admin' },
  );
}

/**
 * The app reads any other content type as JSON, as Rasa reads its API's bodies (../server/app.ts);
 * the console's API takes JSON and the types its upload routes name, and refuses the rest (415).
 */
function refuseOtherMediaTypes(scope: FastifyInstance): void {
  const refuse = (request: FastifyRequest, _payload: unknown, done: (error: Error | null, body?: unknown) => void): void => {
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(String(request.headers['content-type'] ?? '')), undefined);
  };
  scope.addContentTypeParser('*', refuse);
  // text/plain too: a type a browser sends across sites without asking first (no preflight).
  scope.removeContentTypeParser('text/plain');
  scope.addContentTypeParser('text/plain', refuse);
}

/**
 * A text of a JSON body that is not well-formed Unicode (a lone surrogate, `"t\ud800"`) is refused
 * with 400 `not_well_formed` naming its field, before the body's schema: stored, it would come
 * back changed (SQLite writes U+FFFD), so a name could not be found again by what was answered.
 * One walk, without recursion, for every route of the scope; an upload's body (a file) is not JSON.
 */
function refuseBrokenText(scope: FastifyInstance): void {
  scope.addHook('preValidation', async (request) => {
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || Buffer.isBuffer(body) || request.isMultipart?.()) return;
    const field = brokenTextPath(body);
    if (field === undefined) return;
    const shown = field === '' ? 'body' : field;
    throw new AdminApiError(400, 'invalid', `${shown} holds broken Unicode (a lone surrogate)`, shown, { problems: [problem(shown, 'not_well_formed')] });
  });
}