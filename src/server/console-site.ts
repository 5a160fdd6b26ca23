// The admin console: the single-page app built by Vite into dist/console, served under /console/ on
// a server's console host ({server}.{domain}) and on the default host (a local install), never on
// an assistant's host. Hashed assets are cached for a year; index.html never, so a new build shows
// at the next load. Any other /console/… path is a route of the app (history fallback).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HostRouter } from './host-routing.js';

/** Where `npm run build:console` writes the console (from src/server or dist/server alike). */
export const DEFAULT_CONSOLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'console');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Console não compilado</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>O console ainda não foi compilado</h1>
<p>Execute <code>npm run build</code> (ou <code>npm run build:console</code>) e reinicie o servidor.</p>
<p lang="en">The console has not been built: run <code>npm run build</code> and restart the server.</p>
</body></html>
`;

/**
 * The console's page may not be framed by another site (clickjacking) and runs only its own
 * scripts; bot images in the test chat may come from anywhere. It may reach the configured public
 * hosts (`https://*.helperassistant.example`) besides its own, to check that they answer.
 */
function pageHeaders(publicHosts: string | undefined) {
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; connect-src 'self'${publicHosts ? ` ${publicHosts}` : ''}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  } as const;
}

/** A browser asking for a page (not a Rasa client reading the greeting). */
function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export async function registerConsoleSite(
  app: FastifyInstance,
  options: { hosts: Pick<HostRouter, 'route'>; consoleDir?: string; /** CSP host source of HELPER_PUBLIC_URL's hosts, when it is set. */ publicHosts?: string },
): Promise<void> {
  const root = options.consoleDir ?? DEFAULT_CONSOLE_DIR;
  const PAGE_HEADERS = pageHeaders(options.publicHosts);
  const servesConsole = async (request: FastifyRequest): Promise<boolean> => {
    const target = await options.hosts.route(request.headers.host);
    return target.kind === 'console' || target.kind === 'default';
  };

  // GET / stays Rasa's greeting for every client but a browser, which is sent to the console.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.url !== '/' || !wantsHtml(request)) return;
    if (await servesConsole(request)) return reply.redirect('/console/', 302);
  });

  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        if (!(await servesConsole(request))) return reply.callNotFound();
      });
      scope.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 301));

      if (!existsSync(join(root, 'index.html'))) {
        const notBuilt = async (_request: FastifyRequest, reply: FastifyReply) =>
          reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
        scope.get('/console/', { schema: { hide: true } }, notBuilt);
        scope.get('/console/*', { schema: { hide: true } }, notBuilt);
        return;
      }

      // One route per built file (wildcard: false), so every other path can fall back to the app.
      await scope.register(fastifyStatic, {
        root,
        prefix: '/console/',
        wildcard: false,
        index: false,
        cacheControl: false,
        setHeaders: (reply, path) => {
          const hashed = path.startsWith(join(root, 'assets'));
          reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
          if (!hashed) reply.headers(PAGE_HEADERS);
        },
      });
      const sendApp = async (request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
        const path = request.params['*'] ?? '';
        // A missing asset is a 404, not the app's HTML under a script's name.
        if (path.startsWith('assets/') || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
        return reply.sendFile('index.html', root, { cacheControl: false });
      };
      scope.get('/console/', { schema: { hide: true } }, sendApp);
      scope.get('/console/*', { schema: { hide: true } }, sendApp);
    },
  );
}
