// Cross-origin requests to the bot API, as `rasa run --cors "*"` allows them: a page on another
// origin that talks to the REST channel (`/webhooks/…`) or Rasa's HTTP API (`/conversations/…`,
// `/model/parse`, `/status`, `/version`) from the browser. Off unless HELPER_CORS_ORIGINS names
// origins (or `*`), as Rasa sends no CORS headers without `--cors`. Never on the console and its
// admin API, whose session cookie must stay same-origin, nor on anything else the server answers
// (health, metrics, the widget's files, which need none). Credentials are not allowed: the bot API
// takes its token as a header or `?token=`, not a cookie. The socket.io channel has its own CORS.
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { CorsOrigins } from '../config/config.js';

/** The paths of Rasa's REST channel and HTTP API: the only ones cross-origin pages may call. */
export function isBotApiPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return (
    path === '/' ||
    path === '/status' ||
    path === '/version' ||
    path === '/model/parse' ||
    path.startsWith('/webhooks/') ||
    path.startsWith('/conversations/')
  );
}

export async function registerBotApiCors(app: FastifyInstance, origins: CorsOrigins | undefined): Promise<void> {
  if (origins === undefined) return;
  const origin = origins === '*' ? '*' : [...origins];
  await app.register(cors, {
    // Preflights are answered in the first hook, before the rate limits and the routes.
    hook: 'onRequest',
    delegator: (request, callback) => callback(null, isBotApiPath(request.url) ? { origin, methods: ['GET', 'HEAD', 'POST', 'PUT'], maxAge: 600 } : { origin: false }),
  });
}
