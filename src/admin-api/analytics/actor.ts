// Who is asking, as the audit log and the curation marks name them.
import type { FastifyRequest } from 'fastify';

export function actorOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (!principal || principal.kind === 'operator') return 'operator';
  return principal.login;
}
