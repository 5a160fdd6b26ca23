// The console's test chat: talk to an assistant as a user would, and see for each message what
// the assistant understood (intent and confidence), what a dialogue was asking for when it came,
// and which model version answered. The turn is
// a real one (input channel `console`), recorded like any other, in a conversation whose id starts
// with `console-`, so trying the assistant never writes into a real user's conversation. Any role
// may use it (`access: 'read'`): it changes nothing an administrator guards.
import type { FastifyInstance } from 'fastify';
import { renderForRest } from '../../channels/rest/render-rest.js';
import type { Platform } from '../../platform.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidField } from '../admin-scope.js';

const CONSOLE_SENDER_PREFIX = 'console-';

const restMessageSchema = {
  type: 'object',
  properties: {
    recipient_id: { type: 'string' },
    text: { type: 'string' },
    buttons: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, payload: { type: 'string' } } } },
    image: { type: 'string' },
    attachment: {},
    custom: {},
  },
  required: ['recipient_id'],
} as const;

export function registerTestChatRoutes(scope: FastifyInstance, platform: Platform): void {
  scope.post<{ Params: { server: string; language: string }; Body: { message: string; sender?: string } }>(
    '/servers/:server/assistants/:language/test-chat',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Send a message to the assistant from the console; answers its messages, the intent and confidence it understood, and the model version',
        params: assistantParams,
        body: {
          type: 'object',
          properties: { message: { type: 'string', maxLength: 10_000 }, sender: { type: 'string', minLength: 1, maxLength: 256 } },
          required: ['message'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              sender: { type: 'string' },
              messages: { type: 'array', items: restMessageSchema },
              understood: { type: ['object', 'null'], properties: { intent: { type: 'string' }, confidence: { type: 'number' } } },
              model: { type: ['object', 'null'], properties: { version: { type: 'number' }, modelId: { type: 'string' } } },
              asking: {
                type: ['object', 'null'],
                description: 'what a dialogue was asking for when the message came (slot filling): the dialogue and the context, null at its confirmation',
                properties: { dialogue: { type: 'string' }, context: { type: ['string', 'null'] } },
              },
            },
            required: ['sender', 'messages', 'understood', 'model', 'asking'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const text = request.body.message.trim();
      if (text === '') throw invalidField('message', 'empty', undefined, 'message is empty');
      const principal = request.principal;
      const sender = request.body.sender ?? `${CONSOLE_SENDER_PREFIX}${principal?.kind === 'user' ? principal.login : 'operator'}`;
      if (!sender.startsWith(CONSOLE_SENDER_PREFIX)) {
        throw invalidField('sender', 'sender_prefix', { prefix: CONSOLE_SENDER_PREFIX }, `sender must start with "${CONSOLE_SENDER_PREFIX}", so a test never writes into a real user's conversation`);
      }
      let understood: { intent: string; confidence: number } | null = null;
      let model: { version: number; modelId: string } | null = null;
      let asking: { dialogue: string; context: string | null } | null = null;
      const messages = await platform.engine.handle(
        { assistantId: assistant.id, sender, text, inputChannel: 'console', metadata: {} },
        {
          onParse(parse, served) {
            model = served;
            understood = served ? { intent: parse.intent.name, confidence: parse.intent.confidence } : null;
          },
          onAsking(state) {
            asking = state;
          },
        },
      );
      return { sender, messages: messages.flatMap((message) => renderForRest(sender, message)), understood, model, asking };
    },
  );
}
