// Meta's webhook verification handshake (Messenger and WhatsApp): GET <callback>?hub.mode=subscribe
// &hub.verify_token=…&hub.challenge=… is answered 200 with the bare challenge only when the mode is
// `subscribe` and the token is the assistant's verify token (compared in constant time); otherwise
// 403. An assistant without a verify token (none generated yet) refuses every handshake.
import type { FastifyInstance } from 'fastify';
import { sameSecret } from '../../secrets/same-secret.js';
import type { ChannelContext } from '../channel.js';

export function registerMetaHandshake(scope: FastifyInstance, context: ChannelContext, options: { channel: string; verifyTokenSecret: string }): void {
  scope.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/webhook',
    { schema: { summary: "Meta's webhook verification handshake", hide: true }, config: { addressLimit: 'platform' } },
    async (request, reply) => {
      const mode = request.query['hub.mode'];
      const given = request.query['hub.verify_token'];
      const challenge = request.query['hub.challenge'];
      const assistant = await context.resolveAssistant(request);
      const expected = await context.secret(assistant, options.verifyTokenSecret);
      if (mode === 'subscribe' && typeof given === 'string' && typeof challenge === 'string' && expected !== undefined && sameSecret(given, expected)) {
        return reply.code(200).type('text/plain; charset=utf-8').send(challenge);
      }
      request.log.warn({ assistantId: assistant.id }, `${options.channel}: webhook verification refused (mode or verify token)`);
      return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    },
  );
}
