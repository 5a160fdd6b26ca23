// `npm start`: the platform on http://localhost:5005 — Rasa's API, the channels and (later) the
// console — with the embedded SQLite store and, on first start, the demo assistant and the
// console's first administrator.
import { pino } from 'pino';
import { ensureFirstAdministrator } from './admin-api/users/first-administrator.js';
import { loadDemoAssistantOnFirstStart } from './admin-api/files/load-demo-assistant.js';
import { ConfigError, loadConfig, runsJobs } from './config/config.js';
import { loadDotEnv } from './config/dot-env.js';
import { openPlatform } from './platform.js';
import { buildApp } from './server/app.js';
import { startupFailureText } from './server/startup-failure.js';

/** The configuration read, for the message of a failed start. */
let startedWith: ReturnType<typeof loadConfig> | undefined;

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
  const platform = await openPlatform(config, logger);
  // Once across processes; a process that runs jobs trains the demo before it listens (so the first
  // message after `npm start` is answered), a web process leaves its training to a worker.
  if (config.loadDemo) await loadDemoAssistantOnFirstStart(platform, { train: runsJobs(config) });
  const assistant = await platform.defaultAssistant();
  await ensureFirstAdministrator(platform, (text) => process.stderr.write(text));
  const loaded = await platform.registry.get(assistant.id);
  if (!loaded?.model) {
    logger.warn({ assistant: `${assistant.serverName}/${assistant.language}` }, 'the default assistant has no trained model yet: run `npx helper train`');
  }
  const app = await buildApp(platform);
  const address = await app.listen({ host: config.host, port: config.port });
  logger.info({ address, store: platform.store.dialect, lock: config.redisUrl ? 'redis' : 'in-process' }, 'Helper Assistant is listening');

  // SIGTERM/SIGINT: stop accepting connections, let the requests and turns in flight finish, close
  // the store and Redis, and exit 0 — or exit 1 once HELPER_SHUTDOWN_TIMEOUT_MS has passed (an
  // orchestrator's own kill comes later, so this is the one that logs why). A second signal exits at once.
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting without waiting for the turns in flight');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: no new connections, the turns in flight finish');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown did not finish within HELPER_SHUTDOWN_TIMEOUT_MS: exiting with work unfinished');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    let exitCode = 0;
    for (const [what, close] of [
      ['the HTTP server', () => app.close()],
      ['the platform', () => platform.close()],
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
}

main().catch((error: unknown) => {
  // One line naming the variable to look at; the stack only at HELPER_LOG_LEVEL=debug.
  process.stderr.write(startupFailureText(error, startedWith));
  process.exit(1);
});
