// The gate in front of Rasa's HTTP API routes (everything but GET / and /version, and never the
// channel webhooks): the request's assistant, by host, and its credentials.
import type { FastifyRequest } from 'fastify';
import type { AssistantRecord } from '../store/store.js';
import type { ApiAccessControl } from './api-access.js';
import { RasaHttpError } from './rasa-error.js';

const HELP = 'https://rasa.com/docs/rasa/user-guide/configuring-http-api/#security-considerations';

export async function requireApiAccess(
  access: ApiAccessControl,
  assistant: AssistantRecord,
  request: FastifyRequest,
  conversationId?: string,
): Promise<void> {
  const query = request.query as { token?: unknown } | undefined;
  const result = await access.check(
    assistant,
    {
      token: typeof query?.token === 'string' ? query.token : undefined,
      authorization: request.headers.authorization,
      clientAddress: request.ip,
    },
    conversationId,
  );
  if (!result.ok) throw new RasaHttpError(result.status, result.reason, result.message, {}, HELP);
}
