// WhatsApp Cloud API (reference/whatsapp-cloud.md): GET /webhooks/whatsapp/webhook is Meta's
// verification handshake; POST receives signed notifications and answers through the Cloud API.
// The fixed pipeline of the push channels: handshake → signature → parse → route → dispatch.
//
// Order of work for a POST:
//   1. the raw body is checked against X-Hub-Signature-256 with the app secret of the assistant
//      the callback URL names (its host), else with that of the assistant that has one of the
//      notification's phone number ids (a callback URL on the platform's default host); no secret,
//      no or a bad signature → 403, nothing processed;
//   2. a notification whose `object` is not `whatsapp_business_account` is acknowledged (200) and
//      ignored; every entry and change of one that is is read (./inbound.ts) and routed by `metadata.phone_number_id` to
//      the assistant that has that number — the host's, or another one set up with the same Meta
//      app (the same app secret: one app has one callback URL); a number no assistant has, or one
//      of another app, is skipped with a warning;
//   3. statuses are recorded (once per wamid and status), never answered;
//   4. messages go through the push channels' inbound pipeline (../core/inbound-dispatcher.ts):
//      dedupe on the wamid, the per-sender limits, the user's last message time (the 24-hour window),
//      the turn recorded by the engine, and the answer's calls (mark as read with the typing
//      indicator, then the messages) stored in the outbox — all before the 200;
//   5. 200 `EVENT_RECEIVED`; the outbox is delivered after (./outbound.ts, ../core/outbox-sender.ts).
// A message that cannot be recorded makes the POST answer 500, so Meta redelivers it; what was
// recorded is then skipped by its wamid.
import type { FastifyInstance } from 'fastify';
import { sameSecret } from '../../secrets/same-secret.js';
import type { AssistantRecord } from '../../store/store.js';
import { AgentReplyRefusedError, type ChannelContext, type ChannelDefinition, type ProactiveOutbox } from '../channel.js';
import { payloadOfButtonId, renderWithButtonIds } from '../core/button-payloads.js';
import { announceOutboxWork, attachSender, credentialOf, needsNewTokenMarker, outboxRows, requireChannelSetting, secondsSinceUserWrote, senderDelivery } from '../core/channel-sender.js';
import { recordDeliveries } from '../core/delivery-records.js';
import { attachInboundReplay } from '../core/inbound-replay.js';
import { InboundDispatcher, type ChannelTurn } from '../core/inbound-dispatcher.js';
import { registerMetaHandshake } from '../core/meta-handshake.js';
import { verifyMetaSignature } from '../core/meta-signature.js';
import { OutboxSender } from '../core/outbox-sender.js';
import { keepRawJsonBody, parseRawJson } from '../core/raw-json-body.js';
import { unreadableTurn, unsupportedReplyOf } from '../core/unsupported-reply.js';
import { readNotification, type WhatsAppChange, type WhatsAppMessage } from './inbound.js';
import { CUSTOMER_SERVICE_WINDOW_SECONDS, OUTSIDE_WINDOW_REASON, whatsAppTransport, type WhatsAppCall } from './outbound.js';
import { BUTTON_ID_LIMIT, renderForWhatsApp } from './render-whatsapp.js';
import { WHATSAPP, WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_NEEDS_NEW_TOKEN, WHATSAPP_VERIFY_TOKEN } from './whatsapp-settings.js';

/** Meta redelivers an unacknowledged notification for up to 7 days. */
const REDELIVERY_SECONDS = 7 * 24 * 60 * 60;

/**
 * When the user's 24-hour window opened: Meta's `timestamp` when it can be a real delivery (not in
 * the future, not older than Meta's redeliveries), else the time we received the message. A late
 * redelivery then keeps its true age; a sender whose clock is off (or a replayed example payload)
 * is answered as a message that has just arrived, and Meta's own 131047 stays the last word.
 */
export function windowStart(timestamp: number | undefined, now: number): number {
  if (timestamp === undefined || timestamp > now || now - timestamp > REDELIVERY_SECONDS) return now;
  return timestamp;
}

interface WhatsAppTurn extends ChannelTurn {
  /** The business number the user wrote to: the answer comes from it. */
  phoneNumberId: string;
}

function registerWhatsAppRoutes(app: FastifyInstance, context: ChannelContext): void {
  const { records } = context;
  const sender = new OutboxSender({
    outbox: context.outbox,
    retry: context.channelRetry,
    log: app.log,
    transport: whatsAppTransport({ graph: context.graphApi, contacts: records, accessToken: credentialOf(context, WHATSAPP_ACCESS_TOKEN) }),
    markNeedsNewToken: needsNewTokenMarker(context, { token: WHATSAPP_ACCESS_TOKEN, flag: WHATSAPP_NEEDS_NEW_TOKEN }),
    record: recordDeliveries(app, records, WHATSAPP),
    ...senderDelivery(context, WHATSAPP),
    onGivenUp: () => context.onSendGivenUp?.(WHATSAPP),
  });
  attachSender(app, sender, WHATSAPP, context);

  const dispatcher = new InboundDispatcher<WhatsAppTurn>(context, {
    channel: WHATSAPP,
    recordsContacts: true,
    sender,
    // A turn that waits for an API: read, with the typing indicator meanwhile (WhatsApp shows it up
    // to 25 s, or until the answer).
    waitingCalls: (turn) => (turn.messageId === undefined ? [] : [{ kind: 'read' as const, phoneNumberId: turn.phoneNumberId, messageId: turn.messageId, typing: true }]),
    async answerCalls(turn, messages, { waited }) {
      // A conversation a human holds (paused), or a message only recorded: left unread for them.
      if (messages.length === 0) return [];
      const fits = (payload: string) => payload.length <= BUTTON_ID_LIMIT;
      const bodies = await renderWithButtonIds(records, turn.assistant, messages, fits, (message, ids, phrases) => renderForWhatsApp(message, { ids, phrases }));
      const calls: WhatsAppCall[] = [
        // Marked read (with the typing indicator) once: by the waiting calls when the turn waited.
        ...(turn.messageId === undefined || waited ? [] : [{ kind: 'read' as const, phoneNumberId: turn.phoneNumberId, messageId: turn.messageId, typing: bodies.length > 0 }]),
        ...bodies.map((message) => ({ kind: 'message' as const, phoneNumberId: turn.phoneNumberId, message })),
      ];
      return calls;
    },
  });
  attachInboundReplay(app, dispatcher, WHATSAPP, context);

  /** The assistant a change is for, or undefined (logged) when it is no one's or another app's. */
  async function routeChange(change: WhatsAppChange, host: AssistantRecord, appSecret: string, log: FastifyInstance['log']): Promise<AssistantRecord | undefined> {
    if (change.phoneNumberId === undefined) return undefined;
    const id = await records.assistantIdByAddress(WHATSAPP, change.phoneNumberId);
    if (id === undefined) {
      log.warn({ assistantId: host.id, phoneNumberId: change.phoneNumberId }, 'whatsapp: no assistant has this phone number id; the change is skipped (helper integrations set whatsapp --phone-number-id …)');
      return undefined;
    }
    if (id === host.id) return host;
    const target = await context.assistantById(id);
    const targetSecret = target ? await context.secret(target, WHATSAPP_APP_SECRET) : undefined;
    if (!target || !target.enabled || targetSecret === undefined || !sameSecret(targetSecret, appSecret)) {
      log.warn({ assistantId: host.id, phoneNumberId: change.phoneNumberId }, "whatsapp: this phone number id belongs to an assistant of another Meta app (or a disabled one); the change is skipped");
      return undefined;
    }
    return target;
  }

  /** At most this many of a notification's numbers are looked up before its signature is known. */
  const NUMBERS_TRIED = 3;
  /**
   * Which assistant has each number, for a few seconds: a callback URL on the default host sends
   * every notification this way. Only numbers someone has are kept (a number just set up counts at
   * once); the app secret is read each time, so a removed or new one counts at once too.
   */
  const OWNER_TTL_MS = 30_000;
  const OWNERS_KEPT = 1_000;
  const owners = new Map<string, { until: number; assistantId: number }>();

  async function ownerOf(number: string): Promise<{ assistant: AssistantRecord; appSecret: string } | undefined> {
    const now = Date.now();
    const kept = owners.get(number);
    let assistantId = kept !== undefined && kept.until > now ? kept.assistantId : undefined;
    if (assistantId === undefined) {
      assistantId = await records.assistantIdByAddress(WHATSAPP, number);
      if (assistantId !== undefined) {
        if (owners.size >= OWNERS_KEPT) owners.clear();
        owners.set(number, { until: now + OWNER_TTL_MS, assistantId });
      }
    }
    const assistant = assistantId === undefined ? undefined : await context.assistantById(assistantId);
    const appSecret = assistant?.enabled ? await context.secret(assistant, WHATSAPP_APP_SECRET) : undefined;
    return assistant && appSecret ? { assistant, appSecret } : undefined;
  }

  async function signedByNumberOwner(body: unknown, signedWith: (secret: string | undefined) => boolean): Promise<{ assistant: AssistantRecord; appSecret: string } | undefined> {
    const numbers = [...new Set(readNotification(body).flatMap((change) => change.phoneNumberId ?? []))].slice(0, NUMBERS_TRIED);
    for (const number of numbers) {
      const owner = await ownerOf(number);
      if (owner !== undefined && signedWith(owner.appSecret)) return owner;
    }
    return undefined;
  }

  async function turnOf(message: WhatsAppMessage, assistant: AssistantRecord, phoneNumberId: string): Promise<WhatsAppTurn> {
    const base = { assistant, sender: message.from, messageId: message.messageId, metadata: message.metadata, phoneNumberId, receivedAt: windowStart(message.timestamp, Date.now() / 1000) };
    if (message.kind === 'unreadable') {
      const reply = unsupportedReplyOf((await records.settings(assistant.id, WHATSAPP))?.settings, assistant.language);
      return { ...base, text: message.text, ...unreadableTurn(message.text, reply) };
    }
    const text = message.kind === 'reply' ? await payloadOfButtonId(records, assistant.id, message.text) : message.text;
    return { ...base, text: text.slice(0, 10_000) };
  }

  keepRawJsonBody(app);

  app.get('/', { schema: { summary: 'WhatsApp channel health' } }, async () => ({ status: 'ok' }));
  registerMetaHandshake(app, context, { channel: WHATSAPP, verifyTokenSecret: WHATSAPP_VERIFY_TOKEN });

  // Meta's servers deliver every number's notifications: never limited per address.
  app.post('/webhook', { schema: { summary: 'WhatsApp Cloud API notifications (signed by Meta)', hide: true }, config: { addressLimit: 'platform' } }, async (request, reply) => {
    const raw = request.body;
    const signature = request.headers['x-hub-signature-256'];
    const signedWith = (secret: string | undefined): boolean => secret !== undefined && secret !== '' && Buffer.isBuffer(raw) && verifyMetaSignature({ sha256: signature }, secret, raw);
    let host = await context.resolveAssistant(request);
    let appSecret = await context.secret(host, WHATSAPP_APP_SECRET);
    const body = Buffer.isBuffer(raw) ? parseRawJson(raw) : undefined;
    if (!signedWith(appSecret)) {
      // Not the host's app: the assistant that has one of the notification's numbers, when the
      // signature is its app's (a callback URL on another host, the platform's default one).
      const owner = await signedByNumberOwner(body, signedWith);
      if (owner === undefined) {
        request.log.warn({ assistantId: host.id, appSecretSet: Boolean(appSecret) }, 'whatsapp: webhook POST refused (missing or bad signature)');
        return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
      }
      ({ assistant: host, appSecret } = owner);
    }
    if (body === undefined || appSecret === undefined) return reply.code(400).type('text/plain; charset=utf-8').send('Bad Request');
    const object = (body as { object?: unknown } | null)?.object;
    if (object !== 'whatsapp_business_account') {
      // Signed by the app, about something else: acknowledged, or Meta counts a failed delivery,
      // retries and at last disables the webhook.
      request.log.info({ assistantId: host.id, object: typeof object === 'string' ? object.slice(0, 64) : null }, 'whatsapp: a signed notification for another object, ignored');
      return reply.code(200).type('text/plain; charset=utf-8').send('EVENT_RECEIVED');
    }

    const turns: WhatsAppTurn[] = [];
    let failed = false;
    try {
      for (const change of readNotification(body)) {
        if (change.errors.length > 0) request.log.warn({ assistantId: host.id, errors: change.errors }, 'whatsapp: Meta reported errors');
        const assistant = await routeChange(change, host, appSecret, request.log);
        if (!assistant || change.phoneNumberId === undefined) continue;
        for (const status of change.statuses) {
          await records.recordDelivery({
            assistantId: assistant.id,
            channel: WHATSAPP,
            recipient: status.recipient,
            messageId: status.messageId,
            status: status.status,
            detail: status.detail,
            reasonCode: status.reasonCode,
            occurredAt: status.timestamp ?? Date.now() / 1000,
          });
        }
        for (const message of change.messages) turns.push(await turnOf(message, assistant, change.phoneNumberId));
      }
    } catch (error: unknown) {
      failed = true;
      request.log.error({ err: error, assistantId: host.id }, 'whatsapp: a notification could not be recorded');
    }
    if (!failed) ({ failed } = await dispatcher.dispatch(turns, request.log));
    // Not acknowledged: Meta redelivers, and what was recorded is then skipped.
    if (failed) return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
    return reply.code(200).type('text/plain; charset=utf-8').send('EVENT_RECEIVED');
  });
}

export const whatsAppChannel: ChannelDefinition = {
  name: WHATSAPP,
  title: 'WhatsApp',
  register: registerWhatsAppRoutes,
  async agentReplies({ assistant, recipient, proactive }, messages, services) {
    // A person's reply outside the 24-hour window would only be refused by the sender later (or by
    // Meta, 131047): refused now, so the agent hears it was not delivered. (Proactive messages are
    // refused and recorded at send time, as before.)
    const render = await whatsAppRows({ assistant, recipient }, services);
    const since = proactive ? undefined : await secondsSinceUserWrote(services, WHATSAPP, assistant.id, recipient);
    if (since !== undefined && since > CUSTOMER_SERVICE_WINDOW_SECONDS) {
      throw new AgentReplyRefusedError('outside_window', OUTSIDE_WINDOW_REASON);
    }
    const rows = await render(messages);
    if (rows.length === 0) return;
    await services.store.outbox.add(rows);
    announceOutboxWork(services, WHATSAPP, assistant.id, recipient);
  },
  // Outside the 24-hour window the rows are stored all the same: the sender records the refusal
  // without a call (./outbound.ts), as for an answer whose window closed while it waited.
  proactiveOutbox: (target, services) => whatsAppRows(target, services),
};

/** The assistant's phone number id read (it throws when WhatsApp is not set up), then the messages rendered as its calls. */
const whatsAppRows: ProactiveOutbox = async ({ assistant, recipient }, services) => {
  const phoneNumberId = requireChannelSetting((await services.store.channels.settings(assistant.id, WHATSAPP))?.address, { channel: 'WhatsApp', setting: 'phone number id' });
  return async (messages) => {
    const fits = (payload: string) => payload.length <= BUTTON_ID_LIMIT;
    const bodies = await renderWithButtonIds(services.store.channels, assistant, messages, fits, (message, ids, phrases) => renderForWhatsApp(message, { ids, phrases }));
    return outboxRows(WHATSAPP, assistant.id, recipient, bodies.map((message): WhatsAppCall => ({ kind: 'message', phoneNumberId, message })));
  };
};
