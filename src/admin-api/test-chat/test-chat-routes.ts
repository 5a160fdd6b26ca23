// The console's test chat: talk to an assistant as a user would, and see for each message what
// the assistant understood (intent and confidence), what a dialogue was asking for when it came,
// which model version answered, and why it answered so (src/dialogue/explain-turn.ts: the ranking
// with real scores, entities and the contexts they filled, the dialogue and the rule that chose
// it, the contexts after the turn); and "why not X?" for a chosen intent. The turn is
// a real one (input channel `console`), recorded like any other, in a conversation whose id starts
// with `console-`, so trying the assistant never writes into a real user's conversation. Any role
// may use it (`access: 'read'`): it changes nothing an administrator guards.
import type { FastifyInstance } from 'fastify';
import { renderForRest } from '../../channels/rest/render-rest.js';
import { explainTurn, whyNot, type TurnExplanation } from '../../dialogue/explain-turn.js';
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

const scoreSchema = { type: 'object', properties: { intent: { type: 'string' }, confidence: { type: 'number' } }, required: ['intent', 'confidence'] } as const;
const phraseSchema = { type: ['object', 'null'], properties: { text: { type: 'string' }, similarity: { type: 'number' } } } as const;
/** Reasons and decisions are codes with parameters (the console words them): kept as they come. */
const codedSchema = { type: 'object', additionalProperties: true } as const;

const explanationSchema = {
  type: ['object', 'null'],
  description: 'why the assistant answered so; null without a model',
  properties: {
    threshold: { type: 'number' },
    ranking: { type: 'array', items: scoreSchema, description: 'the intents ranked with their real scores (the fallback is not among them)' },
    belowThreshold: { type: 'boolean' },
    entities: {
      type: 'array',
      items: {
        type: 'object',
        properties: { entity: { type: 'string' }, value: {}, text: { type: ['string', 'null'] }, extractor: { type: ['string', 'null'] }, filled: { type: ['string', 'null'] } },
      },
    },
    decision: codedSchema,
    skills: { type: 'array', items: { type: 'string' } },
    contexts: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: {}, changed: { type: 'boolean' } } } },
    everydayTalk: { type: ['number', 'null'], description: "for a message that fell back, the share of its probability that went to everyday talk (the NLU's background class) when at least one half; else null" },
  },
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
              explanation: explanationSchema,
            },
            required: ['sender', 'messages', 'understood', 'model', 'asking', 'explanation'],
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
      let explanation: TurnExplanation | null = null;
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
          onTurn(turn) {
            if (turn.model) explanation = explainTurn({ ...turn, content: turn.model.content, dialogues: turn.model.dialogues, interpreter: turn.model.interpreter });
          },
        },
      );
      return { sender, messages: messages.flatMap((message) => renderForRest(sender, message)), understood, model, asking, explanation };
    },
  );

  scope.post<{ Params: { server: string; language: string }; Body: { message: string; intent: string } }>(
    '/servers/:server/assistants/:language/test-chat/why-not',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Why a message was not understood as a chosen intent: its place and score, the nearest training phrases, and what its dialogues need',
        params: assistantParams,
        body: {
          type: 'object',
          properties: { message: { type: 'string', maxLength: 10_000 }, intent: { type: 'string', minLength: 1, maxLength: 200 } },
          required: ['message', 'intent'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              intent: { type: 'string' },
              rank: { type: ['integer', 'null'] },
              confidence: { type: ['number', 'null'] },
              threshold: { type: 'number' },
              understood: { ...scoreSchema, type: ['object', 'null'] },
              nearest: phraseSchema,
              understoodNearest: phraseSchema,
              dialogues: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, followUpOf: { type: ['string', 'null'] } } } },
              reasons: { type: 'array', items: codedSchema },
            },
            required: ['intent', 'rank', 'confidence', 'threshold', 'understood', 'nearest', 'understoodNearest', 'dialogues', 'reasons'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const text = request.body.message.trim();
      if (text === '') throw new AdminApiError(400, 'invalid', 'message is empty', 'message');
      const loaded = await platform.registry.get(assistant.id);
      const model = loaded?.model;
      if (!model) throw new AdminApiError(409, 'not_trained', 'the assistant has no trained model yet');
      if (!model.intentNames.has(request.body.intent)) throw new AdminApiError(400, 'invalid', `the model knows no intent "${request.body.intent}"`, 'intent');
      const parse = await platform.engine.parse(assistant.id, text);
      if (!parse) throw new AdminApiError(409, 'not_trained', 'the assistant has no trained model yet');
      return whyNot({ interpreter: model.interpreter, content: model.content, parse, threshold: loaded.assistant.settings.accuracyThreshold, intent: request.body.intent });
    },
  );
}
