// Rasa's callback channel (reference/rasa-protocol.md §1): POST /webhooks/callback/webhook
// {sender, message} answers the text `success` once the turn is handled, and the bot's messages go
// to the assistant's callback URL, each as its own JSON body; so do an agent's replies (human handoff).
// Those two are POSTed at once, and their caller is told when the URL fails (the webhook's 502, the
// agent's `delivery: failed`). What the platform sends on its own (a fired reminder, the
// conversations API's output_channel=callback) has no caller to tell: it goes through the outbox,
// stored with its turn (`proactiveOutbox`) and delivered with retries (./outbound.ts).
import type { FastifyInstance } from 'fastify';
import { RasaHttpError } from '../../server/rasa-error.js';
import type { AssistantRecord } from '../../store/store.js';
import type { AgentReplyServices, ChannelContext, ChannelDefinition } from '../channel.js';
import { attachSender, credentialOf, outboxRows, senderDelivery } from '../core/channel-sender.js';
import { recordDeliveries } from '../core/delivery-records.js';
import { OutboxSender } from '../core/outbox-sender.js';
import { readUserMessage, refuseVerifiedSender, userMessageProperties, type UserMessageBody } from '../user-message.js';
import { CALLBACK_URL_SECRET, callbackItems, sendToCallback } from './callback-output.js';
import { CALLBACK, callbackTransport } from './outbound.js';

function registerCallbackRoutes(app: FastifyInstance, context: ChannelContext): void {
  // The outbox's sender of the proactive answers: the push channels' (../core/outbox-sender.ts).
  const sender = new OutboxSender({
    outbox: context.outbox,
    retry: context.channelRetry,
    log: app.log,
    transport: callbackTransport({ client: context.outbound, url: credentialOf(context, CALLBACK_URL_SECRET) }),
    // A callback URL is never flagged: a refusal is the client's answer, not a revoked credential.
    markNeedsNewToken: async () => undefined,
    ...senderDelivery(context, CALLBACK),
    onGivenUp: () => context.onSendGivenUp?.(CALLBACK),
    record: recordDeliveries(app, context.records, CALLBACK),
  });
  attachSender(app, sender, CALLBACK, context);

  app.get('/', { schema: { summary: 'Callback channel health' } }, async () => ({ status: 'ok' }));

  app.post<{ Body: UserMessageBody }>(
    '/webhook',
    {
      config: { addressLimit: 'bot-api' },
      schema: {
        summary: "Send a user message; the answers are POSTed to the assistant's callback URL",
        body: {
          type: 'object',
          properties: userMessageProperties,
          required: ['message'],
        },
      },
    },
    async (request, reply) => {
      const { sender, text, metadata } = readUserMessage(request.body);
      const assistant = await context.resolveAssistant(request);
      await refuseVerifiedSender(context.records, assistant.id, sender);
      const url = await context.secret(assistant, CALLBACK_URL_SECRET);
      if (!url) {
        throw new RasaHttpError(409, 'Conflict', 'this assistant has no callback URL: set it with `helper callback-url`');
      }
      const messages = await context.senderLimiter.handle({
        assistantId: assistant.id,
        sender,
        text,
        inputChannel: 'callback',
        metadata,
      });
      // The turn is recorded; a callback that fails is reported, and the messages stay in the tracker.
      await sendToCallback(context.outbound, url, sender, messages).catch((error: unknown) => {
        request.log.warn({ err: error, assistantId: assistant.id }, 'callback delivery failed');
        throw new RasaHttpError(502, 'CallbackFailed', error instanceof Error ? error.message : 'callback delivery failed');
      });
      reply.type('text/plain; charset=utf-8');
      return 'success';
    },
  );
}

export const callbackChannel: ChannelDefinition = {
  name: CALLBACK,
  title: 'Callback',
  register: registerCallbackRoutes,
  // An agent's reply (human handoff) is POSTed to the callback URL at once, as any answer, from
  // whatever process the agent used. A URL that is missing or fails throws: the reply stays in the
  // tracker and the agent is told it was not delivered (`delivery: failed`); nothing is retried.
  async agentReplies({ assistant, recipient }, messages, services) {
    const url = await services.secret?.(assistant, CALLBACK_URL_SECRET);
    if (!url) throw new Error('this assistant has no callback URL: set it with `helper callback-url`');
    await sendToCallback(services.outbound, url, recipient, messages);
  },
  // A fired reminder's answer, the conversations API's output_channel=callback: each JSON body an
  // outbox row, stored with the turn; the URL is read again when each is sent.
  proactiveOutbox: async ({ assistant, recipient }, services) => {
    await requireCallbackUrl(services, assistant);
    return async (messages) => outboxRows(CALLBACK, assistant.id, recipient, callbackItems(recipient, messages));
  },
};

/** Without a callback URL the channel is not set up: nothing to store whose delivery could only fail. */
async function requireCallbackUrl(services: AgentReplyServices, assistant: AssistantRecord): Promise<void> {
  if (services.secret && (await services.secret(assistant, CALLBACK_URL_SECRET)) === undefined) {
    throw new Error('this assistant has no callback URL: set it with `helper callback-url`');
  }
}
