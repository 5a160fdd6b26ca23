// Telegram Bot API (reference/telegram.md): POST /webhooks/telegram/webhook receives the updates
// Telegram sends to the webhook the platform set (./webhook-setup.ts). The fixed pipeline of the
// push channels: secret → parse → schema → dispatch.
//
// Order of work for a POST:
//   1. before the body is even read, `X-Telegram-Bot-Api-Secret-Token` is compared in constant
//      time with the secret of the assistant the host names; none set, none sent or another one
//      → 403, nothing processed (Telegram does not sign bodies; the secret is the proof);
//   2. the update is read (./inbound.ts): a message or a pressed inline button. A pressed button's
//      answerCallbackQuery is stored in the outbox first, under a key of its own (the query's, not
//      the chat's: ./outbound.ts `callbackAnswerKey`), and sent at once, beside whatever the chat's
//      queue is waiting for (a 429's retry_after): the user's app stops its progress indicator
//      without waiting for the answers. Stored, not called directly, so a web process announces it
//      to the delivering ones and a crash does not lose it (a lost one would only leave the spinner
//      until Telegram's client gives up; the price is a store write before the turn). One without
//      data (a game's) gets only that, no turn; `/start` (and a
//      deep link's `/start <param>`) opens the conversation (../core/conversation-opening.ts): the
//      intent the parameter names, else the intent `start`, else the assistant's greeting, else
//      what the assistant answers to a greeting;
//   3. it goes through the push channels' inbound pipeline (../core/inbound-dispatcher.ts): dedupe
//      on `update_id`, the per-sender limits, the user's last message, the turn recorded by the engine,
//      and the answer's calls (sendChatAction typing, the messages) stored in the outbox — all
//      before the 200;
//   4. 200; the outbox is delivered after (./outbound.ts, ../core/outbox-sender.ts).
// A message that cannot be recorded answers 500, so Telegram delivers it again; one that was
// recorded is then skipped by its update_id.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret } from '../../secrets/same-secret.js';
import type { BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord } from '../../store/store.js';
import type { AgentReplyServices, ChannelContext, ChannelDefinition } from '../channel.js';
import { payloadOfButtonId, renderWithButtonIds } from '../core/button-payloads.js';
import { attachSender, credentialOf, enqueueAgentReply, needsNewTokenMarker, outboxRows, requireChannelSecret, senderDelivery } from '../core/channel-sender.js';
import { recordDeliveries } from '../core/delivery-records.js';
import { attachInboundReplay } from '../core/inbound-replay.js';
import { conversationOpening } from '../core/conversation-opening.js';
import { InboundDispatcher, type ChannelTurn } from '../core/inbound-dispatcher.js';
import { OutboxSender } from '../core/outbox-sender.js';
import { recordMarkingUnreachable } from '../core/unreachable-contacts.js';
import { unreadableTurn, unsupportedReplyOf } from '../core/unsupported-reply.js';
import { readUpdate } from './inbound.js';
import { callbackAnswerKey, isCallbackAnswer, telegramTransport } from './outbound.js';
import { CALLBACK_DATA_BYTES, renderForTelegram, telegramChatId, type TelegramCall } from './render-telegram.js';
import { TELEGRAM, TELEGRAM_BOT_TOKEN, TELEGRAM_NEEDS_NEW_TOKEN, TELEGRAM_WEBHOOK_SECRET } from './telegram-settings.js';

export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

function registerTelegramRoutes(app: FastifyInstance, context: ChannelContext): void {
  const { records } = context;
  const record = recordDeliveries(app, records, TELEGRAM);
  const markingUnreachable = recordMarkingUnreachable(records, TELEGRAM, record);
  const sender = new OutboxSender({
    outbox: context.outbox,
    retry: context.channelRetry,
    log: app.log,
    transport: telegramTransport({ api: context.telegramApi, contacts: records, botToken: credentialOf(context, TELEGRAM_BOT_TOKEN) }),
    markNeedsNewToken: needsNewTokenMarker(context, { token: TELEGRAM_BOT_TOKEN, flag: TELEGRAM_NEEDS_NEW_TOKEN }),
    ...senderDelivery(context, TELEGRAM),
    onGivenUp: () => context.onSendGivenUp?.(TELEGRAM),
    // The rest of what is pending for this chat is dropped without a call until the user writes
    // again (a query's answer is not the chat's: it marks nothing).
    record: (outcome) => (isCallbackAnswer(outcome.item) ? record(outcome) : markingUnreachable(outcome)),
  });
  attachSender(app, sender, TELEGRAM, context);

  // A pressed button's query is answered before its turn, on its own (see the header); even one the
  // per-sender limit then drops.
  const answerQuery = (assistantId: number, queryId: string): Promise<void> =>
    sender.enqueue(assistantId, callbackAnswerKey(queryId), [{ method: 'answerCallbackQuery', body: { callback_query_id: queryId } } satisfies TelegramCall]);

  const dispatcher = new InboundDispatcher<ChannelTurn>(context, {
    channel: TELEGRAM,
    recordsContacts: true,
    sender,
    // A turn that waits for an API: "typing…" meanwhile (Telegram shows it 5 s, or until the answer).
    waitingCalls: (turn) => [{ method: 'sendChatAction' as const, body: { chat_id: telegramChatId(turn.sender), action: 'typing' } }],
    async answerCalls(turn, messages) {
      const fits = (payload: string) => Buffer.byteLength(payload) <= CALLBACK_DATA_BYTES;
      const answer = await renderWithButtonIds(records, turn.assistant, messages, fits, (message, ids, phrases) => renderForTelegram(message, { chatId: turn.sender, ids, phrases }));
      const calls: TelegramCall[] = [...(answer.length === 0 ? [] : [{ method: 'sendChatAction' as const, body: { chat_id: telegramChatId(turn.sender), action: 'typing' } }]), ...answer];
      return calls;
    },
  });
  attachInboundReplay(app, dispatcher, TELEGRAM, context);

  /** Refuses an update without this assistant's secret token, before its body is read. */
  async function requireSecretToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const assistant = await context.resolveAssistant(request);
    const expected = await context.secret(assistant, TELEGRAM_WEBHOOK_SECRET);
    const given = request.headers[SECRET_TOKEN_HEADER];
    if (expected === undefined || typeof given !== 'string' || !sameSecret(given, expected)) {
      request.log.warn({ assistantId: assistant.id, webhookSet: expected !== undefined }, 'telegram: update refused (missing or wrong secret token)');
      await reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    }
  }

  app.get('/', { schema: { summary: 'Telegram channel health' } }, async () => ({ status: 'ok' }));

  app.post<{ Body: Record<string, unknown> }>(
    '/webhook',
    {
      onRequest: requireSecretToken,
      // Telegram's servers deliver every chat's updates: never limited per address.
      config: { addressLimit: 'platform' },
      schema: {
        summary: 'Telegram Bot API updates (with the webhook secret token)',
        hide: true,
        body: { type: 'object', required: ['update_id'], properties: { update_id: { type: 'integer' } } },
      },
    },
    async (request, reply) => {
      const assistant = await context.resolveAssistant(request);
      const update = readUpdate(request.body);
      if (update === null) return reply.code(200).type('text/plain; charset=utf-8').send('OK');
      if (update.callbackQueryId !== undefined) {
        // Every pressed button is answered, or the user's app keeps its progress indicator; a game's
        // (no data) gets only that, no turn. Not stored → 500, so Telegram delivers it again; a
        // redelivery of a press already recorded is not answered twice.
        const queryId = update.callbackQueryId;
        try {
          if (update.kind === 'query' || !(await context.hasMessage(assistant, update.chatId, String(update.updateId)))) await answerQuery(assistant.id, queryId);
        } catch (error: unknown) {
          request.log.error({ err: error, assistantId: assistant.id }, 'telegram: a pressed button\'s answer could not be stored');
          return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
        }
        if (update.kind === 'query') return reply.code(200).type('text/plain; charset=utf-8').send('OK');
      }
      const base = {
        assistant,
        sender: update.chatId,
        messageId: String(update.updateId),
        metadata: update.metadata,
        // A pressed button carries no date of its own: it is the user's activity now (it clears the
        // chat's unreachable mark, as a message does).
        ...(update.date !== undefined ? { receivedAt: update.date } : update.kind === 'callback' ? { receivedAt: Date.now() / 1000 } : {}),
      };
      let turn: ChannelTurn;
      if (update.kind === 'unreadable') {
        const answer = unsupportedReplyOf((await records.settings(assistant.id, TELEGRAM))?.settings, assistant.language);
        turn = { ...base, text: update.text, ...unreadableTurn(update.text, answer) };
      } else if (update.start !== undefined) {
        turn = { ...base, text: update.text.slice(0, 10_000), ...(await conversationOpening(context, assistant, { text: update.text.slice(0, 10_000), param: update.start.param })) };
      } else {
        const text = update.kind === 'callback' ? await payloadOfButtonId(records, assistant.id, update.text) : update.text;
        turn = { ...base, text: text.slice(0, 10_000) };
      }
      const { failed } = await dispatcher.dispatch([turn], request.log);
      if (failed) return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
      return reply.code(200).type('text/plain; charset=utf-8').send('OK');
    },
  );
}

export const telegramChannel: ChannelDefinition = {
  name: TELEGRAM,
  title: 'Telegram',
  register: registerTelegramRoutes,
  async agentReplies({ assistant, recipient }, messages, services) {
    await requireBotToken(services, assistant);
    await enqueueAgentReply(services, TELEGRAM, assistant.id, recipient, await telegramCalls(services, assistant, recipient, messages));
  },
  proactiveOutbox: async ({ assistant, recipient }, services) => {
    await requireBotToken(services, assistant);
    return async (messages) => outboxRows(TELEGRAM, assistant.id, recipient, await telegramCalls(services, assistant, recipient, messages));
  },
};

/** Telegram set up for the assistant: its bot token (see `requireChannelSetting`). */
function requireBotToken(services: AgentReplyServices, assistant: AssistantRecord): Promise<void> {
  return requireChannelSecret(services, assistant, TELEGRAM_BOT_TOKEN, { channel: 'Telegram', setting: 'bot token' });
}

/** The Bot API calls of messages to one chat. */
async function telegramCalls(services: AgentReplyServices, assistant: AssistantRecord, recipient: string, messages: readonly BotMessage[]): Promise<unknown[]> {
  const fits = (payload: string) => Buffer.byteLength(payload) <= CALLBACK_DATA_BYTES;
  return renderWithButtonIds(services.store.channels, assistant, messages, fits, (message, ids, phrases) => renderForTelegram(message, { chatId: recipient, ids, phrases }));
}
