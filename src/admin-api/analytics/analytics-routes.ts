// Admin routes of the Analytics menu, under /servers/:server/assistants/:language/analytics/:
// the conversation list and its exports, a conversation's transcript (also live, as server-sent
// events), rankings per day, the overview's KPIs, the curation inbox and its decisions, and the
// analytics settings. Viewers read; exports (personal data) and curation need an administrator.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AnalyticsInputError, AnalyticsNotFoundError, type ConversationFilters, type ConversationListQuery } from '../../analytics/analytics-service.js';
import { exportRows, sessionsMatching, type ExportRow } from '../../analytics/export/export-rows.js';
import { EXPORT_MEDIA_TYPES, writeExport, type ExportFormat } from '../../analytics/export/write-export.js';
import { isTimeZone } from '../../analytics/local-days.js';
import type { Platform } from '../../platform.js';
import { untilListening } from '../../pubsub/platform-events.js';
import type { StoredMessage } from '../../store/analytics/analytics-store.js';
import type { AssistantRecord } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidField } from '../admin-scope.js';
import { openEventStream } from '../event-stream.js';
import {
  analyticsSettingsSchema,
  conversationFilterProperties,
  conversationListQuery,
  conversationSummarySchema,
  intervalProperties,
  messageSchema,
  overviewSchema,
  pendingTrainingSchema,
  rankingSchema,
  transcriptEntrySchema,
} from './analytics-schemas.js';
import { actorOf } from './actor.js';

type AssistantParams = { server: string; language: string };
type FilterQuery = Partial<Record<keyof typeof conversationFilterProperties, string>>;

const idPattern = '^[0-9]{1,15}$';
const conversationParams = { type: 'object', properties: { ...assistantParams.properties, id: { type: 'string', pattern: idPattern } }, required: ['server', 'language', 'id'] } as const;
const SSE_HEARTBEAT_MS = 20_000;

/** Analytics errors become the admin API's 400 and 404. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error: unknown) {
    if (error instanceof AnalyticsInputError) throw new AdminApiError(400, 'invalid', error.message, error.field);
    if (error instanceof AnalyticsNotFoundError) throw new AdminApiError(404, 'not_found', error.message);
    throw error;
  }
}

function filtersOf(query: FilterQuery): ConversationFilters {
  return {
    from: query.from ?? '',
    to: query.to ?? '',
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.intent ? { intent: query.intent } : {}),
    ...(query.skill ? { skill: query.skill } : {}),
    ...(query.text ? { text: query.text } : {}),
    ...(query.sender ? { sender: query.sender } : {}),
    ...(query.fallbackOnly === 'true' ? { fallbackOnly: true } : {}),
    ...(query.handedOffOnly === 'true' ? { handedOffOnly: true } : {}),
  };
}

function messageView(message: StoredMessage) {
  return {
    id: message.id,
    conversation: message.sessionId,
    sender: message.senderId,
    time: message.timestamp,
    channel: message.channel,
    text: message.text,
    intent: message.intent,
    confidence: message.confidence,
    candidate: message.candidateIntent,
    skill: message.skill,
    fallback: message.fallback,
    review: message.review,
  };
}

/** Streams an export as a download; the audit log says who took which personal data. */
async function sendExport(platform: Platform, request: FastifyRequest, reply: FastifyReply, assistant: AssistantRecord, format: ExportFormat, name: string, rows: AsyncIterable<ExportRow>, details: Record<string, unknown>) {
  await platform.store.audit.record({ serverId: assistant.serverId, assistantId: assistant.id, actor: actorOf(request), action: 'export_conversations', subject: null, details: { format, ...details }, createdAt: Date.now() / 1000 });
  const body = new PassThrough();
  writeExport(rows, format, body).catch((error: unknown) => {
    request.log.error({ err: error }, 'analytics: an export failed midway');
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply
    .type(EXPORT_MEDIA_TYPES[format])
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export function registerAnalyticsRoutes(scope: FastifyInstance, platform: Platform): void {
  const base = '/servers/:server/assistants/:language/analytics';
  const { service, curation } = platform.analytics;

  scope.get<{ Params: AssistantParams; Querystring: Record<string, string> }>(
    `${base}/conversations`,
    {
      schema: {
        summary: 'Conversations (sessions) that started in an interval, filtered and sorted, a page at a time (keyset: pass nextCursor as cursor)',
        params: assistantParams,
        querystring: conversationListQuery,
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: conversationSummarySchema }, total: { type: 'integer' }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'total', 'nextCursor'] },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const query = request.query as FilterQuery & { sort?: ConversationListQuery['sort']; direction?: 'asc' | 'desc'; limit?: string; cursor?: string };
      return answering(() =>
        service.listConversations(assistant.id, {
          ...filtersOf(query),
          ...(query.sort ? { sort: query.sort } : {}),
          ...(query.direction ? { direction: query.direction } : {}),
          ...(query.limit ? { limit: Number(query.limit) } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
      );
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    scope.get<{ Params: AssistantParams; Querystring: FilterQuery }>(
      `${base}/conversations.${format}`,
      {
        config: { access: 'change' },
        schema: {
          summary: `Export the filtered conversations as .${format}: one row per message (conversation, time, channel, user id, from, text, intent, confidence, skill); administrators only`,
          params: assistantParams,
          querystring: { type: 'object', properties: conversationFilterProperties, additionalProperties: false },
          produces: [EXPORT_MEDIA_TYPES[format]],
          response: { 200: { description: 'the file', type: 'string', format: 'binary' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const assistant = await findAssistant(platform, request.params);
        const filters = await answering(() => service.filters(assistant.id, filtersOf(request.query)));
        const { timeZone } = await service.settings(assistant.id);
        const rows = exportRows(platform.store, sessionsMatching(platform.store, filters), timeZone);
        return sendExport(platform, request, reply, assistant, format, `${assistant.serverName}-${assistant.language}-conversations`, rows, { filters: request.query });
      },
    );
  }

  scope.get<{ Params: AssistantParams & { id: string }; Querystring: { after?: string } }>(
    `${base}/conversations/:id`,
    {
      schema: {
        summary: "A conversation's transcript: user messages with intent, confidence and entities, the assistant's with their skill; `after` gives only newer events",
        params: conversationParams,
        querystring: { type: 'object', properties: { after: { type: 'string', pattern: idPattern } }, additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: {
              conversation: conversationSummarySchema,
              entries: { type: 'array', items: transcriptEntrySchema },
              latestEventId: { type: 'integer' },
              ended: { type: 'boolean', description: 'a newer conversation of the same user started: nothing more comes here' },
              truncated: { type: 'boolean' },
            },
            required: ['conversation', 'entries', 'latestEventId', 'ended', 'truncated'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const after = request.query.after === undefined ? undefined : Number(request.query.after);
      return answering(() => service.transcript(assistant.id, Number(request.params.id), after));
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    scope.get<{ Params: AssistantParams & { id: string } }>(
      `${base}/conversations/:id/export.${format}`,
      {
        config: { access: 'change' },
        schema: {
          summary: `Export one conversation as .${format} (administrators only)`,
          params: conversationParams,
          produces: [EXPORT_MEDIA_TYPES[format]],
          response: { 200: { description: 'the file', type: 'string', format: 'binary' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const assistant = await findAssistant(platform, request.params);
        const id = Number(request.params.id);
        const session = await platform.store.analytics.getSession(assistant.id, id);
        if (!session) throw new AdminApiError(404, 'not_found', `conversation ${id} does not exist`);
        const { timeZone } = await service.settings(assistant.id);
        const rows = exportRows(platform.store, [session], timeZone);
        return sendExport(platform, request, reply, assistant, format, `${assistant.serverName}-${assistant.language}-conversation-${id}`, rows, { conversation: id, userId: session.senderId });
      },
    );
  }

  scope.get<{ Params: AssistantParams & { id: string } }>(
    `${base}/conversations/:id/live`,
    {
      schema: {
        summary: 'Server-sent events: `update` each time the conversation gets new events (then read the transcript with `after`); across app processes through Redis when REDIS_URL is set',
        params: conversationParams,
        produces: ['text/event-stream'],
        response: { 200: { description: 'an event stream', type: 'string' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const assistant = await findAssistant(platform, request.params);
      const conversation = await answering(() => service.conversation(assistant.id, Number(request.params.id)));
      // The caller's session and role are checked again while the stream is open (../event-stream.ts).
      const stop: Array<() => void> = [];
      const stream = openEventStream(request, reply, { heartbeatMs: SSE_HEARTBEAT_MS, recheckMs: platform.config.consoleSession.streamRecheckSeconds * 1000, onEnd: () => stop.forEach((each) => each()) });
      stop.push(platform.analytics.updates.subscribe(assistant.id, conversation.sender, () => stream.send('update', '{}')));
      // `ready` once updates reach this process (through Redis, once subscribed): the console reads
      // what is new then, so nothing between its last read and now goes unannounced.
      await untilListening(platform.analytics.updates.listening());
      stream.raw('retry: 3000\n');
      stream.send('ready', JSON.stringify({ conversation: conversation.id }));
    },
  );

  scope.get<{ Params: AssistantParams & { kind: 'intents' | 'responses' | 'fallbacks' }; Querystring: { from?: string; to?: string; limit?: string } }>(
    `${base}/rankings/:kind`,
    {
      schema: {
        summary: 'Ranking per day (in the assistant time zone) of intents, responses (skills) or fallbacks, most frequent first; the rest in `others`',
        params: { type: 'object', properties: { ...assistantParams.properties, kind: { type: 'string', enum: ['intents', 'responses', 'fallbacks'] } }, required: ['server', 'language', 'kind'] },
        querystring: { type: 'object', properties: { ...intervalProperties, limit: { type: 'string', pattern: '^[0-9]{1,2}$' } }, additionalProperties: false },
        response: { 200: rankingSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const limit = request.query.limit === undefined ? 10 : Math.max(1, Number(request.query.limit));
      return answering(() => service.ranking(assistant.id, request.params.kind, request.query.from, request.query.to, limit));
    },
  );

  scope.get<{ Params: AssistantParams; Querystring: { from?: string; to?: string } }>(
    `${base}/overview`,
    {
      schema: {
        summary: 'KPIs of an interval: conversations per day, fallback rate, containment (no human took over), median confidence, busiest hours, satisfaction answers',
        params: assistantParams,
        querystring: { type: 'object', properties: intervalProperties, additionalProperties: false },
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      return answering(() => service.overview(assistant.id, request.query.from, request.query.to));
    },
  );

  scope.get<{ Params: AssistantParams; Querystring: { threshold?: string; limit?: string; before?: string } }>(
    `${base}/inbox`,
    {
      schema: {
        summary: 'Curation inbox: user messages that hit the fallback or scored below `threshold` percent (default: the accuracy threshold), not yet reviewed, newest first',
        params: assistantParams,
        querystring: {
          type: 'object',
          properties: { threshold: { type: 'string', pattern: '^[0-9]{1,3}(\\.[0-9]+)?$' }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' }, before: { type: 'string', pattern: idPattern } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { threshold: { type: 'number' }, toReview: { type: 'integer' }, items: { type: 'array', items: messageSchema }, pendingTraining: pendingTrainingSchema },
            required: ['threshold', 'toReview', 'items', 'pendingTraining'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const percent = request.query.threshold === undefined ? assistant.settings.accuracyThreshold * 100 : Number(request.query.threshold);
      if (percent > 100) throw invalidField('threshold', 'too_big', { max: 100 }, '"threshold" is a percentage from 0 to 100');
      const limit = Math.min(200, Math.max(1, Number(request.query.limit ?? 50)));
      const before = request.query.before === undefined ? undefined : Number(request.query.before);
      const [items, toReview, pendingTraining] = await Promise.all([
        platform.store.analytics.inbox(assistant.id, percent / 100, limit, before),
        platform.store.analytics.inboxCount(assistant.id, percent / 100),
        curation.pendingTraining(assistant),
      ]);
      return { threshold: percent, toReview, items: items.map(messageView), pendingTraining };
    },
  );

  scope.post<{ Params: AssistantParams & { id: string }; Body: { intent: string } }>(
    `${base}/messages/:id/phrase`,
    {
      schema: {
        summary: "Add the user message's text as a phrase of an intent (the one recognised, or another) and mark it reviewed; train to use it",
        params: conversationParams,
        body: { type: 'object', properties: { intent: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['intent'], additionalProperties: false },
        response: {
          200: {
            type: 'object',
            properties: {
              message: messageSchema,
              phrase: { type: 'object', properties: { intent: { type: 'string' }, added: { type: 'boolean' }, alsoIn: { type: 'array', items: { type: 'string' } } } },
              pendingTraining: pendingTrainingSchema,
            },
            required: ['message', 'phrase', 'pendingTraining'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const result = await answering(() => curation.addPhrase(assistant, Number(request.params.id), request.body.intent, actorOf(request)));
      return { message: messageView(result.message), phrase: result.phrase, pendingTraining: await curation.pendingTraining(assistant) };
    },
  );

  scope.post<{ Params: AssistantParams & { id: string }; Body: { status: 'out_of_scope' | 'reviewed' | null } }>(
    `${base}/messages/:id/review`,
    {
      schema: {
        summary: 'Mark a user message out of scope or reviewed (it leaves the inbox), or null to review it again',
        params: conversationParams,
        body: { type: 'object', properties: { status: { type: ['string', 'null'], enum: ['out_of_scope', 'reviewed', null] } }, required: ['status'], additionalProperties: false },
        response: { 200: { type: 'object', properties: { message: messageSchema }, required: ['message'] }, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const result = await answering(() => curation.mark(assistant, Number(request.params.id), request.body.status, actorOf(request)));
      return { message: messageView(result.message) };
    },
  );

  scope.get<{ Params: AssistantParams }>(
    `${base}/settings`,
    { schema: { summary: 'Analytics settings: time zone, retention period, satisfaction question', params: assistantParams, response: { 200: analyticsSettingsSchema, ...errorResponses } } },
    async (request) => service.settings((await findAssistant(platform, request.params)).id),
  );

  scope.patch<{ Params: AssistantParams; Body: { timeZone?: string; retentionDays?: number | null; satisfactionSkill?: string | null } }>(
    `${base}/settings`,
    {
      schema: {
        summary: 'Change the analytics settings: IANA time zone, retention in days (1–3650, null keeps everything), the satisfaction skill (null: none)',
        params: assistantParams,
        body: {
          type: 'object',
          properties: {
            timeZone: { type: 'string', minLength: 1, maxLength: 64 },
            retentionDays: { type: ['integer', 'null'], minimum: 1, maximum: 3650 },
            satisfactionSkill: { type: ['string', 'null'], maxLength: 100 },
          },
          additionalProperties: false,
        },
        response: { 200: analyticsSettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const body = request.body;
      if (body.timeZone !== undefined && !isTimeZone(body.timeZone)) {
        throw invalidField('timeZone', 'not_time_zone', { value: body.timeZone }, `"${body.timeZone}" is not an IANA time zone (e.g. America/Sao_Paulo, Europe/Lisbon, UTC)`);
      }
      if (typeof body.satisfactionSkill === 'string') {
        const skills = (await platform.store.content.load(assistant.id)).skills.map((skill) => skill.name);
        if (!skills.includes(body.satisfactionSkill)) throw invalidField('satisfactionSkill', 'does_not_exist', { what: 'skill', name: body.satisfactionSkill }, `the skill "${body.satisfactionSkill}" does not exist`);
      }
      const before = await service.settings(assistant.id);
      const after = await platform.store.analytics.updateSettings(assistant.id, {
        ...(body.timeZone === undefined ? {} : { timeZone: body.timeZone }),
        ...(body.retentionDays === undefined ? {} : { retentionDays: body.retentionDays }),
        ...(body.satisfactionSkill === undefined ? {} : { satisfactionSkill: body.satisfactionSkill }),
      });
      if (before.retentionDays !== after.retentionDays) {
        await platform.store.audit.record({ serverId: assistant.serverId, assistantId: assistant.id, actor: actorOf(request), action: 'retention_changed', subject: null, details: { from: before.retentionDays, to: after.retentionDays }, createdAt: Date.now() / 1000 });
      }
      return after;
    },
  );
}
