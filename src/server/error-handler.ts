// One error handler for the Rasa-compatible routes: bad input (a RasaHttpError a route threw, a
// schema violation, a body Fastify could not parse) becomes a 4xx with Rasa's body naming the
// problem; anything else becomes a 500 whose body hides the internals (they are logged).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RedisUnavailableError, type RedisUnavailableLog } from '../redis-availability.js';
import { rasaErrorBody, RasaHttpError, RateLimitedError } from './rasa-error.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

function describeValidation(issue: ValidationIssue, context: string): { message: string; parameter: string } {
  const missing = issue.keyword === 'required' ? String(issue.params?.missingProperty ?? '') : '';
  const path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const parameter = missing ? (path ? `${path}.${missing}` : missing) : path || context;
  if (missing) return { parameter, message: `${parameter} is missing` };
  if (issue.keyword === 'additionalProperties') {
    return { parameter, message: `${parameter} has an unknown property "${String(issue.params?.additionalProperty)}"` };
  }
  return { parameter, message: `${parameter} ${issue.message ?? 'is invalid'}` };
}

const FRAMEWORK_ERRORS: Record<string, { code: number; reason: string; message: (error: FastifyError) => string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 415,
    reason: 'UnsupportedMediaType',
    message: (error) => `unsupported content type: send application/json (${error.message})`,
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 413, reason: 'PayloadTooLarge', message: () => 'request body is larger than the limit' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 400, reason: 'BadRequest', message: () => 'request body is empty: send a JSON object' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 400, reason: 'BadRequest', message: () => 'request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 400, reason: 'BadRequest', message: () => 'content-length does not match the body' },
};

/** The handler of a platform: a failure for want of Redis is logged through its throttle. */
export function rasaErrorHandler(redisUnavailable: RedisUnavailableLog): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => handleRasaError(redisUnavailable, error, request, reply);
}

function handleRasaError(redisUnavailable: RedisUnavailableLog, error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof RasaHttpError) {
    // A failure downstream (a channel, a callback URL) is logged with what caused it; the body says less.
    if (error.statusCode >= 500) request.log.warn({ err: error.cause ?? error, reason: error.reason }, `${error.reason}: ${error.message}`);
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    reply.code(error.statusCode).send(error.toBody());
    return;
  }
  if (error.validation) {
    const first = error.validation[0] as ValidationIssue | undefined;
    const context = error.validationContext ?? 'body';
    const { message, parameter } = first ? describeValidation(first, context) : { message: error.message, parameter: context };
    reply.code(400).send(rasaErrorBody(400, 'BadRequest', message, { parameter, in: context }));
    return;
  }
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) {
    reply.code(known.code).send(rasaErrorBody(known.code, known.reason, known.message(error)));
    return;
  }
  // Any other failure to read the request body (Fastify's FST_ERR_CTP_… codes, a stream cut short)
  // is the client's. Nothing else is: a SyntaxError from JSON.parse of a stored row, or a library
  // error that carries a 4xx statusCode, is our failure, and its message may show internals.
  if (error.code?.startsWith('FST_ERR_CTP_') && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    reply.code(error.statusCode).send(rasaErrorBody(error.statusCode, 'BadRequest', error.message));
    return;
  }
  // Redis away or silent (a turn's lock): the client sends again; said at most once in a while.
  if (error instanceof RedisUnavailableError) redisUnavailable.log(request.log, error, 'a request');
  else request.log.error({ err: error }, 'request failed');
  reply.code(500).send(rasaErrorBody(500, 'ConversationError', 'An unexpected error occurred.'));
}

export function rasaNotFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  reply
    .code(404)
    .send(rasaErrorBody(404, 'NotFound', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`));
}
