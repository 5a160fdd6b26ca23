// The HTTP server: Rasa's API and every registered channel on one Fastify instance.
import type { IncomingHttpHeaders } from 'node:http';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { channels } from '../channels/registry.js';
import { stageProactiveAnswer } from '../channels/core/channel-sender.js';
import { registerAdminApi } from '../admin-api/admin-routes.js';
import { MediaStore } from '../media/media-store.js';
import { registerMediaRoute } from '../media/media-route.js';
import { registerMetricsRoutes } from '../metrics/metrics-routes.js';
import { runsJobs } from '../config/config.js';
import type { Platform } from '../platform.js';
import type { ReminderDelivery } from '../reminders/reminders.js';
import type { BotMessage } from '../skills/bot-message.js';
import type { AssistantRecord } from '../store/store.js';
import { registerAddressRateLimit } from './address-rate-limit.js';
import { clientAddressReader } from './client-address.js';
import { registerConsoleSite } from './console-site.js';
import { rasaErrorHandler, rasaNotFoundHandler } from './error-handler.js';
import { registerHealthRoutes } from './health-routes.js';
import { ADMIN_PREFIX, adminApiDocument, botApiDocument } from './openapi-documents.js';
import { PLATFORM_VERSION } from './platform-version.js';
import { registerConversationsApi } from './conversations-api.js';
import { registerBotApiCors } from './cors.js';
import { registerRasaApi } from './rasa-api.js';
import { RasaHttpError } from './rasa-error.js';
import { lazySerializers, lazyValidators } from './lazy-schemas.js';
import { redactUrl } from './redact-url.js';
import { registerWebChatRoutes } from './web-chat-routes.js';

export async function buildApp(platform: Platform): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is Fastify's logger; the cast only drops pino-specific typing.
    loggerInstance: platform.logger as FastifyBaseLogger,
    // Fastify's own request lines would print URLs with their ?token=; ours (below) are redacted.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: platform.config.bodyLimitBytes,
    // A conversation id (a sender) may be 256 characters, each up to 4 UTF-8 bytes percent-encoded
    // in a path: Fastify's default of 100 answered 414 to ids the REST channel takes. Each route's
    // schema still bounds its own parameters (a longer conversation id is a 400 naming it).
    routerOptions: { maxParamLength: 3_072 },
    // Types are checked, not coerced: `"message": 12` is an error the client should see.
    ajv: { customOptions: { coerceTypes: false, allErrors: false, allowUnionTypes: true } },
    // Each route's schemas are compiled on its first request, not at start (./lazy-schemas.ts).
    schemaController: { compilersFactory: { buildSerializer: lazySerializers, buildValidator: lazyValidators() } },
    // Behind load balancers, the client address (for the API allow-list, the sign-in throttle, the
    // rate limits) is the right-most X-Forwarded-For hop they did not add.
    trustProxy: platform.config.trustProxy,
  });
  // The background jobs run with the server, in the processes whose role runs them
  // (HELPER_ROLE all or worker): the training scheduler (due trainings start, stopped processes'
  // are failed), the analytics projector and the retention job (below), the outbox senders (each
  // channel). Each claims its work through the store or Redis, so it runs once.
  const jobs = runsJobs(platform.config);
  if (jobs) {
    app.addHook('onReady', async () => platform.trainings.start());
    app.addHook('onClose', async () => platform.trainings.stop());
  }
  // Closing stops new connections and closes the idle ones once; a keep-alive connection whose
  // request was in flight goes idle later, and would hold the close until its idle timeout (72 s).
  let reaper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    reaper = setInterval(() => app.server.closeIdleConnections(), 100);
  });
  app.addHook('onClose', async () => clearInterval(reaper));
  if (jobs) {
    app.addHook('onReady', async () => platform.analytics.start());
    app.addHook('onClose', async () => platform.analytics.stop());
  }
  registerMetricsRoutes(app, platform.metrics, platform.config);
  registerHealthRoutes(app, platform);
  app.setErrorHandler(rasaErrorHandler(platform.redisUnavailableLog));
  app.setNotFoundHandler(rasaNotFoundHandler);
  // Rasa reads a request's body as JSON whatever its content type (Sanic's request.json): clients
  // post JSON as text/plain, as curl's default form type, or with no type at all. Read them as
  // JSON rather than refuse them (415); routes that take other types register their own parsers.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  // The console's API refuses other types again in its own scopes (../admin-api/admin-routes.ts).
  app.addContentTypeParser('*', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  // The level is fixed at start-up (HELPER_LOG_LEVEL): without debug, no hook runs on each request.
  if (platform.logger.isLevelEnabled('debug')) {
    app.addHook('onRequest', (request, _reply, done) => {
      request.log.debug({ url: redactUrl(request.url) }, 'request');
      done();
    });
  }

  // Cross-origin pages may call the bot API when HELPER_CORS_ORIGINS says so (./cors.ts); preflights
  // are answered before the rate limits.
  await registerBotApiCors(app, platform.config.corsOrigins);
  // Before every route, so that each one gets its per-address limit (./address-rate-limit.ts).
  await registerAddressRateLimit(app, platform.rateCounter, platform.config.rateLimits);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Helper Assistant bot API',
        description: "Rasa-compatible REST channel and HTTP API (Rasa 3.6). Errors use Rasa's error body.",
        version: PLATFORM_VERSION,
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => botApiDocument(app.swagger()));
  // Public like the bot API's: it documents the admin API, it does not open it.
  app.get(`${ADMIN_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => adminApiDocument(app.swagger()));

  // `{server}{lang}.{domain}` reaches that assistant; hosts that name none reach the default one.
  const resolveAssistant = async (request: { headers: IncomingHttpHeaders }): Promise<AssistantRecord> => {
    const target = await platform.hosts.route(request.headers.host);
    switch (target.kind) {
      case 'assistant':
        return target.assistant;
      case 'default': {
        const assistant = await platform.defaultAssistant();
        // Disabled (it or its server) in any process: refused here within seconds, as on its own host.
        if (!(await platform.hosts.serves(assistant))) throw new RasaHttpError(404, 'NotFound', 'this assistant is disabled');
        return assistant;
      }
      case 'console':
        throw new RasaHttpError(404, 'NotFound', `this host is the console of server "${target.server}"; its assistants answer at {server}{language}.{domain}`);
      case 'disabled':
        throw new RasaHttpError(404, 'NotFound', 'this assistant is disabled');
    }
  };

  const readSecret = async (assistant: AssistantRecord, name: string): Promise<string | undefined> => {
    const sealed = await platform.store.secrets.get(assistant.id, name);
    return sealed === undefined ? undefined : platform.secrets.decrypt(sealed, { assistantId: assistant.id, name });
  };

  const clientAddress = clientAddressReader(platform.config.trustProxy);

  registerRasaApi(app, {
    engine: platform.engine,
    registry: platform.registry,
    trainer: platform.trainer,
    access: platform.apiAccess,
    resolveAssistant,
    platformVersion: PLATFORM_VERSION,
  });
  const services = { store: platform.store, events: platform.events, secret: readSecret, outbound: platform.outbound };
  const outlet = (name: string) => {
    const send = channels.find((definition) => definition.name === name)?.agentReplies;
    // The conversations API's output_channel (posted bot events): sent by the platform on its own.
    return send && ((assistant: AssistantRecord, recipient: string, messages: readonly BotMessage[]) => send({ assistant, recipient, proactive: true }, messages, services).then(() => undefined));
  };
  // A push channel's or the callback channel's proactive answer (trigger_intent's output_channel,
  // a fired reminder), stored in the outbox in the turn's own transaction.
  const staged = (name: string) => {
    const proactive = channels.find((definition) => definition.name === name)?.proactiveOutbox;
    return proactive && ((assistant: AssistantRecord, recipient: string) => stageProactiveAnswer(proactive, name, { assistant, recipient }, services));
  };
  registerConversationsApi(app, { conversations: platform.conversations, access: platform.apiAccess, resolveAssistant, secret: readSecret, outbound: platform.outbound, outlet, staged, deliveries: platform.store.channels, reminders: platform.reminders });
  if (jobs) {
    // Due reminders fire here (src/reminders), answering as trigger_intent does: a push channel's
    // or the callback channel's outbox (its rows stored with the turn), or (REST) recorded only.
    const deliver: ReminderDelivery = async (assistant, channel, recipient) => {
      const stage = staged(channel);
      if (stage) {
        // A channel not set up for the assistant: the answer is recorded, and its failure to be delivered logged.
        const answer = await stage(assistant, recipient).catch((error: unknown) => ({ failed: error }));
        if ('failed' in answer) {
          return {
            delivered: async () => {
              throw answer.failed;
            },
          };
        }
        return { outbox: answer.outbox, delivered: async () => answer.announce() };
      }
      // The web chat: to the connected tabs.
      return { delivered: async (messages) => outlet(channel)?.(assistant, recipient, messages) };
    };
    app.addHook('onReady', async () => platform.reminders.start(deliver));
    app.addHook('onClose', async () => platform.reminders.stop());
  }
  await registerAdminApi(app, platform);
  const { scheme, domain, port } = platform.config.publicUrl;
  await registerConsoleSite(app, { hosts: platform.hosts, ...(platform.config.publicUrlConfigured ? { publicHosts: `${scheme}://*.${domain}${port ? `:${port}` : ''}` } : {}) });
  registerWebChatRoutes(app, { config: platform.config, hosts: platform.hosts, resolveAssistant });
  registerMediaRoute(app, new MediaStore(platform.config.media.directory));
  for (const channel of channels) {
    await app.register(
      async (scope) => {
        await channel.register(scope, {
          engine: platform.engine,
          senderLimiter: platform.senderLimiter,
          rateLimits: platform.config.rateLimits,
          rateCounter: platform.rateCounter,
          clientAddress,
          resolveAssistant,
          secret: readSecret,
          hasMessage: (assistant, sender, messageId) => platform.store.conversations.hasMessage(assistant.id, sender, messageId),
          assistantById: (id) => platform.store.assistants.getById(id),
          digest: (purpose, data) => platform.secrets.digest(purpose, data),
          setSecret: async (assistant, name, value) => {
            if (value === undefined) await platform.store.secrets.delete(assistant.id, name);
            else await platform.store.secrets.set(assistant.id, name, platform.secrets.encrypt(value, { assistantId: assistant.id, name }));
          },
          outbox: platform.store.outbox,
          inbound: platform.store.inbound,
          webhookAckMs: platform.config.webhookAckMs,
          records: platform.store.channels,
          lock: platform.lock,
          graphApi: platform.config.graphApi,
          facebookAcceptSha1: platform.config.facebookAcceptSha1,
          facebookRetry: platform.config.facebookRetry,
          channelRetry: platform.config.channelRetry,
          redisUnavailableLog: platform.redisUnavailableLog,
          outbound: platform.outbound,
          telegramApi: platform.config.telegramApi,
          socketIo: platform.config.socketIo,
          onSendGivenUp: (channel) => platform.metrics.sendFailed(channel),
          onDeferred: (channel, count) => platform.metrics.webhookDeferred(channel, count),
          onInboundGivenUp: (channel, count) => platform.metrics.inboundGivenUp(channel, count),
          ...(platform.redisConnection ? { redisConnection: platform.redisConnection } : {}),
          delivery: { delivers: runsJobs(platform.config), pollMs: platform.config.outboxPollMs, claimMs: platform.config.outboxClaimMs },
          events: platform.events,
        });
      },
      { prefix: `/webhooks/${channel.name}` },
    );
  }
  return app;
}
