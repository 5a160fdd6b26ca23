// Rasa's REST channel (reference/rasa-protocol.md §1): what 4biz's "Conversation API" and any own
// system speak. POST /webhooks/rest/webhook {sender, message, metadata?, input_channel?} answers a
// JSON array of bot messages; ?stream=true answers the same messages as newline-delimited JSON.
import type { FastifyInstance } from 'fastify';
import { rasaErrorSchema } from '../../server/rasa-error.js';
import type { ChannelContext, ChannelDefinition } from '../channel.js';
import { payloadOpening } from '../core/conversation-opening.js';
import { readUserMessage, refuseVerifiedSender, userMessageProperties, type UserMessageBody } from '../user-message.js';
import { renderForRest, type RestMessage } from './render-rest.js';

interface RestBody extends UserMessageBody {
  input_channel?: string | null;
}

const restMessageSchema = {
  type: 'object',
  properties: {
    recipient_id: { type: 'string' },
    text: { type: 'string' },
    buttons: {
      type: 'array',
      // Other keys of a button from an action server or a posted bot event (`url`…) as given, as Rasa's.
      items: { type: 'object', properties: { title: { type: 'string' }, payload: { type: 'string' } }, required: ['title', 'payload'], additionalProperties: true },
    },
    image: { type: 'string' },
    attachment: {},
    custom: {},
  },
  required: ['recipient_id'],
} as const;

const webhookSchema = {
  summary: 'Send a user message; answers the bot messages (Rasa REST channel)',
  querystring: {
    type: 'object',
    properties: { stream: { type: 'string', description: '"true" (any case) answers newline-delimited JSON' }, token: { type: 'string' } },
  },
  body: {
    type: 'object',
    properties: {
      ...userMessageProperties,
      input_channel: { type: ['string', 'null'], maxLength: 64 },
    },
    required: ['message'],
  },
  response: {
    200: { type: 'array', items: restMessageSchema },
    '4xx': rasaErrorSchema,
    '5xx': rasaErrorSchema,
  },
} as const;

function registerRestRoutes(app: FastifyInstance, context: ChannelContext): void {
  app.get('/', { schema: { summary: 'REST channel health' } }, async () => ({ status: 'ok' }));

  // 4biz calls this for all its users from one address: limited per sender, not per address by default.
  app.post<{ Body: RestBody; Querystring: { stream?: string } }>('/webhook', { schema: webhookSchema, config: { addressLimit: 'bot-api' } }, async (request, reply) => {
    const { sender, text, metadata } = readUserMessage(request.body);
    const assistant = await context.resolveAssistant(request);
    await refuseVerifiedSender(context.records, assistant.id, sender);
    // `/get_started` or `/start` without such an intent opens the conversation (../core/conversation-opening.ts).
    const opening = await payloadOpening(context, assistant, text);
    const messages = await context.senderLimiter.handle({
      assistantId: assistant.id,
      sender,
      text,
      ...opening,
      // Rasa's `input_channel or 'rest'`: missing, null or empty is the REST channel.
      inputChannel: request.body.input_channel || 'rest',
      metadata,
      // REST cannot be written to outside a turn: what an agent wrote meanwhile comes first (src/handoff).
      withAgentReplies: true,
    });
    const out: RestMessage[] = messages.flatMap((message) => renderForRest(sender, message));
    if (request.query.stream?.toLowerCase() === 'true') {
      // Rasa's "stream" is newline-delimited JSON under text/event-stream (not SSE); ours always ends.
      reply.header('content-type', 'text/event-stream; charset=utf-8');
      return reply.serializer((payload: unknown) => payload as string).send(out.map((item) => `${JSON.stringify(item)}\n`).join(''));
    }
    return out;
  });
}

export const restChannel: ChannelDefinition = {
  name: 'rest',
  title: 'API Rest',
  register: registerRestRoutes,
};
