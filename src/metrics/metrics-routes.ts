// GET /metrics (Prometheus text format) on any host, behind ./metrics-access.ts, and the count of
// every HTTP answer per method, route pattern and status.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { metricsAccess } from './metrics-access.js';
import type { PlatformMetrics } from './platform-metrics.js';

export function registerMetricsRoutes(app: FastifyInstance, metrics: PlatformMetrics, config: Pick<Config, 'metrics'>): void {
  app.addHook('onResponse', (request, reply, done) => {
    // The route's pattern (bounded), never the URL itself (unbounded, and it may carry a token).
    metrics.http(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const access = metricsAccess(config.metrics, { authorization: request.headers.authorization, clientAddress: request.ip });
    if (!access.ok) {
      if (access.status === 401) reply.header('www-authenticate', 'Bearer realm="metrics"');
      return reply.code(access.status).type('text/plain; charset=utf-8').send(`${access.message}\n`);
    }
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
