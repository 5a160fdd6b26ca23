// Rasa's conversations API (reference/rasa-protocol.md §3–4): what 4biz's "Parameters API" is.
// A conversation id may contain `/`, so each method has one wildcard route and the tail of the
// path picks the operation. Every route needs the assistant's credentials.
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CALLBACK_URL_SECRET, sendToCallback } from '../channels/callback/callback-output.js';
import { CALLBACK, NO_CALLBACK_URL } from '../channels/callback/outbound.js';
import { AgentReplyRefusedError } from '../channels/channel.js';
import type { StagedAnswer } from '../channels/core/channel-sender.js';
import { deliveryReason } from '../channels/core/delivery-reason.js';
import { renderForRest } from '../channels/rest/render-rest.js';
import { buttonsFromRasa, elementsFromRasa, type BotMessage } from '../skills/bot-message.js';
import type { TrackerEvent } from '../tracker/events.js';
import { NoModelError, UnknownActionError, UnknownIntentError, type ConversationService } from '../engine/conversation-service.js';
import type { ParseResult } from '../nlu/types.js';
import type { OutboundClient } from '../outbound/outbound-client.js';
import type { AssistantRecord, Store } from '../store/store.js';
import { StoreConflictError } from '../store/store-errors.js';
import { touchesReminders, withTurnOutputChannel } from '../reminders/reminders.js';
import { MAX_REMINDER_INTENT_LENGTH } from '../reminders/reminder-rules.js';
import { INCLUDE_EVENTS_VALUES, type IncludeEvents } from '../tracker/tracker-state.js';
import { validateEvents } from '../tracker/validate-events.js';
import { externalEntities } from '../tracker/external-entities.js';
import type { ApiAccessControl } from './api-access.js';
import { RasaHttpError } from './rasa-error.js';
import { requireApiAccess } from './require-api-access.js';

export interface ConversationsApiContext {
  conversations: ConversationService;
  access: ApiAccessControl;
  resolveAssistant(request: FastifyRequest): Promise<AssistantRecord>;
  secret(assistant: AssistantRecord, name: string): Promise<string | undefined>;
  /** The SSRF-guarded client (src/outbound): the callback URL's POSTs. */
  outbound: OutboundClient;
  /**
   * A push channel's way to send messages to one of its users (its `agentReplies` outlet:
   * socketio, facebook, whatsapp, telegram), or undefined for a channel that collects (rest).
   */
  outlet?(channel: string): ((assistant: AssistantRecord, recipient: string, messages: readonly BotMessage[]) => Promise<void>) | undefined;
  /**
   * A channel's way to store a turn's answer in its outbox in the turn's own transaction (facebook,
   * whatsapp, telegram, callback: their `proactiveOutbox`), or undefined (socketio, rest): used by
   * trigger_intent, execute and posted bot events, so an answer recorded is an answer sent,
   * whatever crashes after.
   */
  staged?(channel: string): ((assistant: AssistantRecord, recipient: string) => Promise<StagedAnswer>) | undefined;
  /**
   * Where `output_channel=callback` without a callback URL is recorded as a failed delivery of the
   * callback channel (`no_callback_url`), for Integrações › API Rest to show; nothing when unset.
   */
  deliveries?: Pick<Store['channels'], 'recordDelivery'>;
  /** Schedules and cancels posted reminders (tracker/events with execute_side_effects, src/reminders). */
  reminders?: { apply(assistantId: number, senderId: string, events: readonly TrackerEvent[], outputChannel: string | null): Promise<void> };
  now?: () => number;
}

type Operation = 'tracker' | 'tracker/events' | 'story' | 'messages' | 'trigger_intent' | 'execute' | 'predict';
const OPERATIONS: readonly Operation[] = ['tracker/events', 'tracker', 'story', 'messages', 'trigger_intent', 'execute', 'predict'];

interface Query {
  include_events?: string;
  until?: string;
  all_sessions?: string;
  token?: string;
  output_channel?: string;
  execute_side_effects?: string;
}

/** Where trigger_intent, execute and posted bot events go (`output_channel`); `collects`: answered in the reply only. */
interface OutputChannel {
  collects: boolean;
  /** The channel it sends to (a push channel's name, or `callback`); undefined when it collects. */
  name?: string;
  send(messages: readonly BotMessage[]): Promise<void>;
  /** A push or the callback channel's answer stored with the turn instead of `send` after it; rejects when the channel is not set up. */
  stage?(): Promise<StagedAnswer>;
}

/**
 * At most one `no_callback_url` failure recorded per assistant in this long (seconds), per process:
 * a 4biz asking for every user's answer on the callback URL must not fill the deliveries table.
 */
export const NO_CALLBACK_URL_RECORD_EVERY_SECONDS = 60;

/** The longest conversation id the API takes: a channel's sender has at most 256 characters. */
export const MAX_CONVERSATION_ID_LENGTH = 256;

/**
 * `joao/1/tracker/events` → { id: 'joao/1', operation: 'tracker/events' }. The router has already
 * decoded the path (`jo%C3%A3o` is `joão`, `50%25` is `50%`): decoding again would read another id.
 */
function splitPath(wildcard: string): { id: string; operation: Operation } | null {
  for (const operation of OPERATIONS) {
    const suffix = `/${operation}`;
    if (wildcard.endsWith(suffix) && wildcard.length > suffix.length) {
      return { id: wildcard.slice(0, -suffix.length), operation };
    }
  }
  return null;
}

function badRequest(message: string, parameter: string, where: 'query' | 'body'): RasaHttpError {
  return new RasaHttpError(400, 'BadRequest', message, { parameter, in: where });
}

function includeEvents(query: Query): IncludeEvents {
  if (query.include_events === undefined) return 'AFTER_RESTART';
  const value = query.include_events.toUpperCase() as IncludeEvents;
  if (!INCLUDE_EVENTS_VALUES.includes(value)) {
    throw badRequest(`include_events must be one of ${INCLUDE_EVENTS_VALUES.join(', ')}`, 'include_events', 'query');
  }
  return value;
}

/** What Python's float() reads: a decimal number, inf, infinity or nan (any case), blanks around. */
const PYTHON_FLOAT = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?|nan)\s*$/i;

/**
 * `until`, as Rasa's float_arg reads it: a value float() cannot read is ignored (logged), and the
 * whole tracker or story is answered.
 */
function until(query: Query, log: FastifyBaseLogger): number | undefined {
  if (query.until === undefined) return undefined;
  if (!PYTHON_FLOAT.test(query.until)) {
    log.warn({ until: query.until.slice(0, 100) }, 'conversations API: until is not a number, ignored (as Rasa)');
    return undefined;
  }
  const value = query.until.trim().toLowerCase().replace(/^\+/, '');
  if (value.endsWith('nan')) return Number.NaN;
  if (value.endsWith('inf') || value.endsWith('infinity')) return value.startsWith('-') ? -Infinity : Infinity;
  return Number(value);
}

/**
 * The service's errors as Rasa answers them. An unknown action is what Rasa's `execute` route turns
 * any failure of the action into: 500 `ConversationError` (its compatibility tests expect it).
 */
function rethrowAsHttp(error: unknown): never {
  if (error instanceof NoModelError) throw new RasaHttpError(409, 'Conflict', error.message);
  if (error instanceof UnknownActionError) throw new RasaHttpError(500, 'ConversationError', `An unexpected error occurred. Error: ${error.message}`, { parameter: 'name', in: 'body' });
  throw error;
}

/** A bot event posted from outside, as the message a channel sends. */
function botMessageOf(event: TrackerEvent): BotMessage {
  const data = (event.data ?? {}) as { buttons?: unknown; quick_replies?: unknown; image?: string | null; attachment?: unknown; custom?: unknown; elements?: unknown };
  const buttons = buttonsFromRasa(data);
  const elements = elementsFromRasa(data.elements);
  return {
    ...(typeof event.text === 'string' ? { text: event.text } : {}),
    ...(buttons.length > 0 ? { buttons } : {}),
    ...(data.image ? { image: data.image } : {}),
    ...(data.attachment !== undefined && data.attachment !== null ? { attachment: data.attachment } : {}),
    ...(data.custom !== undefined && data.custom !== null ? { custom: data.custom } : {}),
    ...(elements ? { elements } : {}),
  };
}

function notFound(): RasaHttpError {
  return new RasaHttpError(404, 'Not found', 'Conversation ID not found.', { parameter: 'conversation_id', in: 'path' });
}

/** An output channel that sends (nothing when there is nothing to say), a failure thrown as `failed` makes it. */
function sendingTo(name: string, send: (messages: readonly BotMessage[]) => Promise<unknown>, failed: (error: unknown) => Error): OutputChannel {
  return {
    collects: false,
    name,
    send: async (messages) => {
      if (messages.length === 0) return;
      await send(messages).catch((error: unknown) => {
        throw failed(error);
      });
    },
  };
}

export function registerConversationsApi(app: FastifyInstance, context: ConversationsApiContext): void {
  const now = context.now ?? (() => Date.now() / 1000);
  /** Per assistant, when this process last recorded `output_channel=callback` without a callback URL. */
  const noCallbackUrlRecorded = new Map<number, number>();
  // One route per method for every operation (the id may hold `/`): the query parameters Rasa's
  // operations read, each described and bounded; others are ignored, as Rasa ignores them.
  const text = (description: string, maxLength = 100) => ({ type: 'string', maxLength, description }) as const;
  const schema = {
    hide: false,
    summary: 'Rasa conversations API: /conversations/{conversation_id}/{tracker | tracker/events | story | messages | trigger_intent | execute | predict}',
    params: { type: 'object', properties: { '*': text('{conversation_id}/{operation}; the id (at most 256 characters) may hold /', 400) } },
    querystring: {
      type: 'object',
      additionalProperties: true,
      properties: {
        token: text("the assistant's conversations API token (or a JWT in Authorization)", 4096),
        include_events: text('tracker: ALL, AFTER_RESTART (default), APPLIED or NONE'),
        until: text('tracker, story: only events up to this timestamp (float epoch seconds)'),
        all_sessions: text('story: true for every session'),
        output_channel: text('trigger_intent, execute, tracker/events: callback, socketio, facebook, whatsapp, telegram, latest, or any other name to collect'),
        execute_side_effects: text('tracker/events: true to send the posted bot events to output_channel and schedule or cancel the posted reminders'),
      },
    },
  };

  async function open(request: FastifyRequest): Promise<{ assistant: AssistantRecord; id: string; operation: Operation; query: Query }> {
    const wildcard = (request.params as { '*': string })['*'];
    const path = splitPath(wildcard);
    if (!path) throw new RasaHttpError(404, 'NotFound', `no route for ${request.method} /conversations/${(wildcard.split('?')[0] ?? '').slice(0, 300)}`);
    if (path.id.length > MAX_CONVERSATION_ID_LENGTH) {
      throw new RasaHttpError(400, 'BadRequest', `the conversation id must have at most ${MAX_CONVERSATION_ID_LENGTH} characters`, { parameter: 'conversation_id', in: 'path' });
    }
    const assistant = await context.resolveAssistant(request);
    await requireApiAccess(context.access, assistant, request, path.id);
    // As Rasa's ensure_loaded_agent on every conversations route.
    if (!(await context.conversations.hasModel(assistant))) throw new RasaHttpError(409, 'Conflict', new NoModelError().message);
    return { assistant, ...path, query: request.query as Query };
  }

  /**
   * Rasa's `output_channel`, resolved before the operation changes the tracker: `callback` sends
   * to the assistant's callback URL, a push channel (socketio, facebook, whatsapp, telegram) to the
   * conversation's user there, `latest` means the conversation's last input channel, any other name
   * (or none, or `callback` without a callback URL) collects only, as Rasa falls back to collecting
   * for a channel it does not have (`callback` without a URL also records it: recordNoCallbackUrl).
   * Returns whether it collects and how to send to it.
   */
  async function outputChannel(assistant: AssistantRecord, id: string, query: Query): Promise<OutputChannel> {
    let name = query.output_channel ?? 'rest';
    if (name === 'latest') name = (await context.conversations.tracker(assistant, id, { includeEvents: 'NONE' })).latest_input_channel ?? 'rest';
    const outlet = name === 'callback' ? undefined : context.outlet?.(name);
    // A push channel that does not take the messages (not set up, its store failing): the turn is
    // recorded already, so the answer says that only the send failed — 502, as for a failing callback URL.
    if (outlet) {
      const sending = sendingTo(name, (messages) => outlet(assistant, id, messages), (error) => {
        // A refusal's reason is ours to say (outside the channel's window); another error's text (a
        // store's, a library's) stays in the server's log.
        const why = error instanceof AgentReplyRefusedError ? error.message : 'it failed (see the server log)';
        return Object.assign(new RasaHttpError(502, 'OutputChannelFailed', `the turn is recorded, but the ${name} channel did not take its messages: ${why}`), { cause: error });
      });
      const stage = context.staged?.(name);
      return stage ? { ...sending, stage: () => stage(assistant, id) } : sending;
    }
    const collecting: OutputChannel = { collects: true, send: async () => undefined };
    if (name !== 'callback') return collecting;
    // Without a callback URL the callback channel is not set up: Rasa then collects. The answer
    // stays as Rasa's, and the callback channel's failures say why nothing reached the URL.
    const url = await context.secret(assistant, CALLBACK_URL_SECRET);
    if (!url) return { collects: true, send: async (messages) => (messages.length > 0 ? recordNoCallbackUrl(assistant, id) : undefined) };
    // The answer goes into the callback channel's outbox with the turn, delivered (and retried)
    // after it; only when it cannot be staged (the URL removed meanwhile) is it POSTed at once, a
    // failure answered 502.
    const sending = sendingTo(name, (messages) => sendToCallback(context.outbound, url, id, messages), (error) => new RasaHttpError(502, 'CallbackFailed', error instanceof Error ? error.message : 'callback delivery failed'));
    const stage = context.staged?.(name);
    return stage ? { ...sending, stage: () => stage(assistant, id) } : sending;
  }

  /**
   * Records that an answer for the callback URL was only collected, as the outbox records an answer
   * it gives up without a URL (`no_callback_url`, the conversation as the recipient): at most once
   * per assistant a minute in this process, and never failing the request.
   */
  async function recordNoCallbackUrl(assistant: AssistantRecord, id: string): Promise<void> {
    if (!context.deliveries) return;
    const at = now();
    const last = noCallbackUrlRecorded.get(assistant.id);
    if (last !== undefined && at - last < NO_CALLBACK_URL_RECORD_EVERY_SECONDS) return;
    noCallbackUrlRecorded.set(assistant.id, at);
    await context.deliveries
      .recordDelivery({
        assistantId: assistant.id,
        channel: CALLBACK,
        recipient: id,
        messageId: null,
        status: 'failed',
        detail: { reason: NO_CALLBACK_URL },
        reasonCode: deliveryReason('no_callback_url'),
        occurredAt: at,
      })
      .catch((error: unknown) => app.log.warn({ err: error, assistantId: assistant.id }, 'callback: an answer collected without a callback URL could not be recorded among the deliveries'));
  }

  /**
   * trigger_intent's and execute's answer: the tracker, and the messages when the output channel
   * collects them (Rasa adds `messages` only for its collecting channel).
   */
  async function triggeredReply(assistant: AssistantRecord, id: string, include: IncludeEvents, output: OutputChannel, messages: readonly BotMessage[]) {
    const tracker = await context.conversations.tracker(assistant, id, { includeEvents: include });
    return output.collects ? { tracker, messages: messages.flatMap((message) => renderForRest(id, message)) } : { tracker };
  }

  async function trackerReply(assistant: AssistantRecord, id: string, query: Query) {
    return context.conversations.tracker(assistant, id, { includeEvents: includeEvents(query) });
  }

  // A POST's `name` (trigger_intent's intent, execute's action, a posted event's name) is bounded as
  // a reminder's intent is: no intent, skill or action has a longer one, and a longer one is a 400
  // naming it, never quoted back whole. String or null: what every event's `name` may be.
  const postSchema = {
    ...schema,
    body: {
      description: 'trigger_intent: {name, entities?}; execute: {name, policy?, confidence?}; messages: {text, sender, parse_data?}; tracker/events: one event or a list',
      // Only an object body has a `name` (a list of events, or no body, passes as it is); the object
      // is typed so that Ajv's strict mode does not warn at every start.
      if: { type: 'object' },
      then: {
        type: 'object',
        properties: { name: { type: ['string', 'null'], maxLength: MAX_REMINDER_INTENT_LENGTH, description: `the intent (trigger_intent) or action (execute), at most ${MAX_REMINDER_INTENT_LENGTH} characters` } },
      },
    },
  };

  // Called by shared backends (4biz, for all its users, from one address): see ./address-rate-limit.ts.
  const config = { addressLimit: 'bot-api' } as const;
  app.get('/conversations/*', { schema, config }, async (request: FastifyRequest, reply: FastifyReply) => {
    const { assistant, id, operation, query } = await open(request);
    if (operation === 'tracker') {
      const untilValue = until(query, request.log);
      return context.conversations.tracker(assistant, id, { includeEvents: includeEvents(query), ...(untilValue === undefined ? {} : { until: untilValue }) });
    }
    if (operation === 'story') {
      const untilValue = until(query, request.log);
      const story = await context.conversations.story(assistant, id, {
        allSessions: query.all_sessions?.toLowerCase() === 'true',
        ...(untilValue === undefined ? {} : { until: untilValue }),
      });
      if (story === null) throw notFound();
      // Rasa answers it as text (sanic's response.text), not as YAML.
      reply.type('text/plain; charset=utf-8');
      return story;
    }
    throw new RasaHttpError(405, 'MethodNotAllowed', `GET is not allowed on /conversations/{id}/${operation}`);
  });

  app.put('/conversations/*', { schema, config }, async (request: FastifyRequest) => {
    const { assistant, id, operation, query } = await open(request);
    if (operation !== 'tracker/events') throw new RasaHttpError(405, 'MethodNotAllowed', `PUT is not allowed on /conversations/{id}/${operation}`);
    const validated = validateEvents(request.body, now());
    if (!validated.ok) throw badRequest(validated.message, 'events', 'body');
    await context.conversations.replaceEvents(assistant, id, validated.events);
    return trackerReply(assistant, id, query);
  });

  app.post('/conversations/*', { schema: postSchema, config }, async (request: FastifyRequest) => {
    const { assistant, id, operation, query } = await open(request);
    const body = request.body as Record<string, unknown> | undefined;
    switch (operation) {
      case 'tracker/events': {
        const validated = validateEvents(request.body, now());
        if (!validated.ok) throw badRequest(validated.message, 'events', 'body');
        const include = includeEvents(query);
        const sideEffects = query.execute_side_effects?.toLowerCase() === 'true';
        const output = sideEffects ? await outputChannel(assistant, id, query) : null;
        // As Rasa's execute_side_effects: the posted reminders are scheduled (their answers go to
        // output_channel, `latest` read now as Rasa reads it; one that collects records only), and
        // cancellations cancel.
        const reminders = context.reminders;
        const scheduleReminders =
          sideEffects && reminders && touchesReminders(validated.events)
            ? () =>
                reminders.apply(assistant.id, id, validated.events, output?.name ?? 'rest').catch((error: unknown) => {
                  if (error instanceof StoreConflictError) throw badRequest(`${error.message}: nothing was recorded`, 'events', 'body');
                  throw error;
                })
            : undefined;
        const posted = validated.events.filter((event) => event.event === 'bot').map(botMessageOf);
        // As trigger_intent's answer: a push channel's rows for the posted bot events are stored
        // with them (both or neither); a channel not set up stages nothing, and `send` says so (502).
        const staged = output && posted.length > 0 ? await output.stage?.().catch(() => undefined) : undefined;
        const rows = staged ? await staged.outbox(posted) : [];
        await context.conversations.appendEvents(assistant, id, validated.events, undefined, scheduleReminders, rows);
        if (staged) staged.announce();
        else await output?.send(posted);
        return context.conversations.tracker(assistant, id, { includeEvents: include });
      }
      case 'messages': {
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be an object {text, sender}', 'body', 'body');
        if (typeof body.text !== 'string') throw badRequest('text must be a string', 'text', 'body');
        if (body.sender !== 'user') throw badRequest('only sender "user" is supported: the assistant writes its own messages', 'sender', 'body');
        const parseData = body.parse_data as ParseResult | undefined;
        if (parseData !== undefined && (typeof parseData !== 'object' || parseData === null)) throw badRequest('parse_data must be an object', 'parse_data', 'body');
        const include = includeEvents(query);
        await context.conversations.logMessage(assistant, id, body.text, parseData);
        return context.conversations.tracker(assistant, id, { includeEvents: include });
      }
      case 'trigger_intent': {
        if (typeof body !== 'object' || body === null || typeof body.name !== 'string' || body.name === '') {
          throw badRequest('name (the intent to trigger) is missing', 'name', 'body');
        }
        const include = includeEvents(query);
        const entities = externalEntities(body.entities, (index) =>
          index < 0 ? badRequest('entities must be a list of {entity, value} or an object', 'entities', 'body') : badRequest(`entities[${index}] must be an object with "entity" and "value"`, 'entities', 'body'),
        );
        const output = await outputChannel(assistant, id, query);
        // A push channel's answer goes into its outbox with the turn (both or neither). A channel
        // not set up for the assistant stages nothing: the turn is recorded and `send` answers its 502.
        const staged = await output.stage?.().catch(() => undefined);
        let messages;
        try {
          // Reminders its actions set answer where this answer goes (Rasa's _schedule_reminders).
          const intent = body.name;
          messages = await withTurnOutputChannel(output.name, () => context.conversations.triggerIntent(assistant, id, intent, entities, staged ? { outbox: staged.outbox } : {}));
        } catch (error: unknown) {
          if (error instanceof UnknownIntentError) throw new RasaHttpError(404, 'NotFound', error.message, { parameter: 'name', in: 'body' });
          throw error;
        }
        if (staged) staged.announce();
        else await output.send(messages);
        return triggeredReply(assistant, id, include, output, messages);
      }
      case 'predict': {
        if (!(await context.conversations.exists(assistant, id))) throw notFound();
        const prediction = await context.conversations.predict(assistant, id).catch(rethrowAsHttp);
        return { ...prediction, tracker: await context.conversations.tracker(assistant, id, { includeEvents: includeEvents(query) }) };
      }
      case 'execute': {
        if (typeof body !== 'object' || body === null || typeof body.name !== 'string' || body.name === '') {
          throw badRequest('name (the action to run) is missing', 'name', 'body');
        }
        if (!(await context.conversations.exists(assistant, id))) throw notFound();
        const include = includeEvents(query);
        const output = await outputChannel(assistant, id, query);
        const action = body.name;
        // As trigger_intent's: a push channel's answer goes into its outbox with the action's events.
        const staged = await output.stage?.().catch(() => undefined);
        const messages = await withTurnOutputChannel(output.name, () =>
          context.conversations.execute(assistant, id, action, {
            ...(typeof body.policy === 'string' ? { policy: body.policy } : {}),
            ...(typeof body.confidence === 'number' ? { confidence: body.confidence } : {}),
            ...(staged ? { outbox: staged.outbox } : {}),
          }),
        ).catch(rethrowAsHttp);
        if (staged) staged.announce();
        else await output.send(messages);
        return triggeredReply(assistant, id, include, output, messages);
      }
      default:
        throw new RasaHttpError(405, 'MethodNotAllowed', `POST is not allowed on /conversations/{id}/${operation}`);
    }
  });
}
