// Facebook Messenger (reference/messenger.md): GET /webhooks/facebook/webhook is Meta's verification
// handshake; POST receives signed, batched webhook events and answers through the Send API.
//
// Order of work for a POST:
//   1. the raw body (kept by this scope's own JSON parser) is checked against X-Hub-Signature-256
//      with the assistant's app secret; no secret, no or a bad signature → 403, nothing processed;
//   2. a notification whose `object` is not `page` is acknowledged (200) and ignored; in a Page's,
//      every messaging/standby item becomes a turn (a postback with the assistant's Get Started
//      payload, GET_STARTED unless set, opens the conversation: ../core/conversation-opening.ts),
//      handed to the push channels' inbound pipeline
//      (../core/inbound-dispatcher.ts): a `mid` already recorded (Meta redelivers) is skipped;
//      each turn is recorded durably by the engine before the 200 (senders in parallel, each
//      sender's items in order), and the answer's Send API bodies (typing_on, messages,
//      typing_off) go into the store's outbox in the turn's own transaction;
//   3. 200 `EVENT_RECEIVED`; the outbox is delivered after, without holding the response, one
//      user's items in order, with retries on Meta's temporary errors (../core/outbox-sender.ts,
//      ./outbound.ts).
// The engine's turn takes milliseconds (a local NLU), well inside Meta's 5 s, unless its skill
// calls a third-party API or an action server, whose time it waits for (README, "Timing");
// recording the turn and its answer before the 200 means an acknowledged message is answered even
// if the process restarts in between: pending items are resumed when the app is ready.
import type { FastifyInstance } from 'fastify';
import type { BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord } from '../../store/store.js';
import { AgentReplyRefusedError, type AgentReplyServices, type ChannelContext, type ChannelDefinition, type ProactiveOutbox } from '../channel.js';
import { payloadOfButtonId, renderWithButtonIds } from '../core/button-payloads.js';
import { announceOutboxWork, attachSender, credentialOf, enqueueAgentReply, needsNewTokenMarker, outboxRows, requireChannelSecret, secondsSinceUserWrote, senderDelivery } from '../core/channel-sender.js';
import { recordDeliveries } from '../core/delivery-records.js';
import { attachInboundReplay } from '../core/inbound-replay.js';
import { conversationOpening, payloadOpening } from '../core/conversation-opening.js';
import { InboundDispatcher, type ChannelTurn } from '../core/inbound-dispatcher.js';
import { registerMetaHandshake } from '../core/meta-handshake.js';
import { verifyMetaSignature } from '../core/meta-signature.js';
import { keepRawJsonBody, parseRawJson } from '../core/raw-json-body.js';
import { recordMarkingUnreachable } from '../core/unreachable-contacts.js';
import { unreadableTurn, unsupportedReplyOf } from '../core/unsupported-reply.js';
import { FACEBOOK, FACEBOOK_APP_SECRET, FACEBOOK_NEEDS_NEW_TOKEN, FACEBOOK_PAGE_ACCESS_TOKEN, FACEBOOK_VERIFY_TOKEN, getStartedPayloadOf } from './facebook-settings.js';
import { turnsOf } from './inbound.js';
import { PAYLOAD_LIMIT, renderForMessenger } from './render-messenger.js';
import { MessengerSender, UPDATE_WINDOW_SECONDS } from './outbound.js';
import type { MessagingType, SendBody } from './send-api.js';

/** Send API bodies of an answer; `messagingType` (send-api.ts): `RESPONSE` unless told otherwise. */
async function sendBodies(
  records: Pick<ChannelContext['records'], 'saveButtonPayloads'>,
  assistant: AssistantRecord,
  recipient: string,
  messages: readonly BotMessage[],
  messagingType: MessagingType = { messaging_type: 'RESPONSE' },
  typing = true,
): Promise<SendBody[]> {
  // A payload over Meta's 1000 characters travels as a short id (resolved when the button comes back).
  const fits = (payload: string) => payload.length <= PAYLOAD_LIMIT;
  const bodies = await renderWithButtonIds(records, assistant, messages, fits, (message, ids) => renderForMessenger(message, ids));
  if (bodies.length === 0) return [];
  const to = { id: recipient };
  const messageBodies: SendBody[] = bodies.map((message) => ({ recipient: to, ...messagingType, message }));
  return typing ? [{ recipient: to, sender_action: 'typing_on' }, ...messageBodies, { recipient: to, sender_action: 'typing_off' }] : messageBodies;
}

function registerFacebookRoutes(app: FastifyInstance, context: ChannelContext): void {
  const messenger = new MessengerSender({
    outbox: context.outbox,
    contacts: context.records,
    graph: context.graphApi,
    retry: context.facebookRetry,
    log: app.log,
    pageAccessToken: credentialOf(context, FACEBOOK_PAGE_ACCESS_TOKEN),
    markNeedsNewToken: needsNewTokenMarker(context, { token: FACEBOOK_PAGE_ACCESS_TOKEN, flag: FACEBOOK_NEEDS_NEW_TOKEN }),
    // A user Meta says is unavailable (551) is marked unreachable until they write again.
    record: recordMarkingUnreachable(context.records, 'facebook', recordDeliveries(app, context.records, 'facebook')),
    ...senderDelivery(context, 'facebook'),
    onGivenUp: () => context.onSendGivenUp?.('facebook'),
  });
  attachSender(app, messenger, 'facebook', context);
  const dispatcher = new InboundDispatcher<ChannelTurn>(context, {
    channel: 'facebook',
    // A message clears the user's unreachable mark.
    recordsContacts: true,
    answerCalls: async (turn, messages) => sendBodies(context.records, turn.assistant, turn.sender, messages),
    // A turn that waits for an API: the typing bubble meanwhile (the answer's own typing_off ends it).
    waitingCalls: (turn) => [{ recipient: { id: turn.sender }, sender_action: 'typing_on' }],
    sender: messenger,
  });
  attachInboundReplay(app, dispatcher, 'facebook', context);

  // This scope only: keep the body as the bytes Meta signed. JSON is parsed after the signature.
  keepRawJsonBody(app);

  app.get('/', { schema: { summary: 'Facebook Messenger channel health' } }, async () => ({ status: 'ok' }));
  registerMetaHandshake(app, context, { channel: 'facebook', verifyTokenSecret: FACEBOOK_VERIFY_TOKEN });

  // Meta's servers deliver every Page's events: never limited per address (../../server/address-rate-limit.ts).
  app.post('/webhook', { schema: { summary: 'Messenger webhook events (signed by Meta)', hide: true }, config: { addressLimit: 'platform' } }, async (request, reply) => {
    const assistant = await context.resolveAssistant(request);
    const appSecret = await context.secret(assistant, FACEBOOK_APP_SECRET);
    const raw = request.body;
    // The legacy SHA-1 header counts only without the SHA-256 one, and only while HELPER_FACEBOOK_ACCEPT_SHA1 allows it.
    const signature = { sha256: request.headers['x-hub-signature-256'], ...(context.facebookAcceptSha1 ? { sha1: request.headers['x-hub-signature'] } : {}) };
    if (!appSecret || !Buffer.isBuffer(raw) || !verifyMetaSignature(signature, appSecret, raw)) {
      request.log.warn({ assistantId: assistant.id, appSecretSet: Boolean(appSecret) }, 'facebook: webhook POST refused (missing or bad signature)');
      return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    }
    const body = parseRawJson(raw);
    if (body === undefined) return reply.code(400).type('text/plain; charset=utf-8').send('Bad Request');
    const object = (body as { object?: unknown } | null)?.object;
    if (object !== 'page') {
      // Signed by the app, about something else (the app's `user`, `permissions`, an Instagram
      // subscription…): acknowledged, or Meta counts a failed delivery, retries and at last
      // disables the webhook.
      request.log.info({ assistantId: assistant.id, object: typeof object === 'string' ? object.slice(0, 64) : null }, 'facebook: a signed notification for another object, ignored');
      return reply.code(200).type('text/plain; charset=utf-8').send('EVENT_RECEIVED');
    }

    const read = turnsOf(body);
    // Read only when a postback or an attachment-only message came: the payload of the Page's Get
    // Started button, the answer to what is not text.
    const settings = read.some((turn) => turn.postback || turn.unreadable) ? (await context.records.settings(assistant.id, FACEBOOK))?.settings : undefined;
    const getStarted = getStartedPayloadOf(settings).payload;
    const turns = await Promise.all(
      read.map(async ({ standby, button, postback, ref, unreadable, ...turn }) => {
        const base = {
          assistant,
          ...(standby ? { listenOnly: true } : {}),
          // The user is active now: a mark of unreachable (Meta's 551) is cleared.
          ...(turn.sender.startsWith('user_ref:') ? {} : { receivedAt: Date.now() / 1000 }),
        };
        if (unreadable) {
          // A photo, a sticker, a file without text: recorded as `[image]` and the like, never
          // classified, and answered politely (not in standby: another app owns the thread).
          const { answer, ...parts } = unreadableTurn(turn.text, unsupportedReplyOf(settings, assistant.language));
          return { ...turn, ...parts, ...(answer === undefined || standby ? {} : { answer }), ...base };
        }
        // A pressed button's payload, when it travelled as a short id.
        const text = button ? (await payloadOfButtonId(context.records, assistant.id, turn.text)).slice(0, 10_000) : turn.text;
        // The Get Started button opens the conversation: the intent its payload (or the m.me link's
        // ref) names, the intent `start`, the greeting, or what a greeting is
        // (../core/conversation-opening.ts); so does a `/get_started` or `/start` without such an intent.
        const param = ref === undefined ? text : ref.replace(/^\//, '');
        const opening = (postback && text === getStarted ? await conversationOpening(context, assistant, { text, param }) : await payloadOpening(context, assistant, text)) ?? {};
        return { ...turn, text, ...opening, ...base };
      }),
    );
    const { failed } = await dispatcher.dispatch(turns, request.log);
    // A message that could not be recorded is not acknowledged: Meta redelivers the POST, and the
    // messages already recorded are then skipped by their mid.
    if (failed) return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
    return reply.code(200).type('text/plain; charset=utf-8').send('EVENT_RECEIVED');
  });
}

export const facebookChannel: ChannelDefinition = {
  name: 'facebook',
  title: 'Facebook Messenger',
  register: registerFacebookRoutes,
  agentReplies: async ({ assistant, recipient, proactive }, messages, services) => {
    if (proactive) {
      // Posted bot events (execute_side_effects): stored on their own, as an agent's reply.
      const rows = await (await proactiveOutbox({ assistant, recipient }, services))(messages);
      if (rows.length === 0) return;
      await services.store.outbox.add(rows);
      announceOutboxWork(services, FACEBOOK, assistant.id, recipient);
      return;
    }
    await requirePageToken(services, assistant);
    const messagingType = await agentReplyType(services, assistant.id, recipient);
    // Typing indicators are sender actions, which no tag carries: only within the 24 hours.
    const typing = messagingType.messaging_type === 'RESPONSE';
    await enqueueAgentReply(services, FACEBOOK, assistant.id, recipient, await sendBodies(services.store.channels, assistant, recipient, messages, messagingType, typing));
  },
  proactiveOutbox: (target, services) => proactiveOutbox(target, services),
};

/**
 * What the platform sends on its own (trigger_intent, a reminder): Meta's `UPDATE`, which Meta takes
 * only within 24 hours of the user's last message (reference/messenger.md §5). Outside them the
 * messages are stored without typing indicators, and the sender records them as refused
 * (`outside_window`) without a call (./outbound.ts), as WhatsApp does: no tag applies, HUMAN_AGENT
 * being for a person's replies.
 */
const proactiveOutbox: ProactiveOutbox = async ({ assistant, recipient }, services) => {
  await requirePageToken(services, assistant);
  return async (messages) => {
    if (messages.length === 0) return [];
    const since = await secondsSinceUserWrote(services, FACEBOOK, assistant.id, recipient);
    const inWindow = since === undefined || since <= UPDATE_WINDOW_SECONDS;
    return outboxRows(FACEBOOK, assistant.id, recipient, await sendBodies(services.store.channels, assistant, recipient, messages, { messaging_type: 'UPDATE' }, inWindow));
  };
};

/** Messenger set up for the assistant: its Page access token (see `requireChannelSetting`). */
function requirePageToken(services: AgentReplyServices, assistant: AssistantRecord): Promise<void> {
  return requireChannelSecret(services, assistant, FACEBOOK_PAGE_ACCESS_TOKEN, { channel: 'Messenger', setting: 'Page access token' });
}

const STANDARD_WINDOW_SECONDS = UPDATE_WINDOW_SECONDS;
const HUMAN_AGENT_WINDOW_SECONDS = 7 * 24 * 60 * 60;

/**
 * A person's reply (human handoff) answers the user: `RESPONSE` within 24 hours of their last
 * message, tagged `HUMAN_AGENT` up to 7 days (Meta allows it to apps that passed App Review for
 * it; otherwise Meta refuses the send and it is recorded as failed), refused after that.
 */
async function agentReplyType(services: AgentReplyServices, assistantId: number, recipient: string): Promise<MessagingType> {
  const since = await secondsSinceUserWrote(services, FACEBOOK, assistantId, recipient);
  if (since === undefined || since <= STANDARD_WINDOW_SECONDS) return { messaging_type: 'RESPONSE' };
  if (since <= HUMAN_AGENT_WINDOW_SECONDS) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  throw new AgentReplyRefusedError('outside_window', "outside Messenger's messaging window: the user's last message is more than 7 days old (a person may answer for 7 days, tagged HUMAN_AGENT)");
}
