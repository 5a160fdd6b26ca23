// `npm start`: the platform on http://localhost:5005 — Rasa's API, the channels and (later) the
// console — with the embedded SQLite store and, on first start, the demo assistant and the
// console's first administrator.
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { ensureFirstAdministrator } from './admin-api/users/first-administrator.js';
import { loadDemoAssistantOnFirstStart } from './admin-api/files/load-demo-assistant.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openPlatform } from './platform.js';
import { buildApp } from './server/app.js';

async function main(): Promise<void> {
  // A .env beside the project sets what the environment does not (process.loadEnvFile never overrides).
  if (existsSync('.env')) process.loadEnvFile('.env');
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
  const logger = pino({ level: config.logLevel, base: { service: 'helper-assistant' } });
  const platform = await openPlatform(config, logger);
  if (config.loadDemo) await loadDemoAssistantOnFirstStart(platform);
  const assistant = await platform.defaultAssistant();
  await ensureFirstAdministrator(platform, (text) => process.stderr.write(text));
  const loaded = await platform.registry.get(assistant.id);
  if (!loaded?.model) {
    logger.warn({ assistant: `${assistant.serverName}/${assistant.language}` }, 'the default assistant has no trained model yet: run `npx helper train`');
  }
  const app = await buildApp(platform);
  const address = await app.listen({ host: config.host, port: config.port });
  logger.info({ address, store: platform.store.dialect, lock: config.redisUrl ? 'redis' : 'in-process' }, 'Helper Assistant is listening');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Helper Assistant failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
