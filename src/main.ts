// `npm start`: the platform on http://localhost:5005 — Rasa's API, the channels and (later) the
// console — with the embedded SQLite store and, on first start, the demo assistant and the
// console's first administrator.
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { ensureFirstAdministrator } from './admin-api/users/first-administrator.js';
import { loadDemoAssistantOnFirstStart } from './admin-api/files/load-demo-assistant.js';
import { ConfigError, loadConfig, runsJobs } from './config/config.js';
import { loadDotEnv } from './config/dot-env.js';
import { openPlatform, type Platform } from './platform.js';
import { buildApp } from './server/app.js';
import { startupFailureText } from './server/startup-failure.js';

/** The configuration read, for the message of a failed start. */
let startedWith: ReturnType<typeof loadConfig> | undefined;

/** What a rejection nobody handled is when it comes from ioredis (a command of a library's own, Redis away). */
function isRedisError(reason: unknown): reason is Error {
  if (!(reason instanceof Error)) return false;
  return ['MaxRetriesPerRequestError', 'ReplyError', 'ParserError'].includes(reason.name) || /[\\/]node_modules[\\/]ioredis[\\/]/.test(reason.stack ?? '');
}

/**
 * The last resort for rejections nobody handled. One from Redis (a library's command failing while
 * Redis is away) is logged and the process stays up: Redis coming back is what it waits for, and
 * /health/ready says so meanwhile. Anything else is a programming error: logged, and the process
 * exits 1 as Node would (an orchestrator restarts it).
 */
function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    if (isRedisError(reason)) {
      // Its name and message only: a command's arguments (keys, tokens) stay out of the log.
      logger.error({ err: { type: reason.name, message: reason.message } }, 'a Redis command failed without a handler (Redis away?); the process keeps running');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled promise rejection: exiting');
    process.exit(1);
  });
}

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  startedWith = config;
  const logger = pino({ level: config.logLevel, base: { service: 'helper-assistant' } });
  logUnhandledRejections(logger);
  if (config.role !== 'all' && !config.redisUrl) {
    logger.warn({ role: config.role }, 'HELPER_ROLE is web or worker without REDIS_URL: each process locks conversations and counts rate limits on its own, and notices between processes wait for the store to be polled; set REDIS_URL when several processes run');
  }

  // SIGTERM/SIGINT: stop accepting connections, let the requests and turns in flight finish, close
  // the store and Redis, and exit 0 — or exit 1 once HELPER_SHUTDOWN_TIMEOUT_MS has passed (an
  // orchestrator's own kill comes later, so this is the one that logs why). A second signal exits at once.
  // Installed before anything starts: a stop during start-up (a first start trains the demo for
  // tens of seconds) closes what was opened without waiting for the start-up's work, and exits.
  let platform: Platform | undefined;
  let app: FastifyInstance | undefined;
  /** The start-up step under way that opens something to close (the store, the listener). */
  let opening: Promise<unknown> = Promise.resolve();
  let listening = false;
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting without waiting for the turns in flight');
      process.exit(1);
    }
    closing = true;
    const starting = !listening;
    logger.info(
      { signal, timeoutMs: config.shutdownTimeoutMs },
      starting ? 'shutting down during start-up: closing what was opened' : 'shutting down: no new connections, the turns in flight finish',
    );
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown did not finish within HELPER_SHUTDOWN_TIMEOUT_MS: exiting with work unfinished');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    // A store being opened (migrations) or a listener being bound is let finish, then closed.
    await opening.catch(() => undefined);
    let exitCode = 0;
    for (const [what, close] of [
      ['the HTTP server', () => app?.close()],
      ['the platform', () => platform?.close()],
    ] as const) {
      try {
        await close();
      } catch (error: unknown) {
        exitCode = 1;
        logger.error({ err: error }, `closing ${what} failed`);
      }
    }
    clearTimeout(deadline);
    logger.info({ exitCode }, 'stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
  logger.info({ role: config.role, store: config.databaseUrl ? 'postgres' : 'sqlite' }, 'Helper Assistant is starting');

  try {
    const opened = openPlatform(config, logger);
    opening = opened;
    platform = await opened;
    if (closing) return;
    // Once across processes; a process that runs jobs trains the demo before it listens (so the first
    // message after `npm start` is answered), a web process leaves its training to a worker.
    if (config.loadDemo) await loadDemoAssistantOnFirstStart(platform, { train: runsJobs(config) });
    const assistant = await platform.defaultAssistant();
    await ensureFirstAdministrator(platform, (text) => process.stderr.write(text));
    const loaded = await platform.registry.get(assistant.id);
    if (closing) return;
    if (!loaded?.model) {
      const name = `${assistant.serverName}/${assistant.language}`;
      const training = (await platform.store.trainings.list(assistant.id)).some((entry) => entry.status === 'scheduled' || entry.status === 'running');
      if (training) logger.info({ assistant: name }, 'the default assistant has no trained model yet: its training is queued for a process that runs jobs (HELPER_ROLE all or worker)');
      else logger.warn({ assistant: name }, 'the default assistant has no trained model yet: run `npx helper train`');
    }
    const built = buildApp(platform);
    opening = built;
    app = await built;
    if (closing) return;
    const listened = app.listen({ host: config.host, port: config.port });
    opening = listened;
    const address = await listened;
    if (closing) return;
    listening = true;
    logger.info({ address, store: platform.store.dialect, lock: config.redisUrl ? 'redis' : 'in-process' }, 'Helper Assistant is listening');
  } catch (error: unknown) {
    // A stop during start-up closed what the start-up was using: the shutdown reports and exits.
    if (closing) return;
    throw error;
  }
}

main().catch((error: unknown) => {
  // One line naming the variable to look at; the stack only at HELPER_LOG_LEVEL=debug.
  process.stderr.write(startupFailureText(error, startedWith));
  process.exit(1);
});
