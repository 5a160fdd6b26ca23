// Who is calling the admin API, and what they may do. Authentication gives every request a
// Principal: the platform's operator (Authorization: Bearer <HELPER_ADMIN_TOKEN>, every server)
// or, once console users exist, a user of one server with a role. Authorisation is the same for
// every route: a route under /servers/:server/… is reachable only by the operator and that
// server's users; reading (GET, HEAD) needs any role, changing anything needs 'administrator'.
// A route declares otherwise through its config: `config: { access: 'read' | 'change' | 'operator' }`
// ('operator': the platform's operator only, e.g. adding a server).
import type { FastifyRequest } from 'fastify';
import type { Platform } from '../platform.js';
import { sameSecret } from '../secrets/same-secret.js';
import { AdminApiError } from './admin-scope.js';

export type Role = 'administrator' | 'viewer';

export type Principal =
  | { kind: 'operator' }
  | { kind: 'user'; userId: number; login: string; serverName: string; role: Role };

export type Access = 'read' | 'change' | 'operator';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin API's authentication hook; null outside the admin API. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What a route of the admin API needs (./access.ts); by default GET/HEAD read, others change. */
    access?: Access;
  }
}

/** Who sent the request, or a 401/403/503 AdminApiError. */
export async function authenticate(platform: Platform, request: FastifyRequest): Promise<Principal> {
  const expected = platform.config.adminToken;
  if (!expected) throw new AdminApiError(503, 'disabled', 'the admin API is off: set HELPER_ADMIN_TOKEN to use it');
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  if (!given) throw new AdminApiError(401, 'unauthenticated', 'send Authorization: Bearer <HELPER_ADMIN_TOKEN>');
  if (!sameSecret(given, expected)) throw new AdminApiError(403, 'forbidden', 'the admin token is not valid');
  return { kind: 'operator' };
}

export function requiredAccess(request: FastifyRequest): Access {
  const declared = request.routeOptions.config.access;
  if (declared) return declared;
  return request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'change';
}

/** Throws unless the principal may use this route (its :server parameter and its access). */
export function authorise(principal: Principal, request: FastifyRequest): void {
  if (principal.kind === 'operator') return;
  const access = requiredAccess(request);
  if (access === 'operator') throw new AdminApiError(403, 'forbidden', "only the platform's operator may do this");
  const server = (request.params as Record<string, unknown> | undefined)?.server;
  // Another server's data does not exist for this user: 404, so its names are not confirmed.
  if (typeof server === 'string' && server !== principal.serverName) throw new AdminApiError(404, 'not_found', `server ${server} does not exist`);
  if (access === 'change' && principal.role !== 'administrator') {
    throw new AdminApiError(403, 'forbidden', 'your role may read but not change this; ask an administrator');
  }
}
