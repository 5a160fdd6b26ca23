// Health for load balancers and orchestrators (HAProxy's `option httpchk`, Kubernetes' probes,
// Docker's HEALTHCHECK), on any host, open like `/version` and never rate limited:
//
//   GET /health/live   200 while the process runs its event loop (restart it when this fails)
//   GET /health/ready  200 when this process can answer chat messages: the store answers, Redis
//                      answers (when REDIS_URL is set), and the default assistant's newest trained
//                      model is loaded (an assistant never trained counts as ready: there is
//                      nothing to load, and the console must stay reachable to train it);
//                      503 otherwise, and from the moment a shutdown begins (draining), so the
//                      balancer stops sending new work before the listener closes.
//
// Each check is bounded (`CHECK_TIMEOUT_MS`), so a hung dependency fails the probe instead of
// hanging it (Redis reconnecting is `failed` at once, not after ioredis' retries); the answer
// names each check and never carries an error's text (no internals).
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.js';

const CHECK_TIMEOUT_MS = 2_000;

type CheckResult = 'ok' | 'failed' | 'timeout' | 'not_used' | 'none_trained';

const checkSchema = { type: 'string', enum: ['ok', 'failed', 'timeout', 'not_used', 'none_trained'] } as const;

const readySchema = {
  type: 'object',
  required: ['status', 'role', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready', 'draining'] },
    role: { type: 'string', enum: ['all', 'web', 'worker'] },
    checks: {
      type: 'object',
      required: ['store', 'redis', 'model'],
      properties: { store: checkSchema, redis: checkSchema, model: checkSchema },
    },
  },
} as const;

async function bounded(check: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((): CheckResult => 'failed'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, platform: Platform): void {
  let draining = false;
  // preClose runs first in app.close(): from then on the balancer sees this process as not ready.
  app.addHook('preClose', async () => {
    draining = true;
  });

  app.get(
    '/health/live',
    {
      schema: { summary: 'liveness: the process runs', tags: ['health'], response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } } },
      config: { addressLimit: 'platform' },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: { summary: 'readiness: store, Redis and the default model ready; 503 otherwise or while shutting down', tags: ['health'], response: { 200: readySchema, 503: readySchema } },
      config: { addressLimit: 'platform' },
    },
    async (_request, reply) => {
      const [store, redis, model] = await Promise.all([
        bounded(async () => {
          await platform.store.revisions.access();
          return 'ok';
        }),
        platform.redis
          ? bounded(async () => (platform.redis?.status === 'ready' && (await platform.redis.ping()) === 'PONG' ? 'ok' : 'failed'))
          : Promise.resolve<CheckResult>('not_used'),
        bounded(async () => {
          const assistant = await platform.defaultAssistant();
          const loaded = await platform.registry.get(assistant.id);
          if (!loaded) return 'failed';
          if (loaded.model) return 'ok';
          // Never trained, or its newest model failed to load: only the first is ready.
          return (await platform.store.models.latestReadyId(assistant.id)) !== undefined ? 'failed' : 'none_trained';
        }),
      ]);
      const checks = { store, redis, model };
      const healthy = store === 'ok' && (redis === 'ok' || redis === 'not_used') && (model === 'ok' || model === 'none_trained');
      const status = draining ? 'draining' : healthy ? 'ready' : 'not_ready';
      return reply.code(status === 'ready' ? 200 : 503).header('cache-control', 'no-store').send({ status, role: platform.config.role, checks });
    },
  );
}
