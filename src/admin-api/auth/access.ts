// Who is calling the admin API, and what they may do. Authentication gives every request a
// Principal: the platform's operator (Authorization: Bearer <HELPER_ADMIN_TOKEN>, every server,
// only when that variable is set) or a console user of one server with a role, from the session
// cookie; a console user with the role `operator` may do what the token may (isPlatformOperator). With the cookie, every request that may change something (not GET/HEAD) must carry the
// session's CSRF token in `x-csrf-token`; the bearer token needs none (a browser never sends it
// on its own). Authorisation is the same for every route: a route under /servers/:server/… is
// reachable only by the operator and that server's users; reading (GET, HEAD) needs any role,
// changing anything needs 'administrator'. A route declares otherwise through its config:
// `config: { access: 'read' | 'change' | 'operator' | 'handoff' }` ('operator': the platform's operator only,
// e.g. adding a server; 'read': a POST that changes nothing an administrator guards, e.g. the test chat;
// 'handoff': the agents' inbox, for administrators and the role 'agent').
// Secrets (tokens, verify tokens: whatever grants access) are for administrators and the operator
// only: a viewer reads the same answers without the fields marked `x-secret` (./secret-fields.ts).
import type { FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.js';
import { sameSecret } from '../../secrets/same-secret.js';
import type { UserRole } from '../../store/store.js';
import { AdminApiError } from '../admin-scope.js';
import { consoleServerOf } from './console-server.js';
import { SESSION_COOKIE, type ConsoleSessions } from './console-sessions.js';

export type Role = UserRole;

export type Principal =
  | { kind: 'operator' }
  | { kind: 'user'; userId: number; login: string; serverName: string; role: Role };

/** `handoff`: the agents' inbox — administrators and agents (and the operator), not viewers. */
export type Access = 'read' | 'change' | 'operator' | 'handoff';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin API's authentication hook; null outside the admin API. */
    principal: Principal | null;
    /**
     * Set by the admin API's authentication hook: whether this request's caller may still use its
     * route (`stillAuthorised`), for a request that stays open (an event stream).
     */
    recheckAccess: (() => Promise<boolean>) | null;
  }
  interface FastifyContextConfig {
    /** What a route of the admin API needs (./access.ts); by default GET/HEAD read, others change; `handoff` administrators and agents. */
    access?: Access;
    /** Set by the admin scope from the response schemas: the `x-secret` fields per status code. */
    secretFields?: Record<string, readonly (readonly string[])[]>;
  }
}

export const CSRF_HEADER = 'x-csrf-token';

export function changesState(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** Who sent the request, or a 401/403 AdminApiError. `touch: false` leaves the session's last-seen time (a recheck, not a request). */
export async function authenticate(platform: Platform, sessions: ConsoleSessions, request: FastifyRequest, options: { touch?: boolean } = {}): Promise<Principal> {
  // Only a Bearer token is the operator's: a proxy's Basic credentials in front of the console
  // must not hide the session cookie.
  const bearer = /^Bearer(?:\s+(.*))?$/i.exec(request.headers.authorization ?? '');
  if (bearer) {
    const given = bearer[1]?.trim();
    const expected = platform.config.adminToken;
    if (!given || !expected) throw new AdminApiError(401, 'unauthenticated', 'sign in to the console, or send Authorization: Bearer <HELPER_ADMIN_TOKEN> where the operator set one');
    if (!sameSecret(given, expected)) throw new AdminApiError(403, 'forbidden', 'the admin token is not valid');
    return { kind: 'operator' };
  }
  const session = await sessions.find(request.cookies[SESSION_COOKIE], options);
  // A session counts only on its own server's hosts, as the browser's host-only cookie does.
  if (!session || (await consoleServerOf(platform, request.headers.host)) !== session.user.serverName) {
    throw new AdminApiError(401, 'unauthenticated', 'sign in first (POST /api/auth/sign-in)');
  }
  if (changesState(request.method)) {
    const token = request.headers[CSRF_HEADER];
    if (typeof token !== 'string' || !sameSecret(token, session.csrfToken)) {
      throw new AdminApiError(403, 'csrf', `send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
  }
  const { user } = session;
  return { kind: 'user', userId: user.id, login: user.login, serverName: user.serverName, role: user.role };
}

export function requiredAccessOf(method: string, declared: Access | undefined): Access {
  return declared ?? (changesState(method) ? 'change' : 'read');
}

export function requiredAccess(request: FastifyRequest): Access {
  return requiredAccessOf(request.method, request.routeOptions.config.access);
}

/**
 * Whether the principal is the platform's operator: the bearer token, or a console user with the
 * role `operator` (every server, as the token; signed in on their own server's hosts).
 */
export function isPlatformOperator(principal: Principal | null): boolean {
  return principal !== null && (principal.kind === 'operator' || principal.role === 'operator');
}

/** Whether the principal may read secrets (tokens, verify tokens): administrators and the operator. */
export function mayReadSecrets(principal: Principal): boolean {
  return isPlatformOperator(principal) || (principal.kind === 'user' && principal.role === 'administrator');
}

/** Throws unless the principal may use this route (its :server parameter and its access). */
export function authorise(principal: Principal, request: FastifyRequest): void {
  if (isPlatformOperator(principal) || principal.kind === 'operator') return;
  const access = requiredAccess(request);
  if (access === 'operator') throw new AdminApiError(403, 'forbidden', "only the platform's operator may do this");
  const server = (request.params as Record<string, unknown> | undefined)?.server;
  // Another server's data does not exist for this user: 404, so its names are not confirmed.
  if (typeof server === 'string' && server !== principal.serverName) throw new AdminApiError(404, 'not_found', `server ${server} does not exist`);
  if (access === 'handoff' && principal.role !== 'administrator' && principal.role !== 'agent') {
    throw new AdminApiError(403, 'forbidden', 'only agents and administrators answer handed-off conversations');
  }
  if (access === 'change' && principal.role !== 'administrator') {
    throw new AdminApiError(403, 'forbidden', 'your role may read but not change this; ask an administrator');
  }
}

/**
 * Whether a request that stays open (a server-sent event stream) may still be answered: its
 * credentials are authenticated again — the session found again without being touched (a stream is
 * no request of its user's), so a session signed out, expired, or whose user was disabled or
 * deleted fails — and the route's access is granted again to the user's role as it is now.
 */
export async function stillAuthorised(platform: Platform, sessions: ConsoleSessions, request: FastifyRequest): Promise<boolean> {
  try {
    const principal = await authenticate(platform, sessions, request, { touch: false });
    authorise(principal, request);
    return true;
  } catch (error: unknown) {
    if (error instanceof AdminApiError) return false;
    throw error;
  }
}
