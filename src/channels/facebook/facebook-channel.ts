// Facebook Messenger (reference/messenger.md): GET /webhooks/facebook/webhook is Meta's verification
// handshake; POST receives signed, batched webhook events and answers through the Send API.
//
// Order of work for a POST:
//   1. the raw body (kept by this scope's own JSON parser) is checked against X-Hub-Signature-256
//      with the assistant's app secret; no secret, no or a bad signature → 403, nothing processed;
//   2. every messaging/standby item becomes a turn; a `mid` already recorded (Meta redelivers) or
//      being handled right now is skipped; each turn is handled by the engine, which records it
//      durably, before the 200 (senders in parallel, each sender's items in order);
//      the answer's Send API bodies (typing_on, messages, typing_off) go into the store's outbox
//      before the 200 as well;
//   3. 200 `EVENT_RECEIVED`; the outbox is delivered after, without holding the response, one
//      user's items in order, with retries on Meta's temporary errors (./outbound.ts).
// The engine's turn takes milliseconds (a local NLU), well inside Meta's 5 s; recording the turn
// and its answer before the 200 means an acknowledged message is answered even if the process
// restarts in between: pending items are resumed when the app is ready.
import type { FastifyInstance } from 'fastify';
import type { BotMessage } from '../../skills/bot-message.js';
import { sameSecret } from '../../secrets/same-secret.js';
import type { ChannelContext, ChannelDefinition } from '../channel.js';
import { FACEBOOK_APP_SECRET, FACEBOOK_NEEDS_NEW_TOKEN, FACEBOOK_PAGE_ACCESS_TOKEN, FACEBOOK_VERIFY_TOKEN } from './facebook-settings.js';
import { turnsOf, type MessengerTurn } from './inbound.js';
import { renderForMessenger } from './render-messenger.js';
import { MessengerSender } from './outbound.js';
import type { SendBody } from './send-api.js';
import { verifySignature } from './signature.js';


function sendBodies(recipient: string, messages: readonly BotMessage[]): SendBody[] {
  const bodies = messages.flatMap(renderForMessenger);
  if (bodies.length === 0) return [];
  const to = { id: recipient };
  return [
    { recipient: to, sender_action: 'typing_on' },
    ...bodies.map((message) => ({ recipient: to, messaging_type: 'RESPONSE' as const, message })),
    { recipient: to, sender_action: 'typing_off' },
  ];
}

function registerFacebookRoutes(app: FastifyInstance, context: ChannelContext): void {
  const messenger = new MessengerSender({
    outbox: context.outbox,
    lock: context.lock,
    graph: context.graphApi,
    retry: context.facebookRetry,
    log: app.log,
    onGivenUp: () => context.onSendGivenUp?.('facebook'),
    async pageAccessToken(assistantId) {
      const assistant = await context.assistantById(assistantId);
      return assistant ? context.secret(assistant, FACEBOOK_PAGE_ACCESS_TOKEN) : undefined;
    },
    async markNeedsNewToken(assistantId, reason, token) {
      const assistant = await context.assistantById(assistantId);
      // Only while that token is still the one set: a new token set meanwhile is not flagged.
      if (!assistant || (await context.secret(assistant, FACEBOOK_PAGE_ACCESS_TOKEN)) !== token) return;
      await context.setSecret(assistant, FACEBOOK_NEEDS_NEW_TOKEN, JSON.stringify({ at: new Date().toISOString(), reason }));
    },
  });
  // Answers acknowledged before a stop are sent once the app is ready again; a stop leaves the
  // unsent ones in the outbox.
  app.addHook('onReady', async () => {
    void messenger.resume().catch((error: unknown) => app.log.error({ err: error }, 'facebook: pending answers could not be resumed'));
  });
  app.addHook('onClose', async () => {
    await messenger.stop();
  });
  /** Messages being handled now, by assistant, sender and mid: a redelivery racing the first. */
  const inFlight = new Set<string>();

  // This scope only: keep the body as the bytes Meta signed. JSON is parsed after the signature.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get('/', { schema: { summary: 'Facebook Messenger channel health' } }, async () => ({ status: 'ok' }));

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/webhook',
    { schema: { summary: "Meta's webhook verification handshake", hide: true } },
    async (request, reply) => {
      const mode = request.query['hub.mode'];
      const given = request.query['hub.verify_token'];
      const challenge = request.query['hub.challenge'];
      const assistant = await context.resolveAssistant(request);
      const expected = await context.secret(assistant, FACEBOOK_VERIFY_TOKEN);
      if (mode === 'subscribe' && typeof given === 'string' && typeof challenge === 'string' && expected !== undefined && sameSecret(given, expected)) {
        return reply.code(200).type('text/plain; charset=utf-8').send(challenge);
      }
      request.log.warn({ assistantId: assistant.id }, 'facebook: webhook verification refused (mode or verify token)');
      return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    },
  );

  app.post('/webhook', { schema: { summary: 'Messenger webhook events (signed by Meta)', hide: true } }, async (request, reply) => {
    const assistant = await context.resolveAssistant(request);
    const appSecret = await context.secret(assistant, FACEBOOK_APP_SECRET);
    const raw = request.body;
    const signature = { sha256: request.headers['x-hub-signature-256'], sha1: request.headers['x-hub-signature'] };
    if (!appSecret || !Buffer.isBuffer(raw) || !verifySignature(signature, appSecret, raw)) {
      request.log.warn({ assistantId: assistant.id, appSecretSet: Boolean(appSecret) }, 'facebook: webhook POST refused (missing or bad signature)');
      return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.code(400).type('text/plain; charset=utf-8').send('Bad Request');
    }
    if ((body as { object?: unknown } | null)?.object !== 'page') return reply.code(404).type('text/plain; charset=utf-8').send('Not Found');

    const bySender = new Map<string, MessengerTurn[]>();
    for (const turn of turnsOf(body)) bySender.set(turn.sender, [...(bySender.get(turn.sender) ?? []), turn]);
    let failed = false;
    await Promise.all(
      [...bySender.entries()].map(async ([sender, turns]) => {
        for (const turn of turns) {
          const key = turn.messageId === undefined ? undefined : `${assistant.id}:${sender}:${turn.messageId}`;
          if (turn.messageId !== undefined && key !== undefined && (inFlight.has(key) || (await context.hasMessage(assistant, sender, turn.messageId)))) {
            request.log.debug({ assistantId: assistant.id }, 'facebook: a redelivered message was skipped');
            continue;
          }
          if (key !== undefined) inFlight.add(key);
          try {
            const messages = await context.engine.handle({
              assistantId: assistant.id,
              sender,
              text: turn.text,
              inputChannel: 'facebook',
              metadata: turn.metadata,
              ...(turn.messageId === undefined ? {} : { messageId: turn.messageId }),
              ...(turn.standby ? { listenOnly: true } : {}),
            });
            try {
              // Stored before the 200, sent after it, in order after this user's earlier answers.
              await messenger.enqueue(assistant.id, sender, sendBodies(sender, messages));
            } catch (error: unknown) {
              // The turn is recorded (a redelivery is skipped by its mid), so this answer is lost.
              request.log.error({ err: error, assistantId: assistant.id }, 'facebook: the answer could not be stored; it is not sent');
            }
          } catch (error: unknown) {
            failed = true;
            request.log.error({ err: error, assistantId: assistant.id }, 'facebook: a message could not be handled');
          } finally {
            if (key !== undefined) inFlight.delete(key);
          }
        }
      }),
    );
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
};
