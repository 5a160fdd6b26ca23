// Facebook Messenger (reference/messenger.md): GET /webhooks/facebook/webhook is Meta's verification
// handshake; POST receives signed, batched webhook events and answers through the Send API.
//
// Order of work for a POST:
//   1. the raw body (kept by this scope's own JSON parser) is checked against X-Hub-Signature-256
//      with the assistant's app secret; no secret, no or a bad signature → 403, nothing processed;
//   2. every messaging/standby item becomes a turn; a `mid` already recorded (Meta redelivers) or
//      being handled right now is skipped; each turn is handled by the engine, which records it
//      durably, before the 200 (senders in parallel, each sender's items in order);
//   3. 200 `EVENT_RECEIVED`; the answers are sent after, without holding the response, through a
//      per-user queue so one user's messages leave in order (typing_on, messages, typing_off).
// The engine's turn takes milliseconds (a local NLU), well inside Meta's 5 s; recording before the
// 200 means an acknowledged message is never lost. Not yet: retries of failed sends, and a durable
// outbound queue (a restart between the 200 and the send loses that answer).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { BotMessage } from '../../skills/bot-message.js';
import type { AssistantRecord } from '../../store/store.js';
import type { ChannelContext, ChannelDefinition } from '../channel.js';
import { FACEBOOK_APP_SECRET, FACEBOOK_PAGE_ACCESS_TOKEN, FACEBOOK_VERIFY_TOKEN } from './facebook-settings.js';
import { turnsOf, type MessengerTurn } from './inbound.js';
import { renderForMessenger } from './render-messenger.js';
import { callSendApi, SendApiError, type GraphApi } from './send-api.js';
import { verifySignature } from './signature.js';

function sameText(a: string, b: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Runs each key's jobs one after another, different keys in parallel. */
class PerUserQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, job: () => Promise<void>): void {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(job).catch(() => undefined);
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }
}

async function deliver(
  graph: GraphApi,
  context: ChannelContext,
  log: FastifyBaseLogger,
  assistant: AssistantRecord,
  recipient: string,
  messages: readonly BotMessage[],
): Promise<void> {
  const bodies = messages.flatMap(renderForMessenger);
  if (bodies.length === 0) return;
  const token = await context.secret(assistant, FACEBOOK_PAGE_ACCESS_TOKEN);
  if (!token) {
    log.warn({ assistantId: assistant.id }, 'facebook: no Page access token set; the answer is not sent (helper integrations set facebook)');
    return;
  }
  const to = { id: recipient };
  try {
    await callSendApi(graph, token, { recipient: to, sender_action: 'typing_on' });
    for (const message of bodies) await callSendApi(graph, token, { recipient: to, messaging_type: 'RESPONSE', message });
    await callSendApi(graph, token, { recipient: to, sender_action: 'typing_off' });
  } catch (error: unknown) {
    // SendApiError carries Meta's code and message only; never the token.
    const detail = error instanceof SendApiError ? { status: error.status, code: error.code, subcode: error.subcode, reason: error.message } : { reason: String(error) };
    log.warn({ assistantId: assistant.id, ...detail }, 'facebook: sending the answer failed');
  }
}

function registerFacebookRoutes(app: FastifyInstance, context: ChannelContext): void {
  const outbox = new PerUserQueue();
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
      if (mode === 'subscribe' && typeof given === 'string' && typeof challenge === 'string' && expected !== undefined && sameText(given, expected)) {
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
    const answers: Array<{ sender: string; messages: BotMessage[] }> = [];
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
            answers.push({ sender, messages });
          } catch (error: unknown) {
            failed = true;
            request.log.error({ err: error, assistantId: assistant.id }, 'facebook: a message could not be handled');
          } finally {
            if (key !== undefined) inFlight.delete(key);
          }
        }
      }),
    );
    // Answers leave after the response, one user's in order.
    for (const { sender, messages } of answers) {
      outbox.run(`${assistant.id}:${sender}`, () => deliver(context.graphApi, context, app.log, assistant, sender, messages));
    }
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
