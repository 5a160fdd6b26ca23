// Signed webhooks need the body exactly as the platform sent it (Meta signs the raw bytes): in
// the channel's own scope, JSON is kept as a Buffer and parsed only after the signature is checked.
import type { FastifyInstance } from 'fastify';

export function keepRawJsonBody(scope: FastifyInstance): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}

/** The raw body as JSON, or undefined when it is not a Buffer of valid JSON. */
export function parseRawJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
