// The console's sign-in (/api/auth/…): sign in with a login (or e-mail) and password on a server's
// console host, get an HttpOnly session cookie and the session's CSRF token; read the session;
// sign out. Wrong passwords, unknown logins, another server's users and inactive users all get
// the same 401 after the same work; repeated failures are throttled (429 with Retry-After).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.js';
import { sameSecret } from '../../secrets/same-secret.js';
import { CSRF_HEADER } from './access.js';
import { AdminApiError, errorResponses, sendError, invalidField } from '../admin-scope.js';
import { consoleServerOf } from './console-server.js';
import { SESSION_COOKIE, type ConsoleSessions } from './console-sessions.js';
import { verifyPassword } from './password-hashing.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { userSchema, userView } from '../users/user-view.js';

export interface AuthRouteContext {
  platform: Platform;
  sessions: ConsoleSessions;
  throttle: SignInThrottle;
}

const sessionSchema = {
  type: 'object',
  properties: { user: userSchema, csrfToken: { type: 'string' } },
  required: ['user', 'csrfToken'],
} as const;

/**
 * A sign-in posted from another site's page (login CSRF) carries that site's Origin. Host names are
 * compared without ports, as SameSite does, so a development proxy on another port still works.
 */
function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let hostname: string | null;
  try {
    hostname = new URL(origin).hostname.toLowerCase();
  } catch {
    hostname = null;
  }
  const own = (request.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (hostname !== own) throw new AdminApiError(403, 'csrf', 'sign-ins are accepted only from the console itself');
}

export function registerAuthRoutes(scope: FastifyInstance, { platform, sessions, throttle }: AuthRouteContext): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: platform.config.publicUrl.scheme === 'https' } as const;
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, cookieOptions);

  scope.post<{ Body: { login: string; password: string } }>(
    '/sign-in',
    {
      schema: {
        summary: 'Sign in to the console of the server this host belongs to',
        body: {
          type: 'object',
          properties: { login: { type: 'string', minLength: 1, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
          required: ['login', 'password'],
          additionalProperties: false,
        },
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      const login = request.body.login.trim();
      if (login === '') throw invalidField('login', 'empty', undefined, 'login is empty');
      const serverName = await consoleServerOf(platform, request.headers.host);
      if (serverName === null) throw new AdminApiError(404, 'not_found', 'this host has no console');
      const found = await platform.store.users.credentials(serverName, login);
      // Counted by the account's login, whether the e-mail or the login was typed.
      const countedAs = found?.user.login ?? login;
      const wait = await throttle.attempt(serverName, countedAs, request.ip);
      if (wait !== null) {
        reply.header('retry-after', String(wait));
        return sendError(reply, 429, 'throttled', `too many failed sign-ins: try again in ${wait} seconds`, undefined, { params: { seconds: wait } });
      }
      const matches = await verifyPassword(found?.passwordHash, request.body.password);
      // The attempt was counted already: a failure leaves it counted.
      if (!found || !matches || !found.user.active) throw new AdminApiError(401, 'invalid_credentials', 'the login or the password is not right');
      await throttle.succeeded(serverName, countedAs, request.ip);
      const { id, csrfToken } = await sessions.start(found.user);
      reply.setCookie(SESSION_COOKIE, id, cookieOptions);
      return { user: userView(found.user), csrfToken };
    },
  );

  scope.get('/session', { schema: { summary: 'The signed-in user and the CSRF token', response: { 200: sessionSchema, ...errorResponses } } }, async (request) => {
    const session = await sessions.find(request.cookies[SESSION_COOKIE]);
    if (!session || (await consoleServerOf(platform, request.headers.host)) !== session.user.serverName) {
      throw new AdminApiError(401, 'unauthenticated', 'not signed in');
    }
    return { user: userView(session.user), csrfToken: session.csrfToken };
  });

  scope.post('/sign-out', { schema: { summary: 'Sign out: the session ends and its cookie is cleared', response: { 204: { type: 'null' }, ...errorResponses } } }, async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    const session = await sessions.find(id);
    if (session) {
      const token = request.headers[CSRF_HEADER];
      if (typeof token !== 'string' || !sameSecret(token, session.csrfToken)) {
        throw new AdminApiError(403, 'csrf', `send the session's CSRF token in the ${CSRF_HEADER} header`);
      }
      await sessions.end(id);
    }
    clearCookie(reply);
    return reply.code(204).send();
  });
}
