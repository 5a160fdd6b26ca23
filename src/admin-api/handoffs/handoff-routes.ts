// The agents' inbox (human handoff, src/handoff): the handed-off conversations of an assistant —
// waiting, mine, all open — live through server-sent events; one conversation with its transcript
// and notes; take, reply, note, transfer, resolve; and the handoff settings.
//
// Access: reading the inbox is for any role of the server (as the analytics transcripts are);
// acting on a conversation is `handoff` (agents and administrators); the settings are changed by
// administrators. The operator (bearer token) acts as the agent it names in `agent`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HandoffError, MAX_NOTE_LENGTH, MAX_REPLY_LENGTH, type ReplyFailureReason } from '../../handoff/handoff-service.js';
import { checkHandoffSettings, readHandoffSettings } from '../../handoff/handoff-settings.js';
import { HOLIDAY_PATTERN, MAX_HOLIDAYS, MAX_INTERVALS_PER_DAY, OFFICE_TIME_PATTERN, WEEKDAYS } from '../../handoff/office-hours.js';
import { inboxTranscript } from '../../handoff/handoff-transcript.js';
import type { Platform } from '../../platform.js';
import { untilListening } from '../../pubsub/platform-events.js';
import type { AssistantRecord, HandoffRecord } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidField, problemSchema } from '../admin-scope.js';
import { problem } from '../problem-codes.js';
import { openEventStream } from '../event-stream.js';

/** The English message of reply_not_delivered per reason (the console says it in its words: problems.replyNotDelivered). */
const REPLY_FAILURE_TEXTS: Record<ReplyFailureReason, string> = {
  outside_window: "outside the channel's window: WhatsApp takes a person's reply only within 24 hours of the user's last message (Messenger within 7 days)",
  kept_full: '50 replies already wait for this web chat session to be opened again',
  channel_error: "the user's channel did not take it (not set up, the callback URL missing or failing, or an error: see the log)",
};

type Params = { server: string; language: string };
type ConversationParams = Params & { conversation: string };

/** Comment lines on an idle event stream, so proxies keep it open. */
const HEARTBEAT_MS = 25_000;
const MAX_CONVERSATION_ID = 512;

const handoffSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    conversation: { type: 'string' },
    channel: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['waiting', 'taken', 'resolved'] },
    reason: { type: 'string', enum: ['skill', 'fallbacks', 'agent', 'api'] },
    skill: { type: ['string', 'null'] },
    outsideHours: { type: 'boolean' },
    agent: { type: ['string', 'null'] },
    requestedAt: { type: 'number' },
    takenAt: { type: ['number', 'null'] },
    resolvedAt: { type: ['number', 'null'] },
    lastUserMessageAt: { type: ['number', 'null'] },
    unread: { type: 'integer' },
  },
} as const;

const conversationParams = {
  type: 'object',
  properties: { ...assistantParams.properties, conversation: { type: 'string', minLength: 1, maxLength: MAX_CONVERSATION_ID } },
  required: ['server', 'language', 'conversation'],
} as const;

const agentField = { type: 'string', maxLength: 100, description: "the operator only: the agent's login it acts as (a console user acts as itself)" } as const;

function view(handoff: HandoffRecord) {
  return {
    id: handoff.id,
    conversation: handoff.senderId,
    channel: handoff.channel,
    status: handoff.status,
    reason: handoff.reason,
    skill: handoff.detail,
    outsideHours: handoff.outsideHours,
    agent: handoff.agentLogin,
    requestedAt: handoff.requestedAt,
    takenAt: handoff.takenAt,
    resolvedAt: handoff.resolvedAt,
    lastUserMessageAt: handoff.lastUserMessageAt,
    unread: handoff.unread,
  };
}

/** The HandoffService's refusals as the admin API's errors. */
async function acting<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error: unknown) {
    if (error instanceof HandoffError) {
      const status = error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 400;
      throw new AdminApiError(status, error.code, error.message, error.field);
    }
    throw error;
  }
}

export function registerHandoffRoutes(scope: FastifyInstance, platform: Platform): void {
  const base = '/servers/:server/assistants/:language/handoffs';
  const handoffs = platform.handoffs;

  /** Who acts: a console user as itself; the operator as the active agent or administrator it names. */
  async function agentOf(request: FastifyRequest, assistant: AssistantRecord, named: string | undefined): Promise<{ login: string; administrator: boolean }> {
    const principal = request.principal;
    if (principal && principal.kind === 'user') return { login: principal.login, administrator: principal.role === 'administrator' || principal.role === 'operator' };
    if (!named) throw invalidField('agent', 'agent_required', undefined, 'the operator acts as an agent: name its login in "agent"');
    const user = await platform.store.users.get(assistant.serverName, named);
    if (!user || !user.active || (user.role !== 'agent' && user.role !== 'administrator')) {
      throw invalidField('agent', 'not_an_agent', { name: named }, `${named} is not an active agent or administrator of server ${assistant.serverName}`);
    }
    return { login: user.login, administrator: true };
  }

  scope.get<{ Params: Params; Querystring: { status?: 'waiting' | 'taken' | 'open' | 'resolved'; mine?: boolean; limit?: number } }>(
    base,
    {
      schema: {
        summary: "The agents' inbox: handed-off conversations (open ones by default, the longest waiting first), with unread counts and the counts of each list",
        params: assistantParams,
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['waiting', 'taken', 'open', 'resolved'], default: 'open' },
            mine: { type: 'boolean', description: "only the signed-in agent's conversations" },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              handoffs: { type: 'array', items: handoffSchema },
              counts: { type: 'object', properties: { waiting: { type: 'integer' }, mine: { type: 'integer' }, open: { type: 'integer' }, unread: { type: 'integer' } } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const principal = request.principal;
      const me = principal?.kind === 'user' ? principal.login : undefined;
      const status = request.query.status ?? 'open';
      const open = await handoffs.list([assistant.id], { status: 'open', limit: 500 });
      const mine = open.filter((handoff) => me !== undefined && handoff.agentLogin === me && handoff.status === 'taken');
      // `mine` for the operator, who holds nothing: an empty list.
      const listed = await handoffs.list([assistant.id], { status, ...(request.query.mine ? { agent: me ?? '' } : {}), limit: request.query.limit ?? 200 });
      return {
        handoffs: listed.map(view),
        counts: {
          waiting: open.filter((handoff) => handoff.status === 'waiting').length,
          mine: mine.length,
          open: open.length,
          // What needs the agent: every waiting conversation's messages and their own unread ones.
          unread: open.filter((handoff) => handoff.status === 'waiting' || handoff.agentLogin === me).reduce((sum, handoff) => sum + handoff.unread, 0),
        },
      };
    },
  );

  scope.get<{ Params: Params }>(
    `${base}/live`,
    {
      schema: {
        summary:
          'Server-sent events: `handoff` with {kind, handoffId, conversation} each time a handoff is requested, taken, written in, replied to, noted, transferred or resolved — from any app process (Redis when REDIS_URL is set); then read the list again',
        params: assistantParams,
        produces: ['text/event-stream'],
        response: { 200: { description: 'an event stream', type: 'string' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const assistant = await findAssistant(platform, request.params);
      // The caller's session and role are checked again while the stream is open (../event-stream.ts).
      const stop: Array<() => void> = [];
      const stream = openEventStream(request, reply, { heartbeatMs: HEARTBEAT_MS, recheckMs: platform.config.consoleSession.streamRecheckSeconds * 1000, onEnd: () => stop.forEach((each) => each()) });
      stop.push(handoffs.subscribe(assistant.id, (notice) => stream.send('handoff', JSON.stringify({ kind: notice.kind, handoffId: notice.handoffId, conversation: notice.sender }))));
      // Notices missed while Redis was away: the console reads the list again.
      stop.push(platform.events.onReconnect(() => stream.send('handoff', '{"kind":"reconnected"}')));
      // `ready` once the notices reach this process (through Redis, once subscribed): the console
      // reads the list again then, so nothing between its last read and now goes unannounced.
      await untilListening(handoffs.listening(assistant.id));
      stream.raw('retry: 3000\n');
      stream.send('ready', '{}');
    },
  );

  scope.get<{ Params: ConversationParams }>(
    `${base}/:conversation`,
    {
      schema: {
        summary: "A handed-off conversation: its open handoff, the transcript (with the intents understood, the agents' messages and the handoff's moments) and the internal notes. Read by the agent who has it, its unread count goes to 0.",
        params: conversationParams,
        response: {
          200: {
            type: 'object',
            properties: {
              handoff: handoffSchema,
              transcript: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    kind: { type: 'string', enum: ['user', 'bot', 'handoff', 'taken', 'transferred', 'resumed'] },
                    time: { type: 'number' },
                    text: { type: ['string', 'null'] },
                    channel: { type: ['string', 'null'] },
                    intent: { type: ['string', 'null'] },
                    confidence: { type: ['number', 'null'], description: "0–1; for the fallback (nlu_fallback), the nearest intent's (candidate), not the threshold" },
                    candidate: { type: ['string', 'null'], description: 'for the fallback: the nearest intent' },
                    buttons: { type: 'array', items: { type: 'string' } },
                    agent: { type: ['string', 'null'] },
                    reason: { type: ['string', 'null'] },
                  },
                },
              },
              notes: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, author: { type: 'string' }, text: { type: 'string' }, createdAt: { type: 'number' } } } },
              quickReplies: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const handoff = await acting(() => handoffs.open(assistant, request.params.conversation));
      const principal = request.principal;
      if (principal?.kind === 'user' && principal.login === handoff.agentLogin) await handoffs.markRead(handoff);
      const events = await platform.store.conversations.events(assistant.id, handoff.senderId);
      const notes = await handoffs.notes(handoff.id);
      return {
        handoff: view(handoff),
        transcript: inboxTranscript(events),
        notes: notes.map((note) => ({ id: note.id, author: note.author, text: note.text, createdAt: note.createdAt })),
        quickReplies: readHandoffSettings(assistant.settings.handoff).quickReplies,
      };
    },
  );

  const actionBody = (properties: Record<string, unknown>, required: string[] = []) => ({
    type: 'object',
    properties: { ...properties, agent: agentField },
    required,
    additionalProperties: false,
  });
  const handoffAnswer = { 200: { type: 'object', properties: { handoff: handoffSchema } }, ...errorResponses };

  scope.post<{ Params: ConversationParams; Body: { agent?: string } | undefined }>(
    `${base}/:conversation/take`,
    {
      config: { access: 'handoff' },
      schema: {
        summary: 'Take the conversation: its waiting handoff (of two agents at once exactly one gets it: 409 `conflict` for the other), or — none open — a new one; the assistant pauses',
        params: conversationParams,
        body: actionBody({}),
        response: handoffAnswer,
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const agent = await agentOf(request, assistant, request.body?.agent);
      return { handoff: view(await acting(() => handoffs.take(assistant, request.params.conversation, agent.login))) };
    },
  );

  scope.post<{ Params: ConversationParams; Body: { text: string; agent?: string } }>(
    `${base}/:conversation/reply`,
    {
      config: { access: 'handoff' },
      schema: {
        summary:
          "Write to the user: recorded in the tracker (a bot event with metadata.handoff_agent), then sent through the conversation's channel at once (`delivery: sent`: Messenger, WhatsApp, Telegram, callback, and web chat with a tab connected) or kept for the user (`next_answer`: REST with their next answer; web chat when the session is joined again). `failed`: in the tracker, but the channel refused it — outside WhatsApp's 24-hour window or Messenger's 7 days, the channel not set up, the callback URL failing, a web chat session with 50 replies waiting — with `problem` (code `reply_not_delivered`, `params.reason`: `outside_window`, `kept_full` or `channel_error`). A waiting conversation is taken first.",
        params: conversationParams,
        body: actionBody({ text: { type: 'string', minLength: 1, maxLength: MAX_REPLY_LENGTH } }, ['text']),
        response: { 200: { type: 'object', properties: { handoff: handoffSchema, delivery: { type: 'string', enum: ['sent', 'next_answer', 'failed'] }, problem: problemSchema } }, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const agent = await agentOf(request, assistant, request.body.agent);
      const { handoff, delivery, reason } = await acting(() => handoffs.reply(assistant, request.params.conversation, request.body.text, agent.login));
      if (delivery !== 'failed') return { handoff: view(handoff), delivery };
      const why = reason ?? 'channel_error';
      return { handoff: view(handoff), delivery, problem: problem(undefined, 'reply_not_delivered', { reason: why }, `is in the conversation, but the user did not get it: ${REPLY_FAILURE_TEXTS[why]}`) };
    },
  );

  scope.post<{ Params: ConversationParams; Body: { text: string; agent?: string } }>(
    `${base}/:conversation/notes`,
    {
      config: { access: 'handoff' },
      schema: {
        summary: 'An internal note on the handoff: agents see it, the user never does',
        params: conversationParams,
        body: actionBody({ text: { type: 'string', minLength: 1, maxLength: MAX_NOTE_LENGTH } }, ['text']),
        response: { 201: { type: 'object', properties: { id: { type: 'integer' }, author: { type: 'string' }, text: { type: 'string' }, createdAt: { type: 'number' } } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const assistant = await findAssistant(platform, request.params);
      const agent = await agentOf(request, assistant, request.body.agent);
      const note = await acting(() => handoffs.note(assistant, request.params.conversation, request.body.text, agent.login));
      return reply.code(201).send({ id: note.id, author: note.author, text: note.text, createdAt: note.createdAt });
    },
  );

  scope.post<{ Params: ConversationParams; Body: { to: string; agent?: string } }>(
    `${base}/:conversation/transfer`,
    {
      config: { access: 'handoff' },
      schema: {
        summary: 'Pass the conversation to another agent (or administrator) of the server; only the agent who has it may, or an administrator',
        params: conversationParams,
        body: actionBody({ to: { type: 'string', minLength: 1, maxLength: 100 } }, ['to']),
        response: handoffAnswer,
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const agent = await agentOf(request, assistant, request.body.agent);
      return { handoff: view(await acting(() => handoffs.transfer(assistant, request.params.conversation, request.body.to.toLowerCase(), agent.login, agent.administrator))) };
    },
  );

  scope.post<{ Params: ConversationParams; Body: { agent?: string } | undefined }>(
    `${base}/:conversation/resolve`,
    {
      config: { access: 'handoff' },
      schema: {
        summary: 'Resolve the handoff: the assistant answers the next message again; only the agent who has it may, or an administrator',
        params: conversationParams,
        body: actionBody({}),
        response: handoffAnswer,
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const agent = await agentOf(request, assistant, request.body?.agent);
      return { handoff: view(await acting(() => handoffs.resolve(assistant, request.params.conversation, agent.login, agent.administrator))) };
    },
  );

  // Office hours as checkOfficeHours (src/handoff/office-hours.ts) takes them, bounded here so a
  // wrong sub-field, hour or list length is a coded problem naming its field (a misspelt day would
  // otherwise close the office without a word). The week's keys are listed with `propertyNames`.
  const officeIntervals = {
    type: 'array',
    maxItems: MAX_INTERVALS_PER_DAY,
    items: {
      type: 'object',
      properties: { from: { type: 'string', pattern: OFFICE_TIME_PATTERN }, to: { type: 'string', pattern: OFFICE_TIME_PATTERN } },
      required: ['from', 'to'],
      propertyNames: { enum: ['from', 'to'] },
    },
  } as const;
  const settingsSchema = {
    type: 'object',
    properties: {
      fallbacksInARow: { type: 'integer', minimum: 0, maximum: 20, description: 'fallback answers in a row after which the conversation is handed off; 0 never' },
      message: { type: 'string', maxLength: 1000, description: 'said after a handoff in office hours; {wait} is the expected wait; empty: the default' },
      expectedWaitMinutes: { type: 'integer', minimum: 0, maximum: 10080 },
      outsideHoursMessage: { type: 'string', maxLength: 1000, description: 'said after a handoff outside office hours; empty: the default' },
      officeHours: {
        type: ['object', 'null'],
        description: 'null: always open',
        properties: {
          timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA, e.g. America/Sao_Paulo' },
          week: {
            type: 'object',
            description: 'per day (sun … sat), at most 10 opening intervals "HH:MM" to "HH:MM" (00:00 to 24:00)',
            properties: Object.fromEntries(WEEKDAYS.map((day) => [day, officeIntervals])),
            propertyNames: { enum: [...WEEKDAYS] },
          },
          holidays: { type: 'array', maxItems: MAX_HOLIDAYS, items: { type: 'string', pattern: HOLIDAY_PATTERN }, description: 'YYYY-MM-DD, closed all day' },
        },
        required: ['timeZone'],
        propertyNames: { enum: ['timeZone', 'week', 'holidays'] },
      },
      quickReplies: { type: 'array', maxItems: 30, items: { type: 'string', maxLength: 1000 } },
      ticketOutsideHours: { type: 'boolean', description: 'outside office hours, open a ticket with the conversation through the 4biz tickets pack (when the assistant has it) and tell the user its number' },
    },
  } as const;

  scope.get<{ Params: Params }>(
    '/servers/:server/assistants/:language/handoff-settings',
    { schema: { summary: 'When the assistant hands a conversation to a person, and what it says then', params: assistantParams, response: { 200: settingsSchema, ...errorResponses } } },
    async (request) => readHandoffSettings((await findAssistant(platform, request.params)).settings.handoff),
  );

  scope.put<{ Params: Params; Body: Record<string, unknown> }>(
    '/servers/:server/assistants/:language/handoff-settings',
    {
      schema: {
        summary: 'Change the handoff settings (the whole object; missing keys take their defaults)',
        params: assistantParams,
        body: { ...settingsSchema, additionalProperties: false },
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const updated = await platform.store.assistants.updateSettings(assistant.id, { handoff: checkHandoffSettings(request.body) });
      return readHandoffSettings(updated.settings.handoff);
    },
  );
}
