// The admin HTTP API (/api/admin/…). One scope: every request is authenticated and authorised by
// ./access.ts, errors have one shape ({"error": {"code", "message", "field"?}}, ./admin-scope.ts),
// and each module of routes below registers into it. A new module is a new file and one line in
// `routeModules`.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../platform.js';
import { StoreConflictError, StoreNotFoundError, StoreValidationError } from '../store/store-errors.js';
import { authenticate, authorise } from './access.js';
import { AdminApiError, sendError } from './admin-scope.js';
import { registerAssistantFileRoutes } from './assistant-file-routes.js';
import { registerServerRoutes } from './server-routes.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerTrainingRoutes } from './training-routes.js';

export { AdminApiError } from './admin-scope.js';

const routeModules: ReadonlyArray<(scope: FastifyInstance, platform: Platform) => void | Promise<void>> = [
  registerServerRoutes,
  registerSettingsRoutes,
  registerTrainingRoutes,
  registerAssistantFileRoutes,
];

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

export async function registerAdminApi(app: FastifyInstance, platform: Platform): Promise<void> {
  app.decorateRequest('principal', null);
  await app.register(
    async (scope) => {
      scope.setErrorHandler(adminErrorHandler);
      scope.setNotFoundHandler((request, reply) => sendError(reply, 404, 'not_found', `no admin route for ${request.method} ${request.url.split('?')[0] ?? ''}`));
      scope.addHook('onRequest', async (request) => {
        request.principal = await authenticate(platform, request);
      });
      // Params are parsed by now (preValidation runs before the body's schema is checked, so a
      // user without the right gets 403/404 rather than a validation error about the body).
      scope.addHook('preValidation', async (request) => {
        if (request.principal) authorise(request.principal, request);
      });
      for (const register of routeModules) await register(scope, platform);
    },
    { prefix: '/api/admin' },
  );
}
